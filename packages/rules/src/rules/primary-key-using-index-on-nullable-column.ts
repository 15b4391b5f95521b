import { defineRule, interpolate, type AddConstraintOp } from '@migralint/core';
import { NotNullFacts } from '../util/not-null-facts.js';
import { constraintName, ident, qualified } from '../util/names.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';
import type { DocumentedMeta } from '../util/meta.js';

const HELP =
  'Make {{column}} NOT NULL before adding the primary key, without a long lock: ALTER TABLE {{table}} ADD CONSTRAINT {{check}} CHECK ({{column}} IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT {{check}} in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on); ALTER TABLE {{table}} ALTER COLUMN {{column}} SET NOT NULL, which trusts the validated check (PostgreSQL 12+); then ADD CONSTRAINT … PRIMARY KEY USING INDEX {{index}} scans nothing.';
const HELP_BEFORE_12 =
  'Before PostgreSQL 12 nothing spares the NULL scan: run the ADD CONSTRAINT at a quiet moment, after SET lock_timeout so that it gives up instead of queueing every query behind it.';

const meta: DocumentedMeta = {
  id: 'primary-key-using-index-on-nullable-column',
  description: 'Flag ADD PRIMARY KEY USING INDEX on columns that may hold NULLs: PostgreSQL sets them NOT NULL with a full scan',
  engines: ['postgresql'],
  recommended: 'error',
  messages: {
    nullable:
      'Adding primary key {{constraint}} USING INDEX {{index}} first makes {{columns}} NOT NULL: PostgreSQL scans every row of {{table}} for NULLs under an ACCESS EXCLUSIVE lock, and every read and write of {{table}} blocks until the scan ends.',
    large:
      'Large table {{table}}: adding primary key {{constraint}} USING INDEX {{index}} scans all of it for NULLs in {{columns}} under an ACCESS EXCLUSIVE lock, and every read and write of {{table}} blocks for as long as that takes at this size.',
  },
  help: HELP,
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/primary-key-using-index-on-nullable-column.md' },
  examples: {
    bad: ['ALTER TABLE items ADD COLUMN uid bigint;\nCREATE UNIQUE INDEX CONCURRENTLY items_uid_idx ON items (uid);\nALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_uid_idx;'],
    good: [
      'ALTER TABLE items ADD COLUMN uid bigint;\nCREATE UNIQUE INDEX CONCURRENTLY items_uid_idx ON items (uid);\nALTER TABLE items ADD CONSTRAINT items_uid_not_null CHECK (uid IS NOT NULL) NOT VALID;\nALTER TABLE items VALIDATE CONSTRAINT items_uid_not_null;\nALTER TABLE items ALTER COLUMN uid SET NOT NULL;\nALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_uid_idx;',
    ],
  },
  versions: [
    'PostgreSQL 12+ skips the NULL scan when a validated CHECK (col IS NOT NULL) covers the column (checked on 18); before 12 nothing avoids it.',
  ],
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    const version = ctx.settings.engineVersion;
    const facts = NotNullFacts.forRun(ctx.analysis);
    return {
      ...facts.feeders(),
      addConstraint(op) {
        check(op);
        facts.apply(op);
      },
    };

    function check(op: AddConstraintOp): void {
      const k = op.constraint;
      if (k.type !== 'primaryKey' || !k.usingIndex || ctx.analysis.isNewTable(op.table, op)) return;
      const schema = ctx.analysis.schema;
      const index = schema.index({ ...(op.table.schema ? { schema: op.table.schema } : {}), name: k.usingIndex });
      // Only columns known to be nullable (from the replayed schema or this run's migrations): an
      // unknown column may well be NOT NULL already.
      const nullable = (index?.columns ?? []).filter((c) => {
        const col = schema.column(op.table, c);
        const notNull = col ? col.notNull : facts.notNull(op.table, c);
        if (notNull !== false) return false;
        return !facts.scanSkipped(schema, op.table, c, version);
      });
      if (!nullable.length) return;
      const verdict = sizeVerdict(ctx, op.table);
      if (verdict === 'skip') return;
      const first = nullable[0]!;
      const data = {
        table: qualified(op.table),
        constraint: ident(k.name ?? constraintName(op.table, nullable, 'pkey')),
        index: ident(k.usingIndex),
        columns: nullable.map(ident).join(', '),
        column: ident(first),
        check: ident(constraintName(op.table, [first], 'not_null')),
      };
      const help = interpolate(version >= 12 ? HELP : HELP_BEFORE_12, data);
      ctx.report({ op, messageId: verdict === 'large' ? 'large' : 'nullable', data, help });
    }
  },
});
