import { defineRule, type ObjectRef } from '@migralint/core';
import { qualified } from '../util/names.js';
import { findKeyword, sameCase } from '../util/sql-text.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';
import type { DocumentedMeta } from '../util/meta.js';

const key = (r: ObjectRef) => `${r.schema ?? 'public'}.${r.name}`;

const meta: DocumentedMeta = {
  id: 'require-concurrent-refresh',
  description: 'Require CONCURRENTLY when refreshing a materialized view that already exists',
  engines: ['postgresql'],
  recommended: 'error',
  // CONCURRENTLY needs a unique index on the view, and a populated view.
  fixable: 'unsafe',
  messages: {
    missing:
      'REFRESH MATERIALIZED VIEW {{view}} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on it: every read of {{view}} blocks until its query has run again and the result is written.',
    large:
      'Large materialized view {{view}}: refreshing it without CONCURRENTLY holds an ACCESS EXCLUSIVE lock while its query runs again, and every read of {{view}} blocks for as long as that takes at this size.',
  },
  help: 'Use REFRESH MATERIALIZED VIEW CONCURRENTLY {{view}}: it takes an EXCLUSIVE lock instead, so reads go on while it runs (only other refreshes wait). It needs a unique index on {{view}} over plain columns, without WHERE, that covers every row (CREATE UNIQUE INDEX … ON {{view}} (…), once), and a view that was populated before.',
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/require-concurrent-refresh.md' },
  examples: {
    bad: ['REFRESH MATERIALIZED VIEW daily_totals;'],
    good: [
      'REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals;',
      'CREATE MATERIALIZED VIEW daily_totals AS SELECT 1 AS day WITH NO DATA;\nREFRESH MATERIALIZED VIEW daily_totals;',
    ],
  },
  versions: [
    'REFRESH … CONCURRENTLY exists since PostgreSQL 9.4. Checked on 18: without it the view is locked ACCESS EXCLUSIVE and rewritten; with it the lock is EXCLUSIVE (reads go on), it may run inside a transaction block, and it fails without a unique index.',
  ],
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    // Views created by this migration: nobody reads them yet.
    const created = new Set<string>();
    return {
      other(op) {
        if (op.statement === 'CREATE MATERIALIZED VIEW' && op.table) created.add(key(op.table));
      },
      maintenance(op) {
        if (op.action !== 'refreshMaterializedView' || op.concurrently) return;
        // WITH NO DATA empties the view: CONCURRENTLY is not allowed there, and it is quick.
        if ((op.sql?.node as { RefreshMatViewStmt?: { skipData?: boolean } } | undefined)?.RefreshMatViewStmt?.skipData) return;
        const view = op.tables[0];
        if (!view || created.has(key(view)) || ctx.analysis.isNewTable(view, op)) return;
        const verdict = sizeVerdict(ctx, view);
        if (verdict === 'skip') return;
        const data = { view: qualified(view) };
        const kw = op.sql && findKeyword(ctx.migration.source.text, op.sql.statementSpan.start.offset, 'VIEW', 3);
        const fix = kw ? { kind: 'unsafe' as const, edits: [{ start: kw.end, end: kw.end, text: ` ${sameCase('CONCURRENTLY', kw.text)}` }] } : undefined;
        ctx.report({ op, messageId: verdict === 'large' ? 'large' : 'missing', data, ...(fix && { fix }) });
      },
    };
  },
});
