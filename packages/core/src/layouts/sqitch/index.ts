/**
 * Sqitch: `sqitch.plan` lists changes in deploy order; each has `deploy/<change>.sql`,
 * `revert/<change>.sql` and `verify/<change>.sql`; `sqitch.conf` names the engine and directories.
 * Scripts run through the engine's own client (psql …) with no transaction added. Facts: README.md.
 */
import type { Direction } from '../../model/migration.js';
import type { Project } from '../../files/project.js';
import { emptyOutput, layoutDiagnostic, type Layout, type LayoutOutput, type MigrationSet } from '../layout.js';
import {
  baseName,
  buildSqlMigration,
  chooseEngine,
  dirOf,
  engineFromName,
  engineFromUrl,
  GROUP,
  join,
  linesOf,
  readMigrationFile,
  setEngine,
  type ToolEngine,
} from '../sql-frameworks.js';

const HINT =
  'Remove the BEGIN/COMMIT around this statement in the deploy script (sqitch runs scripts through the database client, psql for PostgreSQL, which adds no transaction of its own), and keep it in a change of its own.';

/** git-config style: `[core]`, `[engine "pg"]`, `key = value`. Keys are `section.sub.key`, lower-cased. */
export function parseSqitchConf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)[#;].*$/, '').trim();
    if (!line) continue;
    const sec = /^\[\s*([^\s\]"]+)(?:\s+"([^"]*)")?\s*\]$/.exec(line);
    if (sec) {
      section = sec[2] !== undefined ? `${sec[1]!.toLowerCase()}.${sec[2]}` : sec[1]!.toLowerCase();
      continue;
    }
    const kv = /^([\w.-]+)\s*(?:=\s*(.*))?$/.exec(line);
    if (kv) out.set(`${section}.${kv[1]!.toLowerCase()}`, (kv[2] ?? 'true').replace(/^"(.*)"$/, '$1'));
  }
  return out;
}

export interface PlanChange {
  name: string;
  /** Script name: the change name, or `name@tag` for an earlier version of a reworked change. */
  script: string;
  line: number;
}

/**
 * Reads sqitch.plan: pragmas (`%…`), tags (`@…`), blank and `#` lines are skipped; every other
 * line starts with a change name. A name that appears again after a tag was reworked: its earlier
 * scripts are `<name>@<first tag after it>.sql`.
 */
export function parsePlan(text: string): { changes: PlanChange[]; problems: Array<{ line: number; message: string }> } {
  const changes: Array<PlanChange & { tagAfter?: string; tagLine?: number }> = [];
  const problems: Array<{ line: number; message: string }> = [];
  linesOf(text).forEach((l, i) => {
    const line = l.text.trim();
    if (!line || line.startsWith('#') || line.startsWith('%')) return;
    if (line.startsWith('@')) {
      const tag = /^@(\S+)/.exec(line)![1]!;
      for (const c of changes) {
        if (c.tagAfter !== undefined) continue;
        c.tagAfter = tag;
        c.tagLine = i + 1;
      }
      return;
    }
    const m = /^[+-]?([^\s[#@:\\]+)/.exec(line);
    if (!m) {
      problems.push({ line: i + 1, message: `sqitch.plan line ${i + 1} is not a change, tag or pragma: sqitch refuses this plan.` });
      return;
    }
    changes.push({ name: m[1]!, script: m[1]!, line: i + 1 });
  });
  changes.forEach((c, i) => {
    const later = changes.slice(i + 1).find((o) => o.name === c.name);
    // The tag must come between the two: a tag after the rework does not name the old scripts.
    if (later && c.tagLine !== undefined && c.tagLine < later.line) c.script = `${c.name}@${c.tagAfter}`;
  });
  for (const [i, c] of changes.entries()) {
    if (c.script === c.name && changes.slice(i + 1).some((o) => o.name === c.name)) {
      problems.push({ line: c.line, message: `Change '${c.name}' appears twice in sqitch.plan without a tag between: sqitch refuses this plan (rework a change only after tagging it).` });
    }
  }
  return { changes: changes.map(({ name, script, line }) => ({ name, script, line })), problems };
}

interface SqitchConfig {
  topDir: string;
  planFile: string;
  dirs: Record<'deploy' | 'revert' | 'verify', string>;
  extension: string;
  tool: ToolEngine | undefined;
}

async function readConfig(project: Project, root: string): Promise<SqitchConfig> {
  const confFile = join(root, 'sqitch.conf');
  const conf = parseSqitchConf((await project.readText(confFile)) ?? '');
  const engineName = conf.get('core.engine');
  const get = (key: string) => (engineName ? conf.get(`engine.${engineName}.${key}`) : undefined) ?? conf.get(`core.${key}`);
  const topDir = join(root, get('top_dir') ?? '.').replace(/\/\.$/, '').replace(/^\.\//, '') || '.';
  const dir = (kind: string) => {
    const v = get(`${kind}_dir`);
    return v ? join(root, v) : join(topDir === '.' ? root : topDir, kind);
  };
  let tool: ToolEngine | undefined;
  if (engineName) {
    const e = engineFromName(engineName);
    tool = e && { ...e, origin: `${confFile} (core.engine = ${engineName})` };
  } else {
    const target = conf.get('core.target');
    const uri = target && (target.startsWith('db:') ? target : conf.get(`target.${target}.uri`));
    const e = uri ? engineFromUrl(uri.replace(/^db:/, '')) : undefined;
    tool = e && { ...e, origin: `${confFile} (target ${uri})` };
  }
  return {
    topDir,
    planFile: get('plan_file') ? join(root, get('plan_file')!) : join(topDir === '.' ? root : topDir, 'sqitch.plan'),
    dirs: { deploy: dir('deploy'), revert: dir('revert'), verify: dir('verify') },
    extension: get('extension') ?? 'sql',
    tool,
  };
}

export const sqitchLayout: Layout = {
  name: 'sqitch',
  async detect(_dir, files, project) {
    const sets: MigrationSet[] = [];
    const plans = new Set<string>();
    // A sqitch.conf (with its top_dir / plan_file) first, then any plan without one.
    const roots = [...files.filter((f) => baseName(f) === 'sqitch.conf').map(dirOf), ...files.filter((f) => baseName(f) === 'sqitch.plan').map(dirOf)];
    for (const root of roots) {
      const config = await readConfig(project, root);
      if (plans.has(config.planFile) || !files.includes(config.planFile)) continue;
      plans.add(config.planFile);
      const under = (d: string) => (p: string) => p.startsWith(`${d}/`) && p.endsWith(`.${config.extension}`);
      const claimed = files.filter((p) => p === config.planFile || Object.values(config.dirs).some((d) => under(d)(p)));
      sets.push({ layout: 'sqitch', root, files: claimed, data: { all: claimed } });
    }
    return sets;
  },
  async load(set, ctx) {
    const out = emptyOutput();
    const config = await readConfig(ctx.project, set.root);
    if (!setEngine(ctx.settingsFor(set.files[0] ?? set.root), config.tool, out, config.planFile, 'sqitch')) return out;
    const planText = await ctx.project.readText(config.planFile);
    if (planText === undefined) {
      out.diagnostics.push(layoutDiagnostic('layout-error', config.planFile, `Cannot read the sqitch plan ${config.planFile}; sqitch cannot deploy without it.`));
      return out;
    }
    const plan = parsePlan(planText);
    const planSource = await readMigrationFile(ctx.project, config.planFile, out);
    const lineSpan = (line: number) => {
      if (!planSource) return undefined;
      const start = planSource.lineOffset(line);
      const text = planSource.text.slice(start);
      const end = text.search(/\r?\n|\r/);
      return planSource.span(start, end < 0 ? planSource.text.length : start + end);
    };
    for (const p of plan.problems) out.diagnostics.push(layoutDiagnostic('layout-error', config.planFile, p.message, lineSpan(p.line)));
    const all = (set.data as { all?: string[] } | undefined)?.all ?? set.files;
    const whole = all.every((f) => set.files.includes(f));
    for (const [index, change] of plan.changes.entries()) {
      for (const kind of ['deploy', 'revert', 'verify'] as const) {
        const file = join(config.dirs[kind], `${change.script}.${config.extension}`);
        if (!whole && !set.files.includes(file)) continue;
        if (!ctx.project.exists(file)) {
          if (kind === 'deploy') out.diagnostics.push(layoutDiagnostic('layout-error', config.planFile, `sqitch.plan line ${change.line}: change '${change.name}' has no deploy script ${file}; sqitch deploy fails on it.`, lineSpan(change.line)));
          continue;
        }
        await loadScript(ctx, file, kind, index, set.root, chooseEngine(ctx.settingsFor(file), config.tool).engine, out);
      }
    }
    return out;
  },
};

async function loadScript(
  ctx: { project: Project },
  file: string,
  kind: 'deploy' | 'revert' | 'verify',
  index: number,
  root: string,
  engine: import('../../model/migration.js').Engine,
  out: LayoutOutput,
): Promise<void> {
  const source = await readMigrationFile(ctx.project, file, out);
  if (!source) return;
  // Revert and verify scripts never deploy schema changes: they are linted as down code.
  const direction: Direction = kind === 'deploy' ? 'up' : 'down';
  const built = buildSqlMigration(
    source,
    engine,
    { id: kind === 'verify' ? `${file}#verify` : file, layout: 'sqitch', orderKey: [root, kind === 'deploy' ? GROUP.up : GROUP.down, String(index), kind], direction, transactional: 'no' },
    { sql: source.text },
    { nonTransactional: HINT, transaction: 'sqitch adds no transaction: only BEGIN/COMMIT in the script itself make one.' },
  );
  out.migrations.push(built.migration);
  out.diagnostics.push(...built.diagnostics);
}
