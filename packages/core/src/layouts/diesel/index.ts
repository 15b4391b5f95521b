/**
 * diesel (Rust): `migrations/<version>_<name>/up.sql` + `down.sql`, with an optional
 * `metadata.toml` (`run_in_transaction = false`). Facts and sources: README.md beside this file.
 */
import { parse as parseToml } from 'smol-toml';
import type { Direction, Engine } from '../../model/migration.js';
import { emptyOutput, layoutDiagnostic, type Layout, type LayoutOutput } from '../layout.js';
import {
  addScriptMigration,
  baseName,
  BATCH_EXPLANATION,
  buildSqlMigration,
  cargoDependency,
  chooseEngine,
  dirOf,
  engineFromEnv,
  engineFromFeatures,
  GROUP,
  join,
  readMigrationFile,
  setEngine,
  type UnwrappedWording,
} from '../sql-frameworks.js';
import type { Project } from '../../files/project.js';

/** A migration folder: `{version}_{name}`, the version being digits and dashes (a timestamp). */
const FOLDER = /^([\d-]+)_(.*)$/;
const FILES = new Set(['up.sql', 'down.sql', 'metadata.toml']);

const HINT =
  'Add `run_in_transaction = false` to metadata.toml in this migration\'s folder, and keep CREATE INDEX CONCURRENTLY as the only statement of up.sql: diesel then sends up.sql as one query, which PostgreSQL runs as one implicit transaction when it holds several statements.';

const UNWRAPPED: UnwrappedWording = {
  batched: (count) => `diesel opens no transaction (run_in_transaction = false), but it sends the file as one query of ${count} statements: ${BATCH_EXPLANATION}.`,
  plain: 'diesel runs this file without a transaction (run_in_transaction = false in metadata.toml).',
};

export const dieselLayout: Layout = {
  name: 'diesel',
  async detect(_dir, files) {
    const byRoot = new Map<string, string[]>();
    for (const f of files) {
      if (!FILES.has(baseName(f))) continue;
      const folder = dirOf(f);
      if (!FOLDER.test(baseName(folder))) continue;
      const root = dirOf(folder);
      byRoot.set(root, [...(byRoot.get(root) ?? []), f]);
    }
    // A root needs an up.sql somewhere: down.sql files alone are not a diesel project.
    return [...byRoot].filter(([, fs]) => fs.some((f) => f.endsWith('/up.sql') || f === 'up.sql')).map(([root, claimed]) => ({ layout: 'diesel', root, files: claimed, data: { all: claimed } }));
  },
  async load(set, ctx) {
    const out = emptyOutput();
    const tool = (await engineFromEnv(ctx.project, set.root, ['DATABASE_URL'])) ?? engineFromFeatures(await cargoDependency(ctx.project, set.root, 'diesel'), 'diesel');
    if (!setEngine(ctx.settingsFor(set.files[0] ?? set.root), tool, out, set.files[0] ?? set.root, 'diesel')) return out;
    const folders = new Set(set.files.map(dirOf));
    // A whole set (not files the user named one by one) also has folders that hold none of its files.
    const all = (set.data as { all?: string[] } | undefined)?.all ?? set.files;
    if (all.every((f) => set.files.includes(f))) for (const d of ctx.project.subdirectories(set.root)) if (FOLDER.test(baseName(d))) folders.add(d);
    for (const folder of [...folders].sort()) {
      const m = FOLDER.exec(baseName(folder));
      if (!m) continue;
      const up = join(folder, 'up.sql');
      const down = join(folder, 'down.sql');
      const wanted = set.files.filter((f) => dirOf(f) === folder);
      // When the user names one file, only that file is linted; the folder's other files still inform it.
      const named = (p: string) => wanted.includes(p) || (wanted.length === 0 && ctx.project.exists(p));
      if (!ctx.project.exists(up)) {
        out.diagnostics.push(layoutDiagnostic('layout-error', up, `Diesel migration folder ${folder} has no up.sql: diesel refuses to run the migrations until it has one.`));
        continue;
      }
      const meta = await readMetadata(ctx.project, join(folder, 'metadata.toml'), out);
      const engine = chooseEngine(ctx.settingsFor(up), tool).engine;
      for (const [file, direction] of [[up, 'up'], [down, 'down']] as Array<[string, Direction]>) {
        if (!named(file)) continue;
        await loadScript(ctx.project, file, direction, engine, meta.runInTransaction, [set.root, direction === 'down' ? GROUP.down : GROUP.up, m[1]!, m[2]!], out);
      }
    }
    return out;
  },
};

async function readMetadata(project: Project, file: string, out: LayoutOutput): Promise<{ runInTransaction: boolean }> {
  const text = await project.readText(file);
  if (text === undefined) return { runInTransaction: true };
  try {
    const doc = parseToml(text) as Record<string, unknown>;
    const v = doc.run_in_transaction;
    if (v !== undefined && typeof v !== 'boolean') out.diagnostics.push(layoutDiagnostic('layout-error', file, `${file}: run_in_transaction must be true or false, not ${JSON.stringify(v)}; diesel refuses this metadata.`));
    return { runInTransaction: v !== false };
  } catch (err) {
    const e = err as { message?: string; line?: number; column?: number };
    const p = { line: e.line ?? 1, column: e.column ?? 1, offset: 0 };
    out.diagnostics.push(layoutDiagnostic('layout-error', file, `${file} is not valid TOML: ${(e.message ?? String(err)).split('\n')[0]}; diesel refuses to run this migration.`, { start: p, end: p }));
    return { runInTransaction: true };
  }
}

async function loadScript(project: Project, file: string, direction: Direction, engine: Engine, runInTransaction: boolean, orderKey: string[] | Array<string | number>, out: LayoutOutput): Promise<void> {
  if (!project.exists(file)) return;
  const source = await readMigrationFile(project, file, out);
  if (!source) return;
  const built = buildSqlMigration(source, engine, { id: file, layout: 'diesel', orderKey, direction, transactional: 'no' }, { sql: source.text }, { nonTransactional: HINT });
  addScriptMigration(built, engine, 'diesel', runInTransaction ? undefined : UNWRAPPED, out);
}
