import { defineRule, interpolate, type ObjectRef, type Operation } from '@migralint/core';
import { NotNullFacts } from '../util/not-null-facts.js';
import { withSetNotNullHint } from '../util/help.js';
import { constraintName, ident, qualified } from '../util/names.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';
import type { DocumentedMeta } from '../util/meta.js';

const HELP =
  'ALTER TABLE {{table}} ADD CONSTRAINT {{check}} CHECK ({{column}} IS NOT NULL) NOT VALID (a brief lock, no scan; new rows are checked at once); then, in a separate transaction, ALTER TABLE {{table}} VALIDATE CONSTRAINT {{check}}, which scans under SHARE UPDATE EXCLUSIVE while reads and writes go on; then ALTER TABLE {{table}} ALTER COLUMN {{column}} SET NOT NULL, which trusts the validated check and skips the scan (PostgreSQL 12+), and ALTER TABLE {{table}} DROP CONSTRAINT {{check}}.';
const HELP_18 =
  'ALTER TABLE {{table}} ADD CONSTRAINT {{check}} NOT NULL {{column}} NOT VALID (PostgreSQL 18+: a brief lock, no scan; new rows are checked at once); then, in a separate transaction, ALTER TABLE {{table}} VALIDATE CONSTRAINT {{check}}, which scans under SHARE UPDATE EXCLUSIVE while reads and writes go on and leaves {{column}} NOT NULL. The CHECK ({{column}} IS NOT NULL) NOT VALID recipe of PostgreSQL 12 to 17 works too.';
const HELP_BEFORE_12 =
  'Before PostgreSQL 12 no recipe avoids the scan: enforce the rule with ALTER TABLE {{table}} ADD CONSTRAINT {{check}} CHECK ({{column}} IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT {{check}} in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on), and keep the check instead of SET NOT NULL.';
const HELP_PENDING =
  'Constraint {{pending}} already says {{column}} IS NOT NULL but is NOT VALID: ALTER TABLE {{table}} VALIDATE CONSTRAINT {{pending}} first, in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on); SET NOT NULL then skips the scan.';

const meta: DocumentedMeta = {
  id: 'adding-not-nullable-field',
  description: 'Flag SET NOT NULL on a column of a table that already exists unless a validated CHECK (column IS NOT NULL) lets PostgreSQL skip the scan',
  engines: ['postgresql'],
  recommended: 'error',
  messages: {
    scan: 'Setting {{column}} NOT NULL scans every row of {{table}} under an ACCESS EXCLUSIVE lock to look for NULLs: every read and write of {{table}} blocks until the scan ends, and the migration fails if one is found.',
    large:
      'Large table {{table}}: setting {{column}} NOT NULL scans all of it under an ACCESS EXCLUSIVE lock, and every read and write of {{table}} blocks for as long as that takes at this size.',
    beforeV12:
      'PostgreSQL {{version}} always scans for SET NOT NULL (skipping the scan after a validated CHECK came in 12): setting {{column}} NOT NULL reads every row of {{table}} under an ACCESS EXCLUSIVE lock, and every read and write blocks until the scan ends.',
  },
  help: HELP,
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/adding-not-nullable-field.md' },
  examples: {
    bad: ['ALTER TABLE users ALTER COLUMN email SET NOT NULL;'],
    good: [
      'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;',
      'ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;',
      'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null;',
    ],
  },
  versions: [
    'PostgreSQL 12+ skips the SET NOT NULL scan when a validated CHECK (col IS NOT NULL) proves the column has no NULLs (checked on 18); before 12 it always scans (`beforeV12`).',
    'PostgreSQL 18 can add the NOT NULL constraint itself NOT VALID and VALIDATE it later (SHARE UPDATE EXCLUSIVE); on 18 the help gives that recipe, and a plain ADD CONSTRAINT … NOT NULL col is reported like SET NOT NULL.',
  ],
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    const version = ctx.settings.engineVersion;
    const facts = NotNullFacts.forRun(ctx.analysis);
    const check = (op: Operation, table: ObjectRef, column: string) => {
      if (ctx.analysis.isNewTable(table, op)) return;
      const schema = ctx.analysis.schema;
      if ((schema.column(table, column)?.notNull ?? facts.notNull(table, column)) === true) return;
      if (facts.scanSkipped(schema, table, column, version)) return;
      const verdict = sizeVerdict(ctx, table);
      if (verdict === 'skip') return;
      const data = { table: qualified(table), column: ident(column), check: ident(constraintName(table, [column], 'not_null')), version };
      if (version < 12) return ctx.report({ op, messageId: 'beforeV12', data, help: interpolate(HELP_BEFORE_12, data) });
      const pending =
        facts.pendingCheck(table, column) ??
        [...(schema.table(table)?.constraints.values() ?? [])].find((k) => !k.validated && (k.checksNotNullOf === column || (k.type === 'notNull' && k.columns.includes(column))))?.name;
      const help = pending
        ? interpolate(HELP_PENDING, { ...data, pending: ident(pending) })
        : withSetNotNullHint(interpolate(version >= 18 ? HELP_18 : HELP, data), ctx.migration, data);
      ctx.report({ op, messageId: verdict === 'large' ? 'large' : 'scan', data, help });
    };
    return {
      ...facts.feeders(),
      setNotNull(op) {
        check(op, op.table, op.column);
        facts.apply(op);
      },
      addConstraint(op) {
        const k = op.constraint;
        // PostgreSQL 18's ADD CONSTRAINT … NOT NULL col (without NOT VALID) is SET NOT NULL by another name.
        if (k.type === 'notNull' && !k.notValid && k.columns.length === 1) check(op, op.table, k.columns[0]!);
        facts.apply(op);
      },
    };
  },
});
