import type { ObjectRef, Operation } from '../model/operation.js';
import type { SchemaModel } from './schema.js';
import { changesWithoutRewrite } from './types.js';

/** PostgreSQL's table-level lock modes, weakest first. */
export const LOCK_MODES = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;
export type LockMode = (typeof LOCK_MODES)[number];

export const lockRank = (m: LockMode) => LOCK_MODES.indexOf(m);
export const strongerLock = (a: LockMode, b: LockMode): LockMode => (lockRank(a) >= lockRank(b) ? a : b);

/**
 * What a lock mode blocks for other sessions, from PostgreSQL's conflict table: SELECT takes
 * ACCESS SHARE (only ACCESS EXCLUSIVE conflicts), INSERT/UPDATE/DELETE take ROW EXCLUSIVE
 * (SHARE and stronger conflict), DDL and VACUUM take SHARE UPDATE EXCLUSIVE or stronger.
 */
export function lockBlocks(mode: LockMode): { reads: boolean; writes: boolean } {
  return { reads: mode === 'ACCESS EXCLUSIVE', writes: lockRank(mode) >= lockRank('SHARE') };
}

export function describeBlocked(mode: LockMode): string {
  // From the conflict table: what other sessions' statements wait behind this mode.
  switch (mode) {
    case 'ACCESS EXCLUSIVE':
      return 'reads and writes';
    case 'EXCLUSIVE':
    case 'SHARE ROW EXCLUSIVE':
    case 'SHARE':
      return 'writes';
    case 'SHARE UPDATE EXCLUSIVE':
      return 'VACUUM, index builds and schema changes';
    case 'ROW EXCLUSIVE':
      return 'index builds and schema changes';
    default:
      return 'schema changes';
  }
}

export interface LockClaim {
  relation: ObjectRef;
  kind: 'table' | 'index';
  mode: LockMode;
}

export type Certainty = 'yes' | 'no' | 'maybe';

export interface LockEffect {
  locks: LockClaim[];
  /** The table (and its indexes) is rewritten. */
  rewrite: Certainty;
  /** Every row is read while the lock is held (validation, index build, NOT NULL check). */
  scan: Certainty;
  /** Fails inside a transaction block (CONCURRENTLY and friends). */
  noTransaction: boolean;
}

const table = (relation: ObjectRef, mode: LockMode): LockClaim => ({ relation, kind: 'table', mode });

/**
 * `ADD … USING INDEX` reuses the index, but a PRIMARY KEY first sets its columns NOT NULL: a full
 * scan for each column that may hold NULLs (none after a validated NOT NULL check, PostgreSQL 12+).
 */
function usingIndexScan(t: ObjectRef, type: string, index: string, schema: SchemaModel, version: number): Certainty {
  if (type !== 'primaryKey') return 'no';
  const cols = schema.index({ ...(t.schema ? { schema: t.schema } : {}), name: index })?.columns;
  if (!cols) return 'maybe';
  let unknown = false;
  for (const c of cols) {
    const state = schema.column(t, c);
    if (!state) unknown = true;
    else if (!state.notNull && !(version >= 12 && schema.hasValidatedNotNull(t, c))) return 'yes';
  }
  return unknown ? 'maybe' : 'no';
}

/**
 * The locks, rewrites and scans of one operation on PostgreSQL, as the server takes them
 * (checked against PostgreSQL 18 in packages/rules/test/oracle.test.ts). `schema` is the
 * replayed state just before the operation; `version` the target major version.
 */
export function postgresEffect(op: Operation, schema: SchemaModel, version: number): LockEffect {
  const e: LockEffect = { locks: [], rewrite: 'no', scan: 'no', noTransaction: false };
  const AE = 'ACCESS EXCLUSIVE';
  switch (op.kind) {
    case 'createTable':
      for (const c of op.columns) if (c.references) e.locks.push(table(c.references.table, 'SHARE ROW EXCLUSIVE'));
      for (const k of op.constraints) if (k.references) e.locks.push(table(k.references.table, 'SHARE ROW EXCLUSIVE'));
      if (op.partitionOf) e.locks.push(table(op.partitionOf, AE));
      break;
    case 'dropTable':
      for (const t of op.tables) {
        e.locks.push(table(t, AE));
        for (const k of schema.table(t)?.constraints.values() ?? []) if (k.references) e.locks.push(table(k.references, AE));
      }
      break;
    case 'renameTable':
    case 'dropColumn':
    case 'renameColumn':
    case 'dropNotNull':
    case 'setDefault':
    case 'dropDefault':
    case 'truncate':
      for (const t of op.kind === 'truncate' ? op.tables : [op.table]) e.locks.push(table(t, AE));
      break;
    case 'addColumn': {
      e.locks.push(table(op.table, AE));
      const c = op.column;
      if (c.references) e.locks.push(table(c.references.table, 'SHARE ROW EXCLUSIVE'));
      const serial = !!c.type && /^(small|big)?serial[248]?$/.test(c.type.name);
      const d = c.default;
      if (serial || c.identity || c.generated === 'stored' || d?.volatility === 'volatile') e.rewrite = 'yes';
      else if (d && !d.isNull && version < 11) e.rewrite = 'yes';
      else if (d?.volatility === 'unknown') e.rewrite = 'maybe';
      if (c.checks.length || (c.notNull && !d && !serial && !c.identity) || (c.references && d && !d.isNull)) e.scan = 'yes';
      break;
    }
    case 'alterColumnType': {
      e.locks.push(table(op.table, AE));
      const old = schema.column(op.table, op.column)?.type;
      e.rewrite = old ? (changesWithoutRewrite(old, op.newType) ? 'no' : 'yes') : 'maybe';
      break;
    }
    case 'setNotNull':
      e.locks.push(table(op.table, AE));
      e.scan = version >= 12 && schema.hasValidatedNotNull(op.table, op.column) ? 'no' : 'yes';
      break;
    case 'addConstraint': {
      const k = op.constraint;
      if (k.type === 'foreignKey') {
        e.locks.push(table(op.table, 'SHARE ROW EXCLUSIVE'));
        if (k.references) e.locks.push(table(k.references.table, 'SHARE ROW EXCLUSIVE'));
      } else e.locks.push(table(op.table, AE));
      e.scan = k.notValid ? 'no' : k.usingIndex ? usingIndexScan(op.table, k.type, k.usingIndex, schema, version) : 'yes';
      break;
    }
    case 'validateConstraint': {
      e.locks.push(table(op.table, 'SHARE UPDATE EXCLUSIVE'));
      const refs = schema.table(op.table)?.constraints.get(op.name)?.references;
      if (refs) e.locks.push(table(refs, 'ROW SHARE'));
      e.scan = 'yes';
      break;
    }
    case 'dropConstraint':
      e.locks.push(table(op.table, AE));
      break;
    case 'createIndex':
      e.locks.push(table(op.table, op.concurrently ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE'));
      e.scan = 'yes';
      e.noTransaction = op.concurrently;
      break;
    case 'dropIndex':
      for (const ix of op.indexes) {
        const owner = schema.index(ix)?.table ?? op.table;
        if (owner) e.locks.push(table(owner, op.concurrently ? 'SHARE UPDATE EXCLUSIVE' : AE));
        e.locks.push({ relation: ix, kind: 'index', mode: op.concurrently ? 'SHARE UPDATE EXCLUSIVE' : AE });
      }
      e.noTransaction = op.concurrently;
      break;
    case 'reindex':
      if (op.name && op.target === 'table') e.locks.push(table(op.name, op.concurrently ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE'));
      if (op.name && op.target === 'index') {
        const owner = schema.index(op.name)?.table;
        if (owner) e.locks.push(table(owner, op.concurrently ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE'));
        e.locks.push({ relation: op.name, kind: 'index', mode: op.concurrently ? 'SHARE UPDATE EXCLUSIVE' : AE });
      }
      e.scan = 'yes';
      e.noTransaction = op.concurrently || op.target === 'schema' || op.target === 'database' || op.target === 'system';
      break;
    case 'dataChange':
      if (op.table) e.locks.push(table(op.table, 'ROW EXCLUSIVE'));
      e.scan = op.action !== 'insert' && !op.hasWhere ? 'yes' : 'no';
      break;
    case 'maintenance':
      for (const t of op.tables) {
        const mode: LockMode =
          op.action === 'vacuumFull' || op.action === 'cluster' ? AE
          : op.action === 'refreshMaterializedView' ? (op.concurrently ? 'EXCLUSIVE' : AE)
          : 'SHARE UPDATE EXCLUSIVE';
        e.locks.push(table(t, mode));
      }
      e.rewrite = op.action === 'vacuumFull' || op.action === 'cluster' || op.action === 'refreshMaterializedView' ? 'yes' : 'no';
      e.scan = 'yes';
      e.noTransaction = op.action === 'vacuum' || op.action === 'vacuumFull';
      break;
    case 'partition':
      if (op.action === 'attach') {
        e.locks.push(table(op.table, version >= 12 ? 'SHARE UPDATE EXCLUSIVE' : AE), table(op.partition, AE));
        e.scan = 'maybe'; // skipped when a validated CHECK implies the partition bound
      } else {
        const mode: LockMode = op.concurrently ? 'SHARE UPDATE EXCLUSIVE' : AE;
        e.locks.push(table(op.table, mode), table(op.partition, mode));
        e.noTransaction = op.concurrently;
      }
      break;
    case 'other':
      if (op.table && /^ALTER TABLE /.test(op.statement)) {
        e.locks.push(table(op.table, AE));
        if (/SET(UN)?LOGGED|SetLogged|SetUnLogged/i.test(op.statement)) e.rewrite = 'yes';
      }
      break;
    default:
      break;
  }
  return e;
}
