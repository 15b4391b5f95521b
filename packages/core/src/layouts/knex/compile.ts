import type { Engine } from '../../model/migration.js';
import type { TableRef } from '../../model/operation.js';
import type { DraftOp as Draft } from './emit.js';
import { PLACEHOLDER_PREFIX } from './sql-text.js';
import { code, prop, str, strList, type ColumnModel, type ForeignModel, type Origin, type TableModel, type TableStatement, type Value } from './values.js';

/*
 * Turns recorded Knex builder calls into the SQL statements Knex sends for them, per engine,
 * following Knex's dialect compilers (lib/dialects/{postgres,mysql,sqlite3}/schema/*). The SQL is
 * then parsed by the engine's own parser (emit.ts), so that a Knex migration yields exactly the
 * operations its SQL would. The facts relied on are listed in README.md.
 */


/** One thing a Knex call does, at the place in the file that asks for it. */
export interface Item {
  origin: Origin;
  /** Generated SQL (what Knex would send). */
  sql?: string;
  /** An operation built directly, where the SQL depends on the live database (MySQL renames …). */
  op?: Draft;
  /** Why this call cannot be modelled. */
  opaque?: string;
  /** JS source of default values only known at run time, by the placeholder standing for them in `sql`. */
  dynamicDefaults?: Map<string, string>;
}

export class Compiler {
  private placeholders = 0;

  constructor(
    readonly engine: Engine,
    /** JS source text of a value, for messages about run-time values. */
    private readonly sourceOf: (v: Value) => string,
  ) {}

  q(name: string): string {
    const quote = this.engine === 'mysql' ? '`' : '"';
    return `${quote}${name.split(quote).join(quote + quote)}${quote}`;
  }

  table(ref: TableRef): string {
    return ref.schema ? `${this.q(ref.schema)}.${this.q(ref.name)}` : this.q(ref.name);
  }

  literal(s: string): string {
    return `'${s.replace(/'/g, "''")}'`;
  }

  private cols(names: string[]): string {
    return names.map((n) => this.q(n)).join(', ');
  }

  /** tablecompiler.js `_indexCommand`: `<table>_<columns>_<type>`, lower-cased, dots and dashes as `_`. */
  indexName(type: 'index' | 'unique' | 'foreign', table: TableRef, columns: string[]): string {
    return `${table.name.replace(/\.|-/g, '_')}_${columns.join('_')}_${type}`.toLowerCase();
  }

  // ── column types ──────────────────────────────────────────────────────────────────────────

  private num(v: Value | undefined, fallback: number): number | 'dynamic' {
    if (!v || v.k === 'undef' || v.k === 'null') return fallback;
    if (v.k === 'num') return v.v;
    if (v.k === 'str' && /^\d+$/.test(v.v)) return Number(v.v);
    return 'dynamic';
  }

  /** True when Knex adds PRIMARY KEY to an increments/uuid column (`_canBeAddPrimaryKey`). */
  private canAddPrimaryKey(col: ColumnModel, optionsArg: Value | undefined, byDefault: boolean): boolean {
    const pk = prop(optionsArg, 'primaryKey');
    const wanted = pk?.k === 'bool' ? pk.v : optionsArg?.k === 'obj' ? false : byDefault;
    return wanted && !col.table.statements.some((s) => s.method === 'primary');
  }

  /** The SQL type Knex writes for a column, or why it cannot be known. */
  columnType(col: ColumnModel, tb: TableModel, pre: Item[]): string | { dynamic: string } {
    const a = col.args.slice(1);
    const e = this.engine;
    const dyn = (what: string) => ({ dynamic: `the ${what} of column ${col.name ?? '?'} is computed at run time` });
    const sized = (base: string, v: Value | undefined, fallback: number) => {
      const n = this.num(v, fallback);
      return n === 'dynamic' ? dyn('size') : `${base}(${n})`;
    };
    switch (col.type) {
      case 'increments':
      case 'bigincrements': {
        const big = col.type === 'bigincrements';
        const pk = this.canAddPrimaryKey(col, a[0], true);
        if (e === 'postgresql') return `${big ? 'bigserial' : 'serial'}${pk ? ' primary key' : ''}`;
        if (e === 'mysql') return `${big ? 'bigint' : 'int'} unsigned not null${pk ? ' auto_increment primary key' : ''}`;
        return 'integer not null primary key autoincrement';
      }
      case 'integer':
      case 'int':
        if (e === 'mysql') return a[0] && a[0].k !== 'undef' ? sized('int', a[0], 11) : 'int';
        return 'integer';
      case 'mediumint':
        return e === 'mysql' ? 'mediumint' : 'integer';
      case 'smallint':
        return 'smallint';
      case 'tinyint':
        if (e === 'postgresql') return 'smallint';
        return e === 'mysql' && a[0] && a[0].k !== 'undef' ? sized('tinyint', a[0], 1) : 'tinyint';
      case 'biginteger':
        return 'bigint';
      case 'decimal': {
        if (e === 'sqlite') return 'float';
        if (a[0]?.k === 'null' && e === 'postgresql') return 'decimal';
        const p = this.num(a[0], 8);
        const s = this.num(a[1], 2);
        return p === 'dynamic' || s === 'dynamic' ? dyn('precision') : `decimal(${p}, ${s})`;
      }
      case 'floating': {
        if (e === 'postgresql') return 'real';
        if (e === 'sqlite') return 'float';
        const p = this.num(a[0], 8);
        const s = this.num(a[1], 2);
        return p === 'dynamic' || s === 'dynamic' ? dyn('precision') : `float(${p}, ${s})`;
      }
      case 'double':
        if (e === 'postgresql') return 'double precision';
        if (e === 'sqlite' || !a[0] || a[0].k === 'undef') return e === 'sqlite' ? 'float' : 'double';
        return `double(${this.num(a[0], 8)}, ${this.num(a[1], 2)})`;
      case 'bool':
        return 'boolean';
      case 'varchar':
        return sized('varchar', a[0], 255);
      case 'char':
        return sized('char', a[0], 255);
      case 'text':
      case 'tinytext':
      case 'mediumtext':
      case 'longtext': {
        if (e !== 'mysql') return 'text';
        const kind = col.type === 'text' ? str(a[0]) : col.type;
        return kind === 'medium' || kind === 'mediumtext' ? 'mediumtext' : kind === 'long' || kind === 'longtext' ? 'longtext' : 'text';
      }
      case 'json':
        return 'json';
      case 'jsonb':
        return e === 'postgresql' ? 'jsonb' : 'json';
      case 'uuid': {
        if (e === 'mysql') return prop(a[0], 'useBinaryUuid')?.k === 'bool' && (prop(a[0], 'useBinaryUuid') as { v: boolean }).v ? 'binary(16)' : 'char(36)';
        if (e === 'sqlite') return 'char(36)';
        return `uuid${this.canAddPrimaryKey(col, a[0], false) ? ' primary key' : ''}`;
      }
      case 'binary':
      case 'varbinary':
      case 'blob':
      case 'tinyblob':
      case 'mediumblob':
      case 'longblob':
        if (e === 'postgresql') return 'bytea';
        if (e === 'mysql' && col.type === 'binary') return a[0] && a[0].k !== 'undef' ? sized('varbinary', a[0], 255) : 'blob';
        return 'blob';
      case 'date':
        return 'date';
      case 'time':
      case 'datetime':
      case 'timestamp':
        return this.timeType(col, a, dyn);
      case 'enu':
        return this.enumType(col, tb, a, pre, dyn);
      case 'specifictype': {
        const t = str(a[0]);
        return t ?? dyn('type');
      }
      default:
        return col.type;
    }
  }

  private timeType(col: ColumnModel, a: Value[], dyn: (w: string) => { dynamic: string }): string | { dynamic: string } {
    const e = this.engine;
    if (e === 'sqlite') return col.type === 'time' ? 'time' : 'datetime';
    if (e === 'mysql') {
      const p = a[0]?.k === 'obj' ? prop(a[0], 'precision') : a[0];
      if (!p || p.k === 'undef' || p.k === 'null') return col.type;
      return p.k === 'num' ? `${col.type}(${p.v})` : dyn('precision');
    }
    if (col.type === 'time') return 'time';
    // pg-columncompiler.js datetime(withoutTz = false, precision): timestamptz unless told otherwise.
    let useTz = true;
    let precision: Value | undefined = a[1];
    if (a[0]?.k === 'obj') {
      const tz = prop(a[0], 'useTz');
      if (tz && tz.k !== 'bool' && tz.k !== 'undef') return dyn('time zone option');
      useTz = tz?.k === 'bool' ? tz.v : true;
      precision = prop(a[0], 'precision');
    } else if (a[0] && a[0].k !== 'undef') {
      if (a[0].k !== 'bool') return dyn('time zone option');
      useTz = !a[0].v;
    }
    const p = !precision || precision.k === 'undef' || precision.k === 'null' ? '' : precision.k === 'num' ? `(${precision.v})` : undefined;
    if (p === undefined) return dyn('precision');
    return `${useTz ? 'timestamptz' : 'timestamp'}${p}`;
  }

  private enumType(col: ColumnModel, tb: TableModel, a: Value[], pre: Item[], dyn: (w: string) => { dynamic: string }): string | { dynamic: string } {
    const opts = a[1];
    const useNative = prop(opts, 'useNative');
    const existing = prop(opts, 'existingType');
    const native = this.engine === 'postgresql' && useNative?.k === 'bool' && useNative.v;
    const isExisting = existing?.k === 'bool' && existing.v;
    const values = strList(a[0]);
    if (!values && !(native && isExisting)) return dyn('value list');
    if (this.engine === 'mysql') return `enum(${values!.map((v) => this.literal(v)).join(', ')})`;
    if (!native) return `text check (${this.q(col.name ?? '?')} in (${values!.map((v) => this.literal(v)).join(', ')}))`;
    const enumName = str(prop(opts, 'enumName'));
    if (enumName === undefined) return dyn('enum type name');
    const schema = str(prop(opts, 'schemaName')) ?? tb.table?.schema;
    const type = schema ? `${this.q(schema)}.${this.q(enumName)}` : this.q(enumName);
    if (!isExisting) pre.push({ origin: col.origin, sql: `create type ${type} as enum (${values!.map((v) => this.literal(v)).join(', ')})` });
    return type;
  }

  // ── column modifiers ──────────────────────────────────────────────────────────────────────

  /** A default value as Knex formats it (formatterUtils.js formatDefault), or a placeholder call. */
  private defaultSql(col: ColumnModel, v: Value, dynamic: Map<string, string>): string | undefined {
    switch (v.k) {
      case 'undef':
        return undefined;
      case 'null':
        return this.engine === 'mysql' ? undefined : 'null';
      case 'fnNow':
        return v.sql;
      case 'raw':
        if (v.raw.text && !v.raw.text.dynamic.length && !v.raw.bindings) return v.raw.text.text;
        break;
      case 'bool':
        return col.type === 'bool' ? `'${v.v ? 1 : 0}'` : this.literal(String(v.v));
      case 'str':
        if (col.type === 'bool') return `'${v.v === 'false' || v.v === '' ? 0 : 1}'`;
        return this.literal(v.v);
      case 'num':
        return col.type === 'bool' ? `'${v.v ? 1 : 0}'` : this.literal(String(v.v));
      case 'obj':
      case 'arr': {
        const js = toJs(v);
        if (js !== undefined && (col.type === 'json' || col.type === 'jsonb')) return this.literal(JSON.stringify(js));
        if (js !== undefined) return this.literal(String(js));
        break;
      }
    }
    // Unknown until run time: a call to an unknown function, which the parsers rate `unknown` volatility.
    const placeholder = `${PLACEHOLDER_PREFIX}default_${++this.placeholders}`;
    dynamic.set(placeholder, this.sourceOf(v));
    return `${placeholder}()`;
  }

  private checkModifiers(col: ColumnModel): Array<{ predicate: string; name?: string }> {
    const out: Array<{ predicate: string; name?: string }> = [];
    const c = this.q(col.name ?? '?');
    const m = col.modifiers;
    const named = (args: Value[] | undefined, i: number) => str(args?.[i]);
    const push = (predicate: string, name: string | undefined) => out.push(name ? { predicate, name } : { predicate });
    if (m.has('checkPositive')) push(`${c} > 0`, named(m.get('checkPositive'), 0));
    if (m.has('checkNegative')) push(`${c} < 0`, named(m.get('checkNegative'), 0));
    for (const [key, not] of [['checkIn', ''], ['checkNotIn', 'not ']] as const) {
      const args = m.get(key);
      const values = args && (args[0]?.k === 'arr' ? args[0].items.map((v) => toJs(v)) : undefined);
      if (values) push(`${c} ${not}in (${values.map((v) => (typeof v === 'number' ? String(v) : this.literal(String(v)))).join(',')})`, named(args, 1));
    }
    const between = m.get('checkBetween');
    if (between && between[0]?.k === 'arr') {
      const items = between[0].items;
      const intervals = items.length === 2 && items.every((i) => i.k !== 'arr') ? [items] : items.map((i) => (i.k === 'arr' ? i.items : []));
      const sql = intervals.map((iv) => `${c} between ${this.sqlValue(iv[0])} and ${this.sqlValue(iv[1])}`).join(' or ');
      push(sql, named(between, 1));
    }
    const length = m.get('checkLength');
    if (length && str(length[0]) && length[1]?.k === 'num') push(`length(${c}) ${str(length[0])} ${length[1].v}`, named(length, 2));
    const regex = m.get('checkRegex');
    if (regex && str(regex[0]) !== undefined) push(`${c} ${this.engine === 'postgresql' ? '~' : 'REGEXP'} ${this.literal(str(regex[0])!)}`, named(regex, 1));
    return out;
  }

  /** A CHECK predicate with its bindings written in (`??` an identifier, `?` a value), as knex.raw formats them. */
  private predicate(pred: string, bindings: Value | undefined): string {
    const list = bindings?.k === 'arr' ? bindings.items : bindings && bindings.k !== 'undef' && bindings.k !== 'null' ? [bindings] : [];
    if (!list.length) return pred;
    let i = 0;
    return pred.replace(/\\\?|\?\??/g, (m) => {
      if (m === '\\?') return '?';
      const v = list[i++];
      if (m === '??') return str(v) !== undefined ? this.q(str(v)!) : `${PLACEHOLDER_PREFIX}${i}`;
      return this.sqlValue(v);
    });
  }

  private sqlValue(v: Value | undefined): string {
    if (v?.k === 'num') return String(v.v);
    if (v?.k === 'str') return this.literal(v.v);
    return 'null';
  }

  /** `"name" type [not null] [default …] [checks]`, the column definition Knex writes. */
  columnDefinition(col: ColumnModel, tb: TableModel, pre: Item[], alter: boolean): { sql: string; dynamicDefaults: Map<string, string> } | { dynamic: string } {
    if (col.dynamic || col.name === undefined) return { dynamic: col.dynamic ?? 'its column name is computed at run time' };
    const type = this.columnType(col, tb, pre);
    if (typeof type !== 'string') return type;
    const parts = [this.q(col.name), type];
    const dynamicDefaults = new Map<string, string>();
    const increments = col.type.includes('increments');
    const m = col.modifiers;
    if (!increments) {
      if (this.engine === 'mysql' && m.has('unsigned')) parts.push('unsigned');
      const nullable = m.get('nullable');
      if (nullable) parts.push(nullable[0]?.k === 'bool' && !nullable[0].v ? 'not null' : 'null');
      const def = m.get('defaultTo');
      const skipDefault = this.engine === 'mysql' && (col.type.includes('text') || col.type.includes('blob'));
      if (def && !skipDefault) {
        const sql = this.defaultSql(col, def[0] ?? { k: 'undef' }, dynamicDefaults);
        if (sql !== undefined) parts.push(`default ${sql}`);
      }
      if (!alter) {
        for (const c of this.checkModifiers(col)) parts.push(`${c.name ? `constraint ${this.q(c.name)} ` : ''}check (${c.predicate})`);
      }
    }
    return { sql: parts.join(' '), dynamicDefaults };
  }

  // ── tables ────────────────────────────────────────────────────────────────────────────────

  /** Every statement Knex sends for one createTable / alterTable callback, in Knex's order. */
  compileTable(tb: TableModel): Item[] {
    if (!tb.table) return [{ origin: tb.origin, opaque: `the table name ${code(tb.dynamicName ?? '?')} is computed at run time` }];
    const items: Item[] = [];
    const pre: Item[] = [];
    const T = this.table(tb.table);
    const adds = tb.columns.filter((c) => !c.alter);
    const alters = tb.columns.filter((c) => c.alter);
    if (tb.method !== 'alter') {
      const defs: string[] = [];
      const dynamicDefaults = new Map<string, string>();
      for (const col of adds) {
        const d = this.columnDefinition(col, tb, pre, false);
        if ('dynamic' in d) items.push({ origin: col.origin, opaque: `Knex column definition: ${d.dynamic}` });
        else {
          defs.push(d.sql);
          for (const [k, v] of d.dynamicDefaults) dynamicDefaults.set(k, v);
        }
      }
      const pk = tb.statements.find((s) => s.method === 'primary');
      const pkCols = pk && strList(pk.args[0]);
      if (pkCols && this.engine !== 'sqlite') {
        const nameArg = pk!.args[1];
        const name = str(nameArg) ?? str(prop(nameArg, 'constraintName')) ?? `${tb.table.name}_pkey`;
        defs.push(this.engine === 'mysql' ? `primary key (${this.cols(pkCols)})` : `constraint ${this.q(name)} primary key (${this.cols(pkCols)})`);
      }
      for (const c of tb.checks) defs.push(`${c.name ? `constraint ${this.q(c.name)} ` : ''}check (${this.predicate(c.predicate, c.bindings)})`);
      const head = `create table ${tb.method === 'createIfNot' ? 'if not exists ' : ''}${T}`;
      const body = tb.method === 'createLike' && tb.like ? ` (like ${this.table(tb.like)} including all${defs.length ? `, ${defs.join(', ')}` : ''})` : ` (${defs.join(', ')})`;
      const create: Item = { origin: tb.origin, sql: head + body };
      if (dynamicDefaults.size) create.dynamicDefaults = dynamicDefaults;
      items.push(...pre, create);
    } else {
      for (const col of adds) {
        const p: Item[] = [];
        const d = this.columnDefinition(col, tb, p, false);
        if ('dynamic' in d) {
          items.push({ origin: col.origin, opaque: `Knex column definition: ${d.dynamic}` });
          continue;
        }
        const item: Item = { origin: col.origin, sql: `alter table ${T} add ${this.engine === 'mysql' ? '' : 'column '}${d.sql}` };
        if (d.dynamicDefaults.size) item.dynamicDefaults = d.dynamicDefaults;
        items.push(...p, item);
      }
      for (const col of alters) items.push(...this.alterColumn(col, tb, T));
    }
    for (const s of tb.statements) items.push(...this.statement(s, tb, T));
    for (const o of tb.opaque) items.push({ origin: o.origin, opaque: o.reason });
    return items;
  }

  /** `.alter()`: pg-tablecompiler.js `_addColumn` (drop default, drop not null, type, default, not null); MySQL MODIFY. */
  private alterColumn(col: ColumnModel, tb: TableModel, T: string): Item[] {
    const pre: Item[] = [];
    if (this.engine !== 'postgresql') {
      const d = this.columnDefinition(col, tb, pre, true);
      if ('dynamic' in d) return [{ origin: col.origin, opaque: `Knex column definition: ${d.dynamic}` }];
      const item: Item = { origin: col.origin, sql: `alter table ${T} modify ${d.sql}` };
      if (d.dynamicDefaults.size) item.dynamicDefaults = d.dynamicDefaults;
      return [item];
    }
    if (col.name === undefined || col.dynamic) return [{ origin: col.origin, opaque: `Knex column definition: ${col.dynamic ?? 'its column name is computed at run time'}` }];
    const type = this.columnType(col, tb, pre);
    if (typeof type !== 'string') return [{ origin: col.origin, opaque: `Knex column definition: ${type.dynamic}` }];
    const c = this.q(col.name);
    const out: Item[] = [...pre, { origin: col.origin, sql: `alter table ${T} alter column ${c} drop default` }];
    const { alterNullable, alterType } = col.alter!;
    if (alterNullable) out.push({ origin: col.origin, sql: `alter table ${T} alter column ${c} drop not null` });
    if (alterType) {
      const bare = type.replace(/ primary key$/, '');
      out.push({ origin: col.origin, sql: `alter table ${T} alter column ${c} type ${bare} using (${c}${col.type === 'enu' ? '::text::' : '::'}${bare})` });
    }
    const def = col.modifiers.get('defaultTo');
    if (def) {
      const dynamicDefaults = new Map<string, string>();
      const sql = this.defaultSql(col, def[0] ?? { k: 'undef' }, dynamicDefaults);
      if (sql !== undefined) {
        const item: Item = { origin: col.origin, sql: `alter table ${T} alter column ${c} set default ${sql}` };
        if (dynamicDefaults.size) item.dynamicDefaults = dynamicDefaults;
        out.push(item);
      }
    }
    const nullable = col.modifiers.get('nullable');
    if (alterNullable && nullable?.[0]?.k === 'bool' && !nullable[0].v) out.push({ origin: col.origin, sql: `alter table ${T} alter column ${c} set not null` });
    let n = 0;
    for (const k of this.checkModifiers(col)) {
      const name = k.name ?? `${tb.table!.name}_${col.name}_${++n}`;
      out.push({ origin: col.origin, sql: `alter table ${T} add constraint ${this.q(name)} check (${k.predicate})` });
    }
    return out;
  }

  private direct(origin: Origin, op: Draft): Item {
    return { origin, op };
  }

  /** One table statement (index, unique, foreign, drop…, rename…) as Knex compiles it. */
  private statement(s: TableStatement, tb: TableModel, T: string): Item[] {
    const table = tb.table!;
    const e = this.engine;
    const o = s.origin;
    const dyn = (what: string): Item[] => [{ origin: o, opaque: `table.${s.method}(): ${what} computed at run time` }];
    const columnsArg = strList(s.args[0]);
    switch (s.method) {
      case 'index': {
        if (!columnsArg) return dyn('its columns are');
        const name = s.args[1] && s.args[1].k !== 'undef' && s.args[1].k !== 'null' ? str(s.args[1]) : this.indexName('index', table, columnsArg);
        if (name === undefined) return dyn('its index name is');
        const opts = s.args[2];
        const indexType = str(prop(opts, 'indexType'));
        const using = opts?.k === 'str' ? opts.v : str(prop(opts, 'storageEngineIndexType'));
        const where = prop(opts, 'predicate') ? ` where ${PLACEHOLDER_PREFIX}predicate` : '';
        if (e === 'mysql') {
          return [{ origin: o, sql: `alter table ${T} add${indexType ? ` ${indexType}` : ''} index ${this.q(name)}(${this.cols(columnsArg)})${using ? ` using ${using}` : ''}` }];
        }
        const unique = indexType?.toLowerCase() === 'unique';
        if (e === 'sqlite') return [this.direct(o, { kind: 'createIndex', name, table, unique, concurrently: false, ifNotExists: false, columns: columnsArg })];
        return [{ origin: o, sql: `create${unique ? ' unique' : ''} index ${this.q(name)} on ${T}${using ? ` using ${using}` : ''} (${this.cols(columnsArg)})${where}` }];
      }
      case 'unique': {
        if (!columnsArg) return dyn('its columns are');
        const opts = s.args[1];
        const name = (opts?.k === 'obj' ? str(prop(opts, 'indexName')) : str(opts)) ?? this.indexName('unique', table, columnsArg);
        if (e === 'mysql') return [{ origin: o, sql: `alter table ${T} add unique ${this.q(name)}(${this.cols(columnsArg)})` }];
        if (e === 'sqlite') return [this.direct(o, { kind: 'createIndex', name, table, unique: true, concurrently: false, ifNotExists: false, columns: columnsArg })];
        // pg-tablecompiler.js unique(): a constraint unless useConstraint: false or a predicate.
        const useConstraintArg = prop(opts, 'useConstraint');
        const predicate = prop(opts, 'predicate');
        const deferrable = prop(opts, 'deferrable');
        const useConstraint = useConstraintArg?.k === 'bool' ? useConstraintArg.v : !!deferrable || !predicate;
        if (useConstraint) return [{ origin: o, sql: `alter table ${T} add constraint ${this.q(name)} unique (${this.cols(columnsArg)})` }];
        return [{ origin: o, sql: `create unique index ${this.q(name)} on ${T} (${this.cols(columnsArg)})${predicate ? ` where ${PLACEHOLDER_PREFIX}predicate` : ''}` }];
      }
      case 'primary': {
        if (tb.method !== 'alter') return [];
        if (!columnsArg) return dyn('its columns are');
        const nameArg = s.args[1];
        const name = str(nameArg) ?? str(prop(nameArg, 'constraintName')) ?? `${table.name}_pkey`;
        return [{ origin: o, sql: `alter table ${T} add constraint ${this.q(name)} primary key (${this.cols(columnsArg)})` }];
      }
      case 'foreign':
        return this.foreign(s.fk!, tb, T, o);
      case 'dropColumn': {
        const names = s.args.flatMap((a) => strList(a) ?? [undefined]);
        if (!names.length || names.some((n) => n === undefined)) return dyn('the column names are');
        if (e === 'sqlite') return names.map((n) => this.direct(o, { kind: 'dropColumn', table, column: n!, ifExists: false, cascade: false }));
        return [{ origin: o, sql: `alter table ${T} ${names.map((n) => `drop ${e === 'mysql' ? '' : 'column '}${this.q(n!)}`).join(', ')}` }];
      }
      case 'renameColumn': {
        const from = str(s.args[0]);
        const to = str(s.args[1]);
        if (from === undefined || to === undefined) return dyn('the column names are');
        // MySQL: Knex reads the column's definition first and sends CHANGE; the effect is a rename.
        if (e !== 'postgresql') return [this.direct(o, { kind: 'renameColumn', table, column: from, newName: to })];
        return [{ origin: o, sql: `alter table ${T} rename ${this.q(from)} to ${this.q(to)}` }];
      }
      case 'dropIndex': {
        const name = str(s.args[1]) ?? (columnsArg && this.indexName('index', table, columnsArg));
        if (name === undefined) return dyn('the index name is');
        if (e === 'postgresql') return [{ origin: o, sql: `drop index ${table.schema ? `${this.q(table.schema)}.` : ''}${this.q(name)}` }];
        const op: Draft = { kind: 'dropIndex', indexes: [{ name }], concurrently: false, ifExists: false, cascade: false };
        if (e === 'mysql') op.table = table;
        return [this.direct(o, op)];
      }
      case 'dropUnique':
      case 'dropUniqueIfExists':
      case 'dropForeign':
      case 'dropForeignIfExists': {
        const kind = s.method.startsWith('dropUnique') ? 'unique' : 'foreign';
        const name = str(s.args[1]) ?? (columnsArg && this.indexName(kind, table, columnsArg));
        if (name === undefined) return dyn('the constraint name is');
        const ifExists = s.method.endsWith('IfExists');
        if (e !== 'postgresql') {
          if (kind === 'unique') return [this.direct(o, { kind: 'dropIndex', indexes: [{ name }], ...(e === 'mysql' && { table }), concurrently: false, ifExists, cascade: false } as Draft)];
          return [this.direct(o, { kind: 'dropConstraint', table, name, ifExists, cascade: false })];
        }
        return [{ origin: o, sql: `alter table ${T} drop constraint ${ifExists ? 'if exists ' : ''}${this.q(name)}` }];
      }
      case 'dropPrimary':
      case 'dropPrimaryIfExists': {
        const name = str(s.args[0]) ?? `${table.name}_pkey`;
        const ifExists = s.method.endsWith('IfExists');
        if (e !== 'postgresql') return [this.direct(o, { kind: 'dropConstraint', table, name: 'PRIMARY', ifExists, cascade: false })];
        return [{ origin: o, sql: `alter table ${T} drop constraint ${ifExists ? 'if exists ' : ''}${this.q(name)}` }];
      }
      case 'setNullable':
      case 'dropNullable': {
        const column = str(s.args[0]);
        if (column === undefined) return dyn('the column name is');
        const kind = s.method === 'setNullable' ? 'dropNotNull' : 'setNotNull';
        if (e !== 'postgresql') return [this.direct(o, { kind, table, column })];
        return [{ origin: o, sql: `alter table ${T} alter column ${this.q(column)} ${kind === 'dropNotNull' ? 'drop not null' : 'set not null'}` }];
      }
      case 'check': {
        const pred = str(s.args[0]);
        if (pred === undefined) return dyn('the predicate is');
        const name = str(s.args[2]) ?? `${table.name}_1`;
        return [{ origin: o, sql: `alter table ${T} add constraint ${this.q(name)} check (${this.predicate(pred, s.args[1])})` }];
      }
      case 'dropChecks': {
        const names = strList(s.args[0]);
        if (!names) return dyn('the constraint names are');
        if (e !== 'postgresql') return names.map((name) => this.direct(o, { kind: 'dropConstraint', table, name, ifExists: false, cascade: false }));
        return [{ origin: o, sql: `alter table ${T} ${names.map((n) => `drop constraint ${this.q(n)}`).join(', ')}` }];
      }
      default:
        return [];
    }
  }

  private foreign(fk: ForeignModel, tb: TableModel, T: string, o: Origin): Item[] {
    if (fk.dynamic || !fk.columns) return [{ origin: o, opaque: `Knex foreign key: ${fk.dynamic ?? 'its columns are computed at run time'}` }];
    // tablecompiler.js foreign(): nothing is sent until both references() and inTable() are given.
    if (!fk.inTable || !fk.references) return [];
    const table = tb.table!;
    const name = fk.keyName ?? this.indexName('foreign', table, fk.columns);
    const target = fk.inTable.split('.');
    const ref = target.length > 1 ? `${this.q(target[0]!)}.${this.q(target.slice(1).join('.'))}` : this.q(fk.inTable);
    const sql =
      `alter table ${T} add constraint ${this.q(name)} foreign key (${this.cols(fk.columns)}) references ${ref} (${this.cols(fk.references)})` +
      `${fk.onUpdate ? ` on update ${fk.onUpdate}` : ''}${fk.onDelete ? ` on delete ${fk.onDelete}` : ''}` +
      `${fk.deferrable && this.engine === 'postgresql' ? ` deferrable initially ${fk.deferrable}` : ''}`;
    if (this.engine === 'sqlite') {
      // SQLite has no ADD CONSTRAINT: Knex rebuilds the table (or declares the key inline when creating it).
      if (tb.method !== 'alter') return [];
      return [this.direct(o, { kind: 'addConstraint', table, constraint: { name, type: 'foreignKey', columns: fk.columns, notValid: false, references: { table: { name: fk.inTable }, columns: fk.references } } })];
    }
    return [{ origin: o, sql }];
  }
}

/** A known value as plain JavaScript (for JSON defaults and CHECK lists); undefined when unknown. */
export function toJs(v: Value | undefined): unknown {
  if (!v) return undefined;
  switch (v.k) {
    case 'str':
    case 'num':
    case 'bool':
      return v.v;
    case 'null':
      return null;
    case 'arr': {
      const items = v.items.map(toJs);
      return items.some((i) => i === undefined) ? undefined : items;
    }
    case 'obj': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of v.props) {
        const j = toJs(x);
        if (j === undefined) return undefined;
        out[k] = j;
      }
      return out;
    }
    default:
      return undefined;
  }
}
