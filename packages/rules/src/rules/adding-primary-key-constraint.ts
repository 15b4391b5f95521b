import { defineRule, interpolate, type ObjectRef, type Operation } from '@migralint/core';
import { withNonTransactionalHint } from '../util/help.js';
import { constraintName, ident, qualified } from '../util/names.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';
import type { DocumentedMeta } from '../util/meta.js';

const HELP =
  'Build the index first without blocking writes: CREATE UNIQUE INDEX CONCURRENTLY {{index}} ON {{table}} ({{columns}}), outside a transaction block. Make {{columns}} NOT NULL without a long lock (ADD CONSTRAINT … CHECK (… IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a separate transaction, then SET NOT NULL, which skips the scan on PostgreSQL 12+). Then ALTER TABLE {{table}} ADD CONSTRAINT {{constraint}} PRIMARY KEY USING INDEX {{index}}: a brief ACCESS EXCLUSIVE lock and no scan.';
const HELP_COLUMN =
  'Add {{columns}} without PRIMARY KEY and fill it (in batches for existing rows); then CREATE UNIQUE INDEX CONCURRENTLY {{index}} ON {{table}} ({{columns}}) outside a transaction block, make it NOT NULL through a validated CHECK ({{columns}} IS NOT NULL) and SET NOT NULL, and ALTER TABLE {{table}} ADD CONSTRAINT {{constraint}} PRIMARY KEY USING INDEX {{index}}: a brief ACCESS EXCLUSIVE lock and no scan.';

const meta: DocumentedMeta = {
  id: 'adding-primary-key-constraint',
  description: 'Require primary keys on tables that already exist to be added USING INDEX, from a unique index built CONCURRENTLY',
  engines: ['postgresql'],
  recommended: 'error',
  messages: {
    primaryKey:
      'Adding primary key {{constraint}} builds its unique index over every row of {{table}} under an ACCESS EXCLUSIVE lock, after scanning for NULLs in any key column not yet NOT NULL: every read and write of {{table}} blocks until it ends.',
    large:
      'Large table {{table}}: adding primary key {{constraint}} builds its unique index over all of it under an ACCESS EXCLUSIVE lock, and every read and write of {{table}} blocks for as long as that takes at this size.',
  },
  help: HELP,
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/adding-primary-key-constraint.md' },
  examples: {
    bad: ['ALTER TABLE items ADD PRIMARY KEY (id);', 'ALTER TABLE items ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;'],
    good: [
      'CREATE UNIQUE INDEX CONCURRENTLY items_pkey_idx ON items (id);',
      'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey_idx;',
      'CREATE TABLE tags (id bigint, name text);\nALTER TABLE tags ADD PRIMARY KEY (id);',
    ],
  },
  versions: [
    'The same on every supported version. Checked on PostgreSQL 18: ADD PRIMARY KEY scans the table under SHARE and ACCESS EXCLUSIVE locks.',
  ],
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    const check = (op: Operation, table: ObjectRef, columns: string[], name: string | undefined, inline: boolean) => {
      if (ctx.analysis.isNewTable(table, op)) return;
      const verdict = sizeVerdict(ctx, table);
      if (verdict === 'skip') return;
      const constraint = name ?? constraintName(table, columns, 'pkey');
      const data = { table: qualified(table), constraint: ident(constraint), index: ident(`${constraint}_idx`), columns: columns.map(ident).join(', ') };
      const help = withNonTransactionalHint(interpolate(inline ? HELP_COLUMN : HELP, data), ctx.migration);
      ctx.report({ op, messageId: verdict === 'large' ? 'large' : 'primaryKey', data, help });
    };
    return {
      addConstraint(op) {
        const k = op.constraint;
        if (k.type === 'primaryKey' && !k.usingIndex) check(op, op.table, k.columns, k.name, false);
      },
      addColumn(op) {
        if (op.column.primaryKey) check(op, op.table, [op.column.name], undefined, true);
      },
    };
  },
});
