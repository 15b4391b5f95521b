import { defineRule, interpolate } from '@migralint/core';
import { qualified } from '../util/names.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';
import type { DocumentedMeta } from '../util/meta.js';

const HELP_UNLOGGED =
  'Keep {{table}} logged. For data you can afford to lose, create a new UNLOGGED table and move those writes to it; remember that an unlogged table is emptied after a crash and is missing on every streaming replica.';
const HELP_LOGGED =
  'Create a new, logged table, copy the rows over in batches while a trigger copies new writes, and swap the names in one short transaction; or make the change in a maintenance window, after SET lock_timeout so that it gives up rather than queueing every query behind it.';

const meta: DocumentedMeta = {
  id: 'set-logged-unlogged',
  description: 'Flag ALTER TABLE … SET LOGGED / SET UNLOGGED on a table that already exists: both rewrite the table under ACCESS EXCLUSIVE',
  engines: ['postgresql'],
  recommended: 'error',
  messages: {
    unlogged:
      'SET UNLOGGED rewrites {{table}} under an ACCESS EXCLUSIVE lock, so every read and write blocks until the copy is written; afterwards {{table}} is emptied after any crash and no longer reaches streaming replicas.',
    logged:
      'SET LOGGED rewrites {{table}} under an ACCESS EXCLUSIVE lock and writes all of it to the WAL: every read and write blocks until the copy is written, and replicas replay the whole table.',
    large:
      'Large table {{table}}: {{command}} rewrites all of it under an ACCESS EXCLUSIVE lock, and every read and write blocks for as long as that takes at this size.',
  },
  help: HELP_UNLOGGED,
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/set-logged-unlogged.md' },
  examples: {
    bad: ['ALTER TABLE events SET UNLOGGED;', 'ALTER TABLE events SET LOGGED;'],
    good: ['CREATE UNLOGGED TABLE import_rows (id bigint, payload jsonb);\nALTER TABLE import_rows SET LOGGED;'],
  },
  versions: [
    'SET LOGGED / SET UNLOGGED exist since PostgreSQL 9.5. Checked on 18: both rewrite the table under ACCESS EXCLUSIVE when they change it; SET LOGGED on a table that is already logged is a no-op, which the rule cannot tell apart.',
  ],
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    return {
      other(op) {
        const unlogged = op.statement === 'ALTER TABLE SetUnLogged';
        if ((!unlogged && op.statement !== 'ALTER TABLE SetLogged') || !op.table) return;
        if (ctx.analysis.isNewTable(op.table, op)) return;
        const verdict = sizeVerdict(ctx, op.table);
        if (verdict === 'skip') return;
        const data = { table: qualified(op.table), command: unlogged ? 'SET UNLOGGED' : 'SET LOGGED' };
        const help = interpolate(unlogged ? HELP_UNLOGGED : HELP_LOGGED, data);
        ctx.report({ op, messageId: verdict === 'large' ? 'large' : unlogged ? 'unlogged' : 'logged', data, help });
      },
    };
  },
});
