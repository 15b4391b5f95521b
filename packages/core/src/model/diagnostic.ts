import type { Direction } from './migration.js';
import type { Span } from './source.js';

export type Severity = 'error' | 'warning' | 'info';

/** A replacement of the original text in [start, end) (UTF-16 offsets into the original file). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  /** `safe` fixes keep behaviour; `unsafe` ones change how the migration runs (e.g. need no transaction). */
  kind: 'safe' | 'unsafe';
  edits: TextEdit[];
}

export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  /** What to do instead: the expand/contract step. */
  help?: string;
  /** Path of the original file, relative to the working directory. */
  file: string;
  span: Span;
  /** Start line of the whole statement, for disable-next-line directives on multi-line statements. */
  statementLine?: number;
  migrationId?: string;
  direction?: Direction;
  fix?: Fix;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.span.start.offset - b.span.start.offset ||
    a.span.end.offset - b.span.end.offset ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
