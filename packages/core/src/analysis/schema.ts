import type { Engine, Migration } from '../model/migration.js';
import type { ColumnDef, ConstraintDef, DefaultExpr, ObjectRef, Operation, TypeRef } from '../model/operation.js';
import { defaultConstraintName, indexName } from './names.js';

export interface ColumnState {
  name: string;
  type?: TypeRef;
  notNull: boolean;
  default?: DefaultExpr;
  generated?: 'stored' | 'virtual';
  identity: boolean;
}

export interface ConstraintState {
  name: string;
  type: ConstraintDef['type'];
  columns: string[];
  validated: boolean;
  /** For `CHECK (col IS NOT NULL)`: the column. */
  checksNotNullOf?: string;
  references?: ObjectRef;
}

export interface TableState {
  ref: ObjectRef;
  columns: Map<string, ColumnState>;
  constraints: Map<string, ConstraintState>;
  indexes: Set<string>;
  /** Id of the migration that created the table in this run. */
  createdBy: string;
  partitionOf?: ObjectRef;
  /**
   * True when every column and index is known: the table was created by a linted migration.
   * A table first seen through ALTER (created before the linted migrations) is partial: only
   * what the migrations did to it is known.
   */
  complete: boolean;
  /** True after code the linter cannot see into touched the table: what is known may be wrong. */
  stale: boolean;
}

export interface IndexState {
  name: string;
  table: ObjectRef;
  unique: boolean;
  createdBy: string;
  /** Key columns (or expression texts) in order, as CREATE INDEX gave them. */
  columns?: string[];
  /** Has a WHERE clause: it cannot serve every lookup on its columns. */
  partial?: boolean;
}

/**
 * The schema as the migrations of one run build it, replayed in order (up and repeatable
 * migrations only). Objects that no linted migration created are unknown, not absent: rules
 * must treat "not in the model" as "exists, shape unknown".
 */
export class SchemaModel {
  readonly tables = new Map<string, TableState>();
  readonly indexes = new Map<string, IndexState>();
  readonly enums = new Map<string, string[]>();

  constructor(private readonly engine: Engine) {}

  key(ref: ObjectRef): string {
    const fold = (s: string) => (this.engine === 'postgresql' ? s : s.toLowerCase());
    if (this.engine !== 'postgresql') return fold(ref.name);
    return `${fold(ref.schema ?? 'public')}.${fold(ref.name)}`;
  }

  table(ref: ObjectRef): TableState | undefined {
    return this.tables.get(this.key(ref));
  }

  column(ref: ObjectRef, name: string): ColumnState | undefined {
    return this.table(ref)?.columns.get(name);
  }

  index(ref: ObjectRef): IndexState | undefined {
    return this.indexes.get(this.key(ref));
  }

  /**
   * True when a validated `CHECK (col IS NOT NULL)`, a validated named NOT NULL constraint
   * (PostgreSQL 18's `ADD CONSTRAINT … NOT NULL col NOT VALID` + VALIDATE) or NOT NULL itself
   * guarantees no NULLs in the column.
   */
  hasValidatedNotNull(ref: ObjectRef, column: string): boolean {
    const t = this.table(ref);
    if (!t) return false;
    if (t.columns.get(column)?.notNull) return true;
    return [...t.constraints.values()].some((c) => c.validated && (c.checksNotNullOf === column || (c.type === 'notNull' && c.columns.includes(column))));
  }

  private columnState(c: ColumnDef): ColumnState {
    const s: ColumnState = { name: c.name, notNull: c.notNull || c.primaryKey, identity: c.identity };
    if (c.type) s.type = c.type;
    if (c.default) s.default = c.default;
    if (c.generated) s.generated = c.generated;
    return s;
  }

  private addConstraint(t: TableState, c: ConstraintDef): void {
    const name = defaultConstraintName(t.ref, c);
    const s: ConstraintState = { name, type: c.type, columns: c.columns, validated: !c.notValid };
    if (c.checksNotNullOf) s.checksNotNullOf = c.checksNotNullOf;
    if (c.references) s.references = c.references.table;
    t.constraints.set(name, s);
    if ((c.type === 'primaryKey' || c.type === 'unique') && !c.usingIndex) t.indexes.add(name);
    // `PRIMARY KEY USING INDEX ix` names no columns: they are the index's.
    const cols = c.usingIndex && !c.columns.length ? (this.index({ ...(t.ref.schema ? { schema: t.ref.schema } : {}), name: c.usingIndex })?.columns ?? []) : c.columns;
    if (c.usingIndex && !c.columns.length) s.columns = cols;
    if (c.type === 'primaryKey') for (const col of cols) {
      const cs = t.columns.get(col);
      if (cs) cs.notNull = true;
    }
  }

  /** The table's state, creating a partial one for a table no linted migration created. */
  private known(ref: ObjectRef): TableState {
    let t = this.table(ref);
    if (!t) {
      t = { ref, columns: new Map(), constraints: new Map(), indexes: new Set(), createdBy: '', complete: false, stale: false };
      this.tables.set(this.key(ref), t);
    }
    return t;
  }

  /** Advances the model past one operation of a migration. */
  apply(op: Operation, m: Migration): void {
    switch (op.kind) {
      case 'createTable': {
        if (op.ifNotExists && this.table(op.table)) return;
        const t: TableState = {
          ref: op.table,
          columns: new Map(op.columns.map((c) => [c.name, this.columnState(c)])),
          constraints: new Map(),
          indexes: new Set(),
          createdBy: m.id,
          complete: !op.asQuery,
          stale: false,
        };
        if (op.partitionOf) t.partitionOf = op.partitionOf;
        for (const c of op.constraints) this.addConstraint(t, c);
        for (const c of op.columns) {
          if (c.primaryKey) this.addConstraint(t, { type: 'primaryKey', columns: [c.name], notValid: false });
          if (c.unique) this.addConstraint(t, { type: 'unique', columns: [c.name], notValid: false });
          if (c.references) this.addConstraint(t, { type: 'foreignKey', columns: [c.name], notValid: false, references: c.references });
        }
        this.tables.set(this.key(op.table), t);
        return;
      }
      case 'dropTable':
        for (const ref of op.tables) {
          const k = this.key(ref);
          for (const [ik, ix] of this.indexes) if (this.key(ix.table) === k) this.indexes.delete(ik);
          this.tables.delete(k);
        }
        return;
      case 'renameTable': {
        const t = this.table(op.table);
        if (!t) return;
        this.tables.delete(this.key(op.table));
        t.ref = { ...(op.table.schema ? { schema: op.table.schema } : {}), name: op.newName };
        this.tables.set(this.key(t.ref), t);
        for (const ix of this.indexes.values()) if (this.key(ix.table) === this.key(op.table)) ix.table = t.ref;
        return;
      }
      case 'addColumn': {
        const t = this.known(op.table);
        if (!(op.ifNotExists && t.columns.has(op.column.name))) {
          t.columns.set(op.column.name, this.columnState(op.column));
          if (op.column.primaryKey) this.addConstraint(t, { type: 'primaryKey', columns: [op.column.name], notValid: false });
        }
        return;
      }
      case 'dropColumn':
        this.table(op.table)?.columns.delete(op.column);
        return;
      case 'renameColumn': {
        const t = this.table(op.table);
        const c = t?.columns.get(op.column);
        if (t && c) {
          // Keep the column's position: rebuild the map in order.
          c.name = op.newName;
          t.columns = new Map([...t.columns].map(([k, v]) => (k === op.column ? [op.newName, v] : [k, v])));
        }
        return;
      }
      case 'alterColumnType': {
        const t = this.known(op.table);
        const c = t.columns.get(op.column);
        if (c) {
          c.type = op.newType;
          if (op.notNull !== undefined) c.notNull = op.notNull;
        } else {
          // A column of a table from before the linted migrations: from now on its type is known.
          t.columns.set(op.column, { name: op.column, type: op.newType, notNull: op.notNull ?? false, identity: false });
        }
        return;
      }
      case 'setNotNull':
      case 'dropNotNull': {
        const c = this.column(op.table, op.column);
        if (c) c.notNull = op.kind === 'setNotNull';
        return;
      }
      case 'setDefault': {
        const c = this.column(op.table, op.column);
        if (c) c.default = op.default;
        return;
      }
      case 'dropDefault': {
        const c = this.column(op.table, op.column);
        if (c) delete c.default;
        return;
      }
      case 'addConstraint': {
        const t = this.known(op.table);
        this.addConstraint(t, op.constraint);
        return;
      }
      case 'validateConstraint': {
        const c = this.table(op.table)?.constraints.get(op.name);
        if (c) c.validated = true;
        return;
      }
      case 'dropConstraint':
        this.table(op.table)?.constraints.delete(op.name);
        return;
      case 'createIndex': {
        const name = indexName(op);
        const ref = { ...(op.table.schema ? { schema: op.table.schema } : {}), name };
        if (op.ifNotExists && this.index(ref)) return;
        this.indexes.set(this.key(ref), { name, table: op.table, unique: op.unique, createdBy: m.id, columns: [...op.columns], partial: !!op.where });
        this.table(op.table)?.indexes.add(name);
        return;
      }
      case 'dropIndex':
        for (const ref of op.indexes) {
          const ix = this.index(ref);
          if (ix) this.table(ix.table)?.indexes.delete(ix.name);
          this.indexes.delete(this.key(ref));
        }
        return;
      case 'createType':
        if (op.variant === 'enum') this.enums.set(this.key(op.name), [...op.values]);
        return;
      case 'alterEnum': {
        const values = this.enums.get(this.key(op.name));
        if (values && op.action === 'addValue' && !values.includes(op.value)) {
          const at = op.before ? values.indexOf(op.before) : op.after ? values.indexOf(op.after) + 1 : values.length;
          values.splice(at < 0 ? values.length : at, 0, op.value);
        }
        return;
      }
      case 'other':
        // A change the model cannot follow: what it knew about that table may be stale.
        if (op.table) {
          const t = this.table(op.table);
          if (t) t.stale = true;
        }
        return;
      case 'opaque':
        for (const t of this.tables.values()) t.stale = true;
        return;
      default:
        return;
    }
  }
}
