import { RuleTester } from '@migralint/core';
import rule from './exclusion-constraint.js';

const exclude = 'EXCLUDE USING gist (room WITH =, during WITH &&)';

new RuleTester().run(rule, {
  valid: [
    { name: 'in CREATE TABLE', code: `CREATE TABLE bookings (room int, during tstzrange, ${exclude});` },
    { name: 'new table', code: `CREATE TABLE t (room int, during tstzrange);\nALTER TABLE t ADD ${exclude};` },
    { name: 'new quoted, schema-qualified table inside BEGIN/COMMIT, CRLF', code: `BEGIN;\r\nCREATE TABLE app."T" (room int, during tstzrange);\r\nALTER TABLE app."T" ADD ${exclude};\r\nCOMMIT;` },
    { name: 'another constraint', code: 'ALTER TABLE bookings ADD CONSTRAINT c CHECK (room > 0) NOT VALID;' },
    { name: 'a table config marks small', code: `ALTER TABLE bookings ADD ${exclude};`, tableSizes: { bookings: 'small' } },
    { name: 'down migration', code: `ALTER TABLE bookings ADD ${exclude};`, direction: 'down' },
  ],
  invalid: [
    {
      code: `ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap ${exclude};`,
      errors: [{ messageId: 'exclude', line: 1, column: 22, endLine: 1, endColumn: 105, data: { table: 'bookings', constraint: 'bookings_no_overlap' } }],
    },
    {
      name: 'unnamed, lower-case, IF EXISTS, quoted and schema-qualified: PostgreSQL\'s generated name',
      code: 'alter table if exists app."Bookings" add exclude using gist ("Room" with =, during with &&);',
      errors: [{ messageId: 'exclude', line: 1, column: 38, data: { table: 'app."Bookings"', constraint: '"Bookings_Room_during_excl"' } }],
    },
    {
      name: 'two findings, comments between tokens',
      code: `ALTER TABLE bookings ADD ${exclude}; -- one\nALTER /* two */ TABLE rooms ADD CONSTRAINT rooms_excl EXCLUDE (code WITH =);`,
      errors: [
        { messageId: 'exclude', line: 1, column: 22, data: { table: 'bookings', constraint: 'bookings_room_during_excl' } },
        { messageId: 'exclude', line: 2, column: 29, data: { table: 'rooms', constraint: 'rooms_excl' } },
      ],
    },
    {
      name: 'inside BEGIN/COMMIT, CRLF',
      code: `BEGIN;\r\nALTER TABLE bookings ADD ${exclude};\r\nCOMMIT;`,
      errors: [{ messageId: 'exclude', line: 2, column: 22 }],
    },
    {
      name: 'a table config marks large',
      code: `ALTER TABLE bookings ADD ${exclude};`,
      tableSizes: { bookings: 'large' },
      errors: [{ messageId: 'large', line: 1, column: 22, data: { table: 'bookings', constraint: 'bookings_room_during_excl' } }],
    },
    {
      name: 'small tables reported when ignoreSmallTables is off',
      code: `ALTER TABLE bookings ADD ${exclude};`,
      tableSizes: { bookings: 'small' },
      options: { ignoreSmallTables: false },
      errors: [{ messageId: 'exclude', line: 1, column: 22 }],
    },
    {
      name: 'only the new table is exempt',
      code: `CREATE TABLE t (x int);\nALTER TABLE bookings ADD ${exclude};`,
      errors: [{ messageId: 'exclude', line: 2, column: 22 }],
    },
  ],
});
