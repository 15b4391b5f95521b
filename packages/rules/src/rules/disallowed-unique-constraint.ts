import { defineRule, interpolate, type ObjectRef, type Operation } from '@migralint/core';
import { withNonTransactionalHint } from '../util/help.js';
import { constraintName, ident, qualified } from '../util/names.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';
import type { DocumentedMeta } from '../util/meta.js';

const HELP =
  'Build the index first without blocking writes: CREATE UNIQUE INDEX CONCURRENTLY {{constraint}} ON {{table}} ({{columns}}), outside a transaction block; then ALTER TABLE {{table}} ADD CONSTRAINT {{constraint}} UNIQUE USING INDEX {{constraint}}, which takes ACCESS EXCLUSIVE only for a moment and scans nothing. If the build fails it leaves an INVALID index: DROP INDEX CONCURRENTLY it and run it again.';
const HELP_COLUMN =
  'Add {{column}} without UNIQUE, then build the index without blocking writes: CREATE UNIQUE INDEX CONCURRENTLY {{constraint}} ON {{table}} ({{column}}), outside a transaction block, and ALTER TABLE {{table}} ADD CONSTRAINT {{constraint}} UNIQUE USING INDEX {{constraint}}, which takes ACCESS EXCLUSIVE only for a moment and scans nothing.';

const meta: DocumentedMeta = {
  id: 'disallowed-unique-constraint',
  description: 'Require UNIQUE constraints on tables that already exist to be added USING INDEX, from an index built CONCURRENTLY',
  engines: ['postgresql'],
  recommended: 'error',
  messages: {
    unique:
      'Adding UNIQUE constraint {{constraint}} builds its index over every row of {{table}} under an ACCESS EXCLUSIVE lock: every read and write of {{table}} blocks until the build ends.',
    large:
      'Large table {{table}}: adding UNIQUE constraint {{constraint}} builds its index over all of it under an ACCESS EXCLUSIVE lock, and every read and write of {{table}} blocks for as long as that takes at this size.',
  },
  help: HELP,
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/disallowed-unique-constraint.md' },
  examples: {
    bad: ['ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);', 'ALTER TABLE users ADD COLUMN handle text UNIQUE;'],
    good: [
      'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);',
      'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;',
      'CREATE TABLE accounts (id bigint, email text);\nALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);',
    ],
  },
  versions: [
    'The same on every supported version. Checked on PostgreSQL 18: ADD CONSTRAINT … UNIQUE scans the table under SHARE and ACCESS EXCLUSIVE locks; UNIQUE USING INDEX scans nothing.',
  ],
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    const check = (op: Operation, table: ObjectRef, columns: string[], name: string | undefined, column?: string) => {
      if (ctx.analysis.isNewTable(table, op)) return;
      const verdict = sizeVerdict(ctx, table);
      if (verdict === 'skip') return;
      const data = {
        table: qualified(table),
        constraint: ident(name ?? constraintName(table, columns, 'key')),
        columns: columns.map(ident).join(', '),
        column: column ? ident(column) : '',
      };
      const help = withNonTransactionalHint(interpolate(column ? HELP_COLUMN : HELP, data), ctx.migration);
      ctx.report({ op, messageId: verdict === 'large' ? 'large' : 'unique', data, help });
    };
    return {
      addConstraint(op) {
        const k = op.constraint;
        if (k.type === 'unique' && !k.usingIndex) check(op, op.table, k.columns, k.name);
      },
      addColumn(op) {
        if (op.column.unique) check(op, op.table, [op.column.name], undefined, op.column.name);
      },
    };
  },
});
