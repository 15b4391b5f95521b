import { defineRule, lockBlocks, summarize, type LockClaim, type Operation } from '@migralint/core';
import { qualified } from '../util/names.js';
import { trafficLock } from './require-lock-timeout.js';

export default defineRule({
  meta: {
    id: 'require-statement-timeout',
    description: 'Require a statement_timeout before a statement that rewrites or scans a table that already exists while blocking its reads or writes',
    engines: ['postgresql'],
    recommended: false,
    messages: {
      readsAndWrites:
        'No statement_timeout is in force when {{statement}} {{work}} {{table}} under an ACCESS EXCLUSIVE lock: all reads and writes of {{table}} stay blocked for as long as it runs, however long that turns out to be on production data.{{later}}',
      writes:
        'No statement_timeout limits {{statement}}, which {{work}} {{table}} under {{article}} {{mode}} lock (SHARE or stronger): all writes to {{table}} stay blocked for as long as it runs, however long that turns out to be on production data (reads go on).{{later}}',
    },
    help: "Bound how long the lock can be held: {{set}} before line {{line}} (pick a limit the application can tolerate being blocked for), or restructure {{statement}} so it does not hold a blocking lock while it works (NOT VALID then VALIDATE, CREATE INDEX CONCURRENTLY, a new column backfilled in batches). If the connection or role that runs migrations already sets statement_timeout, turn this rule off.",
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/require-statement-timeout.md' },
    examples: {
      bad: ['ALTER TABLE orders ALTER COLUMN total TYPE bigint;', 'CREATE INDEX orders_user_id_idx ON orders (user_id);'],
      good: [
        "SET statement_timeout = '5min';\nALTER TABLE orders ALTER COLUMN total TYPE bigint;",
        'ALTER TABLE orders ADD COLUMN note text;',
        'CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);',
      ],
    },
  },
  create(ctx) {
    return {
      // Effects are recorded as each operation is replayed, so they are all known on exit.
      'migration:exit'(m) {
        const found: Array<{ op: Operation; lock: LockClaim; work: string }> = [];
        const statements = new Set<number>();
        for (const op of m.operations) {
          if (op.kind === 'transaction' || op.kind === 'setting') continue;
          if (ctx.analysis.timeoutsBefore(op).statementTimeout) continue;
          const e = ctx.analysis.effect(op);
          // Only work under the lock makes a statement long: a brief catalog change is lock_timeout's business.
          if (e.rewrite === 'no' && e.scan === 'no') continue;
          const lock = trafficLock(op, ctx.analysis);
          if (!lock) continue;
          const stmt = op.sql?.statementSpan.start.offset ?? op.span.start.offset;
          if (statements.has(stmt)) continue;
          statements.add(stmt);
          const work = e.rewrite === 'yes' ? 'rewrites' : e.rewrite === 'maybe' ? 'may rewrite' : e.scan === 'yes' ? 'scans' : 'may scan';
          found.push({ op, lock, work });
        }
        const first = found[0];
        if (!first) return;
        const rest = found.slice(1).map((f) => f.op.span.start.line);
        const table = qualified(first.lock.relation);
        const later = rest.length === 0 ? '' : ` Later statement${rest.length > 1 ? 's' : ''} on line${rest.length > 1 ? 's' : ''} ${rest.join(', ')} run${rest.length > 1 ? '' : 's'} without a statement_timeout too.`;
        ctx.report({
          op: first.op,
          messageId: lockBlocks(first.lock.mode).reads ? 'readsAndWrites' : 'writes',
          data: {
            statement: summarize(first.op),
            work: first.work,
            article: /^[AEIOU]/.test(first.lock.mode) ? 'an' : 'a',
            mode: first.lock.mode,
            table,
            later,
            line: first.op.sql?.statementSpan.start.line ?? first.op.span.start.line,
            set: ctx.analysis.inTransaction(first.op) === 'yes' ? "SET LOCAL statement_timeout = '5min';" : "SET statement_timeout = '5min';",
          },
        });
      },
    };
  },
});
