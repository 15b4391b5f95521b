import type { Operation, Span } from '@migralint/core';
import { skipTrivia } from './sql-text.js';

/*
 * A small PostgreSQL lexer over the ORIGINAL file text, for the few rules that must point at
 * one word of a statement (a column's type, an identifier) or see identifiers as written:
 * libpg-query truncates identifiers to 63 bytes before the model sees them.
 */

export interface Token {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'punct';
  /** UTF-16 offsets in the file text. */
  start: number;
  end: number;
  text: string;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/** Tokens of `text` between `from` and `to`, comments skipped. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  let i = skipTrivia(text, from);
  while (i < to) {
    const start = i;
    const c = text[i]!;
    let kind: Token['kind'];
    if (c === '"' || ((c === 'U' || c === 'u') && text[i + 1] === '&' && text[i + 2] === '"')) {
      i = text.indexOf('"', i) + 1;
      while (i > 0 && i < to) {
        if (text[i] === '"' && text[i + 1] === '"') i += 2;
        else if (text[i] === '"') break;
        else i++;
      }
      i = i <= 0 ? to : i + 1;
      kind = 'quoted';
    } else if (c === "'" || ((c === 'E' || c === 'e') && text[i + 1] === "'")) {
      const escapes = c !== "'";
      i += escapes ? 2 : 1;
      while (i < to) {
        if (escapes && text[i] === '\\') i += 2;
        else if (text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === "'") break;
        else i++;
      }
      i++;
      kind = 'string';
    } else if (c === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(text.slice(i, i + 64))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64))![0];
      const close = text.indexOf(tag, i + tag.length);
      i = close < 0 ? to : close + tag.length;
      kind = 'string';
    } else if (WORD_START.test(c)) {
      while (i < to && WORD_PART.test(text[i]!)) i++;
      kind = 'word';
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      while (i < to && /[0-9.eE_]/.test(text[i]!)) i++;
      kind = 'number';
    } else {
      i += c === ':' && text[i + 1] === ':' ? 2 : 1;
      kind = 'punct';
    }
    i = Math.min(i, to);
    out.push({ kind, start, end: i, text: text.slice(start, i) });
    i = skipTrivia(text, i);
  }
  return out;
}

/** An identifier token's name as PostgreSQL sees it before truncation (unquoted words fold to lower case). */
export function identValue(t: Token): string | undefined {
  if (t.kind === 'word') return t.text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  if (t.kind === 'quoted' && t.text.startsWith('"')) return t.text.slice(1, -1).replace(/""/g, '"');
  return undefined;
}

/** Length in UTF-8 bytes, the unit of PostgreSQL's identifier limit. */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** `name` cut to at most `max` UTF-8 bytes on a character boundary, as PostgreSQL's truncate_identifier does. */
export function truncateIdentifier(name: string, max = 63): string {
  if (utf8Length(name) <= max) return name;
  let out = '';
  let bytes = 0;
  for (const ch of name) {
    const n = utf8Length(ch);
    if (bytes + n > max) break;
    out += ch;
    bytes += n;
  }
  return out;
}

const isWord = (t: Token | undefined, w: string) => t?.kind === 'word' && t.text.toLowerCase() === w;

// Words that end a column's type in a column definition or an ALTER COLUMN … TYPE clause.
const TYPE_END = new Set([
  'not', 'null', 'default', 'primary', 'unique', 'references', 'check', 'constraint', 'generated',
  'collate', 'compression', 'storage', 'using', 'deferrable', 'initially',
]);

// Table elements of CREATE TABLE that are not column definitions.
const NOT_A_COLUMN = new Set(['constraint', 'primary', 'unique', 'check', 'foreign', 'exclude', 'like']);

/** The tokens of a type starting at `toks[i]`, through its modifiers, array bounds and multi-word spelling. */
function typeEnd(toks: Token[], i: number): number {
  let j = i;
  let depth = 0;
  for (; j < toks.length; j++) {
    const t = toks[j]!;
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) depth++;
    else if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) {
      if (depth === 0) break;
      depth--;
    } else if (depth > 0) continue;
    else if (t.kind === 'word' && TYPE_END.has(t.text.toLowerCase())) break;
    else if (t.kind === 'punct' && t.text !== '.') break;
    else if (t.kind === 'string') break;
  }
  return j - 1;
}

/** Index of the identifier token naming `name` (as the parser gave it, possibly truncated). */
function findIdent(toks: Token[], from: number, name: string): number {
  for (let i = from; i < toks.length; i++) {
    const v = identValue(toks[i]!);
    if (v !== undefined && truncateIdentifier(v) === name) return i;
  }
  return -1;
}

function columnTypeTokens(toks: Token[], op: Operation, column: string): [number, number] | undefined {
  if (op.kind === 'createTable') {
    const open = toks.findIndex((t) => t.kind === 'punct' && t.text === '(');
    if (open < 0) return undefined;
    let depth = 0;
    let elementStart = true;
    for (let i = open + 1; i < toks.length; i++) {
      const t = toks[i]!;
      if (depth === 0 && elementStart) {
        elementStart = false;
        const v = identValue(t);
        if (v !== undefined && !(t.kind === 'word' && NOT_A_COLUMN.has(v)) && truncateIdentifier(v) === column) {
          return i + 1 < toks.length ? [i + 1, typeEnd(toks, i + 1)] : undefined;
        }
      }
      if (t.kind !== 'punct') continue;
      if (t.text === '(' || t.text === '[') depth++;
      else if (t.text === ')' || t.text === ']') {
        if (depth === 0) return undefined;
        depth--;
      } else if (t.text === ',' && depth === 0) elementStart = true;
    }
    return undefined;
  }
  if (op.kind === 'addColumn') {
    let i = isWord(toks[0], 'add') ? 1 : 0;
    if (isWord(toks[i], 'column')) i++;
    if (isWord(toks[i], 'if') && isWord(toks[i + 1], 'not') && isWord(toks[i + 2], 'exists')) i += 3;
    const at = findIdent(toks, i, column);
    return at >= 0 && at + 1 < toks.length ? [at + 1, typeEnd(toks, at + 1)] : undefined;
  }
  if (op.kind === 'alterColumnType') {
    let i = isWord(toks[0], 'alter') ? 1 : 0;
    if (isWord(toks[i], 'column')) i++;
    // The column itself may be called `type`: look for the key word after its name.
    const at = toks.findIndex((t, k) => k > i && isWord(t, 'type'));
    return at >= 0 && at + 1 < toks.length ? [at + 1, typeEnd(toks, at + 1)] : undefined;
  }
  return undefined;
}

/**
 * Where a column's type is written, for createTable, addColumn and alterColumnType operations
 * that came from SQL; the operation's own span otherwise (Liquibase, Knex builders …).
 */
export function columnTypeSpan(op: Operation, column: string): Span {
  const range = op.kind === 'createTable' ? op.sql?.statementSpan : op.sql ? op.span : undefined;
  if (!range) return op.span;
  const source = op.migration.source;
  const toks = tokenize(source.text, range.start.offset, range.end.offset);
  const found = columnTypeTokens(toks, op, column);
  if (!found || found[1] < found[0]) return op.span;
  return source.span(toks[found[0]]!.start, toks[found[1]]!.end);
}
