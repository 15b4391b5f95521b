import type ts from 'typescript';
import type { Span } from '../../model/source.js';
import type { TableRef } from '../../model/operation.js';
import type { SqlText } from './sql-text.js';

/**
 * What the static interpreter knows about a JavaScript value. Plain values are known only when
 * they come from literals and constants in the same file; Knex objects (the `knex`/`trx`
 * argument, schema, table and column builders) are tracked so that their calls can be read the
 * way Knex compiles them. Everything else is `unknown`: never guessed.
 */
export type Value =
  | { k: 'str'; v: string; text?: SqlText }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'null' }
  | { k: 'undef' }
  | { k: 'arr'; items: Value[] }
  | { k: 'obj'; props: Map<string, Value> }
  | { k: 'fn'; node: FunctionNode; scope: Scope }
  /** A string with run-time parts (template interpolations): usable as raw SQL, not as a name. */
  | { k: 'dynstr'; text: SqlText }
  | { k: 'unknown'; node?: ts.Node }
  /** A Node.js module that the file imports (`path`, `url`): only a few pure functions are read. */
  | { k: 'module'; name: string }
  // Knex objects
  | { k: 'knex'; trx: boolean }
  | { k: 'schema'; schema?: string }
  | { k: 'query'; q: QueryModel }
  | { k: 'raw'; raw: RawModel }
  | { k: 'fnNow'; sql: string }
  | { k: 'table'; tb: TableModel }
  /** A column builder; after `.references()` it is also that foreign key's builder (`fk`). */
  | { k: 'column'; col: ColumnModel; fk?: ForeignModel }
  | { k: 'foreign'; fk: ForeignModel }
  /** A method read off a Knex object without calling it (`const { raw } = knex`). */
  | { k: 'method'; recv: Value; name: string };

export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

export class Scope {
  private readonly vars = new Map<string, Value | (() => Value)>();
  constructor(readonly parent?: Scope) {}

  set(name: string, v: Value | (() => Value)): void {
    this.vars.set(name, v);
  }

  has(name: string): boolean {
    return this.vars.has(name) || !!this.parent?.has(name);
  }

  get(name: string): Value | undefined {
    const v = this.vars.get(name);
    if (v === undefined) return this.parent?.get(name);
    if (typeof v === 'function') {
      // Lazy constants: evaluated once, on first use (module-level consts, hoisted functions).
      this.vars.set(name, { k: 'unknown' });
      const value = v();
      this.vars.set(name, value);
      return value;
    }
    return v;
  }
}

/** Knex objects: values whose use can change the database, so code that receives them must be read. */
export function isKnexValue(v: Value | undefined): boolean {
  if (!v) return false;
  switch (v.k) {
    case 'knex':
    case 'schema':
    case 'query':
    case 'raw':
    case 'table':
    case 'column':
    case 'foreign':
    case 'method':
      return true;
    case 'arr':
      return v.items.some(isKnexValue);
    case 'obj':
      return [...v.props.values()].some(isKnexValue);
    default:
      return false;
  }
}

export const UNKNOWN: Value = { k: 'unknown' };

/** JS source for a message, in backticks unless it is a template literal already. */
export function code(source: string): string {
  return source.startsWith('`') ? source : `\`${source}\``;
}

export function str(v: Value | undefined): string | undefined {
  return v?.k === 'str' ? v.v : undefined;
}

/** A list argument as Knex normalises it: a single value or an array of values. */
export function strList(v: Value | undefined): string[] | undefined {
  if (!v) return undefined;
  if (v.k === 'str') return [v.v];
  if (v.k === 'arr') {
    const out = v.items.map(str);
    return out.every((s): s is string => s !== undefined) ? out : undefined;
  }
  return undefined;
}

export function prop(v: Value | undefined, name: string): Value | undefined {
  return v?.k === 'obj' ? v.props.get(name) : undefined;
}

/** Where an operation comes from in the JS/TS file, and whether it sits in a branch. */
export interface Origin {
  span: Span;
  conditional: boolean;
}

export interface ForeignModel {
  columns: string[] | undefined;
  keyName?: string | undefined;
  references?: string[] | undefined;
  inTable?: string | undefined;
  onDelete?: string;
  onUpdate?: string;
  deferrable?: string;
  /** Why a part of it is unknown (a name computed at run time). */
  dynamic?: string;
}

export interface ColumnModel {
  table: TableModel;
  /** Knex's column type after its aliases, lower-cased (`varchar`, `biginteger`, `enu` …). */
  type: string;
  name: string | undefined;
  args: Value[];
  modifiers: Map<string, Value[]>;
  alter?: { alterNullable: boolean; alterType: boolean };
  origin: Origin;
  dynamic?: string;
}

export interface TableStatement {
  method: string;
  args: Value[];
  origin: Origin;
  fk?: ForeignModel;
}

export interface TableModel {
  method: 'create' | 'createIfNot' | 'createLike' | 'alter';
  table: TableRef | undefined;
  /** Source text of a table name computed at run time. */
  dynamicName?: string;
  like?: TableRef;
  columns: ColumnModel[];
  statements: TableStatement[];
  /** `table.check()` inside createTable: inline CHECK clauses. */
  checks: Array<{ predicate: string; bindings?: Value; name?: string; origin: Origin }>;
  comment?: Origin;
  origin: Origin;
  /** Parts of the callback migralint could not follow (loops, helpers from elsewhere). */
  opaque: Array<{ reason: string; origin: Origin }>;
}

export interface QueryModel {
  table: TableRef | undefined;
  /** From `withSchema()`. */
  schema?: string;
  dynamicName?: string;
  action?: 'update' | 'delete' | 'insert' | 'truncate';
  hasWhere: boolean;
  origin?: Origin;
  done: boolean;
}

export interface RawModel {
  text: SqlText | undefined;
  /** Why the SQL is unknown (built at run time). */
  unknown?: string;
  bindings?: Value;
  origin: Origin;
  done: boolean;
  /** Part of a schema builder chain: runs with it, not on its own. */
  inSchema: boolean;
}
