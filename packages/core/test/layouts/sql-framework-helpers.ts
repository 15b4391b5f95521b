/** Test helpers for the SQL-file framework layouts: write a tree, discover, lint, summarise. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  compareOrderKeys,
  defineRule,
  discoverMigrationSets,
  layoutByName,
  lintSets,
  loadParsers,
  Project,
  resolveConfig,
  type LayoutOutput,
  type LintResult,
  type Migration,
  type Rule,
  type UserConfig,
} from '@migralint/core';

/** Reports CREATE INDEX CONCURRENTLY where the analysis says it runs inside a transaction. */
export const cicInTransaction = defineRule({
  meta: { id: 'cic-in-tx', description: 'd', engines: ['postgresql'], recommended: 'error', directions: ['up', 'down', 'repeatable'], messages: { tx: 'CIC in a transaction.' }, help: 'h' },
  create: (ctx) => ({
    createIndex(op) {
      if (op.concurrently && ctx.analysis.inTransaction(op) === 'yes') ctx.report({ op, messageId: 'tx' });
    },
  }),
}) as Rule<never>;

/** A destructive rule with the default directions (up, repeatable): silent on down code. */
export const noDropTable = defineRule({
  meta: { id: 'no-drop-table', description: 'd', engines: ['postgresql', 'mysql', 'sqlite'], recommended: 'error', messages: { drop: 'Dropping a table.' }, help: 'h' },
  create: (ctx) => ({
    dropTable(op) {
      ctx.report({ op, messageId: 'drop' });
    },
  }),
}) as Rule<never>;

/** Reports every CREATE INDEX (for span checks). */
export const anyIndex = defineRule({
  meta: { id: 'any-index', description: 'd', engines: ['postgresql', 'mysql', 'sqlite'], recommended: 'error', messages: { ix: 'Index.' }, help: 'h' },
  create: (ctx) => ({
    createIndex(op) {
      ctx.report({ op, messageId: 'ix' });
    },
  }),
}) as Rule<never>;

export function writeTree(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migralint-layout-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export interface Linted {
  results: LintResult[];
  /** `file:line:col ruleId message` for every diagnostic, sorted as reported. */
  diagnostics: string[];
  /** `ruleId@file:line` only. */
  findings: string[];
  /** Migrations in lint order: `id layout engine direction transactional`. */
  order: string[];
}

/** Lints a temp project with the given rules (none: only layout diagnostics). */
export async function lintTree(files: Record<string, string | Uint8Array>, options: { config?: UserConfig; rules?: Rule<never>[]; paths?: string[] } = {}): Promise<Linted> {
  const cwd = writeTree(files);
  const config = resolveConfig({ file: undefined, dir: cwd, config: options.config ?? {} }, options.rules ?? [cicInTransaction, noDropTable]);
  const project = new Project(cwd, config.ignores, cwd);
  const found = await discoverMigrationSets(project, (options.paths ?? ['.']).map((path) => ({ path })));
  const results = await lintSets(project, found.sets, config);
  const all = results.flatMap((r) => r.diagnostics);
  const migrations = results.flatMap((r) => r.migrations).sort((a, b) => compareOrderKeys(a.orderKey, b.orderKey));
  return {
    results,
    diagnostics: all.map((d) => `${d.file}:${d.span.start.line}:${d.span.start.column} ${d.ruleId} ${d.message}`),
    findings: all.map((d) => `${d.ruleId}@${d.file}:${d.span.start.line}`),
    order: migrations.map((m) => `${m.id} ${m.layout} ${m.engine} ${m.direction} ${m.transactional}`),
  };
}

/** Runs one layout's detect + load on a temp project, to see the migrations themselves (hints …). */
export async function loadTree(layout: string, files: Record<string, string | Uint8Array>, settings: { engine?: 'postgresql' | 'mysql' | 'sqlite'; engineExplicit?: boolean } = {}): Promise<LayoutOutput & { byId: Map<string, Migration> }> {
  await loadParsers();
  const cwd = writeTree(files);
  const project = new Project(cwd);
  const l = layoutByName(layout)!;
  const sets = await l.detect('.', await project.list('.'), project);
  const out: LayoutOutput = { migrations: [], diagnostics: [], sources: [] };
  for (const set of sets) {
    const o = await l.load(set, { project, settingsFor: () => ({ engine: settings.engine ?? 'postgresql', engineExplicit: settings.engineExplicit ?? false }) });
    out.migrations.push(...o.migrations);
    out.diagnostics.push(...o.diagnostics);
    out.sources.push(...o.sources);
  }
  return { ...out, byId: new Map(out.migrations.map((m) => [m.id, m])) };
}
