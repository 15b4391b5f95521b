import { RunAnalysis, type Analysis } from '../analysis/analysis.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { applyDirectives, parseDirectives } from '../directives/directives.js';
import { Project } from '../files/project.js';
import { discoverMigrationSets } from '../layouts/discover.js';
import { layoutByName } from '../layouts/index.js';
import type { MigrationSet } from '../layouts/layout.js';
import { compareDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import type { Direction, Engine, Migration, Transactional } from '../model/migration.js';
import type { Comment, SourceFile } from '../model/source.js';
import { loadParsers } from '../sql/index.js';
import { runRules } from './run.js';

export interface MigrationSummary {
  id: string;
  layout: string;
  engine: Engine;
  direction: Direction;
  transactional: Transactional;
  orderKey: readonly (string | number)[];
  operations: number;
}

export interface LintResult {
  file: string;
  /** The file's text; undefined when it could not be read. */
  source: SourceFile | undefined;
  bom: boolean;
  diagnostics: Diagnostic[];
  migrations: MigrationSummary[];
}

export interface LintOptions {
  requireDirectiveReason?: boolean;
  /** Called after each migration's rules ran, in run order, with the run's analysis (for `migralint explain`). */
  onMigration?: (migration: Migration, analysis: Analysis) => void;
}

const collator = new Intl.Collator('en', { numeric: true });

export function compareOrderKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/**
 * Lints migration sets end to end: layout adapters, rules in migration order, directives.
 * Never throws for bad input: every problem becomes a diagnostic on its file.
 */
export async function lintSets(project: Project, sets: readonly MigrationSet[], config: ResolvedConfig, options: LintOptions = {}): Promise<LintResult[]> {
  await loadParsers();
  const results = new Map<string, LintResult>();
  const resultFor = (file: string): LintResult => {
    let r = results.get(file);
    if (!r) {
      r = { file, source: undefined, bom: false, diagnostics: [], migrations: [] };
      results.set(file, r);
    }
    return r;
  };
  const all: Migration[] = [];
  const settingsFor = (path: string) => {
    const fc = config.forFile(path, project.cwd);
    return { engine: fc.settings.engine, engineExplicit: fc.engineExplicit, assumeInTransaction: fc.assumeInTransaction };
  };

  for (const set of sets) {
    const layout = layoutByName(set.layout);
    try {
      if (!layout) throw new Error(`unknown layout '${set.layout}'`);
      const out = await layout.load(set, { project, settingsFor });
      for (const s of out.sources) Object.assign(resultFor(s.source.path), { source: s.source, bom: s.bom });
      for (const d of out.diagnostics) resultFor(d.file).diagnostics.push(d);
      all.push(...out.migrations);
    } catch (err) {
      const p = { line: 1, column: 1, offset: 0 };
      const file = set.files[0] ?? set.root;
      resultFor(file).diagnostics.push({
        ruleId: 'internal-error',
        severity: 'error',
        message: `Reading the ${set.layout} migrations in ${set.root} failed: ${(err as Error).message}`,
        file,
        span: { start: p, end: p },
      });
    }
  }

  // A migration's engine may come from its layout (flyway.url, knexfile …): its version is the
  // configured one for that engine, or that engine's default when the user gave none.
  const settingsOf = (m: Migration) => {
    const fc = config.forFile(m.source.path, project.cwd);
    const sameEngine = m.engine === fc.settings.engine || fc.engineVersionExplicit;
    return { fc, settings: { engine: m.engine, engineVersion: sameEngine ? fc.settings.engineVersion : config.defaultVersion(m.engine) } };
  };
  const analysis = new RunAnalysis({ engineVersion: (m) => settingsOf(m).settings.engineVersion, tableSize: config.tableSize });
  all.sort((a, b) => compareOrderKeys(a.orderKey, b.orderKey));
  const comments = new Map<string, Map<number, Comment>>();
  for (const m of all) {
    const file = m.source.path;
    const { fc, settings } = settingsOf(m);
    const fileConfig = { ...fc, settings };
    const r = resultFor(file);
    r.diagnostics.push(...runRules(m, config.registry, fileConfig, analysis));
    options.onMigration?.(m, analysis);
    r.migrations.push({ id: m.id, layout: m.layout, engine: m.engine, direction: m.direction, transactional: m.transactional, orderKey: m.orderKey, operations: m.operations.length });
    let c = comments.get(file);
    if (!c) comments.set(file, (c = new Map()));
    for (const x of m.comments) c.set(x.span.start.offset, x);
  }

  const known = new Set(config.registry.keys());
  for (const [file, c] of comments) {
    const r = results.get(file)!;
    if (!r.source) continue;
    r.diagnostics = applyDirectives(r.source, parseDirectives([...c.values()].sort((a, b) => a.span.start.offset - b.span.start.offset)), r.diagnostics, {
      knownRuleIds: known,
      reportUnused: config.reportUnusedDirectives === 'off' ? 'off' : config.reportUnusedDirectives === 'error' ? 'error' : 'warning',
      requireReason: options.requireDirectiveReason ?? false,
    });
  }
  const sorted = [...results.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const r of sorted) r.diagnostics.sort(compareDiagnostics);
  return sorted;
}

export interface LintInput {
  /** Path relative to `cwd` (or absolute), a directory, or a glob. */
  path: string;
  /** Content given directly (stdin); the path then only names it. */
  text?: string;
  layout?: string;
}

/** Discovers and lints: the programmatic equivalent of running the CLI on some paths. */
export async function lint(inputs: readonly LintInput[], config: ResolvedConfig, options: LintOptions & { cwd: string }): Promise<LintResult[]> {
  const supplied = new Map(inputs.filter((i) => i.text !== undefined).map((i) => [i.path, i.text!]));
  const project = new Project(options.cwd, config.ignores, config.dir, supplied);
  const found = await discoverMigrationSets(project, inputs.map((i) => ({ path: i.path, layout: i.layout ?? 'auto' })));
  const sets = [...found.sets];
  // Named paths that do not exist still get a result: a diagnostic, never silence.
  for (const m of found.missing) sets.push({ layout: 'sql', root: '.', files: [project.rel(m)] });
  return lintSets(project, sets, config, options);
}
