import type { SourceFile, Span } from '../../model/source.js';
import { MappedText } from './text.js';

/**
 * One changelog node, whatever the format: an XML element or attribute, a YAML or JSON key.
 * Like Liquibase's own ParsedNode, attributes and child elements are both children, and text
 * content or a scalar is the value. Offsets point into the original file.
 */
export interface PNode {
  /** Local name (`createTable`, `tableName`); an XML namespace prefix is kept apart. */
  name: string;
  prefix?: string;
  file: SourceFile;
  /** Where the element (`<`) or key starts. */
  start: number;
  /** End of the start tag, or of the key. */
  headEnd: number;
  /** End of the whole element or value. */
  end: number;
  value?: MappedText;
  children: PNode[];
  /** An XML attribute rather than an element. */
  attribute?: boolean;
  /** A YAML/JSON list item without a key of its own (`validCheckSum: [a, b]`). */
  item?: boolean;
}

/** A comment in a changelog, as offsets (turned into the model's Comment by the layout). */
export interface RawComment {
  body: string;
  start: number;
  end: number;
}

/** A problem found while reading a changelog, at a file offset. */
export interface ReadProblem {
  message: string;
  offset: number;
  end?: number;
}

export interface ReadResult {
  root?: PNode;
  comments: RawComment[];
  problem?: ReadProblem;
}

export function headSpan(n: PNode): Span {
  return n.file.span(n.start, Math.max(n.start + 1, n.headEnd));
}

/** YAML and JSON wrap lists of elements in plural keys that XML does not have. */
const WRAPPERS = new Set(['changes', 'columns', 'whereParams', 'param', 'params']);

/** Child elements (not attributes), with YAML/JSON wrapper keys (`changes:`, `columns:`) opened. */
export function elements(n: PNode): PNode[] {
  const out: PNode[] = [];
  for (const c of n.children) {
    if (c.attribute) continue;
    if (WRAPPERS.has(c.name) && !c.value) out.push(...c.children.filter((x) => !x.attribute));
    else out.push(c);
  }
  return out;
}

export function elementsNamed(n: PNode, name: string): PNode[] {
  return elements(n).filter((c) => c.name === name && !c.prefix);
}

/** The first child of that name: an attribute, a YAML/JSON key, or an element with text. */
export function child(n: PNode, name: string): PNode | undefined {
  return n.children.find((c) => c.name === name && !c.prefix);
}

export function rawValue(n: PNode, name: string): MappedText | undefined {
  return child(n, name)?.value;
}
