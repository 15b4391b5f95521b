/**
 * refinery (Rust): `V<n>__<name>.sql` (versioned) and `U<n>__<name>.sql` (unversioned: NOT undo)
 * in a crate that depends on refinery; `-- refinery:noTransaction`. Facts and sources: README.md.
 */
import { emptyOutput, layoutDiagnostic, type Layout } from '../layout.js';
import {
  addScriptMigration,
  ancestors,
  baseName,
  BATCH_EXPLANATION,
  buildSqlMigration,
  cargoDependency,
  chooseEngine,
  engineFromEnv,
  engineFromFeatures,
  engineFromName,
  filesByDir,
  firstLineSpan,
  GROUP,
  join,
  readMigrationFile,
  setEngine,
  type ToolEngine,
  type UnwrappedWording,
} from '../sql-frameworks.js';
import type { Project } from '../../files/project.js';

/** refinery_core/src/util.rs: `^([U|V])(\d+(?:\.\d+)?)__(\w+)\.sql$`, the version parsed as i32. */
const FILE = /^([UV])(\d+(?:\.\d+)?)__(\w+)\.sql$/;
/** The annotation refinery looks for on any line of a .sql file. */
const NO_TRANSACTION = /^-{2,}\s?refinery:noTransaction\r?$/m;

const HINT =
  'Add a line `-- refinery:noTransaction` to the file and keep CREATE INDEX CONCURRENTLY as its only statement: refinery then sends the file as one query, which PostgreSQL runs as one implicit transaction when it holds several statements.';

const UNWRAPPED: UnwrappedWording = {
  batched: (count) => `refinery opens no transaction (refinery:noTransaction), but it sends the file as one query of ${count} statements: ${BATCH_EXPLANATION}.`,
  plain: 'refinery runs this file without a transaction (refinery:noTransaction).',
};

/** refinery_cli's refinery.toml: `[main] db_type = "Postgres"`. */
async function refineryToml(project: Project, dir: string): Promise<ToolEngine | undefined> {
  for (const d of ancestors(dir)) {
    const file = join(d, 'refinery.toml');
    const text = await project.readText(file);
    const m = text && /^\s*db_type\s*=\s*"([^"]+)"/m.exec(text);
    if (m) return { ...engineFromName(m[1]!), origin: `${file} (db_type)` };
  }
  return undefined;
}

export const refineryLayout: Layout = {
  name: 'refinery',
  async detect(_dir, files, project) {
    const byDir = filesByDir(files, (f) => FILE.test(baseName(f)));
    const sets = [];
    for (const [root, claimed] of byDir) if (await cargoDependency(project, root, 'refinery')) sets.push({ layout: 'refinery', root, files: claimed });
    return sets;
  },
  async load(set, ctx) {
    const out = emptyOutput();
    const tool =
      (await refineryToml(ctx.project, set.root)) ??
      engineFromFeatures(await cargoDependency(ctx.project, set.root, 'refinery'), 'refinery') ??
      (await engineFromEnv(ctx.project, set.root, ['DATABASE_URL']));
    if (!setEngine(ctx.settingsFor(set.files[0] ?? set.root), tool, out, set.files[0] ?? set.root, 'refinery')) return out;
    const versions = new Map<string, string>();
    for (const file of set.files) {
      const m = FILE.exec(baseName(file));
      if (!m) continue;
      const source = await readMigrationFile(ctx.project, file, out);
      if (!source) continue;
      const version = Number(m[2]);
      if (!Number.isInteger(version) || version > 2 ** 31 - 1) {
        out.diagnostics.push(layoutDiagnostic('layout-error', file, `refinery cannot read the version '${m[2]}' of ${baseName(file)}: it must be a whole number that fits in 32 bits.`, firstLineSpan(source)));
        continue;
      }
      const other = versions.get(String(version));
      if (other) out.diagnostics.push(layoutDiagnostic('layout-error', file, `Duplicate refinery version ${version}: ${other} has it too; refinery refuses to run (DuplicateVersion).`, firstLineSpan(source)));
      else versions.set(String(version), file);
      const engine = chooseEngine(ctx.settingsFor(file), tool).engine;
      const built = buildSqlMigration(
        source,
        engine,
        { id: file, layout: 'refinery', orderKey: [set.root, GROUP.up, String(version)], direction: 'up', transactional: 'no' },
        { sql: source.text },
        { nonTransactional: HINT },
      );
      addScriptMigration(built, engine, 'refinery', NO_TRANSACTION.test(source.text) ? UNWRAPPED : undefined, out);
    }
    return out;
  },
};
