import type { SourceFile } from '@migralint/core';

/** The text of a 1-based line without its line break. */
export function lineText(source: SourceFile, line: number): string {
  const start = source.lineOffset(line);
  return source.text.slice(start, source.lineStarts[line] ?? source.text.length).replace(/(?:\r\n|\r|\n)$/, '');
}

/** Number of the last line with content: the empty "line" after a final line break is not shown. */
export function lastLine(source: SourceFile): number {
  const n = source.lineStarts.length;
  return n > 1 && source.lineStarts[n - 1] === source.text.length ? n - 1 : n;
}
