import { defineRule, interpolate, type Operation } from '@migralint/core';
import { ident, qualified } from '../util/names.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';
import type { DocumentedMeta } from '../util/meta.js';

const HELP =
  'On PostgreSQL 18+ add {{column}} as a VIRTUAL generated column (the default when STORED is left out): it is computed when read, so nothing is rewritten, though it cannot be indexed. To keep it stored, add a plain {{type}} column instead, fill it for new rows with a BEFORE INSERT OR UPDATE trigger and for existing rows with a batched backfill, each batch in its own transaction.';
const HELP_BEFORE_18 =
  'Add a plain {{type}} column {{column}} instead, fill it for new rows with a BEFORE INSERT OR UPDATE trigger and for existing rows with a batched backfill, each batch in its own transaction. PostgreSQL 18 adds VIRTUAL generated columns, which need no rewrite.';

const meta: DocumentedMeta = {
  id: 'adding-stored-generated-column',
  description:
    'Flag adding a STORED generated column to a table that already exists: PostgreSQL rewrites the table (adding-field-with-default reports the same statement, so this rule is not in the recommended preset)',
  engines: ['postgresql'],
  recommended: false,
  messages: {
    stored:
      'Adding stored generated column {{column}} rewrites {{table}}: PostgreSQL computes it for every existing row under an ACCESS EXCLUSIVE lock, so every read and write of {{table}} blocks until the rewrite ends.',
    large:
      'Large table {{table}}: adding stored generated column {{column}} rewrites all of it under an ACCESS EXCLUSIVE lock, and every read and write of {{table}} blocks for as long as that takes at this size.',
    virtualBeforeV18:
      'PostgreSQL {{version}} has no virtual generated columns (they came in 18): GENERATED ALWAYS AS (…) without STORED fails there with a syntax error.',
  },
  help: HELP,
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/adding-stored-generated-column.md' },
  examples: {
    bad: ['ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) STORED;'],
    good: [
      'ALTER TABLE orders ADD COLUMN total_cents bigint;',
      'CREATE TABLE invoices (id bigint, total numeric);\nALTER TABLE invoices ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) STORED;',
    ],
  },
  versions: [
    'Generated columns came in PostgreSQL 12, always STORED; adding one rewrites the table on every version (checked on 18).',
    'PostgreSQL 18 added VIRTUAL generated columns, the default when STORED is left out; adding one rewrites nothing. Before 18, leaving out STORED is a syntax error: the rule reports `virtualBeforeV18`.',
  ],
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    const version = ctx.settings.engineVersion;
    // The parser (PostgreSQL 18's) reads GENERATED … AS (…) without STORED as VIRTUAL.
    const virtualFails = (op: Operation) =>
      ctx.report({ op, messageId: 'virtualBeforeV18', data: { version }, help: 'Write STORED (on an existing table, mind the rewrite it brings), or set engineVersion to 18 if the server runs it.' });
    return {
      createTable(op) {
        if (version < 18 && op.columns.some((c) => c.generated === 'virtual')) virtualFails(op);
      },
      addColumn(op) {
        const c = op.column;
        if (c.generated === 'virtual' && version < 18) return virtualFails(op);
        if (c.generated !== 'stored' || ctx.analysis.isNewTable(op.table, op)) return;
        const verdict = sizeVerdict(ctx, op.table);
        if (verdict === 'skip') return;
        const data = { table: qualified(op.table), column: ident(c.name), type: c.type?.text ?? 'the column type' };
        const help = interpolate(version >= 18 ? HELP : HELP_BEFORE_18, data);
        ctx.report({ op, messageId: verdict === 'large' ? 'large' : 'stored', data, help });
      },
    };
  },
});
