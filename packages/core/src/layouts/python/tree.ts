/**
 * Python source as a @lezer/python syntax tree: node helpers, comments (for directives) and
 * syntax errors. Nothing here runs Python; it only reads the file.
 */
import { parser } from '@lezer/python';
import type { Comment, SourceFile, Span } from '../../model/source.js';

type Tree = ReturnType<typeof parser.parse>;
export type PyNode = Tree['topNode'];

export interface PySyntaxError {
  message: string;
  span: Span;
}

export interface PyModule {
  source: SourceFile;
  top: PyNode;
  /** `#` comments, body without the `#`, in file order. */
  comments: Comment[];
  /** Python syntax errors; the tree still exists (lezer recovers), but Python would not run the file. */
  errors: PySyntaxError[];
}

/** Punctuation and keyword tokens that carry no meaning for the interpreter. */
const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '=', '*', '**', '->', '@']);

export function parsePython(source: SourceFile): PyModule {
  const tree = parser.parse(source.text);
  const comments: Comment[] = [];
  const errors: PySyntaxError[] = [];
  const problems: Array<{ at: number; error: PySyntaxError }> = [];
  tree.iterate({
    enter(n) {
      if (n.name === 'Comment') {
        comments.push({ body: source.text.slice(n.from + 1, n.to), span: source.span(n.from, n.to) });
      } else if (n.type.isError) {
        problems.push({ at: n.from, error: syntaxError(source, n.from, n.to) });
      } else if (n.name === 'String' && !terminated(source.text.slice(n.from, n.to))) {
        problems.push({ at: n.from, error: { message: 'Python syntax error: unterminated string literal', span: source.span(n.from, n.from + 1) } });
      }
    },
  });
  const indent = indentationError(source, tree.topNode);
  if (indent) problems.push(indent);
  // Python reports the first error only.
  problems.sort((a, b) => a.at - b.at);
  if (problems[0]) errors.push(problems[0].error);
  return { source, top: tree.topNode, comments, errors };
}

/** Whether a string literal's text ends with the quote it starts with (lezer accepts unterminated ones). */
function terminated(lit: string): boolean {
  const body = lit.replace(/^[rRbBuUfF]+/, '');
  const q = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body.slice(0, 1);
  if (body.length < 2 * q.length || !body.endsWith(q)) return false;
  // An escaped closing quote does not close (a raw string cannot end in an odd number of backslashes either).
  const inner = body.slice(q.length, body.length - q.length);
  return (/\\+$/.exec(inner)?.[0].length ?? 0) % 2 === 0;
}

/**
 * Statements of one block must start in the same column, and top-level statements in the first
 * (Python's IndentationError); lezer accepts a mismatched dedent.
 */
function indentationError(source: SourceFile, top: PyNode): { at: number; error: PySyntaxError } | undefined {
  let found: { at: number; error: PySyntaxError } | undefined;
  const check = (block: PyNode, isTop: boolean) => {
    let column: number | undefined;
    let inner: number | undefined;
    for (const st of children(block)) {
      if (st.type.isError || st.name === ':') continue;
      const pos = source.positionAt(st.from);
      // A statement on the same line as its `def …:` (a one-line body) sets no column.
      const lineStart = source.lineOffset(pos.line);
      if (source.text.slice(lineStart, st.from).trim() !== '') continue;
      column ??= isTop ? 1 : pos.column;
      if (pos.column !== column && (!found || st.from < found.at)) {
        const dedent = pos.column < column || (inner !== undefined && pos.column < inner);
        const message = dedent ? 'Python syntax error: unindent does not match any outer indentation level' : 'Python syntax error: unexpected indent';
        found = { at: st.from, error: { message, span: source.span(st.from, st.from + 1) } };
      }
      inner = undefined;
      for (let c = st.firstChild; c; c = c.nextSibling) {
        const first = c.name === 'Body' ? children(c).find((x) => x.name !== ':' && !x.type.isError) : undefined;
        if (first) inner = source.positionAt(first.from).column;
      }
      for (let c = st.firstChild; c; c = c.nextSibling) if (c.name === 'Body') check(c, false);
      // Bodies nested one level further (if/elif/else, try/except, decorated definitions).
      for (let c = st.firstChild; c; c = c.nextSibling) {
        if (c.name === 'FunctionDefinition' || c.name === 'ClassDefinition') for (let d = c.firstChild; d; d = d.nextSibling) if (d.name === 'Body') check(d, false);
      }
    }
  };
  check(top, true);
  return found;
}

// Python reports the first error only; so do we, phrased like a reader would see it.
function syntaxError(source: SourceFile, from: number, to: number): PySyntaxError {
  const text = source.text.slice(from, to).trim();
  const lineEnd = source.text.indexOf('\n', from);
  const near = text || source.text.slice(from, lineEnd < 0 ? undefined : lineEnd).trim().slice(0, 20);
  const what = near ? `unexpected '${near.length > 30 ? `${near.slice(0, 30)}…` : near}'` : 'unexpected end of file';
  const unclosed = unclosedBracketBefore(source.text, from);
  const message = unclosed
    ? `Python syntax error: '${unclosed.char}' opened on line ${source.positionAt(unclosed.offset).line} was never closed (${what})`
    : `Python syntax error: ${what}`;
  const at = unclosed ? unclosed.offset : from;
  return { message, span: source.span(at, unclosed ? at + 1 : Math.max(to, from + 1)) };
}

/** The innermost bracket still open at `offset`, ignoring strings and comments (a rough scan). */
function unclosedBracketBefore(text: string, offset: number): { char: string; offset: number } | undefined {
  const stack: Array<{ char: string; offset: number }> = [];
  let i = 0;
  while (i < offset) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      i += q.length;
      while (i < text.length && !text.startsWith(q, i)) {
        if (text[i] === '\\') i++;
        else if (!triple && text[i] === '\n') break;
        i++;
      }
      i += q.length;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') stack.push({ char: c, offset: i });
    else if (c === ')' || c === ']' || c === '}') stack.pop();
    i++;
  }
  return stack[stack.length - 1];
}

export function text(m: PyModule, n: PyNode): string {
  return m.source.text.slice(n.from, n.to);
}

export function spanOf(m: PyModule, n: PyNode): Span {
  return m.source.span(n.from, n.to);
}

/**
 * The first line of a node (a call spread over many lines): findings point at the line the
 * call starts on, and code frames stay one line long.
 */
export function headSpan(m: PyModule, n: PyNode): Span {
  const text = m.source.text;
  let end = n.from;
  while (end < n.to && text[end] !== '\n' && text[end] !== '\r') end++;
  return m.source.span(n.from, end);
}

/** Children that mean something (no punctuation, no comments). */
export function children(n: PyNode): PyNode[] {
  const out: PyNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) {
    if (c.name === 'Comment' || PUNCT.has(c.name)) continue;
    out.push(c);
  }
  return out;
}

/** Every child, punctuation included (comments excluded). */
export function allChildren(n: PyNode): PyNode[] {
  const out: PyNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/** The statements of a `Body` (or of the module). */
export function statements(body: PyNode): PyNode[] {
  return children(body).filter((c) => c.name !== ':' && !c.type.isError);
}
