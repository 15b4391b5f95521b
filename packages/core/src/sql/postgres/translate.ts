import type {
  ColumnDef,
  ConstraintDef,
  DetachedOperation,
  ObjectRef,
  SqlOrigin,
} from '../../model/operation.js';
import type { Span } from '../../model/source.js';
import type { Token } from './parse.js';
import { defaultExpr, fieldsOf, firstLocation, qualified, rangeVar, str, strings, typeRef, unwrap, type Fields } from './nodes.js';

export interface StatementContext {
  sql: string;
  /** The statement's tokens without comments, UTF-16 offsets into `sql`. */
  tokens: Token[];
  /** libpg-query byte offset → UTF-16 offset into `sql`. */
  toUtf16: (byteOffset: number) => number;
  toSpan: (start: number, end: number) => Span;
}

type Draft = DetachedOperation;
// Ops are built without span/sql and completed in one place below.
type Partial = { [K in Draft['kind']]: Omit<Extract<Draft, { kind: K }>, 'span' | 'sql'> }[Draft['kind']];

// Words that end an expression inside a column definition.
const COLUMN_STOP = new Set(['NOT', 'NULL', 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'REFERENCES', 'GENERATED', 'COLLATE', 'DEFAULT', 'USING']);

class Statement {
  readonly start: number;
  readonly end: number;
  readonly span: Span;

  constructor(readonly ctx: StatementContext) {
    const t = ctx.tokens;
    this.start = t[0]?.start ?? 0;
    this.end = t[t.length - 1]?.end ?? this.start;
    this.span = ctx.toSpan(this.start, this.end);
  }

  /** Index of the first token at or after a UTF-16 offset. */
  tokenAt(offset: number): number {
    const i = this.ctx.tokens.findIndex((t) => t.end > offset);
    return i < 0 ? this.ctx.tokens.length : i;
  }

  /** Source text of an expression starting at a byte location, up to a top-level stop word, comma or close paren. */
  exprText(byteLocation: number | undefined, limit = this.end): string {
    if (byteLocation === undefined) return '';
    const toks = this.ctx.tokens;
    let i = this.tokenAt(this.ctx.toUtf16(byteLocation));
    const first = toks[i];
    if (!first) return '';
    let depth = 0;
    let last = first;
    for (; i < toks.length && toks[i]!.end <= limit; i++) {
      const t = toks[i]!;
      if (t.text === '(') depth++;
      else if (t.text === ')') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && t !== first && (t.text === ',' || COLUMN_STOP.has(t.text.toUpperCase()))) break;
      last = t;
    }
    return this.ctx.sql.slice(first.start, last.end);
  }

  /**
   * Spans of ALTER TABLE sub-commands: the text between top-level commas after the table name.
   * Returns undefined when the split does not match the parser's command count.
   */
  clauseSpans(relationByteLocation: number | undefined, count: number): Array<[number, number]> | undefined {
    if (relationByteLocation === undefined) return undefined;
    const toks = this.ctx.tokens;
    let i = this.tokenAt(this.ctx.toUtf16(relationByteLocation));
    i++; // the name
    while (toks[i]?.text === '.' && toks[i + 1]) i += 2;
    if (toks[i]?.text === '*') i++;
    const spans: Array<[number, number]> = [];
    let depth = 0;
    let segStart = i;
    for (; i <= toks.length; i++) {
      const t = toks[i];
      if (!t || (depth === 0 && t.text === ',')) {
        if (segStart < i) spans.push([toks[segStart]!.start, toks[i - 1]!.end]);
        segStart = i + 1;
        if (!t) break;
        continue;
      }
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
    }
    return spans.length === count ? spans : undefined;
  }
}

function column(def: Fields, st: Statement, limit?: number): ColumnDef {
  const col: ColumnDef = {
    name: def.colname as string,
    type: typeRef(def.typeName),
    notNull: def.is_not_null === true,
    primaryKey: false,
    unique: false,
    identity: false,
    checks: [],
  };
  for (const c of (def.constraints as unknown[] | undefined) ?? []) {
    const k = fieldsOf(c, 'Constraint');
    if (!k) continue;
    switch (k.contype) {
      case 'CONSTR_NOTNULL':
        col.notNull = true;
        break;
      case 'CONSTR_NULL':
        col.notNull = false;
        break;
      case 'CONSTR_DEFAULT':
        col.default = defaultExpr(k.raw_expr, st.exprText(firstLocation(k.raw_expr), limit));
        break;
      case 'CONSTR_PRIMARY':
        col.primaryKey = true;
        col.notNull = true;
        break;
      case 'CONSTR_UNIQUE':
        col.unique = true;
        break;
      case 'CONSTR_FOREIGN':
        col.references = { table: rangeVar(k.pktable), columns: strings(k.pk_attrs) };
        break;
      case 'CONSTR_CHECK':
        col.checks.push(st.exprText(firstLocation(k.raw_expr), limit));
        break;
      case 'CONSTR_GENERATED':
        col.generated = k.generated_kind === 'v' ? 'virtual' : 'stored';
        break;
      case 'CONSTR_IDENTITY':
        col.identity = true;
        col.notNull = true;
        break;
    }
  }
  return col;
}

function constraint(k: Fields, st: Statement): ConstraintDef {
  const types: Record<string, ConstraintDef['type']> = {
    CONSTR_PRIMARY: 'primaryKey',
    CONSTR_FOREIGN: 'foreignKey',
    CONSTR_UNIQUE: 'unique',
    CONSTR_CHECK: 'check',
    CONSTR_EXCLUSION: 'exclude',
    CONSTR_NOTNULL: 'notNull',
  };
  const type = types[k.contype as string] ?? 'check';
  const def: ConstraintDef = {
    type,
    columns: type === 'foreignKey' ? strings(k.fk_attrs) : type === 'notNull' ? strings(k.keys) : strings(k.keys),
    notValid: k.skip_validation === true,
  };
  if (k.conname) def.name = k.conname as string;
  if (k.indexname) def.usingIndex = k.indexname as string;
  if (type === 'foreignKey') def.references = { table: rangeVar(k.pktable), columns: strings(k.pk_attrs) };
  if (type === 'check' && k.raw_expr) {
    def.expression = st.exprText(firstLocation(k.raw_expr));
    const nt = fieldsOf(k.raw_expr, 'NullTest');
    if (nt && nt.nulltesttype === 'IS_NOT_NULL') {
      const ref = fieldsOf(nt.arg, 'ColumnRef');
      const col = ref && strings(ref.fields).pop();
      if (col) def.checksNotNullOf = col;
    }
  }
  if (type === 'exclude') def.expression = st.ctx.sql.slice(st.start, st.end);
  return def;
}

function alterTable(s: Fields, st: Statement): Array<[Partial, [number, number] | undefined]> {
  const table = rangeVar(s.relation);
  const cmds = ((s.cmds as unknown[]) ?? []).map((c) => fieldsOf(c, 'AlterTableCmd')!).filter(Boolean);
  const clauses = st.clauseSpans(s.relation?.location, cmds.length);
  const objtype = s.objtype as string;
  return cmds.map((c, i): [Partial, [number, number] | undefined] => {
    const clause = clauses?.[i];
    const limit = clause?.[1];
    const other = (statement: string): Partial => ({ kind: 'other', statement, table });
    if (objtype !== 'OBJECT_TABLE' && objtype !== 'OBJECT_FOREIGN_TABLE') {
      return [other(`ALTER ${objtype.replace('OBJECT_', '')} ${String(c.subtype).replace('AT_', '')}`), clause];
    }
    const colName = c.name as string;
    switch (c.subtype) {
      case 'AT_AddColumn': {
        const def = fieldsOf(c.def, 'ColumnDef')!;
        return [{ kind: 'addColumn', table, column: column(def, st, limit), ifNotExists: c.missing_ok === true }, clause];
      }
      case 'AT_DropColumn':
        return [{ kind: 'dropColumn', table, column: colName, ifExists: c.missing_ok === true, cascade: c.behavior === 'DROP_CASCADE' }, clause];
      case 'AT_AlterColumnType': {
        const def = fieldsOf(c.def, 'ColumnDef');
        const using = def?.raw_default ? st.exprText(firstLocation(def.raw_default), limit) : undefined;
        const op: Partial = { kind: 'alterColumnType', table, column: colName, newType: typeRef(def?.typeName)! };
        if (using) op.using = using;
        return [op, clause];
      }
      case 'AT_SetNotNull':
        return [{ kind: 'setNotNull', table, column: colName }, clause];
      case 'AT_DropNotNull':
        return [{ kind: 'dropNotNull', table, column: colName }, clause];
      case 'AT_ColumnDefault':
        return c.def
          ? [{ kind: 'setDefault', table, column: colName, default: defaultExpr(c.def, st.exprText(firstLocation(c.def), limit)) }, clause]
          : [{ kind: 'dropDefault', table, column: colName }, clause];
      case 'AT_AddConstraint': {
        const k = fieldsOf(c.def, 'Constraint')!;
        return [{ kind: 'addConstraint', table, constraint: constraint(k, st) }, clause];
      }
      case 'AT_ValidateConstraint':
        return [{ kind: 'validateConstraint', table, name: colName }, clause];
      case 'AT_DropConstraint':
        return [{ kind: 'dropConstraint', table, name: colName, ifExists: c.missing_ok === true, cascade: c.behavior === 'DROP_CASCADE' }, clause];
      case 'AT_AttachPartition':
      case 'AT_DetachPartition':
      case 'AT_DetachPartitionFinalize': {
        const pc = fieldsOf(c.def, 'PartitionCmd');
        const op: Partial = {
          kind: 'partition',
          action: c.subtype === 'AT_AttachPartition' ? 'attach' : 'detach',
          table,
          partition: rangeVar(fieldsOf(pc?.name, 'RangeVar') ?? pc?.name),
          concurrently: pc?.concurrent === true,
        };
        if (c.subtype === 'AT_DetachPartitionFinalize') op.finalize = true;
        return [op, clause];
      }
      default:
        return [other(`ALTER TABLE ${String(c.subtype).replace('AT_', '')}`), clause];
    }
  });
}

function dropObjects(s: Fields): ObjectRef[] {
  return ((s.objects as unknown[]) ?? []).map((o) => {
    const list = fieldsOf(o, 'List');
    if (list) return qualified(strings(list.items));
    const tn = fieldsOf(o, 'TypeName');
    if (tn) return qualified(strings(tn.names));
    return { name: str(o) ?? '?' };
  });
}

function statement(type: string, s: Fields, st: Statement): Array<[Partial, [number, number] | undefined]> {
  const one = (op: Partial): Array<[Partial, undefined]> => [[op, undefined]];
  switch (type) {
    case 'CreateStmt': {
      const columns: ColumnDef[] = [];
      const constraints: ConstraintDef[] = [];
      for (const el of (s.tableElts as unknown[]) ?? []) {
        const u = unwrap(el);
        if (u?.[0] === 'ColumnDef') columns.push(column(u[1], st));
        else if (u?.[0] === 'Constraint') constraints.push(constraint(u[1], st));
      }
      const op: Partial = { kind: 'createTable', table: rangeVar(s.relation), columns, constraints, ifNotExists: s.if_not_exists === true, asQuery: false };
      const parent = (s.inhRelations as unknown[] | undefined)?.[0];
      if (s.partbound && parent) op.partitionOf = rangeVar(fieldsOf(parent, 'RangeVar'));
      return one(op);
    }
    case 'CreateTableAsStmt': {
      const into = s.into?.rel as Fields | undefined;
      if (s.objtype === 'OBJECT_MATVIEW') return one({ kind: 'other', statement: 'CREATE MATERIALIZED VIEW', table: rangeVar(into) });
      return one({ kind: 'createTable', table: rangeVar(into), columns: [], constraints: [], ifNotExists: s.if_not_exists === true, asQuery: true });
    }
    case 'DropStmt': {
      const objects = dropObjects(s);
      const cascade = s.behavior === 'DROP_CASCADE';
      const ifExists = s.missing_ok === true;
      if (s.removeType === 'OBJECT_TABLE') return one({ kind: 'dropTable', tables: objects, ifExists, cascade });
      if (s.removeType === 'OBJECT_INDEX') return one({ kind: 'dropIndex', indexes: objects, concurrently: s.concurrent === true, ifExists, cascade });
      return one({ kind: 'other', statement: `DROP ${String(s.removeType).replace('OBJECT_', '')}` });
    }
    case 'RenameStmt': {
      const table = rangeVar(s.relation);
      if (s.renameType === 'OBJECT_TABLE') return one({ kind: 'renameTable', table, newName: s.newname as string });
      if (s.renameType === 'OBJECT_COLUMN' && s.relationType === 'OBJECT_TABLE')
        return one({ kind: 'renameColumn', table, column: s.subname as string, newName: s.newname as string });
      return one({ kind: 'other', statement: `RENAME ${String(s.renameType).replace('OBJECT_', '')}`, table });
    }
    case 'AlterTableStmt':
      return alterTable(s, st);
    case 'IndexStmt': {
      const op: Partial = {
        kind: 'createIndex',
        table: rangeVar(s.relation),
        unique: s.unique === true,
        concurrently: s.concurrent === true,
        ifNotExists: s.if_not_exists === true,
        columns: ((s.indexParams as unknown[]) ?? []).map((p) => {
          const e = fieldsOf(p, 'IndexElem');
          return (e?.name as string | undefined) ?? st.exprText(firstLocation(e?.expr));
        }),
      };
      if (s.idxname) op.name = s.idxname as string;
      if (s.whereClause) op.where = st.exprText(firstLocation(s.whereClause));
      if (s.accessMethod && s.accessMethod !== 'btree') op.method = s.accessMethod as string;
      return one(op);
    }
    case 'ReindexStmt': {
      const kinds: Record<string, 'index' | 'table' | 'schema' | 'database' | 'system'> = {
        REINDEX_OBJECT_INDEX: 'index',
        REINDEX_OBJECT_TABLE: 'table',
        REINDEX_OBJECT_SCHEMA: 'schema',
        REINDEX_OBJECT_DATABASE: 'database',
        REINDEX_OBJECT_SYSTEM: 'system',
      };
      const concurrently = ((s.params as unknown[]) ?? []).some((p) => fieldsOf(p, 'DefElem')?.defname === 'concurrently');
      const op: Partial = { kind: 'reindex', target: kinds[s.kind as string] ?? 'table', concurrently };
      if (s.relation) op.name = rangeVar(s.relation);
      else if (s.name) op.name = { name: s.name as string };
      return one(op);
    }
    case 'CreateEnumStmt':
      return one({ kind: 'createType', name: qualified(strings(s.typeName)), variant: 'enum', values: strings(s.vals) });
    case 'CompositeTypeStmt':
      return one({ kind: 'createType', name: rangeVar(s.typevar), variant: 'composite', values: [] });
    case 'CreateRangeStmt':
      return one({ kind: 'createType', name: qualified(strings(s.typeName)), variant: 'range', values: [] });
    case 'AlterEnumStmt': {
      const op: Partial = {
        kind: 'alterEnum',
        name: qualified(strings(s.typeName)),
        action: s.oldVal ? 'renameValue' : 'addValue',
        value: s.newVal as string,
        ifNotExists: s.skipIfNewValExists === true,
      };
      if (s.newValNeighbor) {
        if (s.newValIsAfter) op.after = s.newValNeighbor as string;
        else op.before = s.newValNeighbor as string;
      }
      return one(op);
    }
    case 'CreateDomainStmt': {
      const constraints = ((s.constraints as unknown[]) ?? []).map((c) => fieldsOf(c, 'Constraint')).filter((c): c is Fields => !!c).map((c) => constraint(c, st));
      return one({ kind: 'createDomain', name: qualified(strings(s.domainname)), baseType: typeRef(s.typeName), constraints });
    }
    case 'AlterDomainStmt': {
      const actions: Record<string, 'addConstraint' | 'dropConstraint' | 'validateConstraint' | 'setNotNull' | 'dropNotNull' | 'setDefault'> = {
        C: 'addConstraint',
        X: 'dropConstraint',
        V: 'validateConstraint',
        O: 'setNotNull',
        N: 'dropNotNull',
        T: 'setDefault',
      };
      const op: Partial = { kind: 'alterDomain', name: qualified(strings(s.typeName)), action: actions[s.subtype as string] ?? 'other' };
      const k = fieldsOf(s.def, 'Constraint');
      if (k) op.constraint = constraint(k, st);
      return one(op);
    }
    case 'UpdateStmt':
    case 'DeleteStmt':
      return one({ kind: 'dataChange', action: type === 'UpdateStmt' ? 'update' : 'delete', table: rangeVar(s.relation), hasWhere: !!s.whereClause });
    case 'InsertStmt':
      return one({ kind: 'dataChange', action: 'insert', table: rangeVar(s.relation), hasWhere: false });
    case 'MergeStmt':
      return one({ kind: 'dataChange', action: 'update', table: rangeVar(s.relation), hasWhere: true });
    case 'TruncateStmt':
      return one({ kind: 'truncate', tables: ((s.relations as unknown[]) ?? []).map((r) => rangeVar(fieldsOf(r, 'RangeVar'))), cascade: s.behavior === 'DROP_CASCADE' });
    case 'TransactionStmt': {
      const actions: Record<string, 'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo' | 'prepare'> = {
        TRANS_STMT_BEGIN: 'begin',
        TRANS_STMT_START: 'begin',
        TRANS_STMT_COMMIT: 'commit',
        TRANS_STMT_ROLLBACK: 'rollback',
        TRANS_STMT_SAVEPOINT: 'savepoint',
        TRANS_STMT_RELEASE: 'release',
        TRANS_STMT_ROLLBACK_TO: 'rollbackTo',
        TRANS_STMT_PREPARE: 'prepare',
        TRANS_STMT_COMMIT_PREPARED: 'commit',
        TRANS_STMT_ROLLBACK_PREPARED: 'rollback',
      };
      return one({ kind: 'transaction', action: actions[s.kind as string] ?? 'other' });
    }
    case 'VariableSetStmt': {
      const reset = String(s.kind).startsWith('VAR_RESET');
      const value = ((s.args as unknown[]) ?? [])
        .map((a) => {
          const c = fieldsOf(a, 'A_Const');
          return c ? String(c.sval?.sval ?? c.ival?.ival ?? c.fval?.fval ?? (c.ival ? 0 : '')) : '';
        })
        .join(', ');
      const op: Partial = { kind: 'setting', name: String(s.name ?? 'all').toLowerCase(), local: s.is_local === true, reset };
      if (!reset) op.value = value;
      return one(op);
    }
    case 'VacuumStmt': {
      const opts = ((s.options as unknown[]) ?? []).map((o) => fieldsOf(o, 'DefElem')?.defname as string);
      const tables = ((s.rels as unknown[]) ?? []).map((r) => rangeVar(fieldsOf(r, 'VacuumRelation')?.relation));
      const action = s.is_vacuumcmd === false ? 'analyze' : opts.includes('full') ? 'vacuumFull' : 'vacuum';
      return one({ kind: 'maintenance', action, tables, concurrently: false });
    }
    case 'ClusterStmt':
      return one({ kind: 'maintenance', action: 'cluster', tables: s.relation ? [rangeVar(s.relation)] : [], concurrently: false });
    case 'RefreshMatViewStmt':
      return one({ kind: 'maintenance', action: 'refreshMaterializedView', tables: [rangeVar(s.relation)], concurrently: s.concurrent === true });
    case 'DropdbStmt':
      return one({ kind: 'other', statement: 'DROP DATABASE' });
    default:
      return one({ kind: 'other', statement: type });
  }
}

/** Turns one libpg-query statement into operations with spans in the original file. */
export function translateStatement(stmt: Record<string, unknown>, ctx: StatementContext): DetachedOperation[] {
  const u = unwrap(stmt);
  if (!u) return [];
  const st = new Statement(ctx);
  const sql: SqlOrigin = { dialect: 'postgresql', node: stmt, statementSpan: st.span };
  return statement(u[0], u[1], st).map(([op, clause]) => ({
    ...op,
    span: clause ? ctx.toSpan(clause[0], clause[1]) : st.span,
    sql,
  }) as DetachedOperation);
}
