import { defineRule, interpolate } from '@migralint/core';
import type { DocumentedMeta } from '../util/meta.js';
import { foreignKeyName, ident, qualified } from '../util/names.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';

const HELP =
  'ALTER TABLE {{table}} ADD CONSTRAINT {{constraint}} … NOT VALID (a brief lock and no scan; new and updated rows are checked at once), then in a separate transaction ALTER TABLE {{table}} VALIDATE CONSTRAINT {{constraint}}, which scans under SHARE UPDATE EXCLUSIVE: reads and writes go on.';

const meta: DocumentedMeta = {
  id: 'constraint-missing-not-valid',
  description: 'Require NOT VALID when adding a CHECK or foreign key constraint to a table that already exists',
  engines: ['postgresql'],
  recommended: 'error',
  messages: {
    check:
      'Adding CHECK constraint {{constraint}} without NOT VALID scans every row of {{table}} under an ACCESS EXCLUSIVE lock: every read and write of {{table}} blocks until the scan ends.',
    foreignKey:
      'Adding foreign key {{constraint}} without NOT VALID scans every row of {{table}} under SHARE ROW EXCLUSIVE locks on {{table}} and {{refTable}}: writes to both tables block until the scan ends.',
    checkLargeTable:
      'Large table {{table}} is read in full under an ACCESS EXCLUSIVE lock to check CHECK constraint {{constraint}} added without NOT VALID: every read and write of it blocks until the scan ends.',
    foreignKeyLargeTable:
      'Every row of large table {{table}} is checked against {{refTable}} while foreign key {{constraint}} is added without NOT VALID, under SHARE ROW EXCLUSIVE locks on both tables: writes to both block until the scan ends.',
  },
  help: HELP,
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/constraint-missing-not-valid.md' },
  examples: {
    bad: [
      'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);',
      'ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);',
    ],
    good: [
      'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;',
      'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
    ],
  },
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    return {
      addConstraint(op) {
        const k = op.constraint;
        if (k.type !== 'check' && k.type !== 'foreignKey') return;
        if (k.notValid || ctx.analysis.isNewTable(op.table, op)) return;
        const verdict = sizeVerdict(ctx, op.table);
        if (verdict === 'skip') return;
        const name = k.name ?? (k.type === 'foreignKey' ? foreignKeyName(op.table, k.columns) : undefined);
        const data = { table: qualified(op.table), constraint: name ? ident(name) : '(unnamed)', refTable: k.references ? qualified(k.references.table) : '?' };
        // VALIDATE CONSTRAINT needs a name: the recipe asks for one.
        const help = name ? undefined : `${interpolate(HELP, { ...data, constraint: '<name>' })} Name the constraint so that VALIDATE CONSTRAINT can refer to it.`;
        ctx.report({ op, messageId: `${k.type}${verdict === 'large' ? 'LargeTable' : ''}`, data, ...(help && { help }) });
      },
    };
  },
});
