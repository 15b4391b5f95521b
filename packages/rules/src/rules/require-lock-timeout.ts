import { defineRule, lockBlocks, lockRank, summarize, type Analysis, type LockClaim, type Operation } from '@migralint/core';
import { qualified } from '../util/names.js';

/**
 * The strongest lock the operation takes on a table that exists (and so has traffic), if it blocks
 * reads or writes. An index lock counts only when the index's table is unknown: queries on that
 * table open its indexes, so an ACCESS EXCLUSIVE lock on one blocks them too.
 */
export function trafficLock(op: Operation, analysis: Analysis): LockClaim | undefined {
  let best: LockClaim | undefined;
  const locks = analysis.effect(op).locks;
  const tableKnown = locks.some((l) => l.kind === 'table');
  for (const l of locks) {
    if (l.kind === 'index' ? tableKnown : analysis.isNewTable(l.relation, op)) continue;
    const b = lockBlocks(l.mode);
    if (!b.reads && !b.writes) continue;
    if (!best || lockRank(l.mode) > lockRank(best.mode)) best = l;
  }
  return best;
}

const article = (mode: string) => (/^[AEIOU]/.test(mode) ? 'an' : 'a');

export default defineRule({
  meta: {
    id: 'require-lock-timeout',
    description: 'Require a lock_timeout before a statement that waits for a lock blocking reads or writes of a table that already exists',
    engines: ['postgresql'],
    recommended: false,
    messages: {
      readsAndWrites:
        'No lock_timeout is in force when {{statement}} requests an ACCESS EXCLUSIVE lock on {{table}}: while it waits behind any long-running query or transaction on {{table}}, all reads and writes of {{table}} queue behind it, so even a brief change can stall the application.{{later}}',
      writes:
        'No lock_timeout guards {{statement}}, which requests {{article}} {{mode}} lock on {{table}} (SHARE or stronger, in conflict with every INSERT, UPDATE and DELETE): while it waits behind any long-running transaction that wrote to {{table}}, all writes to {{table}} queue behind it (reads go on).{{later}}',
    },
    help: "Set a lock timeout before line {{line}}: {{set}} Then {{statement}} gives up after 2 s instead of stalling {{table}}, and the migration can simply be retried (a deploy script can retry a few times). If the connection or role that runs migrations already sets lock_timeout, turn this rule off.",
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/require-lock-timeout.md' },
    examples: {
      bad: ['ALTER TABLE users ADD COLUMN nickname text;', "ALTER TABLE users ADD COLUMN nickname text;\nSET lock_timeout = '2s';\nCREATE INDEX users_nickname_idx ON users (nickname);"],
      good: [
        "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN nickname text;",
        "BEGIN;\nSET LOCAL lock_timeout = '2s';\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;",
        'CREATE TABLE drafts (id bigint);\nALTER TABLE drafts ADD COLUMN body text;',
        'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
      ],
    },
  },
  create(ctx) {
    return {
      // Effects are recorded as each operation is replayed, so they are all known on exit.
      'migration:exit'(m) {
        const found: Array<{ op: Operation; lock: LockClaim }> = [];
        const statements = new Set<number>();
        for (const op of m.operations) {
          if (op.kind === 'transaction' || op.kind === 'setting') continue;
          if (ctx.analysis.timeoutsBefore(op).lockTimeout) continue;
          const lock = trafficLock(op, ctx.analysis);
          if (!lock) continue;
          // The clauses of one ALTER TABLE take their locks together: one statement.
          const stmt = op.sql?.statementSpan.start.offset ?? op.span.start.offset;
          if (statements.has(stmt)) continue;
          statements.add(stmt);
          found.push({ op, lock });
        }
        const first = found[0];
        if (!first) return;
        const rest = found.slice(1).map((f) => f.op.span.start.line);
        const table = qualified(first.lock.relation);
        const blocks = lockBlocks(first.lock.mode);
        const later = rest.length === 0 ? '' : ` Later statement${rest.length > 1 ? 's' : ''} on line${rest.length > 1 ? 's' : ''} ${rest.join(', ')} wait${rest.length > 1 ? '' : 's'} without a lock_timeout too.`;
        const local = ctx.analysis.inTransaction(first.op) === 'yes';
        ctx.report({
          op: first.op,
          messageId: blocks.reads ? 'readsAndWrites' : 'writes',
          data: {
            statement: summarize(first.op),
            article: article(first.lock.mode),
            mode: first.lock.mode,
            table,
            later,
            line: first.op.sql?.statementSpan.start.line ?? first.op.span.start.line,
            set: local ? "SET LOCAL lock_timeout = '2s'; inside the transaction (it ends with it)." : "SET lock_timeout = '2s'; as the migration's first statement.",
          },
        });
      },
    };
  },
});
