import { defineRule, interpolate } from '@migralint/core';
import { withNonTransactionalHint } from '../util/help.js';
import { qualified } from '../util/names.js';
import { sameCase } from '../util/sql-text.js';
import type { DocumentedMeta } from '../util/meta.js';

const HELP =
  'Use ALTER TABLE {{table}} DETACH PARTITION {{partition}} CONCURRENTLY, outside a transaction block: it takes SHARE UPDATE EXCLUSIVE locks instead, so reads and writes go on while it waits for running queries to finish. PostgreSQL refuses it while {{table}} has a default partition. If it is interrupted, complete it with ALTER TABLE {{table}} DETACH PARTITION {{partition}} FINALIZE.';
const HELP_BEFORE_14 =
  "Before PostgreSQL 14 every detach locks the whole partitioned table: run it at a quiet moment after SET lock_timeout = '2s', so that it gives up and can be retried instead of queueing every query on {{table}} behind it.";

const meta: DocumentedMeta = {
  id: 'require-concurrent-partition-detach',
  description: 'Require CONCURRENTLY when detaching a partition from a partitioned table that already exists (PostgreSQL 14+)',
  engines: ['postgresql'],
  recommended: 'error',
  // DETACH … CONCURRENTLY cannot run inside a transaction block, nor with a default partition.
  fixable: 'unsafe',
  messages: {
    missing:
      'Detaching {{partition}} from {{table}} without CONCURRENTLY takes ACCESS EXCLUSIVE locks on both, and on the default partition if there is one: every read and write of the partitioned table blocks until the detach ends, and the detach itself waits behind every running query on {{table}}.',
    beforeV14:
      'PostgreSQL {{version}} has no DETACH PARTITION … CONCURRENTLY (it came in 14): detaching {{partition}} takes ACCESS EXCLUSIVE locks on {{partition}} and {{table}}, so every read and write of the partitioned table blocks until it ends.',
    unsupported: 'DETACH PARTITION … CONCURRENTLY fails on PostgreSQL {{version}} with a syntax error: it came in PostgreSQL 14.',
  },
  help: HELP,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/require-concurrent-partition-detach.md' },
  examples: {
    bad: ['ALTER TABLE events DETACH PARTITION events_2023;'],
    good: [
      'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;',
      'ALTER TABLE events DETACH PARTITION events_2023 FINALIZE;',
    ],
  },
  versions: [
    'PostgreSQL 14 added DETACH PARTITION … CONCURRENTLY (and FINALIZE); before 14 the rule reports `beforeV14`, or `unsupported` when a migration uses CONCURRENTLY anyway.',
    'Checked on PostgreSQL 18: a plain DETACH takes ACCESS EXCLUSIVE on the partitioned table, the partition and the default partition; DETACH … CONCURRENTLY fails inside a transaction block and is refused while a default partition exists.',
  ],
};

export default defineRule({
  meta,
  create(ctx) {
    const version = ctx.settings.engineVersion;
    return {
      partition(op) {
        if (op.action !== 'detach' || op.finalize) return;
        const data = { table: qualified(op.table), partition: qualified(op.partition), version };
        if (op.concurrently) {
          if (version < 14) ctx.report({ op, messageId: 'unsupported', data, help: interpolate(HELP_BEFORE_14, data) });
          return;
        }
        if (ctx.analysis.isNewTable(op.table, op)) return;
        if (version < 14) {
          ctx.report({ op, messageId: 'beforeV14', data, help: interpolate(HELP_BEFORE_14, data) });
          return;
        }
        // CONCURRENTLY goes after the partition name; it cannot share the statement with other
        // sub-commands, nor run inside a transaction block.
        const alone = ctx.migration.operations.filter((o) => o.sql === op.sql).length === 1;
        const clause = ctx.migration.source.text.slice(op.span.start.offset, op.span.end.offset);
        const fix =
          op.sql && alone && ctx.analysis.inTransaction(op) !== 'yes'
            ? { kind: 'unsafe' as const, edits: [{ start: op.span.end.offset, end: op.span.end.offset, text: ` ${sameCase('CONCURRENTLY', clause.slice(0, 6))}` }] }
            : undefined;
        const help = withNonTransactionalHint(interpolate(HELP, data), ctx.migration);
        ctx.report({ op, messageId: 'missing', data, help, ...(fix && { fix }) });
      },
    };
  },
});
