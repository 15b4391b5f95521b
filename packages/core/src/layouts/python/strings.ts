/**
 * Python string literals decoded with an offset map back into the file, so that SQL found in a
 * string (`op.execute("…")`, `RunSQL("…")`) yields spans in the original Python file.
 *
 * Handles prefixes (r, b, u, f and their combinations), single and triple quotes, escapes
 * (`\n`, `\xhh`, `\uXXXX`, `\N{…}`, octal, line continuation), implicit concatenation of
 * adjacent literals, and f-string replacement fields, which become placeholders.
 */
import type { PyModule, PyNode } from './tree.js';

export interface PyString {
  value: string;
  /** `offsets[i]` is the file offset of `value[i]`; one extra entry maps the end. */
  offsets: number[];
  /** Source text of f-string replacement fields (`{table}`), in order; each became a placeholder. */
  placeholders: string[];
  bytes: boolean;
}

const SIMPLE: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** The placeholder an f-string field becomes: an identifier, so SQL around it still parses. */
export function placeholderName(i: number): string {
  return `__migralint_expr_${i + 1}__`;
}

/** Decodes a `String`, `FormatString` or `ContinuedString` node. */
export function decodeString(m: PyModule, node: PyNode): PyString {
  const out: PyString = { value: '', offsets: [], placeholders: [], bytes: false };
  const parts = node.name === 'ContinuedString' ? childrenOf(node).filter((c) => c.name === 'String' || c.name === 'FormatString') : [node];
  for (const part of parts) decodeLiteral(m, part, out);
  out.offsets.push(parts.length ? parts[parts.length - 1]!.to : node.to);
  return out;
}

function childrenOf(n: PyNode): PyNode[] {
  const out: PyNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function decodeLiteral(m: PyModule, node: PyNode, out: PyString): void {
  const src = m.source.text;
  let i = node.from;
  while (i < node.to && /[rRbBuUfF]/.test(src[i]!)) i++;
  const prefix = src.slice(node.from, i).toLowerCase();
  const raw = prefix.includes('r');
  const fmt = prefix.includes('f');
  if (prefix.includes('b')) out.bytes = true;
  const q = src[i]!;
  const quote = src.startsWith(q.repeat(3), i) ? q.repeat(3) : q;
  const start = i + quote.length;
  const end = Math.max(start, node.to - quote.length);
  const fields = fmt ? childrenOf(node).filter((c) => c.name === 'FormatReplacement') : [];
  let f = 0;
  const push = (s: string, at: number) => {
    for (const ch of s) {
      out.value += ch;
      out.offsets.push(at);
      if (ch.length === 2) out.offsets.push(at);
    }
  };
  i = start;
  while (i < end) {
    const field = fields[f];
    if (field && i === field.from) {
      const name = placeholderName(out.placeholders.length);
      out.placeholders.push(src.slice(field.from, field.to));
      for (let k = 0; k < name.length; k++) {
        out.value += name[k];
        out.offsets.push(field.from + Math.min(k, field.to - field.from - 1));
      }
      i = field.to;
      f++;
      continue;
    }
    const c = src[i]!;
    if (fmt && (c === '{' || c === '}') && src[i + 1] === c) {
      push(c, i);
      i += 2;
      continue;
    }
    if (c === '\r' && src[i + 1] === '\n') {
      // Python reads source lines with universal newlines.
      push('\n', i);
      i += 2;
      continue;
    }
    if (c !== '\\' || raw) {
      if (raw && c === '\\' && i + 1 < end) {
        // A raw string keeps the backslash and the quote after it.
        push(src.slice(i, i + 2), i);
        i += 2;
        continue;
      }
      push(c, i);
      i++;
      continue;
    }
    const e = src[i + 1] ?? '';
    if (e === '\n') {
      i += 2;
      continue;
    }
    if (e === '\r') {
      i += src[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    if (SIMPLE[e] !== undefined) {
      push(SIMPLE[e]!, i);
      i += 2;
      continue;
    }
    const hex = e === 'x' ? 2 : !out.bytes && e === 'u' ? 4 : !out.bytes && e === 'U' ? 8 : 0;
    if (hex && /^[0-9a-fA-F]+$/.test(src.slice(i + 2, i + 2 + hex)) && i + 2 + hex <= end) {
      push(String.fromCodePoint(parseInt(src.slice(i + 2, i + 2 + hex), 16)), i);
      i += 2 + hex;
      continue;
    }
    if (/[0-7]/.test(e)) {
      const oct = /^[0-7]{1,3}/.exec(src.slice(i + 1, Math.min(end, i + 4)))![0];
      push(String.fromCodePoint(parseInt(oct, 8)), i);
      i += 1 + oct.length;
      continue;
    }
    if (e === 'N' && !out.bytes && src[i + 2] === '{') {
      const close = src.indexOf('}', i);
      if (close > 0 && close < end) {
        // A named character: its identity does not matter to SQL; keep one character.
        push('?', i);
        i = close + 1;
        continue;
      }
    }
    // An unknown escape keeps its backslash, as Python does.
    push('\\', i);
    i++;
  }
}

/** Concatenates decoded strings (`"a" + "b"`): offsets stay with their own literal. */
export function concatStrings(a: PyString, b: PyString): PyString {
  return {
    value: a.value + b.value,
    offsets: [...a.offsets.slice(0, a.value.length), ...b.offsets],
    placeholders: [...a.placeholders, ...b.placeholders],
    bytes: a.bytes || b.bytes,
  };
}

/** Maps an offset into a decoded string to an offset in the file. */
export function mapStringOffset(s: PyString, i: number): number {
  return s.offsets[Math.max(0, Math.min(i, s.offsets.length - 1))]!;
}

/** What a `{field}` / `%s` becomes: a literal string's text, or a placeholder for anything else. */
export type FormatArg = { text: string; literal: true } | { text: string; literal: false };

function substitute(s: PyString, re: RegExp, pick: (m: RegExpExecArray) => FormatArg | '%' | '{' | '}' | undefined): PyString | undefined {
  const out: PyString = { value: '', offsets: [], placeholders: [...s.placeholders], bytes: s.bytes };
  let last = 0;
  for (let m = re.exec(s.value); m; m = re.exec(s.value)) {
    for (let i = last; i < m.index; i++) {
      out.value += s.value[i];
      out.offsets.push(s.offsets[i]!);
    }
    const a = pick(m);
    if (a === undefined) return undefined;
    const at = s.offsets[m.index]!;
    let rep: string;
    if (typeof a === 'string') rep = a;
    else if (a.literal) rep = a.text;
    else {
      rep = placeholderName(out.placeholders.length);
      out.placeholders.push(a.text);
    }
    for (let k = 0; k < rep.length; k++) {
      out.value += rep[k];
      out.offsets.push(at + Math.min(k, m[0].length - 1));
    }
    last = m.index + m[0].length;
  }
  for (let i = last; i < s.value.length; i++) {
    out.value += s.value[i];
    out.offsets.push(s.offsets[i]!);
  }
  out.offsets.push(s.offsets[s.value.length]!);
  return out;
}

/** `"…{name}…".format(...)`: literal string arguments are filled in, other fields become placeholders. */
export function formatBraces(s: PyString, positional: Array<FormatArg | undefined>, named: Map<string, FormatArg | undefined>): PyString | undefined {
  let auto = 0;
  return substitute(s, /\{\{|\}\}|\{([^{}]*)\}/g, (m) => {
    if (m[0] === '{{') return '{';
    if (m[0] === '}}') return '}';
    const field = m[1]!;
    const name = field.split(/[!:]/)[0]!.split(/[.[]/)[0]!;
    const plain = !/[!:.[]/.test(field);
    const arg = name === '' ? positional[auto++] : /^\d+$/.test(name) ? positional[Number(name)] : named.get(name);
    if (arg?.literal && plain) return arg;
    return { text: `{${field}}`, literal: false };
  });
}

/** `"…%s…" % args`: literal string arguments are filled in, other conversions become placeholders. */
export function formatPercent(s: PyString, positional: Array<FormatArg | undefined>, named: Map<string, FormatArg | undefined>): PyString | undefined {
  let i = 0;
  return substitute(s, /%%|%(?:\(([A-Za-z_]\w*)\))?[-#0 +]*\d*(?:\.\d+)?([sdifr])/g, (m) => {
    if (m[0] === '%%') return '%';
    const arg = m[1] !== undefined ? named.get(m[1]) : positional[i++];
    if (arg?.literal && m[2] === 's') return arg;
    if (arg?.literal && /^-?\d+(\.\d+)?$/.test(arg.text)) return arg;
    return { text: m[0], literal: false };
  });
}

/**
 * Replaces every match of `re` (a global regex) in a decoded string, keeping the offset map: the
 * characters of a replacement map to the characters of the match they stand for (the last one
 * for any extra characters).
 */
export function replaceInString(s: PyString, re: RegExp, replacement: (match: RegExpExecArray) => string): PyString {
  re.lastIndex = 0;
  let value = '';
  const offsets: number[] = [];
  let last = 0;
  for (let m = re.exec(s.value); m; m = re.exec(s.value)) {
    for (let i = last; i < m.index; i++) {
      value += s.value[i];
      offsets.push(s.offsets[i]!);
    }
    const rep = replacement(m);
    for (let k = 0; k < rep.length; k++) {
      value += rep[k];
      offsets.push(s.offsets[m.index + Math.min(k, m[0].length - 1)]!);
    }
    last = m.index + m[0].length;
  }
  for (let i = last; i < s.value.length; i++) {
    value += s.value[i];
    offsets.push(s.offsets[i]!);
  }
  offsets.push(s.offsets[s.value.length]!);
  return { ...s, value, offsets };
}
