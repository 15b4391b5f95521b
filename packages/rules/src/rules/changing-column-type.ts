import { changesWithoutRewrite, defineRule, type AlterColumnTypeOp, type TypeRef } from '@migralint/core';
import type { DocumentedMeta } from '../util/meta.js';
import { ident, qualified } from '../util/names.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';

const BINARY_COMPATIBLE = 'varchar(n) to varchar(m > n) or text, numeric(p, s) to numeric(q > p, s), cidr to inet';

/** A USING that only names the column, possibly cast, lets PostgreSQL keep the table; any other expression rewrites it. */
function trivialUsing(op: AlterColumnTypeOp): boolean {
  if (op.using === undefined) return true;
  const m = /^\(?\s*("(?:[^"]|"")+"|[A-Za-z_][\w$]*)\s*\)?\s*(?:::\s*[\w\s."]+(?:\([\d\s,]*\))?(?:\[\])?)?\s*$/.exec(op.using.trim());
  if (!m) return false;
  const name = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!.toLowerCase();
  return name === op.column;
}

const meta: DocumentedMeta = {
  id: 'changing-column-type',
  description: 'Flag column type changes that rewrite a table that already exists',
  engines: ['postgresql'],
  recommended: 'error',
  messages: {
    rewrite:
      'Changing the type of {{column}} from {{from}} to {{to}} rewrites {{table}} and rebuilds all its indexes under an ACCESS EXCLUSIVE lock: every read and write blocks until the rewrite ends, and clients expecting {{from}} may break.',
    unknownType: `Changing a column type whose current type migralint cannot see ({{column}} of {{table}} to {{to}}) takes an ACCESS EXCLUSIVE lock and, unless the change is binary-compatible (${BINARY_COMPATIBLE}), rewrites {{table}} and rebuilds all its indexes: every read and write blocks meanwhile.`,
    rewriteLargeTable:
      'Large table {{table}} is rewritten, with all its indexes, when {{column}} changes from {{from}} to {{to}}: every read and write blocks under an ACCESS EXCLUSIVE lock until the rewrite ends, and clients expecting {{from}} may break.',
    unknownTypeLargeTable: `On large table {{table}}, changing {{column}} to {{to}} from a type migralint cannot see takes an ACCESS EXCLUSIVE lock and, unless the change is binary-compatible (${BINARY_COMPATIBLE}), rewrites the whole table and all its indexes while every read and write blocks.`,
  },
  help: 'Expand and contract: ALTER TABLE {{table}} ADD COLUMN {{newColumn}} {{to}}; write both columns (application code or a trigger); backfill {{newColumn}} in batches; move reads to {{newColumn}}; then drop {{column}} and rename {{newColumn}} in a later migration. To allow longer strings, prefer text with a CHECK (length(…) <= n) constraint added NOT VALID.',
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/changing-column-type.md' },
  versions: [
    'timestamp to timestamptz (and back) keeps the table on PostgreSQL 12+ when the session TimeZone is UTC; the rule cannot see the session, so it reports the change on every version.',
  ],
  examples: {
    bad: [
      'ALTER TABLE users ALTER COLUMN id TYPE bigint;',
      'ALTER TABLE users ADD COLUMN code varchar(20);\nALTER TABLE users ALTER COLUMN code TYPE varchar(10);',
    ],
    good: [
      'CREATE TABLE drafts (id integer, title varchar(20));\nALTER TABLE drafts ALTER COLUMN id TYPE bigint;',
    ],
  },
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    // A DO block earlier in this migration may have changed any column.
    let opaqueCode = false;
    return {
      other(op) {
        if (op.statement === 'DoStmt') opaqueCode = true;
      },
      opaque() {
        opaqueCode = true;
      },
      alterColumnType(op) {
        if (ctx.analysis.isNewTable(op.table, op)) return;
        const table = ctx.analysis.schema.table(op.table);
        // The type the replayed schema holds, unless code the linter cannot read touched the table.
        const from: TypeRef | undefined = table && !table.stale && !opaqueCode ? table.columns.get(op.column)?.type : undefined;
        if (from && changesWithoutRewrite(from, op.newType) && trivialUsing(op)) return;
        const verdict = sizeVerdict(ctx, op.table);
        if (verdict === 'skip') return;
        const data = { table: qualified(op.table), column: ident(op.column), to: op.newType.text, newColumn: ident(`${op.column}_new`) };
        const large = verdict === 'large' ? 'LargeTable' : '';
        if (from) ctx.report({ op, messageId: `rewrite${large}`, data: { ...data, from: from.text } });
        else ctx.report({ op, messageId: `unknownType${large}`, data });
      },
    };
  },
});
