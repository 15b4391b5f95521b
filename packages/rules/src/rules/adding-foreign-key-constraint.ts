import { defineRule, interpolate } from '@migralint/core';
import type { DocumentedMeta } from '../util/meta.js';
import { foreignKeyName, ident, qualified } from '../util/names.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';

const HELP =
  'Add it NOT VALID: ALTER TABLE {{table}} ADD CONSTRAINT {{constraint}} FOREIGN KEY ({{columns}}) REFERENCES {{refTarget}} NOT VALID (brief locks, no scan; new rows are checked at once); then, in a separate transaction, ALTER TABLE {{table}} VALIDATE CONSTRAINT {{constraint}}, which scans under SHARE UPDATE EXCLUSIVE on {{table}} and ROW SHARE on {{refTable}}: writes to both go on.';

const COLUMN_HELP = `Add {{columns}} without REFERENCES, then ${HELP.charAt(0).toLowerCase()}${HELP.slice(1)}`;

const meta: DocumentedMeta = {
  id: 'adding-foreign-key-constraint',
  description: 'Flag foreign keys added to a table that already exists without NOT VALID',
  engines: ['postgresql'],
  recommended: 'error',
  messages: {
    addConstraint:
      'Adding foreign key {{constraint}} takes SHARE ROW EXCLUSIVE locks on {{table}} and {{refTable}} while every row of {{table}} is checked: writes to both tables block until the scan ends.',
    addColumn:
      'Adding column {{columns}} with REFERENCES {{refTable}} takes a SHARE ROW EXCLUSIVE lock on {{refTable}}, blocking its writes, on top of the ACCESS EXCLUSIVE lock on {{table}} (there is no scan while the new column holds only NULLs).',
    addColumnWithDefault:
      'A default on new referencing column {{columns}} makes PostgreSQL check every row of {{table}} against {{refTable}} under SHARE ROW EXCLUSIVE on {{refTable}} (its writes block) and ACCESS EXCLUSIVE on {{table}} (its reads and writes block) until the scan ends.',
    addConstraintLargeTable:
      'Large table {{table}} is scanned in full while foreign key {{constraint}} is added, under SHARE ROW EXCLUSIVE locks on {{table}} and {{refTable}}: writes to both tables block until every row has been checked.',
    addColumnWithDefaultLargeTable:
      'Every row of large table {{table}} is checked against {{refTable}} because new referencing column {{columns}} has a default, under SHARE ROW EXCLUSIVE on {{refTable}} (its writes block) and ACCESS EXCLUSIVE on {{table}} (its reads and writes block) until the scan ends.',
  },
  help: HELP,
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/adding-foreign-key-constraint.md' },
  examples: {
    bad: [
      'ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);',
      'ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);',
    ],
    good: [
      'ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;',
      'ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;',
      'CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));',
    ],
  },
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    const target = (t: { table: { schema?: string; name: string }; columns: string[] }) =>
      `${qualified(t.table)}${t.columns.length ? ` (${t.columns.map(ident).join(', ')})` : ''}`;
    return {
      addConstraint(op) {
        const k = op.constraint;
        if (k.type !== 'foreignKey' || k.notValid || !k.references || ctx.analysis.isNewTable(op.table, op)) return;
        // The scan of the referencing table is what grows with its size.
        const verdict = sizeVerdict(ctx, op.table);
        if (verdict === 'skip') return;
        ctx.report({
          op,
          messageId: verdict === 'large' ? 'addConstraintLargeTable' : 'addConstraint',
          data: {
            table: qualified(op.table),
            constraint: ident(k.name ?? foreignKeyName(op.table, k.columns)),
            columns: k.columns.map(ident).join(', '),
            refTable: qualified(k.references.table),
            refTarget: target(k.references),
          },
        });
      },
      addColumn(op) {
        const refs = op.column.references;
        if (!refs || ctx.analysis.isNewTable(op.table, op)) return;
        const d = op.column.default;
        const data = {
          table: qualified(op.table),
          constraint: ident(foreignKeyName(op.table, [op.column.name])),
          columns: ident(op.column.name),
          refTable: qualified(refs.table),
          refTarget: target(refs),
        };
        // Only a default gives existing rows values that must be checked; without one the locks are brief whatever the size.
        let messageId = 'addColumn';
        if (d && !d.isNull) {
          const verdict = sizeVerdict(ctx, op.table);
          if (verdict === 'skip') return;
          messageId = verdict === 'large' ? 'addColumnWithDefaultLargeTable' : 'addColumnWithDefault';
        }
        ctx.report({ op, messageId, data, help: interpolate(COLUMN_HELP, data) });
      },
    };
  },
});
