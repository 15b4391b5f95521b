import { RuleTester } from '@migralint/core';
import rule from './ban-create-domain-with-constraint.js';

new RuleTester().run(rule, {
  valid: [
    { code: 'CREATE DOMAIN amount AS numeric(12, 2);' },
    { name: 'DEFAULT and NULL are not constraints on the values', code: "create domain currency as text default 'EUR' null;" },
    { name: 'COLLATE', code: 'CREATE DOMAIN ci_text AS text COLLATE "C";' },
    { name: 'down migration', code: 'CREATE DOMAIN d AS int CHECK (VALUE > 0);', direction: 'down' },
  ],
  invalid: [
    {
      code: 'CREATE DOMAIN positive_amount AS numeric CHECK (VALUE > 0);',
      errors: [{ messageId: 'constrained', line: 1, column: 1, endLine: 1, endColumn: 59, data: { domain: 'positive_amount', constraints: 'CHECK' } }],
    },
    {
      name: 'NOT NULL, named CHECK and a DEFAULT; lower-case, quoted and schema-qualified',
      code: 'create domain app."Email" as text default \'\' not null constraint email_at check (value like \'%@%\');',
      errors: [{ messageId: 'constrained', line: 1, column: 1, data: { domain: 'app."Email"', constraints: 'NOT NULL and CHECK' } }],
    },
    {
      name: 'two findings, comments between tokens, inside BEGIN/COMMIT, CRLF',
      code: 'BEGIN;\r\nCREATE DOMAIN a AS int /* why */ CHECK (VALUE > 0);\r\nCREATE DOMAIN b -- note\r\n  AS text NOT NULL;\r\nCOMMIT;',
      errors: [
        { messageId: 'constrained', line: 2, column: 1, endLine: 2, endColumn: 51, data: { domain: 'a', constraints: 'CHECK' } },
        { messageId: 'constrained', line: 3, column: 1, endLine: 4, endColumn: 19, data: { domain: 'b', constraints: 'NOT NULL' } },
      ],
    },
  ],
});
