import type { Diagnostic } from '../../model/diagnostic.js';
import type { Migration } from '../../model/migration.js';
import type { Operation } from '../../model/operation.js';
import type { SourceFile } from '../../model/source.js';
import { parseSql } from '../../sql/index.js';
import { emptyOutput, layoutDiagnostic, transactionalFrom, type Layout, type LayoutFileSettings } from '../layout.js';

export type MigrationInit = Pick<Migration, 'id' | 'layout' | 'orderKey' | 'direction' | 'transactional'>;

/**
 * Builds a migration from SQL in a file: the whole file, or a section of it starting at `base`
 * (goose and dbmate sections). Every SQL-file layout shares it.
 */
export function sqlMigration(
  source: SourceFile,
  engine: LayoutFileSettings['engine'],
  init: MigrationInit,
  sql = source.text,
  base = 0,
): { migration: Migration; diagnostics: Diagnostic[] } {
  const parsed = parseSql(engine, { file: source, sql, base });
  const migration: Migration = { ...init, source, engine, operations: [], comments: parsed.comments };
  migration.operations = parsed.operations.map((op) => ({ ...op, migration }) as Operation);
  const diagnostics = parsed.problems.map((p) => ({
    ...layoutDiagnostic('syntax-error', source.path, `Syntax error: ${p.message}`, p.span),
    migrationId: migration.id,
    direction: migration.direction,
  }));
  return { migration, diagnostics };
}

/** A plain SQL file as one `up` migration, transactions as configured. */
export function plainSqlMigration(source: SourceFile, settings: LayoutFileSettings) {
  return sqlMigration(source, settings.engine, {
    id: source.path,
    layout: 'sql',
    orderKey: [source.path],
    direction: 'up',
    transactional: transactionalFrom(settings.assumeInTransaction),
  });
}

/** Plain SQL files: the fallback for `.sql` files no framework layout claims; path order. */
export const sqlLayout: Layout = {
  name: 'sql',
  async detect(dir, files) {
    const sql = files.filter((f) => f.endsWith('.sql'));
    return sql.length ? [{ layout: 'sql', root: dir, files: sql }] : [];
  },
  async load(set, ctx) {
    const out = emptyOutput();
    for (const file of set.files) {
      const read = await ctx.project.read(file);
      if (!read.ok) {
        out.diagnostics.push(layoutDiagnostic('unreadable-file', file, `Cannot lint ${file}: ${read.reason}`));
        continue;
      }
      out.sources.push({ source: read.source, bom: read.bom });
      const { migration, diagnostics } = plainSqlMigration(read.source, ctx.settingsFor(file));
      out.migrations.push(migration);
      out.diagnostics.push(...diagnostics);
    }
    return out;
  },
};
