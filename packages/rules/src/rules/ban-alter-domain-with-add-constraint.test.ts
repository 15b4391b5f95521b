import { RuleTester } from '@migralint/core';
import rule from './ban-alter-domain-with-add-constraint.js';

new RuleTester().run(rule, {
  valid: [
    { code: 'ALTER DOMAIN amount DROP CONSTRAINT amount_positive;' },
    { code: 'ALTER DOMAIN amount RENAME CONSTRAINT a TO b;' },
    { code: 'alter domain amount set default 0;' },
    { code: 'ALTER DOMAIN amount DROP NOT NULL;' },
    { name: 'a domain created in this migration has no columns yet', code: 'CREATE DOMAIN amount AS numeric;\nALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);' },
    { name: 'new quoted, schema-qualified domain, BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE DOMAIN app."Amount" AS numeric;\r\nALTER DOMAIN app."Amount" SET NOT NULL;\r\nCOMMIT;' },
    { name: 'down migration', code: 'ALTER DOMAIN amount ADD CONSTRAINT c CHECK (VALUE > 0);', direction: 'down' },
  ],
  invalid: [
    {
      code: 'ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);',
      errors: [{ messageId: 'addConstraint', line: 1, column: 1, endLine: 1, endColumn: 69, data: { domain: 'amount', constraint: 'amount_positive' } }],
    },
    {
      name: 'NOT VALID only postpones the SHARE-locked scan',
      code: 'ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0) NOT VALID;',
      errors: [{ messageId: 'notValid', line: 1, column: 1, data: { domain: 'amount', constraint: 'amount_positive' } }],
    },
    {
      name: 'unnamed, lower-case, quoted and schema-qualified',
      code: 'alter domain app."Amount" add check (value > 0);',
      errors: [{ messageId: 'addConstraint', line: 1, column: 1, data: { domain: 'app."Amount"', constraint: 'the constraint' } }],
    },
    {
      name: 'SET NOT NULL scans the same way (squawk does not report it)',
      code: 'ALTER DOMAIN amount SET NOT NULL;',
      errors: [{ messageId: 'setNotNull', line: 1, column: 1, data: { domain: 'amount' } }],
    },
    {
      name: 'two findings, comments, BEGIN/COMMIT, CRLF; a domain of another schema is not the new one',
      code: 'BEGIN;\r\nCREATE DOMAIN app.amount AS numeric;\r\nALTER DOMAIN amount /* x */ ADD CONSTRAINT c CHECK (VALUE > 0);\r\nALTER DOMAIN amount -- y\r\n  SET NOT NULL;\r\nCOMMIT;',
      errors: [
        { messageId: 'addConstraint', line: 3, column: 1, endLine: 3, endColumn: 63 },
        { messageId: 'setNotNull', line: 4, column: 1, endLine: 5, endColumn: 15 },
      ],
    },
  ],
});
