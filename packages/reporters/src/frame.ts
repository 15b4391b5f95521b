import { codeFrameColumns } from '@babel/code-frame';
import type pc from 'picocolors';
import type { SourceFile, Span } from '@migralint/core';
import { lastLine, lineText } from './lines.js';

export type Colors = ReturnType<typeof pc.createColors>;

/** Lines shown above the diagnostic; more (up to STATEMENT_ABOVE) to reach the statement's first line. */
const CONTEXT_ABOVE = 2;
const STATEMENT_ABOVE = 6;
const CONTEXT_BELOW = 1;
/** A longer range (a whole CREATE TABLE) shows its first lines and says how many it left out. */
const MAX_MARKED_LINES = 6;

/**
 * Control characters (other than tab) would be interpreted by the terminal: an escape sequence in
 * a migration must not recolour or rewrite the user's screen. U+2028/2029 are replaced too because
 * @babel/code-frame breaks lines at them and SourceFile does not. Each is one UTF-16 unit, as is
 * U+FFFD, so columns stay put.
 */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g, '\uFFFD');
}

/**
 * A code frame of the diagnostic's range, with the lines around it. Only the shown lines are
 * handed to @babel/code-frame (earlier lines become empty ones so that line numbers stay right),
 * so a diagnostic in a long file costs the size of its frame, not of the file.
 */
export function codeFrame(source: SourceFile, span: Span, statementLine: number | undefined, c: Colors, mark: (s: string) => string): string {
  const start = span.start;
  let end = span.end;
  // A range that ends at the start of a line ends, for display, at the end of the line before it.
  if (end.line > start.line && end.column === 1) end = { ...end, line: end.line - 1, column: lineText(source, end.line - 1).length + 1 };

  const elided = end.line - start.line + 1 - MAX_MARKED_LINES;
  if (elided > 0) {
    const line = start.line + MAX_MARKED_LINES - 1;
    end = { ...end, line, column: lineText(source, line).length + 1 };
  }

  const above = statementLine !== undefined && statementLine < start.line ? Math.min(Math.max(CONTEXT_ABOVE, start.line - statementLine), STATEMENT_ABOVE) : CONTEXT_ABOVE;
  const first = Math.max(1, start.line - above);
  const last = elided > 0 ? end.line : Math.max(end.line, Math.min(lastLine(source), end.line + CONTEXT_BELOW));
  const shown: string[] = [];
  for (let l = first; l <= last; l++) shown.push(printable(lineText(source, l)));

  // @babel/code-frame underlines `endColumn` characters on the last line of a multi-line range,
  // one more than the range holds: give it the last column inside the range instead.
  const endColumn = end.line > start.line ? end.column - 1 : end.column;
  const frame = codeFrameColumns(
    '\n'.repeat(first - 1) + shown.join('\n'),
    { start: { line: start.line, column: start.column }, end: { line: end.line, column: endColumn } },
    { linesAbove: start.line - first, linesBelow: last - end.line },
  ).split('\n').map((l) => paint(l, c, mark));
  if (elided > 0) frame.push(` ${c.gray(` ${' '.repeat(String(last).length)} |`)} … ${elided} more line${elided === 1 ? '' : 's'} (to ${span.end.line}:${span.end.column})`);
  return frame.join('\n');
}

/**
 * Colours a line of a plain @babel/code-frame frame: gutter grey, `>` and carets in the severity's
 * colour. Babel's own colouring (forceColor) would also run its JavaScript highlighter over SQL,
 * which misreads comments (`-- don't` opens a string) and paints every upper-case word yellow.
 */
function paint(line: string, c: Colors, mark: (s: string) => string): string {
  const m = /^([> ])( *(\d*) \|)(.*)$/.exec(line);
  if (!m) return line;
  const [, marker, gutter, number, rest] = m as unknown as [string, string, string, string, string];
  const head = (marker === '>' ? c.bold(mark('>')) : ' ') + c.gray(gutter);
  // A line without a number is a marker line: only spacing and carets follow the gutter.
  return head + (number ? rest : rest.replace(/\^+/, (carets) => c.bold(mark(carets))));
}
