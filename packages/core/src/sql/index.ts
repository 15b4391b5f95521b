import type { Engine } from '../model/migration.js';
import { parseMysqlFamily } from './mysql/parse.js';
import { loadPostgresParser, parsePostgres } from './postgres/parse.js';
import type { SqlInput, SqlParseResult } from './types.js';

export type { SqlInput, SqlParseResult, SqlProblem } from './types.js';
export { loadPostgresParser };

/** Loads what the dialect parsers need (libpg-query's WebAssembly); call once before `parseSql`. */
export async function loadParsers(): Promise<void> {
  await loadPostgresParser();
}

export function parseSql(engine: Engine, input: SqlInput): SqlParseResult {
  switch (engine) {
    case 'postgresql':
      return parsePostgres(input);
    case 'mysql':
      return parseMysqlFamily(input, 'mysql');
    case 'sqlite':
      return parseMysqlFamily(input, 'sqlite');
  }
}
