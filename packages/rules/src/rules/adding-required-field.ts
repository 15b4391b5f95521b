import { defineRule } from '@migralint/core';
import { ident, qualified } from '../util/names.js';

// Types whose implicit default fills existing rows.
const SERIAL = new Set(['smallserial', 'serial2', 'serial', 'serial4', 'bigserial', 'serial8']);

export default defineRule({
  meta: {
    id: 'adding-required-field',
    description: 'Forbid adding a NOT NULL column without a default to a table that already exists',
    engines: ['postgresql'],
    recommended: 'error',
    messages: {
      notNullWithoutDefault:
        'Adding NOT NULL column {{column}} without a default fails as soon as {{table}} has a row: existing rows would hold NULL, so PostgreSQL aborts the migration ("column contains null values").',
    },
    help: 'Give {{column}} a constant default (ADD COLUMN {{column}} {{type}} NOT NULL DEFAULT …, no rewrite on PostgreSQL 11+), or add it nullable, backfill it in batches, ADD CONSTRAINT … CHECK ({{column}} IS NOT NULL) NOT VALID, VALIDATE it in a separate transaction, then ALTER COLUMN {{column}} SET NOT NULL (PostgreSQL 12+ uses the validated check and skips the scan).',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/adding-required-field.md' },
    examples: {
      bad: ['ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;'],
      good: [
        'ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 1;',
        'ALTER TABLE users ADD COLUMN tenant_id bigint;',
      ],
    },
  },
  create(ctx) {
    return {
      addColumn(op) {
        const c = op.column;
        if (!c.notNull || (c.default && !c.default.isNull) || c.identity || c.generated) return;
        if (c.type && !c.type.array && SERIAL.has(c.type.name)) return;
        if (ctx.analysis.isNewTable(op.table, op)) return;
        ctx.report({
          op,
          messageId: 'notNullWithoutDefault',
          data: { table: qualified(op.table), column: ident(c.name), type: c.type?.text ?? '…' },
        });
      },
    };
  },
});
