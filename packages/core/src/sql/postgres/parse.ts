import { loadModule, parseSync, scanSync } from 'libpg-query';
import type { Comment } from '../../model/source.js';
import type { DetachedOperation } from '../../model/operation.js';
import { spanMapper, type SqlInput, type SqlParseResult, type SqlProblem } from '../types.js';
import { byteToUtf16 } from './offsets.js';
import { translateStatement, type StatementContext } from './translate.js';

let loaded: Promise<void> | undefined;
let ready = false;

/** libpg-query is WebAssembly: it must be loaded once before the synchronous parse calls. */
export async function loadPostgresParser(): Promise<void> {
  loaded ??= loadModule().then(() => {
    ready = true;
  });
  return loaded;
}

export interface Token {
  /** UTF-16 offsets in the parsed string. */
  start: number;
  end: number;
  text: string;
  /** libpg-query's token name: `IDENT`, `SCONST`, `ASCII_59` (`;`), `SQL_COMMENT` … */
  name: string;
  keyword: boolean;
}

interface RawStmt {
  stmt: Record<string, unknown>;
  stmt_location?: number;
  stmt_len?: number;
}

const isComment = (t: Token) => t.name === 'SQL_COMMENT' || t.name === 'C_COMMENT';

function scan(sql: string, toUtf16: (b: number) => number): Token[] | undefined {
  try {
    return scanSync(sql).tokens.map((t) => ({
      start: toUtf16(t.start),
      end: toUtf16(t.end),
      text: t.text,
      name: t.tokenName,
      keyword: t.keywordKind !== 0,
    }));
  } catch {
    return undefined;
  }
}

function commentBody(text: string): string {
  return text.startsWith('--') ? text.slice(2) : text.slice(2, text.endsWith('*/') ? -2 : undefined);
}

/** Splits the token stream at top-level `;`, keeping `BEGIN ATOMIC … END` bodies whole. */
function splitStatements(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  let atomicDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isComment(t)) continue;
    const up = t.text.toUpperCase();
    if (up === 'BEGIN' && tokens[i + 1]?.text.toUpperCase() === 'ATOMIC') atomicDepth++;
    else if (atomicDepth > 0 && (up === 'END' || up === 'CASE')) atomicDepth += up === 'END' ? -1 : 1;
    if (t.text === ';' && atomicDepth === 0) {
      if (cur.length) out.push(cur);
      cur = [];
      continue;
    }
    cur.push(t);
  }
  if (cur.length) out.push(cur);
  return out;
}

export function parsePostgres(input: SqlInput): SqlParseResult {
  if (!ready) throw new Error('loadPostgresParser() must be awaited before parsing PostgreSQL');
  const { sql } = input;
  const toSpan = spanMapper(input);
  const toUtf16 = byteToUtf16(sql);
  const tokens = scan(sql, toUtf16);
  const comments: Comment[] = (tokens ?? []).filter(isComment).map((t) => ({ body: commentBody(t.text), span: toSpan(t.start, t.end) }));
  const operations: DetachedOperation[] = [];
  const problems: SqlProblem[] = [];
  const code = tokens?.filter((t) => !isComment(t));
  if (code && code.length === 0) return { operations, comments, problems };

  const emit = (stmt: Record<string, unknown>, stmtTokens: Token[]) => {
    const ctx: StatementContext = { sql, tokens: stmtTokens, toUtf16, toSpan };
    operations.push(...translateStatement(stmt, ctx));
  };

  try {
    const result = parseSync(sql) as unknown as { stmts?: RawStmt[] };
    const all = code ?? [];
    let k = 0;
    for (const raw of result.stmts ?? []) {
      const from = toUtf16(raw.stmt_location ?? 0);
      const to = raw.stmt_len ? toUtf16((raw.stmt_location ?? 0) + raw.stmt_len) : sql.length;
      while (k < all.length && all[k]!.start < from) k++;
      const first = k;
      while (k < all.length && all[k]!.end <= to) k++;
      emit(raw.stmt, all.slice(first, k));
    }
    return { operations, comments, problems };
  } catch (err) {
    if (!code) {
      problems.push(syntaxProblem(err, sql, 0, toUtf16, toSpan));
      return { operations, comments, problems };
    }
  }

  // The file as a whole does not parse: parse statement by statement so that one bad
  // statement yields one diagnostic and the others are still linted.
  for (const stmtTokens of splitStatements(code!)) {
    const start = stmtTokens[0]!.start;
    const end = stmtTokens[stmtTokens.length - 1]!.end;
    const text = sql.slice(start, end);
    try {
      const result = parseSync(text) as unknown as { stmts?: RawStmt[] };
      const local = byteToUtf16(text);
      for (const raw of result.stmts ?? []) {
        const ctx: StatementContext = { sql, tokens: stmtTokens, toUtf16: (b) => start + local(b), toSpan };
        operations.push(...translateStatement(raw.stmt, ctx));
      }
    } catch (err) {
      problems.push(syntaxProblem(err, text, start, byteToUtf16(text), toSpan));
    }
  }
  return { operations, comments, problems };
}

function syntaxProblem(
  err: unknown,
  text: string,
  base: number,
  toUtf16: (b: number) => number,
  toSpan: (s: number, e: number) => import('../../model/source.js').Span,
): SqlProblem {
  const e = err as { message?: string; sqlDetails?: { cursorPosition?: number } };
  const cursor = e.sqlDetails?.cursorPosition;
  const at = base + (typeof cursor === 'number' && cursor >= 0 ? toUtf16(cursor) : 0);
  // Underline the offending token when there is one.
  const rest = text.slice(at - base);
  const len = Math.max(1, /^[^\s;(),]*/.exec(rest)?.[0].length ?? 1);
  return { message: e.message ?? String(err), span: toSpan(at, Math.min(base + text.length, at + len) || at + 1) };
}
