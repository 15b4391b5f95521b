import { defineRule, type AddConstraintOp } from '@migralint/core';
import { foreignKeyName, ident, qualified } from '../util/names.js';

export default defineRule({
  meta: {
    id: 'validate-constraint-in-same-transaction',
    description: 'Flag VALIDATE CONSTRAINT in the same transaction as the ADD CONSTRAINT … NOT VALID it validates',
    engines: ['postgresql'],
    recommended: 'error',
    messages: {
      check:
        'Validating constraint {{constraint}} in the transaction that added it NOT VALID (line {{addLine}}) keeps the ADD\'s ACCESS EXCLUSIVE lock on {{table}} through the whole validation scan: every read and write of {{table}} blocks until the transaction commits, just as if the constraint had been added without NOT VALID.',
      foreignKey:
        'Validating foreign key {{constraint}} in the transaction that added it NOT VALID (line {{addLine}}) keeps the ADD\'s SHARE ROW EXCLUSIVE locks on {{table}} and {{refTable}} through the whole validation scan: writes to both tables block until the transaction commits, just as if the key had been added without NOT VALID.',
    },
    help: 'Commit between the two steps: ALTER TABLE {{table}} ADD CONSTRAINT {{constraint}} … NOT VALID in one migration (a brief lock, no scan), then ALTER TABLE {{table}} VALIDATE CONSTRAINT {{constraint}} in the next one, where the scan runs under SHARE UPDATE EXCLUSIVE{{refLock}} and reads and writes go on.',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/validate-constraint-in-same-transaction.md' },
    examples: {
      bad: [
        'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nCOMMIT;',
        'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;\nCOMMIT;',
      ],
      good: [
        'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nCOMMIT;',
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
      ],
    },
  },
  create(ctx) {
    const a = ctx.analysis;
    const nameOf = (op: AddConstraintOp) => op.constraint.name ?? (op.constraint.type === 'foreignKey' ? foreignKeyName(op.table, op.constraint.columns) : undefined);
    return {
      validateConstraint(op) {
        if (a.inTransaction(op) !== 'yes' || a.isNewTable(op.table, op)) return;
        const key = a.schema.key(op.table);
        const add = a
          .transactionOf(op)
          .slice(0, a.transactionOf(op).indexOf(op))
          .find((o): o is AddConstraintOp => o.kind === 'addConstraint' && o.constraint.notValid && a.schema.key(o.table) === key && nameOf(o) === op.name);
        if (!add) return;
        const fk = add.constraint.type === 'foreignKey';
        const ref = add.constraint.references?.table;
        ctx.report({
          op,
          messageId: fk ? 'foreignKey' : 'check',
          data: {
            constraint: ident(op.name),
            table: qualified(op.table),
            refTable: ref ? qualified(ref) : '?',
            addLine: add.span.start.line,
            refLock: fk && ref ? ` (ROW SHARE on ${qualified(ref)})` : '',
          },
        });
      },
    };
  },
});
