import type { Migration } from '../model/migration.js';
import type { ObjectRef, Operation } from '../model/operation.js';
import type { Analysis, HeldLock } from './analysis.js';
import { ident, qualified } from './names.js';
import { describeBlocked, lockBlocks, strongerLock, type Certainty, type LockMode } from './locks.js';

/**
 * Where an operation sits in an expand/contract (parallel change) rollout:
 * - `expand` adds something the running code does not use yet (table, column, index, constraint);
 * - `contract` removes or changes something the running code may still use (drop, rename,
 *   type change, SET NOT NULL, DROP DEFAULT);
 * - `backfill` changes rows of a table that already exists;
 * - `neutral` is everything else (transaction control, settings, maintenance, code).
 * Changes to a table created earlier in the same migration are part of creating it: `expand`.
 */
export type Phase = 'expand' | 'contract' | 'backfill' | 'neutral';
export type MigrationLabel = Phase | 'mixed';

export interface StatementLock {
  relation: string;
  mode: LockMode;
  /** What the lock blocks for other sessions (see describeBlocked), or `nothing (new table)`. */
  blocks: string;
}

export interface StatementExplanation {
  line: number;
  kind: Operation['kind'];
  phase: Phase;
  summary: string;
  locks: StatementLock[];
  rewrite: Certainty;
  scan: Certainty;
  notes: string[];
}

export interface Classification {
  label: MigrationLabel;
  statements: StatementExplanation[];
}


const name = qualified;

/** Tables an operation changes (not the ones it only references). */
function targets(op: Operation): ObjectRef[] {
  switch (op.kind) {
    case 'dropTable':
    case 'truncate':
      return op.tables;
    case 'dropIndex':
      return op.table ? [op.table] : [];
    case 'createType':
    case 'alterEnum':
    case 'createDomain':
    case 'alterDomain':
    case 'transaction':
    case 'setting':
    case 'opaque':
    case 'reindex':
      return [];
    case 'maintenance':
      return op.tables;
    case 'dataChange':
    case 'other':
      return op.table ? [op.table] : [];
    default:
      return [op.table];
  }
}

/** True when every table the operation changes was created earlier in the same migration. */
function onNewTablesOnly(op: Operation, analysis: Analysis): boolean {
  const t = targets(op);
  return t.length > 0 && t.every((x) => analysis.isNewTable(x, op));
}

/**
 * True for changes that break code still using the schema as it was: dropping or renaming a
 * table or column, or changing a column's type. mixed-expand-contract reports these next to an
 * expand step, since no deploy order then keeps both application versions working.
 */
export function breaksRunningCode(op: Operation, analysis: Analysis): boolean {
  if (onNewTablesOnly(op, analysis)) return false;
  return op.kind === 'dropTable' || op.kind === 'dropColumn' || op.kind === 'renameTable' || op.kind === 'renameColumn' || op.kind === 'alterColumnType';
}

/** The operation's phase in an expand/contract rollout (see {@link Phase}). */
export function phaseOf(op: Operation, analysis: Analysis): Phase {
  switch (op.kind) {
    case 'createTable':
    case 'addColumn':
    case 'createIndex':
    case 'createType':
    case 'createDomain':
    case 'addConstraint':
    case 'validateConstraint':
    case 'setDefault':
    case 'dropNotNull':
      return 'expand';
    case 'alterEnum':
      return op.action === 'addValue' ? 'expand' : 'contract';
    case 'partition':
      return op.action === 'attach' ? 'expand' : 'contract';
    case 'dropTable':
      return onNewTablesOnly(op, analysis) ? 'neutral' : 'contract';
    case 'dropColumn':
    case 'renameTable':
    case 'renameColumn':
    case 'alterColumnType':
    case 'setNotNull':
    case 'dropDefault':
    case 'dropConstraint':
    case 'dropIndex':
    case 'truncate':
      return onNewTablesOnly(op, analysis) ? 'expand' : 'contract';
    case 'dataChange':
      return op.table && !analysis.isNewTable(op.table, op) ? 'backfill' : 'expand';
    case 'other':
      if (/^DROP /.test(op.statement)) return 'contract';
      return 'neutral';
    default:
      return 'neutral';
  }
}

/**
 * For every operation of a migration, the locks on existing tables that earlier operations of
 * its transaction still hold (`analysis.heldBefore`, linear over the migration). Call it once the
 * migration has been replayed (`migration:exit`, `onMigration`), when every effect is known.
 */
export function heldLocks(migration: Migration, analysis: Analysis): Map<Operation, Map<string, HeldLock>> {
  return new Map(migration.operations.map((op) => [op, analysis.heldBefore(op)]));
}

/** The label of a whole migration: its one phase, `mixed` when it has two or more, `neutral` when none. */
export function labelOf(phases: Iterable<Phase>): MigrationLabel {
  const seen = new Set([...phases].filter((p) => p !== 'neutral'));
  if (seen.size === 0) return 'neutral';
  if (seen.size > 1) return 'mixed';
  return [...seen][0]!;
}

function excerpt(op: Operation): string {
  const span = op.sql?.statementSpan ?? op.span;
  const text = op.migration.source.text.slice(span.start.offset, span.end.offset).replace(/\s+/g, ' ').trim();
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** A one-line description of the operation in SQL terms, with the user's names. */
export function summarize(op: Operation): string {
  const at = (t: ObjectRef) => `ALTER TABLE ${name(t)}`;
  switch (op.kind) {
    case 'createTable':
      return `CREATE TABLE ${name(op.table)}${op.asQuery ? ' AS …' : ''}`;
    case 'dropTable':
      return `DROP TABLE ${op.tables.map(name).join(', ')}${op.cascade ? ' CASCADE' : ''}`;
    case 'renameTable':
      return `${at(op.table)} RENAME TO ${ident(op.newName)}`;
    case 'addColumn':
      return `${at(op.table)} ADD COLUMN ${ident(op.column.name)}${op.column.type ? ` ${op.column.type.text}` : ''}`;
    case 'dropColumn':
      return `${at(op.table)} DROP COLUMN ${ident(op.column)}`;
    case 'renameColumn':
      return `${at(op.table)} RENAME COLUMN ${ident(op.column)} TO ${ident(op.newName)}`;
    case 'alterColumnType':
      return `${at(op.table)} ALTER COLUMN ${ident(op.column)} TYPE ${op.newType.text}`;
    case 'setNotNull':
      return `${at(op.table)} ALTER COLUMN ${ident(op.column)} SET NOT NULL`;
    case 'dropNotNull':
      return `${at(op.table)} ALTER COLUMN ${ident(op.column)} DROP NOT NULL`;
    case 'setDefault':
      return `${at(op.table)} ALTER COLUMN ${ident(op.column)} SET DEFAULT ${op.default.text}`;
    case 'dropDefault':
      return `${at(op.table)} ALTER COLUMN ${ident(op.column)} DROP DEFAULT`;
    case 'addConstraint': {
      const k = op.constraint;
      const type = { primaryKey: 'PRIMARY KEY', foreignKey: 'FOREIGN KEY', unique: 'UNIQUE', check: 'CHECK', exclude: 'EXCLUDE', notNull: 'NOT NULL' }[k.type];
      return `${at(op.table)} ADD ${k.name ? `CONSTRAINT ${ident(k.name)} ` : ''}${type}${k.notValid ? ' … NOT VALID' : ''}`;
    }
    case 'validateConstraint':
      return `${at(op.table)} VALIDATE CONSTRAINT ${ident(op.name)}`;
    case 'dropConstraint':
      return `${at(op.table)} DROP CONSTRAINT ${ident(op.name)}`;
    case 'createIndex':
      return `CREATE ${op.unique ? 'UNIQUE ' : ''}INDEX ${op.concurrently ? 'CONCURRENTLY ' : ''}${op.name ? `${ident(op.name)} ` : ''}ON ${name(op.table)}`;
    case 'dropIndex':
      return `DROP INDEX ${op.concurrently ? 'CONCURRENTLY ' : ''}${op.indexes.map(name).join(', ')}`;
    case 'dataChange':
      return `${op.action.toUpperCase()} ${op.action === 'insert' ? 'INTO ' : ''}${op.table ? name(op.table) : '…'}${op.action !== 'insert' && !op.hasWhere ? ' (every row)' : ''}`;
    case 'partition':
      return `${at(op.table)} ${op.action === 'attach' ? 'ATTACH' : 'DETACH'} PARTITION ${name(op.partition)}${op.concurrently ? ' CONCURRENTLY' : ''}`;
    case 'truncate':
      return `TRUNCATE ${op.tables.map(name).join(', ')}`;
    case 'transaction':
      return { begin: 'BEGIN', commit: 'COMMIT', rollback: 'ROLLBACK', savepoint: 'SAVEPOINT', release: 'RELEASE SAVEPOINT', rollbackTo: 'ROLLBACK TO SAVEPOINT', prepare: 'PREPARE TRANSACTION', other: excerpt(op) }[op.action];
    case 'setting':
      return op.reset ? `RESET ${op.name}` : `SET ${op.local ? 'LOCAL ' : ''}${op.name} = ${/^-?[\d.]+$/.test(op.value ?? '') ? op.value : `'${op.value ?? ''}'`}`;
    case 'opaque':
      return `(not seen into: ${op.reason})`;
    default:
      return excerpt(op);
  }
}

/**
 * Explains one migration after the run's analysis has replayed it (lintSets' `onMigration`):
 * its expand/contract label and, per operation, the locks it takes, whether it rewrites or
 * scans, and notes on the transaction it runs in. Pure: it reads the analysis, changes nothing.
 */
export function classify(migration: Migration, analysis: Analysis): Classification {
  const statements: StatementExplanation[] = [];
  const pg = migration.engine === 'postgresql';
  const heldAt = heldLocks(migration, analysis);
  // The COMMIT or ROLLBACK that ends the transaction of each operation, found from the end in one pass.
  const ops = migration.operations;
  const endOf = new Array<Operation | undefined>(ops.length);
  for (let i = ops.length - 1, next: Operation | undefined; i >= 0; i--) {
    endOf[i] = next;
    const o = ops[i]!;
    if (o.kind === 'transaction' && (o.action === 'commit' || o.action === 'rollback')) next = o;
  }
  let block = new Set<Operation>();
  ops.forEach((op, index) => {
    // transactionOf is a pass over the migration: once per transaction block, not per operation.
    if (!block.has(op)) block = new Set(analysis.transactionOf(op));
    const e = analysis.effect(op);
    const phase = phaseOf(op, analysis);
    const notes: string[] = [];
    const locks = e.locks.map((l): StatementLock => {
      const fresh = l.kind === 'table' && analysis.isNewTable(l.relation, op);
      return { relation: name(l.relation), mode: l.mode, blocks: fresh ? 'nothing (new table)' : describeBlocked(l.mode) };
    });
    const tx = analysis.inTransaction(op);
    if (op.kind !== 'transaction' && op.kind !== 'setting') {
      const blocking = e.locks.filter((l) => l.kind === 'table' && !analysis.isNewTable(l.relation, op) && (lockBlocks(l.mode).reads || lockBlocks(l.mode).writes));
      if (tx === 'yes' && e.locks.length && block.size > 1) {
        const end = endOf[index];
        notes.push(end ? `locks held until ${summarize(end)} (line ${end.span.start.line})` : 'locks held until the migration\'s transaction commits');
      }
      if (tx === 'no') notes.push('runs outside a transaction block');
      if (e.noTransaction && tx === 'yes') notes.push('fails inside a transaction block');
      const stmt = op.sql?.statementSpan.start.offset;
      for (const h of heldAt.get(op)!.values()) {
        if (h.by.sql?.statementSpan.start.offset === stmt && stmt !== undefined) continue;
        if (lockBlocks(h.mode).writes) notes.push(`runs while ${h.mode} on ${name(h.table)} is held (since line ${h.by.span.start.line})`);
      }
      if (pg && blocking.length && !analysis.timeoutsBefore(op).lockTimeout) notes.push('no lock_timeout in force');
      if (op.kind === 'opaque') notes.push('not checked: migralint cannot see into this code');
    }
    statements.push({ line: op.span.start.line, kind: op.kind, phase, summary: summarize(op), locks, rewrite: e.rewrite, scan: e.scan, notes });
  });
  return { label: labelOf(statements.map((s) => s.phase)), statements };
}
