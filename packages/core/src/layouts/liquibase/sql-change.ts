import type { Engine } from '../../model/migration.js';
import type { DetachedOperation } from '../../model/operation.js';
import type { Comment, SourceFile, Span } from '../../model/source.js';
import { parseSql } from '../../sql/index.js';
import { MappedText } from './text.js';

/*
 * SQL inside a changelog (`<sql>`, `sqlFile`, formatted-SQL changeSets, rollback text), split the
 * way Liquibase splits it and parsed with the engine's dialect, every span mapped into the file
 * where the SQL is written.
 *
 * Liquibase (StringUtil.processMultiLineSQL) splits at `;` and at a line holding only `GO` or `/`
 * unless splitStatements="false"; with an endDelimiter it splits there instead. The dialect parser
 * splits at `;` itself, so only the other delimiters are cut here, outside quotes and comments.
 */

export interface SqlOptions {
  splitStatements: boolean;
  endDelimiter?: string;
}

export interface ParsedSql {
  operations: DetachedOperation[];
  comments: Comment[];
  problems: Array<{ message: string; span: Span }>;
}

/** Offsets in `text` where a delimiter occurrence starts and ends, outside quotes and comments. */
function delimiterRanges(text: string, matchAt: (i: number, lineStart: boolean) => number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let lineStart = true;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') {
      lineStart = true;
      i++;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      const end = text.indexOf(c, i + 1);
      i = end < 0 ? text.length : end + 1;
      lineStart = false;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      lineStart = false;
      continue;
    }
    // A custom delimiter may itself look like a dollar quote (`$$`): it is checked first.
    const len = matchAt(i, lineStart);
    if (len > 0) {
      out.push([i, i + len]);
      i += len;
      continue;
    }
    if (c === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 64))?.[0];
      if (tag) {
        const end = text.indexOf(tag, i + tag.length);
        i = end < 0 ? text.length : end + tag.length;
        lineStart = false;
        continue;
      }
    }
    if (c !== ' ' && c !== '\t') lineStart = false;
    i++;
  }
  return out;
}

/** A line that holds only `word` (case-insensitive), starting at `i`: its length up to the line end. */
function wholeLine(text: string, i: number, word: RegExp): number {
  const rest = text.slice(i, i + 256);
  const m = word.exec(rest);
  return m ? m[0].length : 0;
}

/** Cuts SQL into the pieces Liquibase would send separately (each may still hold several `;` statements). */
export function sqlChunks(sql: MappedText, opts: SqlOptions): MappedText[] {
  if (!opts.splitStatements) return [sql];
  const text = sql.text;
  let delim = opts.endDelimiter?.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
  if (delim !== undefined) delim = delim.replace(/^\^|\$$/g, '').trim();
  let ranges: Array<[number, number]>;
  if (!delim || delim === ';') {
    ranges = delimiterRanges(text, (i, lineStart) => (lineStart ? wholeLine(text, i, /^(?:go|\/)[ \t]*(?=\r|\n|$)/i) : 0));
  } else if (/^[A-Za-z]+$/.test(delim) || delim === '/') {
    const re = new RegExp(`^${delim === '/' ? '\\/' : delim}[ \\t]*(?=\\r|\\n|$)`, 'i');
    ranges = delimiterRanges(text, (i, lineStart) => (lineStart ? wholeLine(text, i, re) : 0));
  } else {
    const d = delim;
    ranges = delimiterRanges(text, (i) => (text.startsWith(d, i) ? d.length : 0));
  }
  if (!ranges.length) return [sql];
  const out: MappedText[] = [];
  let last = 0;
  for (const [a, b] of ranges) {
    out.push(sql.slice(last, a));
    last = b;
  }
  out.push(sql.slice(last));
  return out.filter((c) => c.text.trim().length > 0);
}

/** Parses SQL taken from `file` (its characters mapped by `sql`), piece by piece. */
export function parseMappedSql(engine: Engine, file: SourceFile, sql: MappedText, opts: SqlOptions): ParsedSql {
  const out: ParsedSql = { operations: [], comments: [], problems: [] };
  for (const chunk of sqlChunks(sql, opts)) {
    const r = parseSql(engine, { file, sql: chunk.text, mapOffset: chunk.mapOffset });
    out.operations.push(...r.operations);
    out.comments.push(...r.comments);
    out.problems.push(...r.problems);
  }
  return out;
}
