import { defineRule, type AddConstraintOp } from '@migralint/core';
import { constraintName, ident, qualified } from '../util/names.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';
import type { DocumentedMeta } from '../util/meta.js';

/** The columns an EXCLUDE constraint names, from the parser's node (the model keeps only its text). */
function excludedColumns(op: AddConstraintOp): string[] {
  const cmds = (op.sql?.node as { AlterTableStmt?: { cmds?: unknown[] } } | undefined)?.AlterTableStmt?.cmds ?? [];
  for (const c of cmds) {
    const k = (c as { AlterTableCmd?: { def?: { Constraint?: { contype?: string; exclusions?: unknown[] } } } }).AlterTableCmd?.def?.Constraint;
    if (k?.contype !== 'CONSTR_EXCLUSION') continue;
    return (k.exclusions ?? [])
      .map((e) => ((e as { List?: { items?: unknown[] } }).List?.items?.[0] as { IndexElem?: { name?: string } } | undefined)?.IndexElem?.name)
      .filter((n): n is string => !!n);
  }
  return [];
}

const meta: DocumentedMeta = {
  id: 'exclusion-constraint',
  description: 'Flag adding an EXCLUDE constraint to a table that already exists: its index is built under ACCESS EXCLUSIVE, and PostgreSQL offers no concurrent way',
  engines: ['postgresql'],
  recommended: 'error',
  messages: {
    exclude:
      'Adding exclusion constraint {{constraint}} builds its index over every row of {{table}} and checks them under an ACCESS EXCLUSIVE lock: every read and write of {{table}} blocks until it ends.',
    large:
      'Large table {{table}}: adding exclusion constraint {{constraint}} builds its index over all of it under an ACCESS EXCLUSIVE lock, and every read and write of {{table}} blocks for as long as that takes at this size.',
  },
  help: "PostgreSQL has no concurrent path for exclusion constraints (neither NOT VALID nor USING INDEX applies to them). Declare it when the table is created; for a table with traffic, create a new table that has it, copy the rows over in batches while a trigger copies new writes, and swap the names in one short transaction. At the very least run SET lock_timeout = '2s' first, so that the migration gives up instead of queueing every query on {{table}} behind it.",
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/exclusion-constraint.md' },
  examples: {
    bad: ['ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);'],
    good: ['CREATE TABLE reservations (room int, during tstzrange);\nALTER TABLE reservations ADD CONSTRAINT reservations_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);'],
  },
  versions: [
    'No version up to PostgreSQL 18 can add an exclusion constraint concurrently, NOT VALID or USING INDEX. Checked on 18: the index build scans the table under SHARE and ACCESS EXCLUSIVE locks.',
  ],
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    return {
      addConstraint(op) {
        if (op.constraint.type !== 'exclude' || ctx.analysis.isNewTable(op.table, op)) return;
        const verdict = sizeVerdict(ctx, op.table);
        if (verdict === 'skip') return;
        // PostgreSQL names an unnamed one <table>_<columns>_excl.
        const name = op.constraint.name ?? constraintName(op.table, excludedColumns(op), 'excl');
        ctx.report({ op, messageId: verdict === 'large' ? 'large' : 'exclude', data: { table: qualified(op.table), constraint: ident(name) } });
      },
    };
  },
});
