import { defineRule, interpolate, type ObjectRef } from '@migralint/core';
import { foreignKeyName, ident, qualified } from '../util/names.js';

const key = (t: ObjectRef, name: string) => `${t.schema && t.schema !== 'public' ? `${t.schema}.` : ''}${t.name}\u0000${name}`;

const HELP =
  'ALTER TABLE {{table}} ADD CONSTRAINT {{constraint}} … NOT VALID (a brief lock and no scan; new and updated rows are checked at once), then in a separate transaction ALTER TABLE {{table}} VALIDATE CONSTRAINT {{constraint}}, which scans under SHARE UPDATE EXCLUSIVE: reads and writes go on.';

export default defineRule({
  meta: {
    id: 'constraint-missing-not-valid',
    description: 'Require NOT VALID when adding a CHECK or foreign key constraint to a table that already exists',
    engines: ['postgresql'],
    recommended: 'error',
    messages: {
      check:
        'Adding CHECK constraint {{constraint}} without NOT VALID scans every row of {{table}} under an ACCESS EXCLUSIVE lock: every read and write of {{table}} blocks until the scan ends.',
      foreignKey:
        'Adding foreign key {{constraint}} without NOT VALID scans every row of {{table}} under SHARE ROW EXCLUSIVE locks on {{table}} and {{refTable}}: writes to both tables block until the scan ends.',
      validateInSameTransaction:
        'Validating {{constraint}} in the transaction that added it NOT VALID holds the ADD CONSTRAINT\'s lock through the whole scan of {{table}} (ACCESS EXCLUSIVE for a CHECK: reads and writes block; SHARE ROW EXCLUSIVE on both tables for a foreign key: writes block): nothing is gained over adding it valid.',
    },
    help: HELP,
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/constraint-missing-not-valid.md' },
    examples: {
      bad: [
        'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);',
        'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nCOMMIT;',
      ],
      good: [
        'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;',
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
      ],
    },
  },
  create(ctx) {
    // Constraints added NOT VALID in the current transaction block.
    const pending = new Set<string>();
    return {
      transaction(op) {
        if (op.action === 'commit' || op.action === 'rollback') pending.clear();
      },
      addConstraint(op) {
        const k = op.constraint;
        if (k.type !== 'check' && k.type !== 'foreignKey') return;
        if (ctx.analysis.isNewTable(op.table, op)) return;
        const name = k.name ?? (k.type === 'foreignKey' ? foreignKeyName(op.table, k.columns) : undefined);
        if (k.notValid) {
          if (name && ctx.analysis.inTransaction(op) === 'yes') pending.add(key(op.table, name));
          return;
        }
        const data = { table: qualified(op.table), constraint: name ? ident(name) : '(unnamed)', refTable: k.references ? qualified(k.references.table) : '?' };
        // VALIDATE CONSTRAINT needs a name: the recipe asks for one.
        const help = name ? undefined : `${interpolate(HELP, { ...data, constraint: '<name>' })} Name the constraint so that VALIDATE CONSTRAINT can refer to it.`;
        ctx.report({ op, messageId: k.type === 'check' ? 'check' : 'foreignKey', data, ...(help && { help }) });
      },
      validateConstraint(op) {
        if (!pending.has(key(op.table, op.name)) || ctx.analysis.inTransaction(op) !== 'yes') return;
        ctx.report({ op, messageId: 'validateInSameTransaction', data: { table: qualified(op.table), constraint: ident(op.name) } });
      },
    };
  },
});
