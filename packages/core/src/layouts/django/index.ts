/**
 * Django: `<app>/migrations/NNNN_*.py` read statically into the common model, in the order of
 * the cross-app migration graph. Django's settings are not read (no settings module, no
 * database): the engine comes from the migralint config (`engine`, default postgresql).
 * See README.md.
 */
import { posix } from 'node:path';
import type { Project } from '../../files/project.js';
import type { Migration, MigrationHints, Transactional } from '../../model/migration.js';
import type { SourceFile, Span } from '../../model/source.js';
import { emptyOutput, layoutDiagnostic, type Layout, type LayoutOutput, type MigrationSet } from '../layout.js';
import { boolOf, strOf, type PyValue } from '../python/evaluate.js';
import { classAssignments, readModule, type Assignment, type ModuleInfo } from '../python/module.js';
import { attach, pyDiagnostic } from '../python/sql.js';
import { parsePython, spanOf, type PyModule } from '../python/tree.js';
import { buildDjangoGraph, type DepRef, type DjangoNode } from './graph.js';
import { DjangoInterpreter } from './interpret.js';
import { DjangoState } from './state.js';

export const HINTS: MigrationHints = {
  nonTransactional:
    'In Django: use AddIndexConcurrently / RemoveIndexConcurrently (django.contrib.postgres.operations) in a migration of its own and set `atomic = False` on its Migration class (RunSQL statements then run outside a transaction too).',
  transaction: 'Django runs each migration in one transaction (`atomic = True`, the default) on PostgreSQL and SQLite; MySQL cannot roll back DDL.',
};

const MIGRATION_FILE = /(?:^|\/)migrations\/([^/_~][^/]*)\.py$/;

interface DjangoSetData {
  /** App directory → app label. */
  labels: Record<string, string>;
}

/** The app label: `label = "…"` in the app's apps.py, else the app directory's name (AppConfig's default). */
async function appLabel(project: Project, appDir: string): Promise<string> {
  const text = await project.readText(appDir === '.' ? 'apps.py' : `${appDir}/apps.py`);
  const m = text && /^\s+label\s*=\s*['"]([A-Za-z_]\w*)['"]/m.exec(text);
  return m ? m[1]! : posix.basename(appDir === '.' ? project.cwd : appDir);
}

async function detect(dir: string, files: readonly string[], project: Project): Promise<MigrationSet[]> {
  const found: string[] = [];
  for (const f of files) {
    if (!MIGRATION_FILE.test(f)) continue;
    const text = await project.readText(f);
    if (text && /^class\s+Migration\s*\(/m.test(text)) found.push(f);
  }
  if (!found.length) return [];
  const labels: Record<string, string> = {};
  for (const f of found) {
    const appDir = posix.dirname(posix.dirname(f));
    labels[appDir] ??= await appLabel(project, appDir);
  }
  return [{ layout: 'django', root: dir, files: found, data: { labels } satisfies DjangoSetData }];
}

interface Loaded {
  file: string;
  app: string;
  name: string;
  source: SourceFile;
  module: PyModule;
  info: ModuleInfo;
  attrs: Map<string, Assignment>;
  node: DjangoNode;
}

function depRefs(m: PyModule, a: Assignment | undefined, app: string, problems: Array<{ span: Span; message: string }>, what: string): DepRef[] {
  if (!a) return [];
  const v = a.value;
  if (v.kind !== 'seq') {
    problems.push({ span: spanOf(m, a.statement), message: `${what} built at run time: migralint cannot follow it` });
    return [];
  }
  const out: DepRef[] = [];
  for (const item of v.items) {
    if (item.kind === 'seq' && item.items.length === 2) {
      const depApp = strOf(item.items[0]);
      const name = strOf(item.items[1]);
      if (depApp !== undefined && name !== undefined) {
        out.push({ app: depApp, name, span: spanOf(m, item.node) });
        continue;
      }
    }
    // migrations.swappable_dependency(settings.AUTH_USER_MODEL): an app chosen in settings, not read here.
    if (item.kind === 'call') continue;
    void app;
  }
  return out;
}

function transactional(engine: Migration['engine'], atomic: PyValue | undefined): Transactional {
  // Django wraps a migration in a transaction when atomic is true and the database can roll back DDL
  // (features.can_rollback_ddl: PostgreSQL and SQLite yes, MySQL no).
  if (engine === 'mysql') return 'no';
  if (!atomic) return 'yes';
  const b = boolOf(atomic);
  return b === undefined ? 'unknown' : b ? 'yes' : 'no';
}

async function load(set: MigrationSet, ctx: Parameters<Layout['load']>[1]): Promise<LayoutOutput> {
  const out = emptyOutput();
  const data = (set.data ?? { labels: {} }) as DjangoSetData;
  const loaded: Loaded[] = [];
  const engine = ctx.settingsFor(set.files[0] ?? set.root).engine;
  for (const file of set.files) {
    const r = await ctx.project.read(file);
    if (!r.ok) {
      out.diagnostics.push(layoutDiagnostic('unreadable-file', file, `Cannot lint ${file}: ${r.reason}`));
      continue;
    }
    out.sources.push({ source: r.source, bom: r.bom });
    const module = parsePython(r.source);
    for (const e of module.errors) out.diagnostics.push(layoutDiagnostic('syntax-error', file, e.message, e.span));
    const info = readModule(module);
    const cls = info.classes.get('Migration');
    const appDir = posix.dirname(posix.dirname(file));
    const app = data.labels[appDir] ?? posix.basename(appDir);
    const name = MIGRATION_FILE.exec(file)![1]!;
    if (!cls) {
      if (!module.errors.length) out.diagnostics.push(layoutDiagnostic('layout-error', file, 'No `class Migration` at module level: Django cannot load this migration', r.source.span(0, 0)));
      continue;
    }
    const attrs = classAssignments(info, cls);
    const problems: Array<{ span: Span; message: string }> = [];
    const node: DjangoNode = {
      app,
      name,
      file,
      dependencies: depRefs(module, attrs.get('dependencies'), app, problems, 'dependencies'),
      runBefore: depRefs(module, attrs.get('run_before'), app, problems, 'run_before'),
      replaces: depRefs(module, attrs.get('replaces'), app, problems, 'replaces'),
      classSpan: spanOf(module, cls.firstChild ?? cls),
      ...(module.errors.length && { broken: true }),
    };
    for (const p of problems) out.diagnostics.push(layoutDiagnostic('opaque-code', file, `Not checked: ${p.message}.`, p.span));
    loaded.push({ file, app, name, source: r.source, module, info, attrs, node });
  }

  const graph = buildDjangoGraph(loaded.map((l) => l.node));
  for (const p of graph.problems) out.diagnostics.push(layoutDiagnostic('layout-error', p.file, p.message, p.span));
  const byNode = new Map(loaded.map((l) => [l.node, l]));
  let state = new DjangoState(engine);
  graph.order.forEach((node, i) => {
    const l = byNode.get(node)!;
    const atomic = l.attrs.get('atomic')?.value;
    const base = { source: l.source, layout: 'django', engine, transactional: transactional(engine, atomic), hints: HINTS } as const;
    const up: Migration = { ...base, id: l.file, orderKey: [set.root, 0, i], direction: 'up', operations: [], comments: [...l.module.comments] };
    const replaced = graph.shadowed.get(node);
    if (l.module.errors.length) return;
    if (replaced) {
      out.migrations.push(up);
      out.diagnostics.push(
        pyDiagnostic(
          'opaque-code',
          l.file,
          `Not checked: this squashed migration replaces ${replaced.map((r) => `${r.app}.${r.name}`).join(', ')}, which are still here and are linted instead. Django runs it only on a database where none of them has run.`,
          node.classSpan,
          up,
        ),
      );
      return;
    }
    const ops = l.attrs.get('operations');
    // Operations run against a copy of the state: a broken migration does not poison the next.
    const next = state.clone();
    const result = new DjangoInterpreter(l.info, l.app, engine, next).run(ops?.value, node.classSpan);
    state = next;
    attach(up, result.up);
    up.comments.push(...result.comments);
    out.migrations.push(up);
    const down: Migration = { ...base, id: `${l.file}#reverse_sql`, orderKey: [set.root, 2, graph.order.length - i], direction: 'down', operations: [], comments: [...l.module.comments] };
    for (const f of result.findings) out.diagnostics.push(pyDiagnostic(f.ruleId, l.file, f.message, f.span, f.down ? down : up));
    if (result.down.length) {
      attach(down, result.down);
      out.migrations.push(down);
    }
  });
  return out;
}

export const djangoLayout: Layout = { name: 'django', detect, load };
