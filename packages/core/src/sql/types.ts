import type { DetachedOperation } from '../model/operation.js';
import type { Comment, SourceFile, Span } from '../model/source.js';

/** SQL to parse: the whole file, or a string extracted from it (Liquibase `<sql>`, `knex.raw`, `op.execute`). */
export interface SqlInput {
  file: SourceFile;
  sql: string;
  /**
   * Maps an offset in `sql` to an offset in `file.text`. Default: `sql` starts at offset `base`
   * (0 when not given) of the file and is copied verbatim.
   */
  mapOffset?: (offset: number) => number;
  base?: number;
}

export interface SqlProblem {
  message: string;
  span: Span;
}

export interface SqlParseResult {
  operations: DetachedOperation[];
  comments: Comment[];
  /** Syntax errors; statements around them are still returned as operations. */
  problems: SqlProblem[];
}

/** Maps offsets of the SQL string (UTF-16) to spans in the original file. */
export function spanMapper(input: SqlInput): (start: number, end: number) => Span {
  const base = input.base ?? 0;
  const map = input.mapOffset ?? ((o: number) => o + base);
  return (start, end) => {
    const s = map(start);
    const e = end > start ? map(end - 1) + 1 : s;
    return input.file.span(s, e);
  };
}
