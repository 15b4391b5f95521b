/**
 * Prisma Migrate: `prisma/migrations/<timestamp>_<name>/migration.sql` beside `migration_lock.toml`
 * (`provider = "postgresql"` …). Prisma adds no transaction of its own. Facts and sources: README.md.
 */
import { parse as parseToml } from 'smol-toml';
import type { Engine, Transactional } from '../../model/migration.js';
import type { Project } from '../../files/project.js';
import { emptyOutput, layoutDiagnostic, type Layout, type LayoutOutput, type MigrationSet } from '../layout.js';
import {
  BATCH_EXPLANATION,
  ancestors,
  baseName,
  buildSqlMigration,
  chooseEngine,
  dirOf,
  engineFromName,
  join,
  readMigrationFile,
  setEngine,
  statementCount,
  statementsOf,
  type ToolEngine,
} from '../sql-frameworks.js';

const LOCK = 'migration_lock.toml';
/** `prisma migrate dev` names folders `<YYYYMMDDHHMMSS>_<name>`. */
const GENERATED_FOLDER = /^\d{14}_/;
/** The first Prisma release that splits migration.sql into statements (prisma-engines#5767). */
const SPLITTING_VERSION = [7, 4] as const;

const HINT =
  'Prisma Migrate has no per-migration transaction switch: keep CREATE INDEX CONCURRENTLY as the only statement of its migration.sql. Prisma 7.4 and later run it outside a transaction; older versions send the whole file as one query, which PostgreSQL runs as one implicit transaction when it holds several statements. DROP INDEX CONCURRENTLY always needs a migration.sql of its own.';

interface PrismaData {
  /** Every file detection claimed: when `set.files` is shorter, the user named single files. */
  all: string[];
}

export const prismaLayout: Layout = {
  name: 'prisma',
  async detect(_dir, files) {
    const roots = new Set<string>();
    for (const f of files) {
      if (baseName(f) === LOCK) roots.add(dirOf(f));
      else if (baseName(f) === 'migration.sql' && GENERATED_FOLDER.test(baseName(dirOf(f)))) roots.add(dirOf(dirOf(f)));
    }
    const sets: MigrationSet[] = [];
    for (const root of roots) {
      const claimed = files.filter((f) => f === join(root, LOCK) || (baseName(f) === 'migration.sql' && dirOf(dirOf(f)) === root));
      sets.push({ layout: 'prisma', root, files: claimed, data: { all: claimed } satisfies PrismaData });
    }
    return sets;
  },
  async load(set, ctx) {
    const out = emptyOutput();
    const lockFile = join(set.root, LOCK);
    const tool = (await lockProvider(ctx.project, lockFile, out)) ?? (await schemaProvider(ctx.project, set.root));
    if (!setEngine(ctx.settingsFor(set.files[0] ?? set.root), tool, out, ctx.project.exists(lockFile) ? lockFile : (set.files[0] ?? set.root), 'Prisma')) return out;
    const version = await prismaVersion(ctx.project, set.root);
    const all = (set.data as PrismaData | undefined)?.all ?? set.files;
    const whole = all.every((f) => set.files.includes(f));
    const folders = new Set(set.files.filter((f) => baseName(f) === 'migration.sql').map(dirOf));
    if (whole) for (const d of ctx.project.subdirectories(set.root)) folders.add(d);
    for (const folder of [...folders].sort()) {
      const file = join(folder, 'migration.sql');
      if (!ctx.project.exists(file)) {
        out.diagnostics.push(layoutDiagnostic('layout-error', file, `Prisma migration folder ${folder} has no migration.sql: prisma migrate deploy stops with P3015 ("Could not find the migration file"). Restore the file or delete the folder.`));
        continue;
      }
      const source = await readMigrationFile(ctx.project, file, out);
      if (!source) continue;
      const engine = chooseEngine(ctx.settingsFor(file), tool).engine;
      const built = buildSqlMigration(source, engine, { id: file, layout: 'prisma', orderKey: [set.root, 0, baseName(folder)], direction: 'up', transactional: 'no' }, { sql: source.text }, { nonTransactional: HINT });
      const { transactional, transaction } = prismaTransaction(engine, built.migration, statementCount(built.migration, built.diagnostics.length), version);
      built.migration.transactional = transactional;
      built.migration.hints!.transaction = transaction;
      if (engine !== 'postgresql') delete built.migration.hints!.nonTransactional;
      out.migrations.push(built.migration);
      out.diagnostics.push(...built.diagnostics);
    }
    return out;
  },
};

function prismaTransaction(engine: Engine, m: import('../../model/migration.js').Migration, count: number, version: number[] | undefined): { transactional: Transactional; transaction: string } {
  if (engine !== 'postgresql') return { transactional: 'no', transaction: 'Prisma Migrate runs migration.sql without a transaction.' };
  if (count <= 1) return { transactional: 'no', transaction: 'Prisma Migrate runs migration.sql without a transaction, and this one holds a single statement.' };
  const splits = version !== undefined && (version[0]! > SPLITTING_VERSION[0] || (version[0] === SPLITTING_VERSION[0] && (version[1] ?? 0) >= SPLITTING_VERSION[1]));
  // The splitter gives up on a script its SQL parser cannot read; DROP INDEX CONCURRENTLY is one (prisma-engines#5847).
  const unsplittable = statementsOf(m).some((s) => /^DROP INDEX CONCURRENTLY\b/.test(s.words));
  if (splits && !unsplittable) return { transactional: 'no', transaction: `Prisma ${version!.join('.')} runs the statements of migration.sql one by one, without a transaction.` };
  const why = splits ? `Prisma cannot split a script with DROP INDEX CONCURRENTLY and sends it as one query of ${count} statements` : `Prisma${version ? ` ${version.join('.')}` : ' (version unknown, so assumed older than 7.4)'} sends migration.sql as one query of ${count} statements`;
  return { transactional: 'yes', transaction: `${why}: ${BATCH_EXPLANATION}.` };
}

/** `provider = "…"` from migration_lock.toml; a malformed lock file is a layout error. */
async function lockProvider(project: Project, file: string, out: LayoutOutput): Promise<ToolEngine | undefined> {
  const text = await project.readText(file);
  if (text === undefined) return undefined;
  try {
    const provider = (parseToml(text) as { provider?: unknown }).provider;
    if (typeof provider !== 'string') {
      out.diagnostics.push(layoutDiagnostic('layout-error', file, `${file} has no provider = "…" line; Prisma cannot tell which database these migrations are for.`));
      return undefined;
    }
    const e = engineFromName(provider);
    return e && { ...e, origin: `${file} (provider = "${provider}")` };
  } catch (err) {
    const e = err as { message?: string; line?: number; column?: number };
    const p = { line: e.line ?? 1, column: e.column ?? 1, offset: 0 };
    out.diagnostics.push(layoutDiagnostic('layout-error', file, `${file} is not valid TOML: ${(e.message ?? String(err)).split('\n')[0]}`, { start: p, end: p }));
    return undefined;
  }
}

/** Without a lock file: the datasource provider of schema.prisma next to the migrations folder. */
async function schemaProvider(project: Project, root: string): Promise<ToolEngine | undefined> {
  const file = join(dirOf(root), 'schema.prisma');
  const text = await project.readText(file);
  const m = text && /datasource\s+\w+\s*\{[^}]*?\bprovider\s*=\s*"([^"]+)"/s.exec(text);
  return m ? { ...engineFromName(m[1]!), origin: `${file} (datasource provider)` } : undefined;
}

/** The Prisma CLI version the nearest package.json asks for (lowest version of its range). */
async function prismaVersion(project: Project, root: string): Promise<number[] | undefined> {
  for (const d of ancestors(root)) {
    const text = await project.readText(join(d, 'package.json'));
    if (text === undefined) continue;
    try {
      const pkg = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
      for (const k of ['devDependencies', 'dependencies']) {
        const range = pkg[k]?.prisma ?? pkg[k]?.['@prisma/client'];
        const m = range && /(\d+)\.(\d+)(?:\.(\d+))?/.exec(range);
        if (m) return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
      }
    } catch {
      // An unreadable package.json says nothing about Prisma.
    }
  }
  return undefined;
}
