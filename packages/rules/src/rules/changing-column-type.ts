import { defineRule } from '@migralint/core';
import { changesWithoutRewrite, ColumnTypes } from '../util/column-types.js';
import { ident, qualified } from '../util/names.js';

export default defineRule({
  meta: {
    id: 'changing-column-type',
    description: 'Flag column type changes that rewrite a table that already exists',
    engines: ['postgresql'],
    recommended: 'error',
    messages: {
      rewrite:
        'Changing the type of {{column}} from {{from}} to {{to}} rewrites {{table}} and rebuilds all its indexes under an ACCESS EXCLUSIVE lock: every read and write blocks until the rewrite ends, and clients expecting {{from}} may break.',
      unknownType:
        'Changing a column type whose current type migralint cannot see ({{column}} of {{table}} to {{to}}) takes an ACCESS EXCLUSIVE lock and, unless the change is binary-compatible (varchar(n) to varchar(m > n) or text, numeric(p, s) to numeric(q > p, s), cidr to inet), rewrites {{table}} and rebuilds all its indexes: every read and write blocks meanwhile.',
    },
    help: 'Expand and contract: ALTER TABLE {{table}} ADD COLUMN {{newColumn}} {{to}}; write both columns (application code or a trigger); backfill {{newColumn}} in batches; move reads to {{newColumn}}; then drop {{column}} and rename {{newColumn}} in a later migration. To allow longer strings, prefer text with a CHECK (length(…) <= n) constraint added NOT VALID.',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/changing-column-type.md' },
    examples: {
      bad: [
        'ALTER TABLE users ALTER COLUMN id TYPE bigint;',
        'ALTER TABLE users ADD COLUMN code varchar(20);\nALTER TABLE users ALTER COLUMN code TYPE varchar(10);',
      ],
      good: [
        'ALTER TABLE users ADD COLUMN nickname varchar(20);\nALTER TABLE users ALTER COLUMN nickname TYPE varchar(50);',
        'ALTER TABLE users ADD COLUMN bio varchar(200);\nALTER TABLE users ALTER COLUMN bio TYPE text;',
        'CREATE TABLE drafts (id integer);\nALTER TABLE drafts ALTER COLUMN id TYPE bigint;',
      ],
    },
  },
  create(ctx) {
    const types = ColumnTypes.forRun(ctx.analysis);
    const track = (op: Parameters<ColumnTypes['apply']>[0]) => types.apply(op);
    return {
      createTable: track,
      dropTable: track,
      renameTable: track,
      addColumn: track,
      dropColumn: track,
      renameColumn: track,
      other: track,
      opaque: track,
      alterColumnType(op) {
        const from = types.typeOf(op.table, op.column);
        types.apply(op);
        if (ctx.analysis.isNewTable(op.table, op)) return;
        if (from && changesWithoutRewrite(from, op.newType)) return;
        const data = { table: qualified(op.table), column: ident(op.column), to: op.newType.text, newColumn: ident(`${op.column}_new`) };
        if (from) ctx.report({ op, messageId: 'rewrite', data: { ...data, from: from.text } });
        else ctx.report({ op, messageId: 'unknownType', data });
      },
    };
  },
});
