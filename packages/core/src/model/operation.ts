import type { Migration } from './migration.js';
import type { Span } from './source.js';

/** A table, index, type or other schema object name as the database would resolve it. */
export interface ObjectRef {
  schema?: string;
  name: string;
}
export type TableRef = ObjectRef;

export interface TypeRef {
  /** Normalised, lower-case base type name without schema: `int4`, `varchar`, `timestamptz`, `serial`. */
  name: string;
  /** Type modifiers as written (`varchar(20)` → [20], `numeric(10,2)` → [10, 2]). */
  args: number[];
  array: boolean;
  /** The type as written in the source, for messages. */
  text: string;
}

/** Volatility of a default expression, as PostgreSQL defines it for functions. */
export type Volatility = 'immutable' | 'stable' | 'volatile' | 'unknown';

export interface DefaultExpr {
  text: string;
  volatility: Volatility;
  /** True for `DEFAULT NULL`, which never rewrites and never fills rows. */
  isNull: boolean;
}

export interface ColumnDef {
  name: string;
  type?: TypeRef;
  notNull: boolean;
  default?: DefaultExpr;
  primaryKey: boolean;
  unique: boolean;
  generated?: 'stored' | 'virtual';
  identity: boolean;
  references?: { table: TableRef; columns: string[] };
  /** Inline CHECK constraints on this column, as text. */
  checks: string[];
}

export type ConstraintType = 'primaryKey' | 'foreignKey' | 'unique' | 'check' | 'exclude' | 'notNull';

export interface ConstraintDef {
  name?: string;
  type: ConstraintType;
  columns: string[];
  /** `NOT VALID`: existing rows are not checked when the constraint is added. */
  notValid: boolean;
  /** `USING INDEX name` for primary key and unique constraints. */
  usingIndex?: string;
  references?: { table: TableRef; columns: string[] };
  /** The CHECK or EXCLUDE expression as written. */
  expression?: string;
  /** For a CHECK of the form `col IS NOT NULL`: that column. */
  checksNotNullOf?: string;
}

/** Detail kept from the SQL a operation came from, for rules that need more than the model. */
export interface SqlOrigin {
  dialect: 'postgresql' | 'mysql' | 'sqlite';
  /** The dialect parser's node for the statement (libpg-query `RawStmt.stmt`, node-sql-parser AST). */
  node: unknown;
  /** The whole statement's span in the original file (the operation's own span may be one clause). */
  statementSpan: Span;
  /** MySQL `ALGORITHM=` and `LOCK=` options of the statement, upper-cased. */
  algorithm?: string;
  lock?: string;
}

interface OpBase {
  /** Where the operation is written in the original file: the statement, or the clause inside it. */
  span: Span;
  /** Set by the adapter when it builds the migration. */
  migration: Migration;
  sql?: SqlOrigin;
  /** Inside a conditional branch of code (Knex `if`, Alembic `if`): may not run. */
  conditional?: boolean;
  /** True when the code is outside the migration's transaction (e.g. Alembic autocommit_block). */
  outsideTransaction?: boolean;
}

export interface CreateTableOp extends OpBase {
  kind: 'createTable';
  table: TableRef;
  columns: ColumnDef[];
  constraints: ConstraintDef[];
  ifNotExists: boolean;
  /** `CREATE TABLE … AS` / `SELECT INTO`. */
  asQuery: boolean;
  partitionOf?: TableRef;
}
export interface DropTableOp extends OpBase {
  kind: 'dropTable';
  tables: TableRef[];
  ifExists: boolean;
  cascade: boolean;
}
export interface RenameTableOp extends OpBase {
  kind: 'renameTable';
  table: TableRef;
  newName: string;
}
export interface AddColumnOp extends OpBase {
  kind: 'addColumn';
  table: TableRef;
  column: ColumnDef;
  ifNotExists: boolean;
}
export interface DropColumnOp extends OpBase {
  kind: 'dropColumn';
  table: TableRef;
  column: string;
  ifExists: boolean;
  cascade: boolean;
}
export interface RenameColumnOp extends OpBase {
  kind: 'renameColumn';
  table: TableRef;
  column: string;
  newName: string;
}
export interface AlterColumnTypeOp extends OpBase {
  kind: 'alterColumnType';
  table: TableRef;
  column: string;
  newType: TypeRef;
  using?: string;
  /** MySQL MODIFY/CHANGE re-declares the column: its nullability as re-declared. */
  notNull?: boolean;
}
export interface SetNotNullOp extends OpBase {
  kind: 'setNotNull';
  table: TableRef;
  column: string;
}
export interface DropNotNullOp extends OpBase {
  kind: 'dropNotNull';
  table: TableRef;
  column: string;
}
export interface SetDefaultOp extends OpBase {
  kind: 'setDefault';
  table: TableRef;
  column: string;
  default: DefaultExpr;
}
export interface DropDefaultOp extends OpBase {
  kind: 'dropDefault';
  table: TableRef;
  column: string;
}
export interface AddConstraintOp extends OpBase {
  kind: 'addConstraint';
  table: TableRef;
  constraint: ConstraintDef;
}
export interface ValidateConstraintOp extends OpBase {
  kind: 'validateConstraint';
  table: TableRef;
  name: string;
}
export interface DropConstraintOp extends OpBase {
  kind: 'dropConstraint';
  table: TableRef;
  name: string;
  ifExists: boolean;
  cascade: boolean;
}
export interface CreateIndexOp extends OpBase {
  kind: 'createIndex';
  name?: string;
  table: TableRef;
  unique: boolean;
  concurrently: boolean;
  ifNotExists: boolean;
  columns: string[];
  where?: string;
  method?: string;
}
export interface DropIndexOp extends OpBase {
  kind: 'dropIndex';
  indexes: ObjectRef[];
  /** MySQL `DROP INDEX … ON table`. */
  table?: TableRef;
  concurrently: boolean;
  ifExists: boolean;
  cascade: boolean;
}
export interface ReindexOp extends OpBase {
  kind: 'reindex';
  target: 'index' | 'table' | 'schema' | 'database' | 'system';
  name?: ObjectRef;
  concurrently: boolean;
}
export interface CreateTypeOp extends OpBase {
  kind: 'createType';
  name: ObjectRef;
  variant: 'enum' | 'composite' | 'range' | 'other';
  values: string[];
}
export interface AlterEnumOp extends OpBase {
  kind: 'alterEnum';
  name: ObjectRef;
  action: 'addValue' | 'renameValue';
  value: string;
  before?: string;
  after?: string;
  ifNotExists: boolean;
}
export interface CreateDomainOp extends OpBase {
  kind: 'createDomain';
  name: ObjectRef;
  baseType?: TypeRef;
  constraints: ConstraintDef[];
}
export interface AlterDomainOp extends OpBase {
  kind: 'alterDomain';
  name: ObjectRef;
  action: 'addConstraint' | 'dropConstraint' | 'validateConstraint' | 'setNotNull' | 'dropNotNull' | 'setDefault' | 'dropDefault' | 'other';
  constraint?: ConstraintDef;
}
export interface DataChangeOp extends OpBase {
  kind: 'dataChange';
  action: 'update' | 'delete' | 'insert';
  table?: TableRef;
  hasWhere: boolean;
}
export interface TruncateOp extends OpBase {
  kind: 'truncate';
  tables: TableRef[];
  cascade: boolean;
}
export interface TransactionOp extends OpBase {
  kind: 'transaction';
  action: 'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo' | 'prepare' | 'other';
}
export interface SettingOp extends OpBase {
  kind: 'setting';
  /** Lower-case setting name: `lock_timeout`, `statement_timeout`, `search_path` … */
  name: string;
  value?: string;
  /** `SET LOCAL` lasts until the end of the transaction; `SET` until the end of the session. */
  local: boolean;
  reset: boolean;
}
export interface MaintenanceOp extends OpBase {
  kind: 'maintenance';
  action: 'vacuumFull' | 'vacuum' | 'analyze' | 'cluster' | 'refreshMaterializedView';
  tables: TableRef[];
  concurrently: boolean;
}
export interface PartitionOp extends OpBase {
  kind: 'partition';
  action: 'attach' | 'detach';
  table: TableRef;
  partition: TableRef;
  concurrently: boolean;
  /** `DETACH PARTITION … FINALIZE`: completes an interrupted DETACH … CONCURRENTLY. */
  finalize?: boolean;
}
/** A statement the model has no kind for; `statement` keeps the dialect's statement kind. */
export interface OtherOp extends OpBase {
  kind: 'other';
  statement: string;
  table?: TableRef;
}
/** Code the linter cannot see into (Java migrations, RunPython, loops, dynamic names). */
export interface OpaqueOp extends OpBase {
  kind: 'opaque';
  reason: string;
}

export type Operation =
  | CreateTableOp
  | DropTableOp
  | RenameTableOp
  | AddColumnOp
  | DropColumnOp
  | RenameColumnOp
  | AlterColumnTypeOp
  | SetNotNullOp
  | DropNotNullOp
  | SetDefaultOp
  | DropDefaultOp
  | AddConstraintOp
  | ValidateConstraintOp
  | DropConstraintOp
  | CreateIndexOp
  | DropIndexOp
  | ReindexOp
  | CreateTypeOp
  | AlterEnumOp
  | CreateDomainOp
  | AlterDomainOp
  | DataChangeOp
  | TruncateOp
  | TransactionOp
  | SettingOp
  | MaintenanceOp
  | PartitionOp
  | OtherOp
  | OpaqueOp;

export type OperationKind = Operation['kind'];
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/** An operation before the adapter has attached it to its migration. */
export type DetachedOperation = Operation extends infer O ? (O extends Operation ? Omit<O, 'migration'> : never) : never;

export function tableKey(t: ObjectRef): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}
