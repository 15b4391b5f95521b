import { defineRule, type Operation } from '@migralint/core';
import { skipTrivia } from '../util/sql-text.js';

export default defineRule({
  meta: {
    id: 'ban-uncommitted-transaction',
    description: 'Forbid a BEGIN that the migration never ends with COMMIT',
    engines: ['postgresql'],
    recommended: 'error',
    directions: ['up', 'down', 'repeatable'],
    // Committing changes what the migration does (its changes then stay): the fix is unsafe.
    fixable: 'unsafe',
    messages: {
      uncommitted:
        'BEGIN opens a transaction block that this migration never ends: nothing after it is committed; PostgreSQL rolls it all back when the session closes, or it gets committed later with whatever the connection runs next, so the migration may be recorded as applied without its changes.',
    },
    help: 'End the transaction: add COMMIT; after the last statement (line {{lastLine}}).',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/ban-uncommitted-transaction.md' },
    examples: {
      bad: ['BEGIN;\nCREATE TABLE drafts (id bigint);'],
      good: ['BEGIN;\nCREATE TABLE drafts (id bigint);\nCOMMIT;'],
    },
  },
  create(ctx) {
    const m = ctx.migration;
    // Inside the tool's transaction a BEGIN does nothing and the tool commits: transaction-nesting's business.
    if (m.transactional === 'yes') return {};
    let begin: Operation | undefined;
    return {
      transaction(op) {
        if (op.outsideTransaction) return;
        if (op.action === 'begin') begin ??= op;
        // PREPARE TRANSACTION also ends the session's transaction (it lives on, prepared, until COMMIT PREPARED).
        if (op.action === 'commit' || op.action === 'rollback' || op.action === 'prepare') begin = undefined;
      },
      'migration:exit'() {
        if (!begin) return;
        const last = m.operations[m.operations.length - 1]!;
        const text = m.source.text;
        let end = (last.sql?.statementSpan ?? last.span).end.offset;
        const next = skipTrivia(text, end);
        if (text[next] === ';') end = next + 1;
        const eol = text.includes('\r\n') ? '\r\n' : '\n';
        ctx.report({
          op: begin,
          messageId: 'uncommitted',
          data: { lastLine: last.span.end.line },
          fix: { kind: 'unsafe', edits: [{ start: end, end, text: `${eol}COMMIT;` }] },
        });
      },
    };
  },
});
