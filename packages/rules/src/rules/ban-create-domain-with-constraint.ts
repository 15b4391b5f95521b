import { defineRule, type CreateDomainOp } from '@migralint/core';
import type { DocumentedMeta } from '../util/meta.js';
import { qualified } from '../util/names.js';

// libpg-query's constraint kinds that restrict a domain's values (DEFAULT and NULL do not).
const RESTRICTING: Record<string, string> = { CONSTR_CHECK: 'CHECK', CONSTR_NOTNULL: 'NOT NULL' };

/** CHECK / NOT NULL constraints of the domain, read from the statement where it came from SQL. */
function restrictions(op: CreateDomainOp): string[] {
  const node = (op.sql?.node as { CreateDomainStmt?: { constraints?: Array<{ Constraint?: { contype?: string } }> } } | undefined)?.CreateDomainStmt;
  if (node) return (node.constraints ?? []).map((c) => RESTRICTING[c.Constraint?.contype ?? ''] ?? '').filter(Boolean);
  return op.constraints.filter((c) => c.type === 'check' || c.type === 'notNull').map((c) => (c.type === 'check' ? 'CHECK' : 'NOT NULL'));
}

const meta: DocumentedMeta = {
  id: 'ban-create-domain-with-constraint',
  description: 'Flag domains created with CHECK or NOT NULL constraints, which cannot be added, changed or used online',
  engines: ['postgresql'],
  recommended: false,
  messages: {
    constrained:
      'Domain {{domain}} is created with {{constraints}}: every later ADD COLUMN of this type rewrites its table under an ACCESS EXCLUSIVE lock (PostgreSQL checks the constraint row by row; a NOT NULL domain fails on a table with rows), and adding a constraint to the domain scans every column of the type under a SHARE lock, blocking writes.',
  },
  help: 'CREATE DOMAIN {{domain}} without constraints (or use the base type) and put the rule on each column as a table constraint: ALTER TABLE … ADD CONSTRAINT … CHECK (…) NOT VALID, then VALIDATE CONSTRAINT in a separate transaction, which takes only SHARE UPDATE EXCLUSIVE.',
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/ban-create-domain-with-constraint.md' },
  examples: {
    bad: ['CREATE DOMAIN positive_amount AS numeric CHECK (VALUE > 0);', 'CREATE DOMAIN email AS text NOT NULL;'],
    good: ['CREATE DOMAIN amount AS numeric;', "CREATE DOMAIN currency AS text DEFAULT 'EUR';"],
  },
};

export default defineRule({
  meta,
  create(ctx) {
    return {
      createDomain(op) {
        const kinds = [...new Set(restrictions(op))];
        if (!kinds.length) return;
        ctx.report({ op, messageId: 'constrained', data: { domain: qualified(op.name), constraints: kinds.join(' and ') } });
      },
    };
  },
});
