import type { Engine, Migration, Transactional } from '../model/migration.js';
import type { ObjectRef, Operation } from '../model/operation.js';
import { postgresEffect, strongerLock, type LockEffect, type LockMode } from './locks.js';
import { SchemaModel } from './schema.js';

export type TableSize = 'large' | 'small' | 'unknown';

export interface HeldLock {
  table: ObjectRef;
  mode: LockMode;
  /** The earlier operation of the transaction that took it. */
  by: Operation;
}

export interface Timeouts {
  lockTimeout: boolean;
  statementTimeout: boolean;
}

/**
 * Shared facts about migrations, computed once per run and offered to every rule through
 * `ctx.analysis`, so that no rule re-derives them.
 */
export interface Analysis {
  /**
   * True when the table is created by an earlier operation of the same migration (same file,
   * changeSet or revision). Tables from earlier migrations are existing, even in the same run.
   */
  isNewTable(table: ObjectRef, at: Operation): boolean;
  /** Whether the operation runs inside a transaction block: the layout's own plus explicit BEGIN. */
  inTransaction(op: Operation): Transactional;
  /**
   * The schema replayed from every earlier migration of the run (up direction), in order, up to
   * just before the operation being visited. Objects no linted migration created are unknown.
   */
  readonly schema: SchemaModel;
  /** Locks, rewrite and scan of an operation on the target engine (PostgreSQL; empty elsewhere). */
  effect(op: Operation): LockEffect;
  /**
   * Locks on EXISTING tables that earlier operations of the same transaction still hold when
   * this one runs (locks are held until the transaction ends), strongest per table.
   */
  heldBefore(op: Operation): Map<string, HeldLock>;
  /** The operations that share this operation's transaction block, in order (just itself when none). */
  transactionOf(op: Operation): Operation[];
  /** Whether lock_timeout / statement_timeout is set (non-zero) when the operation runs. */
  timeoutsBefore(op: Operation): Timeouts;
  /** Size class from config (`tables`, `tableStats`); unknown tables may be large. */
  tableSize(table: ObjectRef): TableSize;
}

export interface AnalysisOptions {
  engineVersion?: (m: Migration) => number;
  tableSize?: (table: ObjectRef) => TableSize;
}

interface MigrationFacts {
  tx: Transactional[];
  /** Transaction block number per operation (-1: not in a known transaction). */
  block: number[];
  created: Map<string, number>;
  index: Map<Operation, number>;
  timeouts: Timeouts[];
  /** Operations per transaction block, in order. */
  blocks: Map<number, Operation[]>;
}

function refKeys(engine: Engine, t: ObjectRef): string[] {
  const fold = (s: string) => (engine === 'postgresql' ? s : s.toLowerCase());
  const name = fold(t.name);
  if (t.schema) {
    const schema = fold(t.schema);
    return engine === 'postgresql' && schema === 'public' ? [`public.${name}`, name] : [`${schema}.${name}`];
  }
  return engine === 'postgresql' ? [name, `public.${name}`] : [name];
}

const isOff = (v: string | undefined) => v === undefined || /^0+(ms|s|min)?$/i.test(v.trim()) || v.trim().toLowerCase() === 'default';

export class RunAnalysis implements Analysis {
  private readonly facts = new WeakMap<Migration, MigrationFacts>();
  private readonly schemas = new Map<Engine, SchemaModel>();
  private current: SchemaModel = new SchemaModel('postgresql');
  private readonly effects = new WeakMap<Operation, LockEffect>();

  constructor(private readonly options: AnalysisOptions = {}) {}

  get schema(): SchemaModel {
    return this.current;
  }

  /** Called by the engine before a migration's operations are visited. */
  enter(m: Migration): void {
    let s = this.schemas.get(m.engine);
    if (!s) this.schemas.set(m.engine, (s = new SchemaModel(m.engine)));
    this.current = s;
  }

  /** Called by the engine after every rule has visited an operation: replays it. */
  advance(op: Operation): void {
    if (!this.effects.has(op)) this.effects.set(op, this.computeEffect(op));
    if (op.migration.direction !== 'down' && !op.conditional) this.current.apply(op, op.migration);
  }

  private factsFor(m: Migration): MigrationFacts {
    let f = this.facts.get(m);
    if (f) return f;
    f = { tx: [], block: [], created: new Map(), index: new Map(), timeouts: [], blocks: new Map() };
    let implicit = m.transactional;
    let explicit = false;
    let block = 0;
    const session: Timeouts = { lockTimeout: false, statementTimeout: false };
    let local: Timeouts = { lockTimeout: false, statementTimeout: false };
    m.operations.forEach((op, i) => {
      f!.index.set(op, i);
      if (op.kind === 'transaction') {
        if (op.action === 'begin') {
          if (!explicit && implicit !== 'yes') block++;
          explicit = true;
        }
        if (op.action === 'commit' || op.action === 'rollback') {
          explicit = false;
          if (implicit === 'yes') implicit = 'no';
          local = { lockTimeout: false, statementTimeout: false };
        }
      }
      const state: Transactional = op.outsideTransaction ? 'no' : explicit ? 'yes' : implicit;
      f!.tx.push(state);
      f!.block.push(state === 'yes' ? block : -1);
      if (state === 'yes') {
        let ops = f!.blocks.get(block);
        if (!ops) f!.blocks.set(block, (ops = []));
        ops.push(op);
      }
      f!.timeouts.push({ lockTimeout: session.lockTimeout || local.lockTimeout, statementTimeout: session.statementTimeout || local.statementTimeout });
      // SET LOCAL outside a transaction block has no effect (PostgreSQL only warns).
      if (op.kind === 'setting' && (op.name === 'lock_timeout' || op.name === 'statement_timeout') && !(op.local && state !== 'yes')) {
        const on = !op.reset && !isOff(op.value);
        // SET LOCAL lasts until the transaction ends; SET until the session (the migration) ends.
        const target = op.local ? local : session;
        if (op.name === 'lock_timeout') target.lockTimeout = on;
        else target.statementTimeout = on;
      }
      if (op.kind === 'createTable') {
        for (const k of refKeys(m.engine, op.table)) if (!f!.created.has(k)) f!.created.set(k, i);
      }
      if (op.kind === 'renameTable') {
        const from = refKeys(m.engine, op.table).find((k) => f!.created.has(k));
        if (from !== undefined) {
          const at = f!.created.get(from)!;
          for (const k of refKeys(m.engine, { schema: op.table.schema, name: op.newName })) f!.created.set(k, at);
        }
      }
    });
    this.facts.set(m, f);
    return f;
  }

  isNewTable(table: ObjectRef, at: Operation): boolean {
    const f = this.factsFor(at.migration);
    const i = f.index.get(at) ?? Infinity;
    return refKeys(at.migration.engine, table).some((k) => (f.created.get(k) ?? Infinity) < i);
  }

  inTransaction(op: Operation): Transactional {
    const f = this.factsFor(op.migration);
    const i = f.index.get(op);
    return i === undefined ? 'unknown' : f.tx[i]!;
  }

  private computeEffect(op: Operation): LockEffect {
    if (op.migration.engine !== 'postgresql') return { locks: [], rewrite: 'no', scan: 'no', noTransaction: false };
    const version = this.options.engineVersion?.(op.migration) ?? 15;
    return postgresEffect(op, this.schemaFor(op), version);
  }

  private schemaFor(op: Operation): SchemaModel {
    return this.schemas.get(op.migration.engine) ?? this.current;
  }

  effect(op: Operation): LockEffect {
    let e = this.effects.get(op);
    if (!e) this.effects.set(op, (e = this.computeEffect(op)));
    return e;
  }

  transactionOf(op: Operation): Operation[] {
    const f = this.factsFor(op.migration);
    const i = f.index.get(op);
    if (i === undefined || f.block[i]! < 0) return [op];
    return f.blocks.get(f.block[i]!) ?? [op];
  }

  private readonly held = new WeakMap<Operation, Map<string, HeldLock>>();
  /** Per transaction block: how far the one-pass walk has got, and the locks held there. */
  private readonly walks = new WeakMap<Operation[], { next: number; running: Map<string, HeldLock> }>();

  heldBefore(op: Operation): Map<string, HeldLock> {
    const cached = this.held.get(op);
    if (cached) return cached;
    // One pass over the transaction, resumed where it stopped, and never past `op`: the effects
    // of later operations are not known until the replay reaches them.
    const ops = this.transactionOf(op);
    const schema = this.schemaFor(op);
    let walk = this.walks.get(ops);
    if (!walk) this.walks.set(ops, (walk = { next: 0, running: new Map() }));
    while (walk.next < ops.length && !this.held.has(op)) {
      const o = ops[walk.next++]!;
      this.held.set(o, new Map(walk.running));
      for (const l of this.effect(o).locks) {
        if (l.kind !== 'table' || this.isNewTable(l.relation, o)) continue;
        const k = schema.key(l.relation);
        const prev = walk.running.get(k);
        if (!prev || strongerLock(prev.mode, l.mode) !== prev.mode) walk.running.set(k, { table: l.relation, mode: l.mode, by: o });
      }
    }
    return this.held.get(op) ?? new Map();
  }

  timeoutsBefore(op: Operation): Timeouts {
    const f = this.factsFor(op.migration);
    const i = f.index.get(op);
    return i === undefined ? { lockTimeout: false, statementTimeout: false } : f.timeouts[i]!;
  }

  tableSize(table: ObjectRef): TableSize {
    return this.options.tableSize?.(table) ?? 'unknown';
  }
}
