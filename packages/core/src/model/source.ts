/** A position in an original file: 1-based line and column (UTF-16 code units), 0-based offset. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A half-open range [start, end) in an original file. */
export interface Span {
  start: Position;
  end: Position;
}

/**
 * The text of one original file with its line table. Every span in migralint refers to one of
 * these, never to an extracted or rewritten string: adapters map offsets back before they build spans.
 */
export class SourceFile {
  readonly lineStarts: number[];

  constructor(
    /** Path relative to the run's working directory, with forward slashes. */
    readonly path: string,
    readonly text: string,
  ) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.lineStarts[lo]! + 1, offset: o };
  }

  span(start: number, end: number): Span {
    return { start: this.positionAt(start), end: this.positionAt(Math.max(start, end)) };
  }

  /** Offset of the first character of a 1-based line. */
  lineOffset(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))]!;
  }
}

/** A comment in an original file, as the adapter found it (directives are read from these). */
export interface Comment {
  /** The comment's text without its delimiters (`--`, `#`, `//`, `/* *\/`). */
  body: string;
  span: Span;
}
