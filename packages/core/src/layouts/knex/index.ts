/**
 * Knex migrations (JavaScript and TypeScript), read statically into the common model: the
 * knexfile for the directory, client and transaction settings, each migration's `up`/`down`
 * interpreted the way Knex compiles its builder calls. Nothing is ever run. Facts and sources:
 * README.md beside this file.
 */
import { basename, dirname, extname, relative } from 'node:path';
import type { Project } from '../../files/project.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Engine, Migration, MigrationHints, Transactional } from '../../model/migration.js';
import type { Operation } from '../../model/operation.js';
import type { SourceFile, Span } from '../../model/source.js';
import { emptyOutput, layoutDiagnostic, type Layout, type LayoutOutput, type LoadContext, type MigrationSet } from '../layout.js';
import { MigrationInterpreter } from './interpret.js';
import { defaultConfig, knexfileCandidates, KNEXFILE_NAMES, readKnexfile, type KnexConfig } from './knexfile.js';
import { findExports, parseModule } from './module.js';
import { prop } from './values.js';

export const LAYOUT = 'knex';

/** Extensions migralint can read; Knex also loads CoffeeScript & co, which are reported as not checked. */
const READABLE = new Set(['.js', '.cjs', '.mjs', '.ts', '.mts', '.cts']);
const SCRIPT = /\.(js|cjs|mjs|ts|mts|cts)$/;
/** A Knex migration without a knexfile: an `up` export and Knex usage. */
const EXPORTS_UP = /\b(exports\.up\b|export\s+(async\s+)?function\s+up\b|export\s+const\s+up\b|module\.exports\s*=)/;
const USES_KNEX = /\bKnex\b|from\s+['"]knex['"]|require\(\s*['"]knex['"]\s*\)|\.schema\s*\.\s*(createTable|alterTable|table|dropTable|raw)\b|\bknex\s*\.\s*(raw|schema)\b/;
const ORDER_UP = 0;
const ORDER_DOWN = 2;

export interface KnexSetData {
  config: KnexConfig;
  /** Every migration of the set in Knex's order (cwd-relative paths). */
  order: string[];
  /** Configured directories that do not exist. */
  missing: string[];
}

const configCache = new WeakMap<Project, Map<string, Promise<KnexConfig>>>();

function knexfileConfig(project: Project, file: string): Promise<KnexConfig> {
  let m = configCache.get(project);
  if (!m) configCache.set(project, (m = new Map()));
  let c = m.get(file);
  if (!c) m.set(file, (c = readKnexfile(project, file)));
  return c;
}

/**
 * The migrations of a config in Knex's order (fs-migrations.js): the files directly in each
 * directory whose extension is in loadExtensions, sorted by file name (code-unit order, lodash
 * sortBy) across all directories, or directory by directory with sortDirsSeparately.
 */
async function migrationsOf(project: Project, config: KnexConfig, missing: string[] = []): Promise<string[]> {
  const entries: Array<{ path: string; name: string; dir: number }> = [];
  for (const [i, dir] of config.directories.entries()) {
    if (!project.isDirectory(dir)) {
      missing.push(dir);
      continue;
    }
    for (const path of await project.list(dir, ['*'])) {
      if (config.loadExtensions.includes(extname(path))) entries.push({ path, name: basename(path), dir: i });
    }
  }
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  entries.sort((a, b) => (config.sortDirsSeparately ? a.dir - b.dir : 0) || byName(a, b) || a.dir - b.dir);
  return entries.map((e) => e.path);
}

function set(root: string, files: string[], data: KnexSetData): MigrationSet {
  return { layout: LAYOUT, root, files, data };
}

/** The nearest knexfile at or above `dir` (Knex looks it up from the working directory upwards). */
function findKnexfileAbove(project: Project, dir: string): string | undefined {
  let d = dir;
  for (let level = 0; level < 6; level++) {
    const found = knexfileCandidates(d).find((f) => project.exists(f));
    if (found) return found;
    const parent = dirname(d === '.' ? project.abs('.') : project.abs(d));
    if (parent === project.abs(d)) return undefined;
    d = project.rel(parent);
  }
  return undefined;
}

export const knexLayout: Layout = {
  name: LAYOUT,
  async detect(dir, files, project) {
    const sets: MigrationSet[] = [];
    const claimed = new Set<string>();
    const offered = new Set(files);
    // 1. knexfiles among the files: one per directory, in Knex's lookup order.
    const knexfiles = new Map<string, string>();
    for (const f of files) {
      const i = KNEXFILE_NAMES.indexOf(basename(f));
      if (i < 0) continue;
      const d = dirname(f);
      const prev = knexfiles.get(d);
      if (!prev || KNEXFILE_NAMES.indexOf(basename(prev)) > i) knexfiles.set(d, f);
    }
    for (const [d, kf] of knexfiles) {
      const config = await knexfileConfig(project, kf);
      const missing: string[] = [];
      const order = await migrationsOf(project, config, missing);
      sets.push(set(d, [kf, ...order], { config, order, missing }));
      [kf, ...order].forEach((f) => claimed.add(f));
    }
    const remaining = files.filter((f) => !claimed.has(f) && SCRIPT.test(f));
    if (!remaining.length) return sets;
    // 2. Migrations named below a knexfile's directory (`migralint db/migrations`).
    const above = knexfiles.size ? undefined : findKnexfileAbove(project, dir);
    let aboveRoot: string | undefined;
    if (above) {
      const config = await knexfileConfig(project, above);
      const order = await migrationsOf(project, config);
      const mine = order.filter((f) => offered.has(f) && !claimed.has(f));
      if (mine.length) {
        aboveRoot = dirname(above);
        sets.push(set(aboveRoot, mine, { config, order, missing: [] }));
        mine.forEach((f) => claimed.add(f));
      }
    }
    // 3. No knexfile: JS/TS files in a `migrations`-like directory that export `up` and use Knex.
    // Below a knexfile, its configuration says what Knex runs: other files are not migrations.
    const roots = [...knexfiles.keys(), ...(aboveRoot !== undefined ? [aboveRoot] : [])];
    const governed = (f: string) => roots.some((r) => !relative(r, f).startsWith('..'));
    const byDir = new Map<string, string[]>();
    for (const f of remaining) {
      if (claimed.has(f) || governed(f) || !/migrat/i.test(basename(dirname(f)))) continue;
      const text = await project.readText(f);
      if (!text || !EXPORTS_UP.test(text) || !USES_KNEX.test(text)) continue;
      byDir.set(dirname(f), [...(byDir.get(dirname(f)) ?? []), f]);
    }
    for (const [d, found] of byDir) {
      const config = defaultConfig(d, project);
      config.directories = [d];
      const order = (await migrationsOf(project, config)).filter((f) => SCRIPT.test(f));
      sets.push(set(d, found, { config, order, missing: [] }));
    }
    return sets;
  },

  async load(set, ctx) {
    const out = emptyOutput();
    const { config, order, missing } = set.data as KnexSetData;
    const kf = config.file;
    const withKnexfile = kf !== undefined && set.files.includes(kf);
    if (withKnexfile) knexfileDiagnostics(config, missing, out);
    for (const file of set.files) {
      if (file === kf) continue;
      const settings = ctx.settingsFor(file);
      let engine: Engine = settings.engine;
      if (!settings.engineExplicit) {
        if (config.unsupportedClient) {
          if (withKnexfile && file === set.files.find((f) => f !== kf)) out.diagnostics.push(unsupported(config));
          else if (!withKnexfile) out.diagnostics.push(unsupported(config, file));
          continue;
        }
        engine = config.engine ?? settings.engine;
      }
      try {
        await loadFile(file, engine, config, set.root, order, ctx, out);
      } catch (err) {
        // A bug in the interpreter must not hide the other migrations of the set.
        const p = { line: 1, column: 1, offset: 0 };
        out.diagnostics.push({
          ruleId: 'internal-error',
          severity: 'error',
          message: `Reading the Knex migration ${file} failed: ${(err as Error).message}`,
          file,
          span: { start: p, end: p },
        });
      }
    }
    return out;
  },
};

function knexfileDiagnostics(config: KnexConfig, missing: string[], out: LayoutOutput): void {
  const kf = config.file!;
  if (config.source) out.sources.push({ source: config.source, bom: false });
  for (const p of config.problems) out.diagnostics.push(layoutDiagnostic(p.ruleId, kf, p.message, p.span));
  for (const d of missing) {
    out.diagnostics.push(
      layoutDiagnostic('layout-error', kf, `The migrations directory ${d} does not exist: \`knex migrate:latest\` would fail (ENOENT).`, config.source ? firstLine(config.source) : undefined),
    );
  }
}

function unsupported(config: KnexConfig, file = config.file!): Diagnostic {
  return layoutDiagnostic(
    'layout-error',
    file,
    `Knex client '${config.unsupportedClient}' has no SQL dialect in migralint (it reads PostgreSQL, MySQL and SQLite): these migrations are not linted. Set \`engine\` in the migralint config to lint them as one of those.`,
    file === config.file ? config.clientSpan : undefined,
  );
}

function firstLine(source: SourceFile): Span {
  const nl = source.text.search(/\r?\n/);
  return source.span(0, nl < 0 ? source.text.length : nl);
}

function hintsFor(engine: Engine, why: string): MigrationHints {
  const hints: MigrationHints = { transaction: why };
  if (engine === 'postgresql') {
    hints.nonTransactional =
      "Knex's schema builder cannot build or drop an index CONCURRENTLY: write `await knex.raw('CREATE INDEX CONCURRENTLY …')` in a migration of its own that exports `config = { transaction: false }` (`exports.config = { transaction: false };` or `export const config = { transaction: false };`).";
  }
  return hints;
}

/**
 * Whether Knex wraps the migration in a transaction (Migrator.js `_useTransaction`): a boolean
 * `config.transaction` exported by the migration wins, else not `migrations.disableTransactions`.
 */
function transactionOf(exported: { value: import('./values.js').Value } | undefined, config: KnexConfig, engine: Engine): { transactional: Transactional; why: string } {
  let uses: boolean | undefined;
  let why: string;
  const v = exported?.value;
  const t = prop(v, 'transaction');
  if (t?.k === 'bool') {
    uses = t.v;
    why = `The migration exports \`config = { transaction: ${t.v} }\`, so Knex runs it ${t.v ? 'inside' : 'outside'} a transaction.`;
  } else if (v && v.k !== 'obj' && v.k !== 'undef') {
    why = 'The migration exports a `config` computed at run time: migralint cannot tell whether Knex wraps it in a transaction.';
  } else if (t && t.k !== 'undef') {
    why = 'The migration\'s `config.transaction` is computed at run time: migralint cannot tell whether Knex wraps it in a transaction.';
  } else if (config.disableTransactions === undefined) {
    why = 'The knexfile\'s `migrations.disableTransactions` is computed at run time: migralint cannot tell whether Knex wraps this migration in a transaction.';
  } else {
    uses = !config.disableTransactions;
    why = config.disableTransactions
      ? 'The knexfile sets `migrations.disableTransactions`, so Knex runs this migration outside a transaction.'
      : 'Knex runs each migration inside a transaction (add `exports.config = { transaction: false }` to run one outside).';
  }
  if (uses && engine === 'mysql') return { transactional: 'no', why: 'Knex opens a transaction, but MySQL commits every DDL statement implicitly, so schema changes run outside it.' };
  return { transactional: uses === undefined ? 'unknown' : uses ? 'yes' : 'no', why };
}

async function loadFile(file: string, engine: Engine, config: KnexConfig, root: string, order: string[], ctx: LoadContext, out: LayoutOutput): Promise<void> {
  const read = await ctx.project.read(file);
  if (!read.ok) {
    out.diagnostics.push(layoutDiagnostic('unreadable-file', file, `Cannot lint ${file}: ${read.reason}`));
    return;
  }
  const source = read.source;
  out.sources.push({ source, bom: read.bom });
  const rank = Math.max(0, order.indexOf(file));
  if (!READABLE.has(extname(file))) {
    out.diagnostics.push(layoutDiagnostic('opaque-code', file, `Not checked: Knex loads ${extname(file)} migrations, but migralint reads only JavaScript and TypeScript; review this migration by hand.`, firstLine(source)));
    return;
  }
  const parsed = parseModule(source);
  const first = parsed.problems[0];
  if (first) {
    // Knex cannot load a file that does not parse: nothing in it runs, so nothing else is reported.
    out.diagnostics.push({ ...layoutDiagnostic('syntax-error', file, `Syntax error: ${first.message}`, source.span(first.start, first.end)), direction: 'up' });
    return;
  }
  const probe = new MigrationInterpreter(parsed.sf, { engine, transactional: 'unknown', source });
  const exports = findExports(probe);
  if (exports.dynamic && !exports.up && !exports.down) {
    const n = exports.dynamic;
    out.diagnostics.push(layoutDiagnostic('opaque-code', file, 'Not checked: the migration\'s exports are computed at run time (module.exports = …); migralint cannot find its up and down functions.', source.span(n.getStart(parsed.sf), n.getEnd())));
    return;
  }
  if (exports.defaultOnly) {
    const n = exports.defaultOnly;
    out.diagnostics.push(
      layoutDiagnostic('layout-error', file, 'Knex rejects this migration: it reads `up` and `down` off the module itself, and a default export hides them ("Invalid migration: … must have both an up and down function"). Export them by name (`export async function up(knex)`, `exports.up = …`).', source.span(n.getStart(parsed.sf), n.getEnd())),
    );
  } else if (!exports.up || !exports.down) {
    const missing = !exports.up && !exports.down ? '`up` and `down`' : !exports.up ? '`up`' : '`down`';
    out.diagnostics.push(layoutDiagnostic('layout-error', file, `Knex rejects this migration: it does not export ${missing} ("Invalid migration: … must have both an up and down function").`, firstLine(source)));
  }
  const { transactional, why } = transactionOf(exports.config, config, engine);
  const interp = new MigrationInterpreter(parsed.sf, { engine, transactional, source });
  const interpExports = findExports(interp);
  for (const direction of ['up', 'down'] as const) {
    const exp = exports[direction];
    if (!exp) continue;
    const id = `${file}#${direction}`;
    const migration: Migration = {
      id,
      source,
      layout: LAYOUT,
      engine,
      orderKey: [root, direction === 'up' ? ORDER_UP : ORDER_DOWN, rank],
      direction,
      transactional,
      operations: [],
      comments: parsed.comments,
      hints: hintsFor(engine, why),
    };
    const diag = (ruleId: 'opaque-code' | 'syntax-error', message: string, span: Span): Diagnostic => ({ ...layoutDiagnostic(ruleId, file, message, span), migrationId: id, direction });
    if (exp.value.k !== 'fn') {
      const n = exp.node;
      const span = source.span(n.getStart(parsed.sf), n.getEnd());
      migration.operations.push({ kind: 'opaque', reason: `\`${direction}\` is not a function defined in this file`, span, migration } as Operation);
      out.diagnostics.push(diag('opaque-code', `Not checked: \`${direction}\` is not a function defined in this file; migralint does not follow it.`, span));
      out.migrations.push(migration);
      continue;
    }
    const emitted = interp.run(interpExports[direction]?.value ?? exp.value);
    migration.operations = emitted.operations.map((op) => ({ ...op, migration }) as Operation);
    migration.comments = [...parsed.comments, ...emitted.comments].sort((a, b) => a.span.start.offset - b.span.start.offset);
    for (const o of emitted.opaque) out.diagnostics.push(diag('opaque-code', `Not checked: ${o.reason}.`, o.span));
    for (const p of emitted.problems) out.diagnostics.push(diag('syntax-error', `Syntax error in raw SQL: ${p.message}`, p.span));
    out.migrations.push(migration);
  }
}
