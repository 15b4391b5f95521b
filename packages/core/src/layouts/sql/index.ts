import type { Diagnostic } from '../../model/diagnostic.js';
import type { Migration } from '../../model/migration.js';
import type { Operation } from '../../model/operation.js';
import type { SourceFile } from '../../model/source.js';
import { parseSql } from '../../sql/index.js';
import { transactionalFrom, type Layout, type LayoutFileSettings, type LayoutOutput } from '../layout.js';

/** Builds a migration from SQL text; the layouts of SQL-file frameworks share it. */
export function sqlMigration(
  source: SourceFile,
  settings: LayoutFileSettings,
  init: Pick<Migration, 'id' | 'layout' | 'orderKey' | 'direction' | 'transactional'>,
  sql = source.text,
  base = 0,
): LayoutOutput {
  const parsed = parseSql(settings.engine, { file: source, sql, base });
  const migration: Migration = { ...init, source, engine: settings.engine, operations: [], comments: parsed.comments };
  migration.operations = parsed.operations.map((op) => ({ ...op, migration }) as Operation);
  const diagnostics: Diagnostic[] = parsed.problems.map((p) => ({
    ruleId: 'syntax-error',
    severity: 'error',
    message: `Syntax error: ${p.message}`,
    file: source.path,
    span: p.span,
    migrationId: migration.id,
    direction: migration.direction,
  }));
  return { migrations: [migration], diagnostics };
}

/** Plain SQL files: one file is one migration, in path order; transactions as configured. */
export const sqlLayout: Layout = {
  name: 'sql',
  patterns: ['**/*.sql'],
  load(source, settings) {
    return sqlMigration(source, settings, {
      id: source.path,
      layout: 'sql',
      orderKey: [source.path],
      direction: 'up',
      transactional: transactionalFrom(settings.assumeInTransaction),
    });
  },
};
