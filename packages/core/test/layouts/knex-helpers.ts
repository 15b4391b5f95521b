/** Test helpers for the Knex layout: write a temp project, detect + load, summarise operations. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { layoutByName, loadParsers, Project, type Diagnostic, type Engine, type LayoutOutput, type Migration, type Operation } from '@migralint/core';

export function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migralint-knex-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export interface Loaded extends LayoutOutput {
  byId: Map<string, Migration>;
  /** `file:line:col ruleId message`. */
  problems: string[];
}

/** Runs the knex layout's detect + load on a temp project (as `migralint <dir>` would). */
export async function loadKnex(files: Record<string, string>, settings: { engine?: Engine; engineExplicit?: boolean; dir?: string } = {}): Promise<Loaded> {
  await loadParsers();
  const cwd = writeTree(files);
  const project = new Project(cwd);
  const layout = layoutByName('knex')!;
  const dir = settings.dir ?? '.';
  const sets = await layout.detect(dir, await project.list(dir), project);
  const out: LayoutOutput = { migrations: [], diagnostics: [], sources: [] };
  for (const set of sets) {
    const o = await layout.load(set, { project, settingsFor: () => ({ engine: settings.engine ?? 'postgresql', engineExplicit: settings.engineExplicit ?? false }) });
    out.migrations.push(...o.migrations);
    out.diagnostics.push(...o.diagnostics);
    out.sources.push(...o.sources);
  }
  return { ...out, byId: new Map(out.migrations.map((m) => [m.id, m])), problems: out.diagnostics.map(show) };
}

export function show(d: Diagnostic): string {
  return `${d.file}:${d.span.start.line}:${d.span.start.column} ${d.ruleId} ${d.message}`;
}

function table(t: { schema?: string; name: string } | undefined): string {
  return t ? (t.schema ? `${t.schema}.${t.name}` : t.name) : '?';
}

/** One line per operation: `kind detail @line[?]` (`?` marks conditional operations). */
export function describeOp(op: Operation): string {
  const at = `@${op.span.start.line}${op.conditional ? '?' : ''}`;
  switch (op.kind) {
    case 'createTable':
      return `createTable ${table(op.table)}(${op.columns.map((c) => `${c.name} ${c.type?.text ?? '?'}${c.notNull ? ' not null' : ''}${c.default ? ` default ${c.default.text}` : ''}`).join(', ')}) ${at}`;
    case 'addColumn': {
      const c = op.column;
      return `addColumn ${table(op.table)}.${c.name} ${c.type?.text ?? '?'}${c.notNull ? ' not null' : ''}${c.default ? ` default ${c.default.text} (${c.default.volatility})` : ''}${c.checks.length ? ` check ${c.checks.join(' ')}` : ''} ${at}`;
    }
    case 'alterColumnType':
      return `alterColumnType ${table(op.table)}.${op.column} ${op.newType.text}${op.notNull !== undefined ? (op.notNull ? ' not null' : ' null') : ''} ${at}`;
    case 'dropColumn':
    case 'setNotNull':
    case 'dropNotNull':
    case 'dropDefault':
      return `${op.kind} ${table(op.table)}.${op.column} ${at}`;
    case 'setDefault':
      return `setDefault ${table(op.table)}.${op.column} ${op.default.text} (${op.default.volatility}) ${at}`;
    case 'renameColumn':
      return `renameColumn ${table(op.table)}.${op.column}->${op.newName} ${at}`;
    case 'renameTable':
      return `renameTable ${table(op.table)}->${op.newName} ${at}`;
    case 'dropTable':
      return `dropTable ${op.tables.map(table).join(',')}${op.ifExists ? ' if exists' : ''} ${at}`;
    case 'createIndex':
      return `createIndex ${op.name ?? '?'} on ${table(op.table)}(${op.columns.join(',')})${op.unique ? ' unique' : ''}${op.concurrently ? ' concurrently' : ''} ${at}`;
    case 'dropIndex':
      return `dropIndex ${op.indexes.map(table).join(',')}${op.concurrently ? ' concurrently' : ''} ${at}`;
    case 'addConstraint': {
      const k = op.constraint;
      return `addConstraint ${table(op.table)} ${k.type} ${k.name ?? '?'}(${k.columns.join(',')})${k.references ? ` -> ${table(k.references.table)}(${k.references.columns.join(',')})` : ''}${k.expression ? ` ${k.expression}` : ''}${k.notValid ? ' not valid' : ''} ${at}`;
    }
    case 'dropConstraint':
      return `dropConstraint ${table(op.table)} ${op.name} ${at}`;
    case 'dataChange':
      return `dataChange ${op.action} ${table(op.table)}${op.hasWhere ? ' where' : ''} ${at}`;
    case 'transaction':
      return `transaction ${op.action} ${at}`;
    case 'createType':
      return `createType ${table(op.name)} ${op.values.join(',')} ${at}`;
    case 'opaque':
      return `opaque ${op.reason} ${at}`;
    case 'other':
      return `other ${op.statement} ${at}`;
    default:
      return `${op.kind} ${at}`;
  }
}

export function opsOf(loaded: Loaded, id: string): string[] {
  const m = loaded.byId.get(id);
  if (!m) throw new Error(`no migration ${id}; have ${[...loaded.byId.keys()].join(', ')}`);
  return m.operations.map(describeOp);
}
