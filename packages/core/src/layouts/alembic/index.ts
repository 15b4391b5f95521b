/**
 * Alembic: revision scripts (`versions/*.py`) read statically into the common model.
 * Discovery from alembic.ini (`script_location`, `version_locations`, `sqlalchemy.url`),
 * `[tool.alembic]` in pyproject.toml, or a directory holding `env.py` and `versions/`.
 * Order from the revision graph; `upgrade()` is up, `downgrade()` is down. See README.md.
 */
import { posix } from 'node:path';
import type { Engine, Migration, MigrationHints, Transactional } from '../../model/migration.js';
import type { SourceFile, Span } from '../../model/source.js';
import type { Project } from '../../files/project.js';
import { emptyOutput, layoutDiagnostic, type Layout, type LayoutOutput, type MigrationSet } from '../layout.js';
import { boolOf, calleeName, strListOf, strOf, type PyValue } from '../python/evaluate.js';
import { readModule, type ModuleInfo } from '../python/module.js';
import { attach, pyDiagnostic } from '../python/sql.js';
import { parsePython, spanOf, type PyModule, type PyNode } from '../python/tree.js';
import { engineFromSqlalchemyUrl, iniValue, parseIni, pyprojectAlembic, splitLocations } from './config.js';
import { buildRevisionGraph, type RevisionNode } from './graph.js';
import { AlembicInterpreter } from './interpret.js';

interface AlembicSetData {
  scriptDir: string;
  /** The config file the set came from (alembic.ini or pyproject.toml), for diagnostics. */
  configFile?: string;
  problems: Array<{ file: string; line: number; message: string }>;
  url?: { value: string; line: number; file: string };
}

const join = (dir: string, name: string) => posix.normalize(dir === '.' || dir === '' ? name : `${dir}/${name}`).replace(/\/$/, '') || '.';
const dirOf = (p: string) => posix.dirname(p);

export const HINTS: MigrationHints = {
  nonTransactional:
    'In Alembic: pass postgresql_concurrently=True to op.create_index() / op.drop_index() and put the call inside `with op.get_context().autocommit_block():` — the block commits the migration\'s transaction before it runs, so keep that revision small (transaction_per_migration=True in env.py keeps each revision in its own transaction).',
  transaction: 'Alembic runs revisions inside a transaction on PostgreSQL (transactional DDL), and without one on MySQL and SQLite.',
};

/**
 * Resolves `script_location` as Alembic does: a path (relative to the ini's directory, where
 * Alembic is run from) or `package:path`, looked up from the ini's directory upwards.
 */
function resolveLocation(project: Project, base: string, value: string): string {
  const v = value.trim();
  if (/^[A-Za-z_][\w.]*:[^/\\]/.test(v) && !/^[A-Za-z]:[\\/]/.test(v)) {
    const [pkg, sub] = v.split(':', 2) as [string, string];
    const rel = `${pkg.replace(/\./g, '/')}/${sub}`;
    for (let d = base; ; d = dirOf(d)) {
      if (project.isDirectory(join(d, rel))) return join(d, rel);
      if (d === '.' || d === '/' || d.startsWith('..')) break;
    }
    return join(base, rel);
  }
  if (posix.isAbsolute(v) || /^[A-Za-z]:[\\/]/.test(v)) return project.rel(v);
  return join(base, v);
}

async function versionFiles(project: Project, dirs: string[], recursive: boolean): Promise<string[]> {
  const out: string[] = [];
  for (const d of dirs) {
    if (!project.isDirectory(d)) continue;
    out.push(...(await project.list(d, [recursive ? '**/*.py' : '*.py'])));
  }
  return [...new Set(out)].filter((f) => !f.endsWith('/__init__.py') && f !== '__init__.py').sort();
}

async function setsFromConfig(project: Project, configFile: string): Promise<MigrationSet[]> {
  const text = await project.readText(configFile);
  if (text === undefined) return [];
  const here = dirOf(configFile);
  const name = posix.basename(configFile);
  const problemSet = (root: string, data: AlembicSetData): MigrationSet[] => [{ layout: 'alembic', root, files: [], data }];
  if (configFile.endsWith('.toml')) {
    const tool = pyprojectAlembic(text, here);
    if (!tool) return [];
    const data: AlembicSetData = { scriptDir: here, configFile, problems: [] };
    if ('problem' in tool) {
      data.problems.push({ file: configFile, line: 1, message: tool.problem });
      return problemSet(here, data);
    }
    if (!tool.scriptLocation) {
      data.problems.push({ file: configFile, line: 1, message: '[tool.alembic] has no script_location: Alembic cannot find the revision scripts' });
      return problemSet(here, data);
    }
    const script = resolveLocation(project, here, tool.scriptLocation);
    const set = await scriptSet(project, script, data, tool.versionLocations?.map((v) => resolveLocation(project, here, v)), tool.recursive ?? false);
    return [set];
  }
  const ini = parseIni(text);
  // `alembic -n <name>` reads another section than [alembic]: every section with a script_location is a project.
  const sections = [...ini.sections.keys()].filter((k) => ini.sections.get(k)!.has('script_location')).sort((a, b) => (a === 'alembic' ? -1 : b === 'alembic' ? 1 : 0));
  if (!ini.sections.has('alembic') && !sections.length && name !== 'alembic.ini') return [];
  const problems = ini.problems.map((p) => ({ file: configFile, line: p.line, message: `Malformed ${name}: ${p.message}` }));
  if (!sections.length) {
    // Flask-Migrate keeps alembic.ini inside the script directory and passes script_location itself.
    if (project.exists(join(here, 'env.py'))) {
      const set = await setFromEnv(project, here, true);
      if (set) {
        (set.data as AlembicSetData).problems.push(...problems);
        return [set];
      }
    }
    const message = ini.sections.has('alembic')
      ? `${name} has no script_location in [alembic]: Alembic cannot find the revision scripts`
      : `${name} has no [alembic] section: Alembic cannot read it`;
    return problemSet(here, { scriptDir: here, configFile, problems: [...problems, { file: configFile, line: 1, message }] });
  }
  const out: MigrationSet[] = [];
  for (const section of sections) {
    const data: AlembicSetData = { scriptDir: here, configFile, problems: section === sections[0] ? [...problems] : [] };
    const loc = iniValue(ini, section, 'script_location', here);
    if (loc.problem) data.problems.push({ file: configFile, line: loc.line ?? 1, message: `Malformed ${name}: ${loc.problem}` });
    const vl = iniValue(ini, section, 'version_locations', here);
    const sep = iniValue(ini, section, 'path_separator', here).value ?? iniValue(ini, section, 'version_path_separator', here).value;
    const versionDirs = vl.value ? splitLocations(vl.value, sep).map((v) => resolveLocation(project, here, v)) : undefined;
    const recursive = /^(true|1|yes|on)$/i.test(iniValue(ini, section, 'recursive_version_locations', here).value ?? '');
    const url = iniValue(ini, section, 'sqlalchemy.url', here);
    if (url.value) data.url = { value: url.value, line: url.line ?? 1, file: configFile };
    if (!loc.value?.trim()) {
      data.problems.push({ file: configFile, line: loc.line ?? 1, message: `script_location in [${section}] of ${name} is empty: Alembic cannot find the revision scripts` });
      out.push(...problemSet(here, data));
      continue;
    }
    const script = resolveLocation(project, here, loc.value);
    if (!project.isDirectory(script)) {
      data.problems.push({ file: configFile, line: loc.line ?? 1, message: `script_location '${loc.value.trim()}' in [${section}] of ${name} is not a directory (${script}): Alembic cannot find the revision scripts` });
      out.push(...problemSet(script, data));
      continue;
    }
    out.push(await scriptSet(project, script, data, versionDirs, recursive));
  }
  return out;
}

async function scriptSet(project: Project, script: string, data: AlembicSetData, versionDirs: string[] | undefined, recursive: boolean): Promise<MigrationSet> {
  data.scriptDir = script;
  const files = await versionFiles(project, versionDirs ?? [join(script, 'versions')], recursive);
  const env = join(script, 'env.py');
  return { layout: 'alembic', root: script, files: project.exists(env) ? [env, ...files] : files, data };
}

/** A script directory found without a config file: `env.py` next to `versions/` holding revision scripts. */
async function setFromEnv(project: Project, scriptDir: string, fromIni = false): Promise<MigrationSet | undefined> {
  const files = await versionFiles(project, [join(scriptDir, 'versions')], false);
  if (!files.length && !fromIni) return undefined;
  let looksAlembic = false;
  for (const f of files.slice(0, 5)) if (/^\s*down_revision\b/m.test((await project.readText(f)) ?? '')) looksAlembic = true;
  if (!looksAlembic && !fromIni) return undefined;
  const data: AlembicSetData = { scriptDir, problems: [] };
  // The ini usually sits next to the script directory (or inside it, Flask-Migrate).
  for (const iniPath of [join(dirOf(scriptDir), 'alembic.ini'), join(scriptDir, 'alembic.ini')]) {
    const text = await project.readText(iniPath);
    if (text === undefined) continue;
    const ini = parseIni(text);
    const url = iniValue(ini, 'alembic', 'sqlalchemy.url', dirOf(iniPath));
    if (url.value) data.url = { value: url.value, line: url.line ?? 1, file: iniPath };
    break;
  }
  return { layout: 'alembic', root: scriptDir, files: [join(scriptDir, 'env.py'), ...files], data };
}

async function detect(dir: string, files: readonly string[], project: Project): Promise<MigrationSet[]> {
  const sets: MigrationSet[] = [];
  const roots = new Set<string>();
  const add = (s: MigrationSet | undefined) => {
    if (!s || roots.has(s.root)) return;
    roots.add(s.root);
    sets.push(s);
  };
  for (const f of files) {
    const base = posix.basename(f);
    if (base.endsWith('.ini') || base === 'pyproject.toml') for (const s of await setsFromConfig(project, f)) add(s);
  }
  for (const f of files) {
    if (posix.basename(f) !== 'env.py') continue;
    const scriptDir = dirOf(f);
    if (!roots.has(scriptDir)) add(await setFromEnv(project, scriptDir));
  }
  // The user named the versions directory itself.
  if (!sets.length && posix.basename(dir) === 'versions' && project.exists(join(dirOf(dir), 'env.py'))) add(await setFromEnv(project, dirOf(dir)));
  // Files outside the directory the user named are not linted from here.
  const offered = new Set(files);
  return sets.map((s) => ({ ...s, files: s.files.filter((f) => offered.has(f) || posix.basename(dir) === 'versions') }));
}

interface Script {
  file: string;
  source: SourceFile;
  module: PyModule;
  info: ModuleInfo;
  node?: RevisionNode;
}

function valueSpan(m: PyModule, info: ModuleInfo, name: string): Span {
  const a = info.assignments.get(name);
  return a ? spanOf(m, a.statement) : m.source.span(0, 0);
}

function revisionList(v: PyValue | undefined): string[] {
  if (!v || v.kind === 'none') return [];
  return strListOf(v) ?? [];
}

/** env.py's `context.configure(transactional_ddl=…)`, when it says so literally. */
function envTransactionalDdl(info: ModuleInfo): boolean | undefined {
  let found: boolean | undefined;
  const visit = (n: PyNode) => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === 'CallExpression') {
        const v = info.evaluator.call(c, info.scope);
        if (v.kind === 'call' && /(?:^|\.)configure$/.test(calleeName(v)) && v.kwargs.has('transactional_ddl')) {
          const b = boolOf(v.kwargs.get('transactional_ddl'));
          if (b !== undefined) found = b;
        }
      }
      visit(c);
    }
  };
  visit(info.module.top);
  return found;
}

function defaultTransactional(engine: Engine, envDdl: boolean | undefined): Transactional {
  // PostgresqlImpl.transactional_ddl = True; MySQL and SQLiteImpl: False (alembic/ddl/*.py).
  const ddl = envDdl ?? engine === 'postgresql';
  return ddl ? 'yes' : 'no';
}

async function load(set: MigrationSet, ctx: Parameters<Layout['load']>[1]): Promise<LayoutOutput> {
  const out = emptyOutput();
  const data = (set.data ?? { scriptDir: set.root, problems: [] }) as AlembicSetData;
  const project = ctx.project;
  const sources = new Map<string, SourceFile>();
  const readSource = async (file: string) => {
    if (sources.has(file)) return sources.get(file);
    const r = await project.read(file);
    if (!r.ok) {
      out.diagnostics.push(layoutDiagnostic('unreadable-file', file, `Cannot lint ${file}: ${r.reason}`));
      return undefined;
    }
    out.sources.push({ source: r.source, bom: r.bom });
    sources.set(file, r.source);
    return r.source;
  };
  for (const p of data.problems) {
    const src = await readSource(p.file);
    const span = src ? lineSpan(src, p.line) : undefined;
    out.diagnostics.push(layoutDiagnostic('layout-error', p.file, p.message, span));
  }

  const settings = ctx.settingsFor(set.files.find((f) => !f.endsWith('env.py')) ?? set.root);
  let engine = settings.engine;
  if (!settings.engineExplicit && data.url) {
    const e = engineFromSqlalchemyUrl(data.url.value);
    if (e?.engine) engine = e.engine;
    else if (e?.unsupported) {
      const src = await readSource(data.url.file);
      out.diagnostics.push(
        layoutDiagnostic(
          'layout-error',
          data.url.file,
          `sqlalchemy.url names a '${e.unsupported}' database, which migralint has no dialect for: linting as ${engine}. Set \`engine\` in the migralint config to choose.`,
          src ? lineSpan(src, data.url.line) : undefined,
        ),
      );
    }
  }

  let envDdl: boolean | undefined;
  const scripts: Script[] = [];
  for (const file of set.files) {
    const source = await readSource(file);
    if (!source) continue;
    const module = parsePython(source);
    if (posix.basename(file) === 'env.py' && dirOf(file) === data.scriptDir) {
      for (const e of module.errors) out.diagnostics.push(layoutDiagnostic('syntax-error', file, e.message, e.span));
      if (!module.errors.length) envDdl = envTransactionalDdl(readModule(module));
      continue;
    }
    scripts.push({ file, source, module, info: readModule(module) });
  }

  const nodes: RevisionNode[] = [];
  for (const s of scripts) {
    const { info, module } = s;
    for (const e of module.errors) out.diagnostics.push(layoutDiagnostic('syntax-error', s.file, e.message, e.span));
    const rev = strOf(info.assignments.get('revision')?.value);
    if (rev === undefined) {
      if (!module.errors.length) {
        out.diagnostics.push(layoutDiagnostic('layout-error', s.file, 'No `revision = "…"` at module level: Alembic cannot load this file as a revision script', module.source.span(0, 0)));
      }
      continue;
    }
    s.node = {
      revision: rev,
      downRevisions: revisionList(info.assignments.get('down_revision')?.value),
      dependsOn: revisionList(info.assignments.get('depends_on')?.value),
      branchLabels: revisionList(info.assignments.get('branch_labels')?.value),
      file: s.file,
      revisionSpan: valueSpan(module, info, 'revision'),
      downSpan: valueSpan(module, info, 'down_revision'),
      dependsSpan: valueSpan(module, info, 'depends_on'),
    };
    nodes.push(s.node);
  }
  const graph = buildRevisionGraph(nodes);
  for (const p of graph.problems) out.diagnostics.push(layoutDiagnostic('layout-error', p.file, p.message, p.span));

  const position = new Map(graph.order.map((n, i) => [n, i]));
  const transactional = defaultTransactional(engine, envDdl);
  for (const s of scripts) {
    if (!s.node || s.module.errors.length) continue;
    const i = position.get(s.node) ?? 0;
    for (const [fn, direction] of [['upgrade', 'up'], ['downgrade', 'down']] as const) {
      const def = s.info.functions.get(fn);
      if (!def) continue;
      const migration: Migration = {
        id: `${s.file}#${fn}`,
        source: s.source,
        layout: 'alembic',
        engine,
        orderKey: [set.root, direction === 'up' ? 0 : 2, direction === 'up' ? i : graph.order.length - i],
        direction,
        transactional,
        operations: [],
        comments: [...s.module.comments],
        hints: HINTS,
      };
      const result = new AlembicInterpreter(s.info, engine).run(def);
      attach(migration, result.operations);
      migration.comments.push(...result.comments);
      out.migrations.push(migration);
      for (const f of result.findings) out.diagnostics.push(pyDiagnostic(f.ruleId, s.file, f.message, f.span, migration));
    }
  }
  return out;
}

function lineSpan(source: SourceFile, line: number): Span {
  const start = source.lineOffset(line);
  const rest = source.text.slice(start);
  const nl = rest.search(/\r?\n|\r/);
  return source.span(start, nl < 0 ? source.text.length : start + nl);
}

export const alembicLayout: Layout = { name: 'alembic', detect, load };
