import type { Engine } from '../../model/migration.js';
import type { DefaultExpr, DetachedOperation } from '../../model/operation.js';
import { SourceFile, type Comment, type Span } from '../../model/source.js';
import { parseSql, type SqlProblem } from '../../sql/index.js';
import type { Item } from './compile.js';
import { hasPlaceholder, offsetMapper, PLACEHOLDER_PREFIX, type SqlText } from './sql-text.js';
import type { Origin } from './values.js';

/** What interpreting one migration function produced, in execution order. */
export interface Emitted {
  operations: DetachedOperation[];
  /** Code migralint could not see into: each is also an `opaque` operation. */
  opaque: Array<{ reason: string; span: Span }>;
  /** Syntax errors in raw SQL, at their place in the JS/TS string. */
  problems: SqlProblem[];
  /** Comments inside raw SQL (they may hold directives). */
  comments: Comment[];
}

const GENERATED = '<knex>';

/** An operation before it has a place in the file. */
export type DraftOp = DetachedOperation extends infer O ? (O extends DetachedOperation ? Omit<O, 'span'> : never) : never;

/** Fields that hold expressions rather than names: a placeholder there is a run-time value, not a name. */
function withoutExpressions(op: DetachedOperation): unknown {
  return JSON.parse(
    JSON.stringify(op, (key, value: unknown) => (['sql', 'span', 'default', 'where', 'using', 'expression', 'checks', 'columns', 'value'].includes(key) && key !== '' ? undefined : value)),
  );
}

function patchDefault(d: DefaultExpr | undefined, sources: ReadonlyMap<string, string>): void {
  if (!d || !hasPlaceholder(d.text)) return;
  for (const [placeholder, source] of sources) d.text = d.text.split(`${placeholder}()`).join(source).split(placeholder).join(source);
  d.text = d.text.replace(new RegExp(`${PLACEHOLDER_PREFIX}\\w+(\\(\\))?`, 'g'), '…');
  if (d.volatility !== 'volatile') d.volatility = 'unknown';
  d.isNull = false;
}

/** Default values known only at run time: their text becomes the JS source, their volatility unknown. */
function patchDefaults(op: DetachedOperation, sources: ReadonlyMap<string, string>): void {
  if (op.kind === 'addColumn') patchDefault(op.column.default, sources);
  else if (op.kind === 'createTable') for (const c of op.columns) patchDefault(c.default, sources);
  else if (op.kind === 'setDefault') patchDefault(op.default, sources);
}

export class Emitter {
  readonly out: Emitted = { operations: [], opaque: [], problems: [], comments: [] };

  constructor(
    readonly engine: Engine,
    readonly file: SourceFile,
  ) {}

  private place(op: DetachedOperation, origin: Origin): DetachedOperation {
    const placed = { ...op, span: origin.span } as DetachedOperation;
    if (origin.conditional) placed.conditional = true;
    return placed;
  }

  opaque(reason: string, origin: Origin): void {
    const op = { kind: 'opaque', reason, span: origin.span } as DetachedOperation;
    if (origin.conditional) op.conditional = true;
    this.out.operations.push(op);
    this.out.opaque.push({ reason, span: origin.span });
  }

  op(op: DraftOp, origin: Origin): void {
    this.out.operations.push(this.place({ ...op, span: origin.span } as DetachedOperation, origin));
  }

  /** Generated SQL is parsed by the engine's parser; its operations take the place of the Knex call. */
  items(items: readonly Item[]): void {
    for (const item of items) {
      if (item.opaque) {
        this.opaque(item.opaque, item.origin);
        continue;
      }
      if (item.op) {
        this.op(item.op, item.origin);
        continue;
      }
      const sql = item.sql!;
      const parsed = parseSql(this.engine, { file: new SourceFile(GENERATED, sql), sql });
      if (parsed.problems.length || !parsed.operations.length) {
        this.opaque(`migralint could not read the SQL it derived from this Knex call (${sql})`, item.origin);
        continue;
      }
      for (const op of parsed.operations) {
        const placed = this.place(op, item.origin);
        // The SQL is not in the file: no statement text for fixes to edit.
        delete placed.sql;
        if (item.dynamicDefaults) patchDefaults(placed, item.dynamicDefaults);
        this.out.operations.push(placed);
      }
    }
  }

  /**
   * SQL written in the file (`knex.raw`, `knex.schema.raw`): parsed with spans mapped into the
   * JS string. A string holding one statement is reported at the call (so that a directive above
   * the call applies); several statements are reported each at its own line.
   */
  rawSql(text: SqlText, origin: Origin, problemNote = ''): void {
    const parsed = parseSql(this.engine, { file: this.file, sql: text.text, mapOffset: offsetMapper(text) });
    this.out.comments.push(...parsed.comments);
    this.out.problems.push(...parsed.problems.map((p) => ({ ...p, message: p.message + problemNote })));
    const statements = new Set(parsed.operations.map((o) => o.sql?.statementSpan.start.offset ?? o.span.start.offset));
    const single = statements.size <= 1 && parsed.problems.length === 0;
    const sources = new Map(text.dynamic.map((d) => [d.placeholder, `\${${d.source}}`]));
    for (const op of parsed.operations) {
      const at: Origin = { span: single ? origin.span : op.span, conditional: origin.conditional };
      if (hasPlaceholder(JSON.stringify(withoutExpressions(op)))) {
        const source = text.dynamic.find((d) => JSON.stringify(withoutExpressions(op)).includes(d.placeholder))?.source ?? '…';
        this.opaque(`the raw SQL names an object with \`\${${source}}\`, known only at run time`, at);
        continue;
      }
      const placed = this.place(op, at);
      patchDefaults(placed, sources);
      this.out.operations.push(placed);
    }
  }
}
