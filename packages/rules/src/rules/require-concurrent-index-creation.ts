import { defineRule, interpolate } from '@migralint/core';
import { withNonTransactionalHint } from '../util/help.js';
import type { DocumentedMeta } from '../util/meta.js';
import { ident, indexName, qualified } from '../util/names.js';
import { findKeyword, sameCase } from '../util/sql-text.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';

const meta: DocumentedMeta = {
  id: 'require-concurrent-index-creation',
  description: 'Require CONCURRENTLY when building an index on a table that already exists',
  engines: ['postgresql'],
  recommended: 'error',
  // CONCURRENTLY cannot run inside a transaction block, so the fix changes how the migration must run.
  fixable: 'unsafe',
  messages: {
    missing:
      'Building index {{index}} without CONCURRENTLY takes a SHARE lock on {{table}}: inserts, updates and deletes block until the whole table has been scanned and the index written (reads go on).',
    missingLargeTable:
      'Large table {{table}} stays locked against inserts, updates and deletes (SHARE lock) while index {{index}} is built without CONCURRENTLY: the whole table is scanned and sorted before writes resume (reads go on).',
  },
  help: 'Use CREATE INDEX CONCURRENTLY {{index}} ON {{table}} …, outside a transaction block (a migration of its own, with the tool\'s transaction turned off). Writes go on while it builds; if it fails it leaves an INVALID index: DROP INDEX CONCURRENTLY {{index}} and run it again.',
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/require-concurrent-index-creation.md' },
  examples: {
    bad: ['CREATE INDEX users_email_idx ON users (email);'],
    good: [
      'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
      'CREATE TABLE events (id bigint, user_id bigint);\nCREATE INDEX events_user_id_idx ON events (user_id);',
    ],
  },
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    return {
      createIndex(op) {
        if (op.concurrently || ctx.analysis.isNewTable(op.table, op)) return;
        const verdict = sizeVerdict(ctx, op.table);
        if (verdict === 'skip') return;
        const data = { index: ident(indexName(op)), table: qualified(op.table) };
        const text = ctx.migration.source.text;
        const kw = op.sql && findKeyword(text, op.sql.statementSpan.start.offset, 'INDEX', 3);
        // Inside a transaction block the fixed statement would fail: offer no fix there.
        const fix =
          kw && ctx.analysis.inTransaction(op) !== 'yes'
            ? { kind: 'unsafe' as const, edits: [{ start: kw.end, end: kw.end, text: ` ${sameCase('CONCURRENTLY', kw.text)}` }] }
            : undefined;
        const help = withNonTransactionalHint(interpolate(meta.help, data), ctx.migration);
        ctx.report({ op, messageId: verdict === 'large' ? 'missingLargeTable' : 'missing', data, help, ...(fix && { fix }) });
      },
    };
  },
});
