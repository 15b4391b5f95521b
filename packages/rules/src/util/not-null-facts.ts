import type { Analysis, ObjectRef, Operation, Visitors } from '@migralint/core';
import { constraintName } from './names.js';

interface TableFacts {
  /** Column → NOT NULL (true) or nullable (false), as this run's migrations declared it. */
  columns: Map<string, boolean>;
  /** NOT NULL checks (`CHECK (col IS NOT NULL)`, PostgreSQL 18 `NOT NULL col`) by constraint name. */
  checks: Map<string, { column: string; validated: boolean }>;
}

const runs = new WeakMap<Analysis, NotNullFacts>();
const key = (t: ObjectRef) => `${t.schema ?? 'public'}.${t.name}`;

/**
 * What the migrations of one lint run said about NULLs in columns of tables that no linted
 * migration created (the replayed schema does not follow those tables): columns added nullable,
 * SET/DROP NOT NULL, and NOT NULL checks added, validated or dropped. The expand/contract
 * recipes spread these over several migrations on old tables. Rules feed every operation they
 * visit through `apply` (idempotent) after judging it; facts about unknown columns stay unknown.
 */
export class NotNullFacts {
  private readonly tables = new Map<string, TableFacts>();
  private readonly applied = new WeakSet<Operation>();

  static forRun(analysis: Analysis): NotNullFacts {
    let f = runs.get(analysis);
    if (!f) runs.set(analysis, (f = new NotNullFacts()));
    return f;
  }

  private of(t: ObjectRef): TableFacts {
    let f = this.tables.get(key(t));
    if (!f) this.tables.set(key(t), (f = { columns: new Map(), checks: new Map() }));
    return f;
  }

  /** True: declared NOT NULL; false: declared nullable; undefined: not seen. */
  notNull(t: ObjectRef, column: string): boolean | undefined {
    return this.tables.get(key(t))?.columns.get(column);
  }

  validatedCheck(t: ObjectRef, column: string): boolean {
    return [...(this.tables.get(key(t))?.checks.values() ?? [])].some((c) => c.column === column && c.validated);
  }

  /**
   * A validated constraint (in the replayed schema or from this run) proves the column has no
   * NULLs: PostgreSQL 12+ then sets NOT NULL without a scan.
   */
  scanSkipped(schema: Analysis['schema'], t: ObjectRef, column: string, version: number): boolean {
    return version >= 12 && (schema.hasValidatedNotNull(t, column) || this.validatedCheck(t, column));
  }

  /** Visitors that feed every operation that changes these facts; a rule overrides the ones it judges. */
  feeders(): Visitors {
    const feed = (op: Operation) => this.apply(op);
    return {
      addColumn: feed,
      setNotNull: feed,
      dropNotNull: feed,
      addConstraint: feed,
      validateConstraint: feed,
      dropConstraint: feed,
      dropColumn: feed,
      dropTable: feed,
      renameColumn: feed,
      renameTable: feed,
      opaque: feed,
    };
  }

  /** Name of a NOT VALID NOT NULL check on the column, if one is waiting for VALIDATE. */
  pendingCheck(t: ObjectRef, column: string): string | undefined {
    return [...(this.tables.get(key(t))?.checks.entries() ?? [])].find(([, c]) => c.column === column && !c.validated)?.[0];
  }

  apply(op: Operation): void {
    if (this.applied.has(op) || op.migration.direction === 'down' || op.conditional) return;
    this.applied.add(op);
    switch (op.kind) {
      case 'addColumn': {
        const c = op.column;
        this.of(op.table).columns.set(c.name, c.notNull || c.primaryKey || c.identity);
        return;
      }
      case 'setNotNull':
      case 'dropNotNull':
        this.of(op.table).columns.set(op.column, op.kind === 'setNotNull');
        return;
      case 'addConstraint': {
        const k = op.constraint;
        const column = k.checksNotNullOf ?? (k.type === 'notNull' && k.columns.length === 1 ? k.columns[0] : undefined);
        if (!column) return;
        const name = k.name ?? constraintName(op.table, [column], k.type === 'notNull' ? 'not_null' : 'check');
        this.of(op.table).checks.set(name, { column, validated: !k.notValid });
        return;
      }
      case 'validateConstraint': {
        const c = this.tables.get(key(op.table))?.checks.get(op.name);
        if (c) c.validated = true;
        return;
      }
      case 'dropConstraint':
        this.tables.get(key(op.table))?.checks.delete(op.name);
        return;
      case 'dropColumn':
        this.tables.get(key(op.table))?.columns.delete(op.column);
        return;
      case 'dropTable':
        for (const t of op.tables) this.tables.delete(key(t));
        return;
      case 'renameColumn':
      case 'renameTable':
      case 'opaque':
        // Simplest safe answer: forget what the rename or unseen code may have changed.
        if (op.kind === 'opaque') this.tables.clear();
        else this.tables.delete(key(op.table));
        return;
      default:
        return;
    }
  }
}
