import { defineRule, type ObjectRef } from '@migralint/core';
import type { DocumentedMeta } from '../util/meta.js';
import { ident, qualified } from '../util/names.js';

const key = (r: ObjectRef) => (r.schema && r.schema !== 'public' ? `${r.schema}.${r.name}` : r.name);

const meta: DocumentedMeta = {
  id: 'ban-alter-domain-with-add-constraint',
  description: 'Flag constraints added to an existing domain: PostgreSQL checks every column of the type under a SHARE lock',
  engines: ['postgresql'],
  recommended: false,
  messages: {
    addConstraint:
      'Adding {{constraint}} to domain {{domain}} checks every column of that type in every table under a SHARE lock: writes to those tables block until the scan ends.',
    notValid:
      'NOT VALID on domain {{domain}} only postpones the scan: ALTER DOMAIN … VALIDATE CONSTRAINT {{constraint}} checks every column of that type under a SHARE lock too (ALTER TABLE\'s VALIDATE takes only SHARE UPDATE EXCLUSIVE), blocking writes to those tables.',
    setNotNull:
      'SET NOT NULL on domain {{domain}} checks every column of that type in every table under a SHARE lock: writes to those tables block until the scan ends.',
  },
  help: 'Put the rule on the tables instead: for each column of type {{domain}}, ALTER TABLE … ADD CONSTRAINT … CHECK (…) NOT VALID, then VALIDATE CONSTRAINT in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on).',
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/ban-alter-domain-with-add-constraint.md' },
  examples: {
    bad: ['ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);', 'ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0) NOT VALID;'],
    good: ['CREATE DOMAIN amount AS numeric;\nALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);', 'ALTER DOMAIN amount DROP CONSTRAINT amount_positive;'],
  },
};

export default defineRule({
  meta,
  create(ctx) {
    // Domains created by this migration: no existing table can have a column of them yet.
    const created = new Set<string>();
    return {
      createDomain(op) {
        created.add(key(op.name));
      },
      alterDomain(op) {
        if (created.has(key(op.name))) return;
        const domain = qualified(op.name);
        if (op.action === 'setNotNull') return ctx.report({ op, messageId: 'setNotNull', data: { domain } });
        if (op.action !== 'addConstraint') return;
        const constraint = op.constraint?.name ? ident(op.constraint.name) : op.constraint?.type === 'notNull' ? 'NOT NULL' : 'the constraint';
        ctx.report({ op, messageId: op.constraint?.notValid ? 'notValid' : 'addConstraint', data: { domain, constraint } });
      },
    };
  },
});
