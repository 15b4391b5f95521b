/**
 * goose: `<version>_<name>.sql` files with `-- +goose Up` / `-- +goose Down` sections, optional
 * `-- +goose StatementBegin/StatementEnd` blocks and `-- +goose NO TRANSACTION`; `<version>_<name>.go`
 * migrations are code. Facts and sources: README.md beside this file.
 */
import type { Direction } from '../../model/migration.js';
import type { SourceFile } from '../../model/source.js';
import { emptyOutput, layoutDiagnostic, type Layout, type LayoutOutput } from '../layout.js';
import {
  baseName,
  buildSqlMigration,
  chooseEngine,
  filesByDir,
  engineFromName,
  engineFromUrl,
  firstLineSpan,
  GROUP,
  linesOf,
  normalizeVersion,
  opaqueMigration,
  parseEnvFile,
  ancestors,
  join,
  readMigrationFile,
  setEngine,
  spanOfLine,
  wrappedExplanation,
  wrappedTransactional,
  type Line,
  type ToolEngine,
} from '../sql-frameworks.js';
import type { Project } from '../../files/project.js';

const SQL_FILE = /^(\d+)_(.+)\.sql$/;
const GO_FILE = /^(\d+)_(.+)\.go$/;
/** Lenient: finds goose files even when an annotation is misspelt, so that load can say what goose would say. */
const ANY_ANNOTATION = /^--\s*\+goose\s+(up|down|statementbegin|no transaction)\b/im;

const HINT = 'Add `-- +goose NO TRANSACTION` at the top of the file (it applies to its Up and Down sections), and keep CREATE INDEX CONCURRENTLY in a migration of its own.';

interface Section {
  direction: Direction;
  /** Offsets of the section's SQL (after its annotation line). */
  start: number;
  end: number;
}

interface GooseFile {
  sections: Section[];
  noTransaction: boolean;
  /** What goose itself would reject, with the line it concerns. */
  problems: Array<{ message: string; line: Line | undefined }>;
}

/** True when goose's own parser would see the end of a statement on this line (endsWithSemicolon). */
function endsWithSemicolon(line: string): boolean {
  let prev = '';
  for (const word of line.split(/\s+/).filter(Boolean)) {
    if (word.startsWith('--')) break;
    prev = word;
  }
  return prev.endsWith(';');
}

/**
 * Splits a goose file the way goose's state machine reads it (internal/sqlparser/parser.go):
 * annotations are lines starting with `--` whose rest, trimmed, is exactly `+goose Up` etc.
 */
export function parseGoose(text: string): GooseFile {
  const out: GooseFile = { sections: [], noTransaction: false, problems: [] };
  type State = 'start' | 'up' | 'down';
  let state: State = 'start';
  let inBlock: Line | undefined;
  let pending: Line | undefined;
  let current: Section | undefined;
  let sqlBeforeUp = false;
  const close = (at: number) => {
    if (current) current.end = at;
  };
  const unfinished = () => {
    if (pending) out.problems.push({ message: 'goose rejects this file: the statement starting here does not end with a semicolon ("unexpected unfinished SQL query … missing semicolon?"); end it with `;`, or wrap it in `-- +goose StatementBegin` / `-- +goose StatementEnd`.', line: pending });
    pending = undefined;
  };
  for (const line of linesOf(text)) {
    const cmd = line.text.startsWith('--') ? line.text.slice(2).trim() : undefined;
    if (cmd === '+goose Up') {
      if (state !== 'start') out.problems.push({ message: 'goose rejects this file: duplicate `-- +goose Up` annotation.', line });
      else {
        state = 'up';
        current = { direction: 'up', start: line.next, end: text.length };
        out.sections.push(current);
      }
      continue;
    }
    if (cmd === '+goose Down') {
      if (state !== 'up') {
        out.problems.push({ message: state === 'start' ? 'goose rejects this file: `-- +goose Down` comes before `-- +goose Up` (a goose file must start with `-- +goose Up`).' : 'goose rejects this file: duplicate `-- +goose Down` annotation.', line });
        continue;
      }
      if (inBlock) out.problems.push({ message: 'goose rejects this file: `-- +goose StatementBegin` has no `-- +goose StatementEnd` before `-- +goose Down`.', line: inBlock });
      inBlock = undefined;
      unfinished();
      close(line.start);
      state = 'down';
      current = { direction: 'down', start: line.next, end: text.length };
      out.sections.push(current);
      continue;
    }
    if (cmd === '+goose StatementBegin') {
      if (state === 'start') out.problems.push({ message: 'goose rejects this file: `-- +goose StatementBegin` must come after `-- +goose Up` or `-- +goose Down`.', line });
      else inBlock = line;
      continue;
    }
    if (cmd === '+goose StatementEnd') {
      if (!inBlock) out.problems.push({ message: 'goose rejects this file: `-- +goose StatementEnd` without a `-- +goose StatementBegin`.', line });
      inBlock = undefined;
      pending = undefined;
      continue;
    }
    if (cmd === '+goose NO TRANSACTION') {
      out.noTransaction = true;
      continue;
    }
    if (cmd === '+goose ENVSUBST ON' || cmd === '+goose ENVSUBST OFF') continue;
    const trimmed = line.text.trim();
    if (!pending && (trimmed === '' || trimmed.startsWith('--'))) continue;
    if (state === 'start') {
      if (!sqlBeforeUp) out.problems.push({ message: 'goose rejects this file: SQL before `-- +goose Up` (a goose file must start with `-- +goose Up`).', line });
      sqlBeforeUp = true;
      continue;
    }
    if (inBlock) continue;
    pending ??= line;
    if (endsWithSemicolon(line.text)) pending = undefined;
  }
  if (state === 'start' && !sqlBeforeUp) out.problems.push({ message: 'goose rejects this file: it has no `-- +goose Up` annotation ("must start with \'-- +goose Up\' annotation"), so goose cannot run it.', line: undefined });
  if (inBlock) out.problems.push({ message: 'goose rejects this file: `-- +goose StatementBegin` without `-- +goose StatementEnd`.', line: inBlock });
  unfinished();
  // goose stops at the first problem: report that one.
  out.problems = out.problems.slice(0, 1);
  return out;
}

/** GOOSE_DRIVER / GOOSE_DBSTRING from the nearest `.env` (goose reads it since v3.22). */
async function gooseEngine(project: Project, dir: string): Promise<ToolEngine | undefined> {
  for (const d of ancestors(dir)) {
    const file = join(d, '.env');
    const text = await project.readText(file);
    if (text === undefined) continue;
    const env = parseEnvFile(text);
    if (env.GOOSE_DRIVER) return { ...engineFromName(env.GOOSE_DRIVER), origin: `${file} (GOOSE_DRIVER)` };
    const url = env.GOOSE_DBSTRING ? engineFromUrl(env.GOOSE_DBSTRING) : undefined;
    if (url) return { ...url, origin: `${file} (GOOSE_DBSTRING)` };
  }
  return undefined;
}

async function isGooseFile(project: Project, file: string): Promise<boolean> {
  const read = await project.read(file);
  return read.ok && ANY_ANNOTATION.test(read.source.text);
}

export const gooseLayout: Layout = {
  name: 'goose',
  async detect(_dir, files, project) {
    const byDir = filesByDir(files, (f) => {
      const name = baseName(f);
      return (SQL_FILE.test(name) && !/\.(up|down)\.sql$/.test(name)) || (GO_FILE.test(name) && !name.endsWith('_test.go'));
    });
    const sets = [];
    for (const [root, candidates] of byDir) {
      let goose = false;
      for (const f of candidates) if (f.endsWith('.sql') && (await isGooseFile(project, f))) goose = true;
      if (goose) sets.push({ layout: 'goose', root, files: candidates });
    }
    return sets;
  },
  async load(set, ctx) {
    const out = emptyOutput();
    const tool = await gooseEngine(ctx.project, set.root);
    if (!setEngine(ctx.settingsFor(set.files[0] ?? set.root), tool, out, set.files[0] ?? set.root, 'goose')) return out;
    const versions = new Map<string, string>();
    for (const file of set.files) {
      const name = baseName(file);
      const m = SQL_FILE.exec(name) ?? GO_FILE.exec(name);
      if (!m) continue;
      const source = await readMigrationFile(ctx.project, file, out);
      if (!source) continue;
      const version = normalizeVersion(m[1]!)!;
      const engine = chooseEngine(ctx.settingsFor(file), tool).engine;
      const other = versions.get(version);
      if (other) out.diagnostics.push(layoutDiagnostic('layout-error', file, `Duplicate goose version ${m[1]}: ${other} has it too; goose refuses to run ("found duplicate migration version").`, firstLineSpan(source)));
      else versions.set(version, file);
      if (name.endsWith('.go')) {
        const { migration, diagnostic } = opaqueMigration(source, engine, { id: file, layout: 'goose', orderKey: [set.root, GROUP.up, version, name], direction: 'up', transactional: 'unknown' }, 'goose Go migration: its schema changes are code that migralint does not read; review it by hand.');
        out.migrations.push(migration);
        out.diagnostics.push(diagnostic);
        continue;
      }
      loadSqlFile(source, engine, set.root, version, out);
    }
    return out;
  },
};

function loadSqlFile(source: SourceFile, engine: import('../../model/migration.js').Engine, root: string, version: string, out: LayoutOutput): void {
  const file = source.path;
  const parsed = parseGoose(source.text);
  for (const p of parsed.problems) out.diagnostics.push(layoutDiagnostic('layout-error', file, p.message, p.line ? spanOfLine(source, p.line) : firstLineSpan(source)));
  const transactional = parsed.noTransaction ? 'no' : wrappedTransactional(engine);
  const transaction = parsed.noTransaction ? 'goose runs this file without a transaction (`-- +goose NO TRANSACTION`), one statement at a time.' : wrappedExplanation('goose', engine);
  for (const s of parsed.sections) {
    const id = `${file}#${s.direction}`;
    const built = buildSqlMigration(
      source,
      engine,
      { id, layout: 'goose', orderKey: [root, s.direction === 'down' ? GROUP.down : GROUP.up, version, baseName(file)], direction: s.direction, transactional },
      { sql: source.text.slice(s.start, s.end), base: s.start },
      { nonTransactional: HINT, transaction },
    );
    out.migrations.push(built.migration);
    out.diagnostics.push(...built.diagnostics);
  }
}
