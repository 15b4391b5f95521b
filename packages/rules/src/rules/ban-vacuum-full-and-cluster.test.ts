import { RuleTester } from '@migralint/core';
import rule from './ban-vacuum-full-and-cluster.js';

new RuleTester().run(rule, {
  valid: [
    { code: 'VACUUM users;' },
    { code: 'VACUUM (ANALYZE, VERBOSE) users;' },
    { code: 'ANALYZE users;' },
    { name: 'new table', code: 'CREATE TABLE t (id int PRIMARY KEY);\nCLUSTER t USING t_pkey;\nVACUUM FULL t;' },
    { name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF', code: 'BEGIN;\r\nCREATE TABLE app."T" (id int PRIMARY KEY);\r\nCLUSTER app."T" USING "T_pkey";\r\nCOMMIT;' },
    { name: 'a table config marks small', code: 'VACUUM FULL users;', tableSizes: { users: 'small' } },
    { name: 'down migration', code: 'VACUUM FULL users;', direction: 'down' },
  ],
  invalid: [
    { code: 'VACUUM FULL users;', errors: [{ messageId: 'vacuumFull', line: 1, column: 1, endLine: 1, endColumn: 18, data: { tables: 'users' } }] },
    {
      name: 'option list, lower-case, quoted and schema-qualified, two tables',
      code: 'vacuum (full, analyze) app."Users", orders;',
      errors: [{ messageId: 'vacuumFull', line: 1, column: 1, data: { tables: 'app."Users", orders' } }],
    },
    { name: 'the whole database', code: 'VACUUM FULL;', errors: [{ messageId: 'vacuumFull', line: 1, column: 1, data: { tables: 'every table of the database' } }] },
    {
      name: 'two findings, comments between tokens, CRLF, inside BEGIN/COMMIT',
      code: 'BEGIN;\r\nCLUSTER /* a */ users USING users_pkey;\r\n-- b\r\ncluster;\r\nCOMMIT;',
      errors: [
        { messageId: 'cluster', line: 2, column: 1, data: { tables: 'users' } },
        { messageId: 'cluster', line: 4, column: 1, data: { tables: 'every table that was clustered before' } },
      ],
    },
    { name: 'a table config marks large', code: 'VACUUM FULL users, orders;', tableSizes: { orders: 'large' }, errors: [{ messageId: 'large', line: 1, column: 1, data: { table: 'orders', command: 'VACUUM FULL' } }] },
    { name: 'small tables are left out', code: 'VACUUM FULL users, orders;', tableSizes: { users: 'small' }, errors: [{ messageId: 'vacuumFull', line: 1, column: 1, data: { tables: 'orders' } }] },
    {
      name: 'small tables reported when ignoreSmallTables is off',
      code: 'CLUSTER users;',
      tableSizes: { users: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'cluster', line: 1, column: 1, data: { tables: 'users' } }],
    },
    { name: 'only the new table is exempt', code: 'CREATE TABLE t (id int);\nVACUUM FULL t, users;', errors: [{ messageId: 'vacuumFull', line: 2, column: 1, data: { tables: 'users' } }] },
  ],
});
