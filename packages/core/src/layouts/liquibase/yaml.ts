import { isAlias, isMap, isScalar, isSeq, Parser, parseDocument, type Document, type Node, type Pair, type Scalar } from 'yaml';
import type { SourceFile } from '../../model/source.js';
import type { PNode, RawComment, ReadResult } from './node.js';
import { alignToSource, MappedText } from './text.js';

/*
 * YAML changelogs (and, through the same node shape, JSON ones) as PNodes with offsets. The
 * `yaml` package gives every node its source range; anchors are kept as aliases in its tree and
 * expanded here under a budget, so a "billion laughs" document fails fast with a diagnostic.
 */

/** Nodes a changelog may expand through aliases; real changelogs stay far below this. */
export const MAX_ALIAS_NODES = 10_000;
/** Nodes in any one changelog, aliases included. */
export const MAX_NODES = 500_000;
const MAX_DEPTH = 200;

class Budget extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class Converter {
  nodes = 0;
  aliasNodes = 0;
  /** The outermost alias being expanded: where a budget overrun is reported. */
  aliasAt: number | undefined;

  constructor(
    readonly file: SourceFile,
    readonly doc: Document,
  ) {}

  count(viaAlias: boolean, offset: number): void {
    this.nodes++;
    if (viaAlias) this.aliasNodes++;
    if (this.aliasNodes > MAX_ALIAS_NODES) {
      throw new Budget(`YAML: aliases expand to more than ${MAX_ALIAS_NODES} nodes (a "billion laughs" document?); the changelog is not read`, this.aliasAt ?? offset);
    }
    if (this.nodes > MAX_NODES) throw new Budget(`YAML: more than ${MAX_NODES} nodes; the changelog is not read`, offset);
  }

  scalarText(s: Scalar): MappedText | undefined {
    if (s.value === null || s.value === undefined) return undefined;
    const [start, valueEnd] = s.range ?? [0, 0];
    const src = this.file.text.slice(start, valueEnd);
    if (typeof s.value !== 'string') {
      // Numbers and booleans keep their spelling (`001`, `yes`) as the file has it.
      return s.type === 'PLAIN' || !s.type ? MappedText.verbatim(src, start) : MappedText.at(String(s.value), start);
    }
    if ((s.type === 'PLAIN' || s.type === 'QUOTE_SINGLE' || s.type === 'QUOTE_DOUBLE') && src === s.value) return MappedText.verbatim(src, start);
    if (s.type === 'QUOTE_SINGLE' || s.type === 'QUOTE_DOUBLE') {
      const inner = src.slice(1, -1);
      if (inner === s.value) return MappedText.verbatim(inner, start + 1);
    }
    return alignToSource(s.value, src, start);
  }

  /** Fills `into` from a YAML value: scalars become its value, maps and lists its children. */
  fill(into: PNode, value: unknown, viaAlias: boolean, depth: number): void {
    if (depth > MAX_DEPTH) throw new Budget(`YAML: nested more than ${MAX_DEPTH} levels`, into.start);
    if (isAlias(value)) {
      const target = value.resolve(this.doc);
      if (!target) return;
      const outer = this.aliasAt === undefined;
      if (outer) this.aliasAt = value.range?.[0];
      this.fill(into, target, true, depth + 1);
      if (outer) this.aliasAt = undefined;
      return;
    }
    if (isScalar(value)) {
      const v = this.scalarText(value);
      if (v) into.value = v;
      return;
    }
    if (isMap(value)) {
      this.map(into.children, value.items as Pair[], viaAlias, depth + 1);
      return;
    }
    if (isSeq(value)) {
      for (const item of value.items) {
        const it = isAlias(item) ? item.resolve(this.doc) : item;
        const alias = viaAlias || isAlias(item);
        const outer = isAlias(item) && this.aliasAt === undefined;
        if (outer) this.aliasAt = (item as Node).range?.[0];
        if (isMap(it)) {
          this.map(into.children, it.items as Pair[], alias, depth + 1);
        } else {
          const n = item as Node;
          const [s, , e] = n?.range ?? [into.start, into.start, into.end];
          this.count(alias, s);
          const node: PNode = { name: into.name, file: this.file, start: s, headEnd: s, end: e, children: [], item: true };
          this.fill(node, it, alias, depth + 1);
          into.children.push(node);
        }
        if (outer) this.aliasAt = undefined;
      }
    }
  }

  /** A map's entries; `<<` merge keys are applied last, so that keys written in the map win. */
  map(out: PNode[], pairs: Pair[], viaAlias: boolean, depth: number): void {
    const merges: Pair[] = [];
    for (const pair of pairs) {
      if (this.keyName(pair) === '<<') merges.push(pair);
      else this.pair(out, pair, viaAlias, depth);
    }
    for (const pair of merges) this.pair(out, pair, viaAlias, depth);
  }

  keyName(pair: Pair): string {
    const key = pair.key as Node | null;
    const k = isAlias(key) ? key.resolve(this.doc) : key;
    // With merge keys on, the `yaml` package gives `<<` a symbol value.
    return isScalar(k) ? (typeof k.value === 'symbol' ? (k.value.description ?? '') : String(k.value)) : '';
  }

  pair(out: PNode[], pair: Pair, viaAlias: boolean, depth: number): void {
    const key = pair.key as Node | null;
    const keyAlias = isAlias(key);
    const [ks, ke] = key?.range ?? [0, 0];
    const name = this.keyName(pair);
    if (name === '<<') {
      // A merge key: the aliased map's entries join this map.
      const holder: PNode = { name, file: this.file, start: ks, headEnd: ke, end: ke, children: [] };
      this.fill(holder, pair.value, viaAlias, depth + 1);
      for (const c of holder.children) if (!out.some((o) => o.name === c.name)) out.push(c);
      return;
    }
    this.count(viaAlias, ks);
    const v = pair.value as Node | null;
    const end = v?.range?.[1] ?? ke;
    const node: PNode = { name, file: this.file, start: ks, headEnd: ke, end: Math.max(end, ke), children: [] };
    if (v) this.fill(node, v, viaAlias || keyAlias, depth + 1);
    out.push(node);
  }
}

function collectComments(text: string): RawComment[] {
  const out: RawComment[] = [];
  const visit = (t: unknown): void => {
    if (Array.isArray(t)) return t.forEach(visit);
    if (!t || typeof t !== 'object') return;
    const tok = t as { type?: string; offset?: number; source?: string };
    if (tok.type === 'comment' && typeof tok.offset === 'number' && typeof tok.source === 'string') {
      out.push({ body: tok.source.replace(/^#/, ''), start: tok.offset, end: tok.offset + tok.source.length });
      return;
    }
    for (const v of Object.values(t)) if (v && typeof v === 'object') visit(v);
  };
  try {
    for (const tok of new Parser().parse(text)) visit(tok);
  } catch {
    // Comments are a convenience (directives); a lexer failure is already a parse error.
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Reads a YAML changelog; a malformed or oversized document yields `problem`. */
export function readYaml(file: SourceFile): ReadResult {
  const comments = collectComments(file.text);
  let doc: Document;
  try {
    // merge: Liquibase reads YAML with SnakeYAML, which honours `<<` merge keys.
    doc = parseDocument(file.text, { merge: true, uniqueKeys: false, prettyErrors: false }) as unknown as Document;
  } catch (err) {
    return { comments, problem: { message: `YAML: ${(err as Error).message}`, offset: 0 } };
  }
  const err = doc.errors[0];
  if (err) return { comments, problem: { message: `YAML: ${err.message.split('\n')[0]}`, offset: err.pos[0], end: err.pos[1] } };
  const root: PNode = { name: '', file, start: 0, headEnd: 0, end: file.text.length, children: [] };
  const conv = new Converter(file, doc);
  try {
    // Only `databaseChangeLog` is read: anchors parked under other top-level keys are never expanded.
    if (isMap(doc.contents)) {
      const pairs = (doc.contents.items as Pair[]).filter((p) => conv.keyName(p) === 'databaseChangeLog');
      conv.map(root.children, pairs, false, 0);
    }
  } catch (e) {
    if (e instanceof Budget) return { comments, problem: { message: e.message, offset: e.offset } };
    throw e;
  }
  return { root, comments };
}
