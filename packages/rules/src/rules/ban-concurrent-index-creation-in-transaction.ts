import { defineRule, interpolate } from '@migralint/core';
import { withNonTransactionalHint } from '../util/help.js';
import { ident, indexName, qualified } from '../util/names.js';

const rule = defineRule({
  meta: {
    id: 'ban-concurrent-index-creation-in-transaction',
    description: 'Forbid CREATE INDEX CONCURRENTLY inside a transaction block, where PostgreSQL rejects it',
    engines: ['postgresql'],
    recommended: 'error',
    messages: {
      inTransaction:
        'CREATE INDEX CONCURRENTLY cannot run inside a transaction block: PostgreSQL rejects the build of {{index}} on {{table}} with an error and the migration fails.',
    },
    help: 'Run CREATE INDEX CONCURRENTLY {{index}} outside a transaction: remove the surrounding BEGIN/COMMIT, or turn off the migration tool\'s transaction for this migration, and keep the statement in a migration of its own.',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/ban-concurrent-index-creation-in-transaction.md' },
    examples: {
      bad: ['BEGIN;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nCOMMIT;'],
      good: ['CREATE INDEX CONCURRENTLY users_email_idx ON users (email);'],
    },
  },
  create(ctx) {
    return {
      createIndex(op) {
        if (!op.concurrently || ctx.analysis.inTransaction(op) !== 'yes') return;
        const data = { index: ident(indexName(op)), table: qualified(op.table) };
        ctx.report({ op, messageId: 'inTransaction', data, help: withNonTransactionalHint(interpolate(rule.meta.help, data), ctx.migration) });
      },
    };
  },
});

export default rule;
