import ts from 'typescript';
import type { Engine } from '../../model/migration.js';

/**
 * A string extracted from JavaScript source (a string literal, a template literal, a
 * concatenation) with, for every character, the offset in the original file it comes from:
 * escapes map to their backslash, constants substituted from elsewhere map to the place that
 * uses them, interpolations that are unknown until run time become placeholder identifiers.
 */
export interface SqlText {
  text: string;
  /** File offset of each character of `text`. */
  map: number[];
  /** File offset just past the string (for an end that falls at `text.length`). */
  end: number;
  /** Ranges of `text` that stand for run-time values, with the JS source they come from. */
  dynamic: Array<{ start: number; end: number; placeholder: string; source: string }>;
}

export const PLACEHOLDER_PREFIX = 'migralint_dynamic_';

export function emptyText(at: number): SqlText {
  return { text: '', map: [], end: at, dynamic: [] };
}

/** A value known statically but written elsewhere (a constant): every character maps to `at`. */
export function literalAt(value: string, at: number, end = at): SqlText {
  return { text: value, map: Array.from({ length: value.length }, () => at), end, dynamic: [] };
}

export function concat(a: SqlText, b: SqlText): SqlText {
  const shift = a.text.length;
  return {
    text: a.text + b.text,
    map: [...a.map, ...b.map],
    end: b.end,
    dynamic: [...a.dynamic, ...b.dynamic.map((d) => ({ ...d, start: d.start + shift, end: d.end + shift }))],
  };
}

/** Maps an offset in the text to an offset in the file (for `parseSql`'s `mapOffset`). */
export function offsetMapper(t: SqlText): (o: number) => number {
  return (o) => (o < t.map.length ? t.map[Math.max(0, o)]! : t.end);
}

const LINE_BREAKS = new Set(['\n', '\r', '\u2028', '\u2029']);

/**
 * Decodes the body of a JS string or template literal (`raw`, starting at file offset `base`)
 * into its value, keeping the offset of each character. Template bodies also normalise CRLF and
 * CR to LF, as the language does for cooked template strings.
 */
function decode(raw: string, base: number, template: boolean, out: SqlText): void {
  for (let i = 0; i < raw.length; ) {
    const c = raw[i]!;
    const at = base + i;
    if (c !== '\\') {
      if (template && c === '\r') {
        out.text += '\n';
        out.map.push(at);
        i += raw[i + 1] === '\n' ? 2 : 1;
        continue;
      }
      out.text += c;
      out.map.push(at);
      i++;
      continue;
    }
    const n = raw[i + 1] ?? '';
    if (LINE_BREAKS.has(n)) {
      // Line continuation: no character.
      i += n === '\r' && raw[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    let value: string;
    let len = 2;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
    if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 2, i + 4))) {
      value = String.fromCharCode(parseInt(raw.slice(i + 2, i + 4), 16));
      len = 4;
    } else if (n === 'u' && raw[i + 2] === '{') {
      const close = raw.indexOf('}', i + 3);
      value = String.fromCodePoint(parseInt(raw.slice(i + 3, close), 16) || 0);
      len = close - i + 1;
    } else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
      value = String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      len = 6;
    } else {
      value = simple[n] ?? n;
    }
    for (const ch of value) {
      for (let k = 0; k < ch.length; k++) {
        out.text += ch[k];
        out.map.push(at);
      }
    }
    i += len;
  }
}

/** The value of a string literal or template part, with offsets. */
export function literalText(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateLiteralLikeNode, sf: ts.SourceFile): SqlText {
  const start = node.getStart(sf);
  const end = node.getEnd();
  const full = sf.text.slice(start, end);
  let open = 1;
  let close = 1;
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node)) close = 2; // `${`
  if (ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) open = 1; // `}`
  const body = full.slice(open, full.length - close);
  // The end of the value is the closing delimiter (where "end of input" errors point).
  const out = emptyText(end - close);
  decode(body, start + open, !ts.isStringLiteral(node), out);
  return out;
}

/**
 * A template literal: static interpolations (`resolve` returns their value) are spliced in,
 * the others become placeholder identifiers numbered by `counter`.
 */
export function templateText(
  node: ts.TemplateExpression,
  sf: ts.SourceFile,
  resolve: (expr: ts.Expression) => string | undefined,
  counter: { n: number },
): SqlText {
  let out = literalText(node.head, sf);
  for (const span of node.templateSpans) {
    const value = resolve(span.expression);
    // `${` starts two characters before the expression (after any trivia).
    const at = sf.text.lastIndexOf('${', span.expression.getStart(sf));
    if (value !== undefined) {
      out = concat(out, literalAt(value, at, at));
    } else {
      const placeholder = `${PLACEHOLDER_PREFIX}${++counter.n}`;
      const part = literalAt(placeholder, at, at);
      part.dynamic.push({ start: 0, end: placeholder.length, placeholder, source: span.expression.getText(sf) });
      out = concat(out, part);
    }
    out = concat(out, literalText(span.literal, sf));
  }
  return out;
}

export function hasPlaceholder(s: string | undefined): boolean {
  return !!s && s.includes(PLACEHOLDER_PREFIX);
}

/** The JS source of the interpolation behind the first placeholder in `s`. */
export function placeholderSource(t: SqlText, s: string): string | undefined {
  return t.dynamic.find((d) => s.includes(d.placeholder))?.source;
}

/** One binding of `knex.raw`: its static JS value as a name, its SQL literal, and its JS source. */
export interface BindingValue {
  name: string | undefined;
  sql: string | undefined;
  source: string;
}

function quoteIdent(name: string, engine: Engine): string {
  const q = engine === 'mysql' ? '`' : '"';
  return name
    .split('.')
    .map((p) => (p === '*' ? p : `${q}${p.split(q).join(q + q)}${q}`))
    .join('.');
}

function replaceRange(t: SqlText, start: number, end: number, value: string, dynamic?: { placeholder: string; source: string }): SqlText {
  const at = t.map[start] ?? t.end;
  const mid: SqlText = literalAt(value, at, at);
  if (dynamic) mid.dynamic.push({ start: 0, end: value.length, ...dynamic });
  const before: SqlText = { text: t.text.slice(0, start), map: t.map.slice(0, start), end: at, dynamic: t.dynamic.filter((d) => d.end <= start) };
  const after: SqlText = {
    text: t.text.slice(end),
    map: t.map.slice(end),
    end: t.end,
    dynamic: t.dynamic.filter((d) => d.start >= end).map((d) => ({ ...d, start: d.start - end, end: d.end - end })),
  };
  return concat(concat(before, mid), after);
}

/**
 * Applies `knex.raw(sql, bindings)` bindings the way Knex does (lib/formatter/rawFormatter.js):
 * with an array, `??` is an identifier, `?` a value and `\?` a literal question mark; with an
 * object, `:name:` is an identifier and `:name` a value. PostgreSQL receives values as `$n`
 * parameters; for MySQL and SQLite a static value is written in, an unknown one becomes NULL.
 */
export function applyBindings(
  t: SqlText,
  bindings: BindingValue[] | Map<string, BindingValue>,
  engine: Engine,
  counter: { n: number },
): SqlText {
  const positional = Array.isArray(bindings);
  const re = positional ? /\\\?|\?\??/g : /\\?(:(\w+):(?=::)|:(\w+):(?!:)|:(\w+))/g;
  const edits: Array<{ start: number; end: number; value: string; dynamic?: { placeholder: string; source: string } }> = [];
  let index = 0;
  let param = 0;
  for (const m of t.text.matchAll(re)) {
    const start = m.index!;
    let end = start + m[0].length;
    let b: BindingValue | undefined;
    let identifier: boolean;
    if (positional) {
      if (m[0] === '\\?') {
        edits.push({ start, end, value: '?' });
        continue;
      }
      b = bindings[index++];
      identifier = m[0] === '??';
    } else {
      if (m[0].startsWith('\\')) continue;
      b = bindings.get(m[2] ?? m[3] ?? m[4]!);
      identifier = m[2] !== undefined || m[3] !== undefined;
      end = start + m[1]!.length;
    }
    if (!b) continue;
    if (identifier) {
      if (b.name !== undefined) edits.push({ start, end, value: quoteIdent(b.name, engine) });
      else {
        const placeholder = `${PLACEHOLDER_PREFIX}${++counter.n}`;
        edits.push({ start, end, value: placeholder, dynamic: { placeholder, source: b.source } });
      }
    } else if (engine === 'postgresql') {
      edits.push({ start, end, value: `$${++param}` });
    } else {
      edits.push({ start, end, value: b.sql ?? 'NULL' });
    }
  }
  let out = t;
  for (const e of edits.reverse()) out = replaceRange(out, e.start, e.end, e.value, e.dynamic);
  return out;
}

/**
 * PostgreSQL: Knex turns every `?` of the SQL it sends into a `$n` parameter, and `\?` into a
 * literal `?` (lib/dialects/postgres/index.js positionBindings, applied to every query by
 * lib/execution/internal/query-executioner.js). Returns the text and whether any `?` was replaced.
 */
export function positionBindings(t: SqlText): { text: SqlText; replaced: boolean } {
  const edits: Array<{ start: number; end: number; value: string }> = [];
  let n = 0;
  for (const m of t.text.matchAll(/(\\*)(\?)/g)) {
    const odd = m[1]!.length % 2 === 1;
    edits.push({ start: m.index!, end: m.index! + m[0].length, value: odd ? '?' : `$${++n}` });
  }
  let out = t;
  for (const e of edits.reverse()) out = replaceRange(out, e.start, e.end, e.value);
  return { text: out, replaced: n > 0 };
}
