import { RuleTester } from '@migralint/core';
import rule from './ban-uncommitted-transaction.js';

// One BEGIN can be left open per migration at most: the "two findings" case is not expressible,
// the edge cases below cover the rest of STYLE.md's list.
new RuleTester().run(rule, {
  valid: [
    { code: 'BEGIN;\nCREATE TABLE drafts (id bigint);\nCOMMIT;' },
    { name: 'lower-case, END and ROLLBACK end it too', code: 'begin;\ncreate table a (id int);\nend;\nbegin;\ndrop table b;\nrollback;' },
    { name: 'no transaction control at all', code: 'CREATE TABLE a (id int);' },
    { name: 'the tool commits its own transaction', code: 'BEGIN;\nCREATE TABLE a (id int);', assumeInTransaction: true },
    { name: 'the COMMIT; … BEGIN; trick: the tool\'s COMMIT ends the reopened transaction', code: 'COMMIT;\nCREATE INDEX CONCURRENTLY ix ON users (email);\nBEGIN;', assumeInTransaction: true },
    { name: 'PREPARE TRANSACTION hands the transaction over', code: "BEGIN;\nCREATE TABLE a (id int);\nPREPARE TRANSACTION 'm1';" },
    { name: 'comments between tokens, CRLF', code: 'BEGIN;\r\nCREATE TABLE a (id int);\r\nCOMMIT /* done */;\r\n' },
  ],
  invalid: [
    {
      code: 'BEGIN;\nCREATE TABLE drafts (id bigint);',
      errors: [{ messageId: 'uncommitted', line: 1, column: 1, endLine: 1, endColumn: 6 }],
      output: 'BEGIN;\nCREATE TABLE drafts (id bigint);\nCOMMIT;',
    },
    {
      name: 'a second transaction left open; lower-case; the fix goes after the trailing comment and semicolon',
      code: 'begin;\ncreate table a (id int);\ncommit;\n\nbegin;\nalter table a add column b int -- why\n;\n',
      errors: [{ messageId: 'uncommitted', line: 5, column: 1 }],
      output: 'begin;\ncreate table a (id int);\ncommit;\n\nbegin;\nalter table a add column b int -- why\n;\nCOMMIT;\n',
    },
    {
      name: 'the tool runs it without a transaction; START TRANSACTION; a SAVEPOINT does not end it',
      code: 'START TRANSACTION;\nSAVEPOINT s;\nDROP TABLE a;\nRELEASE SAVEPOINT s;',
      assumeInTransaction: false,
      errors: [{ messageId: 'uncommitted', line: 1, column: 1 }],
      output: 'START TRANSACTION;\nSAVEPOINT s;\nDROP TABLE a;\nRELEASE SAVEPOINT s;\nCOMMIT;',
    },
    {
      name: 'CRLF: the fix keeps the line endings',
      code: 'SELECT 1;\r\nBEGIN;\r\nCREATE TABLE a (id int);\r\n',
      errors: [{ messageId: 'uncommitted', line: 2, column: 1 }],
      output: 'SELECT 1;\r\nBEGIN;\r\nCREATE TABLE a (id int);\r\nCOMMIT;\r\n',
    },
    {
      name: 'down migrations too; a nested BEGIN does not hide the open one',
      code: 'BEGIN;\nBEGIN;\nDROP TABLE a;\nCOMMIT;\nBEGIN;\nDROP TABLE b;',
      direction: 'down',
      errors: [{ messageId: 'uncommitted', line: 5, column: 1 }],
    },
  ],
});
