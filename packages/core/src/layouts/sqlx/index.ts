/**
 * sqlx (Rust): `<version>_<description>.sql` (simple) or `.up.sql` / `.down.sql` (reversible) in a
 * crate that depends on sqlx; `-- no-transaction` as the file's first bytes. Facts: README.md.
 */
import type { Direction } from '../../model/migration.js';
import { emptyOutput, layoutDiagnostic, type Layout } from '../layout.js';
import {
  addScriptMigration,
  baseName,
  BATCH_EXPLANATION,
  buildSqlMigration,
  cargoDependency,
  chooseEngine,
  engineFromEnv,
  engineFromFeatures,
  filesByDir,
  firstLineSpan,
  GROUP,
  normalizeVersion,
  readMigrationFile,
  setEngine,
  type UnwrappedWording,
} from '../sql-frameworks.js';

/** sqlx-core/src/migrate/source.rs: the version is what precedes the first `_`, parsed as i64. */
const FILE = /^(\d+)_(.+?)(\.up|\.down)?\.sql$/;
const OTHER_TOOL = /^--\s*(\+goose\s+up|migrate:up)\b/im;

const HINT =
  'Start the file with `-- no-transaction` (its very first bytes: sqlx checks `sql.starts_with("-- no-transaction")`) and keep CREATE INDEX CONCURRENTLY as its only statement: sqlx then sends the file as one query, which PostgreSQL runs as one implicit transaction when it holds several statements.';

const UNWRAPPED: UnwrappedWording = {
  batched: (count) => `sqlx opens no transaction (-- no-transaction), but it sends the file as one query of ${count} statements: ${BATCH_EXPLANATION}.`,
  plain: 'sqlx runs this file without a transaction (-- no-transaction).',
};

export const sqlxLayout: Layout = {
  name: 'sqlx',
  async detect(_dir, files, project) {
    const byDir = filesByDir(files, (f) => FILE.test(baseName(f)));
    const sets = [];
    for (const [root, candidates] of byDir) {
      if (!(await cargoDependency(project, root, 'sqlx'))) continue;
      let foreign = false;
      for (const f of candidates) {
        const read = await project.read(f);
        if (read.ok && OTHER_TOOL.test(read.source.text)) foreign = true;
      }
      if (!foreign) sets.push({ layout: 'sqlx', root, files: candidates });
    }
    return sets;
  },
  async load(set, ctx) {
    const out = emptyOutput();
    const tool = (await engineFromEnv(ctx.project, set.root, ['DATABASE_URL'])) ?? engineFromFeatures(await cargoDependency(ctx.project, set.root, 'sqlx'), 'sqlx');
    if (!setEngine(ctx.settingsFor(set.files[0] ?? set.root), tool, out, set.files[0] ?? set.root, 'sqlx')) return out;
    const seen = new Map<string, string>();
    for (const file of set.files) {
      const m = FILE.exec(baseName(file));
      if (!m) continue;
      const read = await ctx.project.read(file);
      const source = await readMigrationFile(ctx.project, file, out);
      if (!source || !read.ok) continue;
      const direction: Direction = m[3] === '.down' ? 'down' : 'up';
      const version = normalizeVersion(m[1]!)!;
      const key = `${direction}:${version}`;
      const other = seen.get(key);
      if (other) out.diagnostics.push(layoutDiagnostic('layout-error', file, `Duplicate sqlx version ${m[1]}: ${other} has it too; sqlx records migrations by version, so only one of them can ever be applied.`, firstLineSpan(source)));
      else seen.set(key, file);
      // A byte-order mark comes before the directive: sqlx then does not see it.
      const noTx = !read.bom && source.text.startsWith('-- no-transaction');
      const engine = chooseEngine(ctx.settingsFor(file), tool).engine;
      const built = buildSqlMigration(
        source,
        engine,
        { id: file, layout: 'sqlx', orderKey: [set.root, direction === 'down' ? GROUP.down : GROUP.up, version], direction, transactional: 'no' },
        { sql: source.text },
        { nonTransactional: HINT },
      );
      addScriptMigration(built, engine, 'sqlx', noTx ? UNWRAPPED : undefined, out);
    }
    return out;
  },
};
