/**
 * golang-migrate: `<version>_<title>.up.sql` / `<version>_<title>.down.sql`, no transaction of
 * its own; each file is sent as ONE query. Facts and sources: README.md beside this file.
 */
import type { Direction } from '../../model/migration.js';
import { emptyOutput, layoutDiagnostic, type Layout } from '../layout.js';
import {
  addScriptMigration,
  baseName,
  BATCH_EXPLANATION,
  buildSqlMigration,
  chooseEngine,
  engineFromEnv,
  filesByDir,
  firstLineSpan,
  GROUP,
  normalizeVersion,
  readMigrationFile,
  setEngine,
  type UnwrappedWording,
} from '../sql-frameworks.js';

/** golang-migrate's own file pattern (source/parse.go): version digits, title, direction, extension. */
export const GOLANG_MIGRATE_FILE = /^(\d+)_(.*)\.(up|down)\.sql$/;

const HINT =
  'golang-migrate sends each file to the database as one query and adds no transaction: keep CREATE INDEX CONCURRENTLY as the only statement of its .up.sql file (PostgreSQL runs a multi-statement query as one implicit transaction), or add `x-multi-statement=true` to the database URL so that golang-migrate sends the statements one by one.';

const UNWRAPPED: UnwrappedWording = {
  batched: (count) => `golang-migrate adds no transaction, but it sends the file as one query of ${count} statements: ${BATCH_EXPLANATION}.`,
  plain: 'golang-migrate runs the file without a transaction.',
};

export const golangMigrateLayout: Layout = {
  name: 'golang-migrate',
  async detect(_dir, files) {
    const byDir = filesByDir(files, (f) => GOLANG_MIGRATE_FILE.test(baseName(f)));
    return [...byDir].map(([root, claimed]) => ({ layout: 'golang-migrate', root, files: claimed }));
  },
  async load(set, ctx) {
    const out = emptyOutput();
    const tool = await engineFromEnv(ctx.project, set.root, ['DATABASE_URL', 'MIGRATE_DATABASE_URL']);
    if (!setEngine(ctx.settingsFor(set.files[0] ?? set.root), tool, out, set.files[0] ?? set.root, 'golang-migrate')) return out;
    const seen = new Map<string, string>();
    for (const file of set.files) {
      const m = GOLANG_MIGRATE_FILE.exec(baseName(file));
      if (!m) continue;
      const source = await readMigrationFile(ctx.project, file, out);
      if (!source) continue;
      const direction: Direction = m[3] === 'down' ? 'down' : 'up';
      const version = normalizeVersion(m[1]!)!;
      const key = `${direction}:${BigInt(m[1]!)}`;
      const other = seen.get(key);
      if (other) {
        out.diagnostics.push(
          layoutDiagnostic('layout-error', file, `Duplicate migration version ${m[1]} (${direction}): ${other} has it too; golang-migrate refuses to run ("duplicate migration file").`, firstLineSpan(source)),
        );
      } else seen.set(key, file);
      const engine = chooseEngine(ctx.settingsFor(file), tool).engine;
      const built = buildSqlMigration(
        source,
        engine,
        { id: file, layout: 'golang-migrate', orderKey: [set.root, direction === 'down' ? GROUP.down : GROUP.up, version, m[2]!], direction, transactional: 'no' },
        { sql: source.text },
        { nonTransactional: HINT },
      );
      addScriptMigration(built, engine, 'golang-migrate', UNWRAPPED, out);
    }
    return out;
  },
};
