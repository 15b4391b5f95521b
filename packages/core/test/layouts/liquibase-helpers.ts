/** Test helpers for the Liquibase layout: write a tree, load it as migrations, lint it with probe rules. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  compareOrderKeys,
  defineRule,
  discoverMigrationSets,
  layoutByName,
  lint,
  loadParsers,
  Project,
  resolveConfig,
  type Engine,
  type LintResult,
  type Migration,
  type Operation,
  type OperationKind,
  type Rule,
  type UserConfig,
  type Visitors,
} from '@migralint/core';

export function writeTree(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migralint-lb-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export interface Loaded {
  dir: string;
  migrations: Migration[];
  /** `file:line:col ruleId message` of the layout's own diagnostics. */
  diagnostics: string[];
  /** Files the Liquibase sets claim. */
  claimed: string[];
  /** Sets found, by layout. */
  layouts: string[];
}

/** Discovers and loads a tree with the Liquibase layout only (no rules), in migration order. */
export async function loadTree(
  files: Record<string, string | Uint8Array>,
  settings: { engine?: Engine; engineExplicit?: boolean } = {},
  paths: string[] = ['.'],
): Promise<Loaded> {
  await loadParsers();
  const dir = writeTree(files);
  const project = new Project(dir);
  const found = await discoverMigrationSets(project, paths.map((path) => ({ path })));
  const layout = layoutByName('liquibase')!;
  const out: Loaded = { dir, migrations: [], diagnostics: [], claimed: [], layouts: found.sets.map((s) => s.layout) };
  for (const set of found.sets.filter((s) => s.layout === 'liquibase')) {
    out.claimed.push(...set.files);
    const r = await layout.load(set, { project, settingsFor: () => ({ engine: settings.engine ?? 'postgresql', engineExplicit: settings.engineExplicit ?? false }) });
    out.migrations.push(...r.migrations);
    out.diagnostics.push(...r.diagnostics.map((d) => `${d.file}:${d.span.start.line}:${d.span.start.column} ${d.ruleId} ${d.message}`));
  }
  out.migrations.sort((a, b) => compareOrderKeys(a.orderKey, b.orderKey));
  return out;
}

/** `id direction transactional` of each migration, in order. */
export const order = (l: Loaded) => l.migrations.map((m) => `${m.id} ${m.direction} ${m.transactional}`);

/** A compact description of an operation, for assertions. */
export function describeOp(op: Operation): string {
  const line = `${op.span.start.line}:${op.span.start.column}`;
  switch (op.kind) {
    case 'createTable':
      return `${line} createTable ${op.table.name}(${op.columns.map((c) => `${c.name} ${c.type?.text ?? '?'}${c.notNull ? ' notnull' : ''}${c.primaryKey ? ' pk' : ''}${c.unique ? ' unique' : ''}${c.default ? ` default=${c.default.text}/${c.default.volatility}` : ''}${c.identity ? ' identity' : ''}${c.references ? ` ref=${c.references.table.name}(${c.references.columns.join(',')})` : ''}`).join(', ')})`;
    case 'addColumn': {
      const c = op.column;
      return `${line} addColumn ${op.table.name}.${c.name} ${c.type?.text ?? '?'}${c.notNull ? ' notnull' : ''}${c.default ? ` default=${c.default.text}/${c.default.volatility}` : ''}${c.identity ? ' identity' : ''}`;
    }
    case 'addConstraint':
      return `${line} addConstraint ${op.table.name} ${op.constraint.type} ${op.constraint.name ?? '-'}(${op.constraint.columns.join(',')})${op.constraint.notValid ? ' notValid' : ''}${op.constraint.usingIndex ? ` using=${op.constraint.usingIndex}` : ''}`;
    case 'createIndex':
      return `${line} createIndex ${op.name ?? '-'} on ${op.table.name}(${op.columns.join(',')})${op.unique ? ' unique' : ''}${op.concurrently ? ' concurrently' : ''}`;
    case 'dropIndex':
      return `${line} dropIndex ${op.indexes.map((i) => i.name).join(',')}${op.concurrently ? ' concurrently' : ''}`;
    case 'dataChange':
      return `${line} dataChange ${op.action} ${op.table?.name ?? '?'}${op.hasWhere ? ' where' : ''}`;
    case 'alterColumnType':
      return `${line} alterColumnType ${op.table.name}.${op.column} ${op.newType.text}${op.using ? ` using ${op.using}` : ''}`;
    case 'setDefault':
      return `${line} setDefault ${op.table.name}.${op.column} ${op.default.text}/${op.default.volatility}`;
    case 'opaque':
      return `${line} opaque ${op.reason}`;
    case 'other':
      return `${line} other ${op.statement}`;
    case 'dropTable':
      return `${line} dropTable ${op.tables.map((t) => (t.schema ? `${t.schema}.${t.name}` : t.name)).join(',')}`;
    case 'renameTable':
      return `${line} renameTable ${op.table.name}->${op.newName}`;
    case 'renameColumn':
      return `${line} renameColumn ${op.table.name}.${op.column}->${op.newName}`;
    case 'dropColumn':
    case 'setNotNull':
    case 'dropNotNull':
    case 'dropDefault':
      return `${line} ${op.kind} ${op.table.name}.${op.column}`;
    case 'dropConstraint':
      return `${line} dropConstraint ${op.table.name}.${op.name}`;
    default:
      return `${line} ${op.kind}`;
  }
}

export const ops = (m: Migration | undefined) => (m ? m.operations.map(describeOp) : []);

const KINDS: OperationKind[] = [
  'createTable', 'dropTable', 'renameTable', 'addColumn', 'dropColumn', 'renameColumn', 'alterColumnType', 'setNotNull', 'dropNotNull',
  'setDefault', 'dropDefault', 'addConstraint', 'validateConstraint', 'dropConstraint', 'createIndex', 'dropIndex', 'dataChange', 'other', 'opaque',
];

/** Reports every operation (all directions, all engines): its kind, at its span. */
export const probe = defineRule({
  meta: { id: 'probe', description: 'd', engines: ['postgresql', 'mysql', 'sqlite'], recommended: 'error', directions: ['up', 'down', 'repeatable'], messages: { op: '{{kind}}' }, help: 'h' },
  create: (ctx) => Object.fromEntries(KINDS.map((k) => [k, (op: Operation) => ctx.report({ op, messageId: 'op', data: { kind: op.kind } })])) as Visitors,
}) as Rule<never>;

/** A destructive rule with the default directions (up, repeatable): silent on rollback code. */
export const noDrop = defineRule({
  meta: { id: 'no-drop', description: 'd', engines: ['postgresql', 'mysql', 'sqlite'], recommended: 'error', messages: { drop: 'drop' }, help: 'h' },
  create: (ctx) => ({
    dropTable: (op) => ctx.report({ op, messageId: 'drop' }),
    dropColumn: (op) => ctx.report({ op, messageId: 'drop' }),
  }),
}) as Rule<never>;

/** Reports CREATE INDEX CONCURRENTLY that runs inside a transaction, and every plain CREATE INDEX. */
export const indexRule = defineRule({
  meta: { id: 'index', description: 'd', engines: ['postgresql'], recommended: 'error', directions: ['up', 'down', 'repeatable'], messages: { tx: 'cic in tx', plain: 'plain' }, help: 'h' },
  create: (ctx) => ({
    createIndex(op) {
      if (op.concurrently && ctx.analysis.inTransaction(op) === 'yes') ctx.report({ op, messageId: 'tx' });
      if (!op.concurrently) ctx.report({ op, messageId: 'plain' });
    },
  }),
}) as Rule<never>;

/** Lints a tree end to end with the given rules (all enabled as errors). */
export async function lintTree(files: Record<string, string | Uint8Array>, rules: Rule<never>[], config: UserConfig = {}, paths: string[] = ['.']): Promise<{ results: LintResult[]; lines: string[] }> {
  const dir = writeTree(files);
  const resolved = resolveConfig({ file: undefined, dir, config: { extends: [], rules: Object.fromEntries(rules.map((r) => [r.meta.id, 'error'])), ...config } }, rules);
  const results = await lint(paths.map((path) => ({ path })), resolved, { cwd: dir });
  const lines = results.flatMap((r) => r.diagnostics.map((d) => `${d.file}:${d.span.start.line}:${d.span.start.column} ${d.ruleId}${d.ruleId === 'probe' || d.ruleId === 'index' || d.ruleId === 'no-drop' ? ` ${d.message}` : ''}`));
  return { results, lines };
}
