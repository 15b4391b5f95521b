import type { TableRef } from '../../model/operation.js';
import { prop, str, strList, UNKNOWN, type ColumnModel, type ForeignModel, type Origin, type TableModel, type Value } from './values.js';

/*
 * What Knex's table, column and foreign-key builders record when a migration calls them
 * (lib/schema/tablebuilder.js, columnbuilder.js). Nothing is compiled here: compile.ts turns the
 * records into the SQL Knex would send, per engine.
 */

/** TableBuilder column methods (tablebuilder.js `columnTypes`), by the name the code calls. */
const COLUMN_TYPES = new Set(
  ('tinyint smallint mediumint int bigint decimal float double real bit boolean serial date datetime timestamp time year ' +
    'geometry geography point char varchar tinytext tinyText text mediumtext mediumText longtext longText binary varbinary ' +
    'tinyblob tinyBlob mediumblob mediumBlob blob longblob longBlob enum set bool dateTime increments bigincrements ' +
    'bigIncrements integer biginteger bigInteger string json jsonb uuid enu specificType').split(' '),
);

/** columnbuilder.js `columnAlias`, applied before the compilers lower-case the type. */
const COLUMN_ALIAS: Record<string, string> = { float: 'floating', enum: 'enu', boolean: 'bool', string: 'varchar', bigint: 'bigInteger' };

/** Table methods that become one `alterTable` statement each, compiled in call order. */
const TABLE_STATEMENTS = new Set([
  'index', 'primary', 'unique', 'dropPrimary', 'dropPrimaryIfExists', 'dropUnique', 'dropUniqueIfExists', 'dropIndex',
  'dropForeign', 'dropForeignIfExists', 'renameColumn', 'setNullable', 'dropNullable', 'dropChecks',
]);

const COLUMN_MODIFIERS: Record<string, string> = {
  default: 'defaultTo', defaultsTo: 'defaultTo', defaultTo: 'defaultTo', unsigned: 'unsigned', nullable: 'nullable', first: 'first',
  after: 'after', comment: 'comment', collate: 'collate', checkPositive: 'checkPositive', checkNegative: 'checkNegative',
  checkIn: 'checkIn', checkNotIn: 'checkNotIn', checkBetween: 'checkBetween', checkLength: 'checkLength', checkRegex: 'checkRegex',
};

/** What a builder call returns, or why the call cannot be followed. */
export type BuilderResult = Value | { opaque: string };

/** `users` or `public.users`: Knex wraps each dot-separated part as an identifier. */
export function tableRef(name: string, schema?: string): TableRef {
  const dot = name.indexOf('.');
  if (dot > 0) return { schema: name.slice(0, dot), name: name.slice(dot + 1) };
  return schema ? { schema, name } : { name };
}

export function newTable(method: TableModel['method'], table: TableRef | undefined, origin: Origin): TableModel {
  return { method, table, columns: [], statements: [], checks: [], origin, opaque: [] };
}

function addColumn(tb: TableModel, type: string, args: Value[], origin: Origin): ColumnModel {
  const aliased = (COLUMN_ALIAS[type] ?? type).toLowerCase();
  const first = args[0];
  let name = str(first);
  let dynamic: string | undefined;
  if (name === undefined && (first === undefined || first.k === 'undef' || first.k === 'null') && aliased.includes('increments')) name = 'id';
  if (name === undefined) dynamic = 'its column name is computed at run time';
  const col: ColumnModel = { table: tb, type: aliased, name, args, modifiers: new Map(), origin };
  if (dynamic) col.dynamic = dynamic;
  tb.columns.push(col);
  return col;
}

/** A `foreign` statement's builder: `.references().inTable().onDelete()`. */
function foreign(tb: TableModel, columns: Value | undefined, keyName: Value | undefined, origin: Origin): ForeignModel {
  const fk: ForeignModel = { columns: strList(columns), keyName: str(keyName) };
  if (!fk.columns) fk.dynamic = 'its columns are computed at run time';
  tb.statements.push({ method: 'foreign', args: [], origin, fk });
  return fk;
}

/** `.references('id')`, `.references('users.id')`, `.inTable('users')` … on a foreign-key builder. */
export function foreignMethod(fk: ForeignModel, name: string, args: Value[]): boolean {
  const a = args[0];
  switch (name) {
    case 'references': {
      const v = str(a);
      if (v === undefined) {
        const list = strList(a);
        if (list) fk.references = list;
        else fk.dynamic = 'the referenced column is computed at run time';
        return true;
      }
      const parts = v.split('.');
      if (parts.length === 1) fk.references = [v];
      else {
        fk.inTable = parts.slice(0, -1).join('.');
        fk.references = [parts[parts.length - 1]!];
      }
      return true;
    }
    case 'inTable':
    case 'on':
      if (str(a) === undefined) fk.dynamic = 'the referenced table is computed at run time';
      fk.inTable = str(a);
      return true;
    case 'withKeyName':
      fk.keyName = str(a);
      return true;
    case 'onDelete':
      if (str(a)) fk.onDelete = str(a)!;
      return true;
    case 'onUpdate':
      if (str(a)) fk.onUpdate = str(a)!;
      return true;
    case 'deferrable':
      if (str(a)) fk.deferrable = str(a)!;
      return true;
    default:
      return false;
  }
}

/** A call on the table builder (`table.string('email')`, `table.dropColumn('name')` …). */
export function tableMethod(tb: TableModel, name: string, args: Value[], origin: Origin): BuilderResult {
  if (COLUMN_TYPES.has(name)) return { k: 'column', col: addColumn(tb, name, args, origin) };
  if (TABLE_STATEMENTS.has(name)) {
    tb.statements.push({ method: name, args, origin });
    return { k: 'table', tb };
  }
  switch (name) {
    case 'timestamps': {
      // tablebuilder.js timestamps(): datetime columns unless `true`; NOT NULL DEFAULT CURRENT_TIMESTAMP with defaultToNow.
      let [useTimestamps, defaultToNow, useCamelCase] = args;
      if (useTimestamps?.k === 'obj') {
        defaultToNow = prop(useTimestamps, 'defaultToNow');
        useCamelCase = prop(useTimestamps, 'useCamelCase');
        useTimestamps = prop(useTimestamps, 'useTimestamps');
      }
      if ([useTimestamps, defaultToNow, useCamelCase].some((v) => v && v.k !== 'bool' && v.k !== 'undef' && v.k !== 'null')) {
        return { opaque: 'table.timestamps() gets options computed at run time' };
      }
      const type = useTimestamps?.k === 'bool' && useTimestamps.v ? 'timestamp' : 'datetime';
      const camel = useCamelCase?.k === 'bool' && useCamelCase.v;
      for (const n of camel ? ['createdAt', 'updatedAt'] : ['created_at', 'updated_at']) {
        const col = addColumn(tb, type, [{ k: 'str', v: n }], origin);
        if (defaultToNow?.k === 'bool' && defaultToNow.v) {
          col.modifiers.set('nullable', [{ k: 'bool', v: false }]);
          col.modifiers.set('defaultTo', [{ k: 'fnNow', sql: 'CURRENT_TIMESTAMP' }]);
        }
      }
      return UNKNOWN;
    }
    case 'dropTimestamps': {
      const camel = args[0]?.k === 'bool' && args[0].v;
      tb.statements.push({ method: 'dropColumn', args: [{ k: 'arr', items: (camel ? ['createdAt', 'updatedAt'] : ['created_at', 'updated_at']).map((v) => ({ k: 'str', v }) as Value) }], origin });
      return { k: 'table', tb };
    }
    case 'dropColumn':
    case 'dropColumns':
      tb.statements.push({ method: 'dropColumn', args, origin });
      return { k: 'table', tb };
    case 'foreign':
      return { k: 'foreign', fk: foreign(tb, args[0], args[1], origin) };
    case 'check':
      if (tb.method === 'alter') tb.statements.push({ method: 'check', args, origin });
      else {
        const pred = str(args[0]);
        if (pred === undefined) return { opaque: 'table.check() gets a predicate computed at run time' };
        const check: TableModel['checks'][number] = { predicate: pred, origin };
        if (args[1]) check.bindings = args[1];
        const n = str(args[2]);
        if (n) check.name = n;
        tb.checks.push(check);
      }
      return { k: 'table', tb };
    case 'comment':
    case 'engine':
    case 'charset':
    case 'collate':
    case 'inherits':
    case 'queryContext':
      return { k: 'table', tb };
    default:
      return { opaque: `table.${name}() is not a Knex table method migralint knows (a plugin, or code elsewhere)` };
  }
}

/** A call on a column builder: modifiers, `.alter()`, `.index()`, `.references()` … */
export function columnMethod(col: ColumnModel, fk: ForeignModel | undefined, name: string, args: Value[], origin: Origin): BuilderResult {
  const tb = col.table;
  const self: Value = fk ? { k: 'column', col, fk } : { k: 'column', col };
  const modifier = COLUMN_MODIFIERS[name];
  if (modifier) {
    col.modifiers.set(modifier, args);
    return self;
  }
  if (name === 'notNullable' || name === 'notNull') {
    col.modifiers.set('nullable', [{ k: 'bool', v: false }]);
    return self;
  }
  if (name === 'index' || name === 'primary' || name === 'unique') {
    // columnbuilder.js: forwarded to the table as table[method](columnName, ...args), except on increments.
    if (!col.type.includes('increments')) tb.statements.push({ method: name, args: [col.name !== undefined ? { k: 'str', v: col.name } : UNKNOWN, ...args], origin });
    return self;
  }
  if (name === 'references') {
    const created = foreign(tb, col.name !== undefined ? { k: 'str', v: col.name } : UNKNOWN, undefined, origin);
    foreignMethod(created, 'references', args);
    return { k: 'column', col, fk: created };
  }
  if (name === 'alter') {
    const opts = args[0];
    const flag = (key: string) => {
      const v = prop(opts, key);
      return v?.k === 'bool' ? v.v : true;
    };
    col.alter = { alterNullable: flag('alterNullable'), alterType: flag('alterType') };
    return self;
  }
  if (fk && foreignMethod(fk, name, args)) return self;
  if (name === 'queryContext' || name === 'check') return self;
  return { opaque: `.${name}() is not a Knex column method migralint knows` };
}
