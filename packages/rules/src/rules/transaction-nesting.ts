import { defineRule, type Migration } from '@migralint/core';

type Owner = 'tool' | 'explicit';

const HELP_TOOL =
  'Remove the BEGIN, COMMIT and ROLLBACK statements: the migration tool already wraps the migration in a transaction. If some statements must run outside a transaction (CREATE INDEX CONCURRENTLY), move them to a migration of their own with the tool\'s transaction turned off.';
const HELP_NESTED =
  'Remove the inner BEGIN and its COMMIT: a session has one transaction at a time. To undo part of a transaction, use SAVEPOINT name … ROLLBACK TO SAVEPOINT name.';
const HELP_STRAY = 'Remove the stray statement, or add the BEGIN that should open the transaction it ends.';

// Appends the layout's own account of its transaction (e.g. "Flyway runs each migration inside a transaction").
const withHint = (help: string, m: Migration) => (m.hints?.transaction ? `${help} ${m.hints.transaction}` : help);

export default defineRule({
  meta: {
    id: 'transaction-nesting',
    description: 'Forbid BEGIN inside a transaction block (the migration tool\'s or an explicit one) and COMMIT or ROLLBACK of the tool\'s transaction',
    engines: ['postgresql'],
    recommended: 'error',
    // Wrong whichever way the migration runs.
    directions: ['up', 'down', 'repeatable'],
    messages: {
      beginInTool:
        'The migration tool already runs this migration in a transaction block: this BEGIN starts nothing (PostgreSQL only warns "there is already a transaction in progress"), and the COMMIT that goes with it commits the tool\'s transaction early, so the statements after it run outside any transaction and are not undone if the migration fails.',
      nestedBegin:
        'BEGIN inside the transaction block opened on line {{openLine}} starts nothing (PostgreSQL only warns "there is already a transaction in progress"): the first COMMIT ends the outer transaction, and the statements after it run outside any transaction.',
      commitInTool:
        'Ending the migration tool\'s transaction block with {{action}} in the middle of the migration: {{effect}}, the statements after it run outside any transaction, and a failure after it leaves the migration half applied.',
      noTransaction:
        'No transaction block is open for this {{action}}: it does nothing (PostgreSQL only warns "there is no transaction in progress"), and the statements it was meant to end have already been committed one by one.',
    },
    help: 'Let one party own the transaction. When the migration tool wraps the migration, remove BEGIN, COMMIT and ROLLBACK from it (statements that must run outside a transaction, such as CREATE INDEX CONCURRENTLY, go to a migration of their own with the tool\'s transaction turned off). Otherwise keep one BEGIN … COMMIT pair per transaction, and use SAVEPOINT … ROLLBACK TO SAVEPOINT to undo part of one.',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/transaction-nesting.md' },
    examples: {
      bad: ['BEGIN;\nCREATE TABLE drafts (id bigint);\nBEGIN;\nCREATE INDEX drafts_id_idx ON drafts (id);\nCOMMIT;\nCOMMIT;'],
      good: ['BEGIN;\nCREATE TABLE drafts (id bigint);\nCREATE INDEX drafts_id_idx ON drafts (id);\nCOMMIT;'],
    },
  },
  create(ctx) {
    const m = ctx.migration;
    // PostgreSQL has one transaction per session: track who opened it, as the server would.
    let open: Owner | undefined = m.transactional === 'yes' ? 'tool' : undefined;
    // Whether `open` is known: a plain file of unknown setup may run inside the tool's transaction.
    let known = m.transactional !== 'unknown';
    let openLine = 0;
    return {
      transaction(op) {
        if (op.outsideTransaction) return;
        if (op.action === 'begin') {
          if (open === 'tool') ctx.report({ op, messageId: 'beginInTool', help: withHint(HELP_TOOL, m) });
          else if (open === 'explicit') ctx.report({ op, messageId: 'nestedBegin', data: { openLine }, help: HELP_NESTED });
          else {
            open = 'explicit';
            openLine = op.span.start.line;
          }
          known = true;
          return;
        }
        if (op.action !== 'commit' && op.action !== 'rollback') return;
        const action = op.action === 'commit' ? 'COMMIT' : 'ROLLBACK';
        if (open === 'tool') {
          const effect = op.action === 'commit' ? 'what ran before it is committed even if a later statement fails' : 'what ran before it is undone, yet the tool goes on and records the migration as applied';
          ctx.report({ op, messageId: 'commitInTool', data: { action, effect }, help: withHint(HELP_TOOL, m) });
        } else if (open === undefined && known) {
          ctx.report({ op, messageId: 'noTransaction', data: { action }, help: HELP_STRAY });
        }
        open = undefined;
        known = true;
      },
    };
  },
});
