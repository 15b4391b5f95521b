/**
 * dbmate: `<version>_<name>.sql` files with `-- migrate:up` and `-- migrate:down` blocks; options
 * such as `transaction:false` follow the directive on its line. Facts and sources: README.md.
 */
import type { Direction, Engine } from '../../model/migration.js';
import type { SourceFile } from '../../model/source.js';
import { emptyOutput, layoutDiagnostic, type Layout, type LayoutOutput } from '../layout.js';
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
  lineSpanAt,
  normalizeVersion,
  readMigrationFile,
  setEngine,
  type UnwrappedWording,
} from '../sql-frameworks.js';
import type { Project } from '../../files/project.js';

const FILE = /^(\d+)_?(.*)\.sql$/;
/** dbmate's own patterns (pkg/dbmate/migration.go). */
const UP = /^--\s*migrate:up(\s*$|\s+\S+)/m;
const DOWN = /^--\s*migrate:down(\s*$|\s+\S+)$/m;
const ANY = /^--\s*migrate:(up|down)\b/m;

const HINT =
  'Write `-- migrate:up transaction:false` and keep CREATE INDEX CONCURRENTLY as the only statement of that block: dbmate sends the whole block as one query, which PostgreSQL runs as one implicit transaction when it holds several statements.';

const UNWRAPPED: UnwrappedWording = {
  batched: (count) => `dbmate opens no transaction (transaction:false), but it sends the block as one query of ${count} statements: ${BATCH_EXPLANATION}.`,
  plain: 'dbmate runs this block without a transaction (transaction:false).',
};

interface Block {
  direction: Direction;
  directiveAt: number;
  start: number;
  end: number;
  transaction: boolean;
}

/** Options on a directive line: `-- migrate:up transaction:false` → { transaction: 'false' }. */
function options(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  const rest = line.replace(/^--\s*migrate:(up|down)/, '').trim();
  for (const pair of rest.split(/\s+/).filter(Boolean)) {
    const kv = pair.split(':');
    if (kv.length === 2) out[kv[0]!] = kv[1]!;
  }
  return out;
}

function lineAt(text: string, at: number): string {
  const end = text.slice(at).search(/\r?\n|\r/);
  return text.slice(at, end < 0 ? text.length : at + end);
}

/** Splits a dbmate file into its blocks, with dbmate's own error messages for what it would refuse. */
export function parseDbmate(text: string): { blocks: Block[]; errors: Array<{ message: string; at: number | undefined }> } {
  const errors: Array<{ message: string; at: number | undefined }> = [];
  const up = UP.exec(text);
  const down = DOWN.exec(text);
  if (!up) return { blocks: [], errors: [{ message: "dbmate refuses this file: it has no up block (\"dbmate requires each migration to define an up block with '-- migrate:up'\").", at: undefined }] };
  if (!down) errors.push({ message: "dbmate refuses this file: it has no down block (\"dbmate requires each migration to define a down block with '-- migrate:down'\"); add `-- migrate:down`, even if empty.", at: undefined });
  if (down && down.index < up.index) {
    errors.push({ message: "dbmate refuses this file: '-- migrate:down' comes before '-- migrate:up'.", at: down.index });
    return { blocks: [], errors };
  }
  const before = text.slice(0, up.index).split(/\r?\n|\r/).find((l) => l.trim() !== '' && !/^\s*--/.test(l));
  if (before !== undefined) errors.push({ message: "dbmate refuses this file: statements come before the '-- migrate:up' block.", at: text.indexOf(before) });
  const blockOf = (direction: Direction, m: RegExpExecArray, end: number): Block => {
    const line = lineAt(text, m.index);
    const nl = text.slice(m.index + line.length).match(/^(\r\n|\n|\r)?/)![0].length;
    return { direction, directiveAt: m.index, start: m.index + line.length + nl, end, transaction: options(line).transaction !== 'false' };
  };
  const blocks = [blockOf('up', up, down ? down.index : text.length)];
  if (down) blocks.push(blockOf('down', down, text.length));
  return { blocks, errors };
}

async function isDbmateFile(project: Project, file: string): Promise<boolean> {
  const read = await project.read(file);
  return read.ok && ANY.test(read.source.text);
}

export const dbmateLayout: Layout = {
  name: 'dbmate',
  async detect(_dir, files, project) {
    const byDir = filesByDir(files, (f) => FILE.test(baseName(f)) && !/\.(up|down)\.sql$/.test(f));
    const sets = [];
    for (const [root, candidates] of byDir) {
      let found = false;
      for (const f of candidates) if (await isDbmateFile(project, f)) found = true;
      if (found) sets.push({ layout: 'dbmate', root, files: candidates });
    }
    return sets;
  },
  async load(set, ctx) {
    const out = emptyOutput();
    // dbmate reads DATABASE_URL from the environment and from .env (its --env / --env-file flags).
    const tool = await engineFromEnv(ctx.project, set.root, ['DATABASE_URL']);
    if (!setEngine(ctx.settingsFor(set.files[0] ?? set.root), tool, out, set.files[0] ?? set.root, 'dbmate')) return out;
    const versions = new Map<string, string>();
    for (const file of set.files) {
      const m = FILE.exec(baseName(file));
      if (!m) continue;
      const source = await readMigrationFile(ctx.project, file, out);
      if (!source) continue;
      const version = normalizeVersion(m[1]!)!;
      const other = versions.get(version);
      if (other) out.diagnostics.push(layoutDiagnostic('layout-error', file, `Duplicate dbmate version ${m[1]}: ${other} has it too; dbmate would apply only one of them.`, firstLineSpan(source)));
      else versions.set(version, file);
      loadFile(source, chooseEngine(ctx.settingsFor(file), tool).engine, set.root, version, out);
    }
    return out;
  },
};

function loadFile(source: SourceFile, engine: Engine, root: string, version: string, out: LayoutOutput): void {
  const file = source.path;
  const { blocks, errors } = parseDbmate(source.text);
  for (const e of errors) out.diagnostics.push(layoutDiagnostic('layout-error', file, e.message, e.at === undefined ? firstLineSpan(source) : lineSpanAt(source, e.at)));
  for (const b of blocks) {
    const built = buildSqlMigration(
      source,
      engine,
      { id: `${file}#${b.direction}`, layout: 'dbmate', orderKey: [root, b.direction === 'down' ? GROUP.down : GROUP.up, version, baseName(file)], direction: b.direction, transactional: 'no' },
      { sql: source.text.slice(b.start, b.end), base: b.start },
      { nonTransactional: HINT },
    );
    addScriptMigration(built, engine, 'dbmate', b.transaction ? undefined : UNWRAPPED, out);
  }
}
