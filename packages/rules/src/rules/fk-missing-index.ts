import { defineRule, interpolate, type ObjectRef, type Operation, type SchemaModel } from '@migralint/core';
import { withNonTransactionalHint } from '../util/help.js';
import { foreignKeyName, ident, qualified } from '../util/names.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';
import type { DocumentedMeta } from '../util/meta.js';

const HELP =
  'Index the referencing columns: CREATE INDEX CONCURRENTLY {{index}} ON {{table}} ({{columns}}), in a migration of its own outside a transaction block; on a table created in the same migration, a plain CREATE INDEX {{index}} ON {{table}} ({{columns}}) right after it is enough.';

interface ForeignKey {
  op: Operation;
  table: ObjectRef;
  columns: string[];
  references: ObjectRef;
  name: string;
}

/** True when a full (not partial) index or a primary key / unique constraint of the table starts with exactly these columns, in any order. */
function covered(schema: SchemaModel, table: ObjectRef, columns: string[]): boolean {
  const want = new Set(columns);
  const leads = (cols: readonly string[] | undefined) => !!cols && cols.length >= want.size && cols.slice(0, want.size).every((c) => want.has(c));
  const t = schema.table(table);
  if ([...(t?.constraints.values() ?? [])].some((c) => (c.type === 'primaryKey' || c.type === 'unique') && leads(c.columns))) return true;
  const k = schema.key(table);
  return [...schema.indexes.values()].some((ix) => !ix.partial && schema.key(ix.table) === k && leads(ix.columns));
}

const meta: DocumentedMeta = {
  id: 'fk-missing-index',
  description: 'Flag a foreign key whose referencing columns have no index (opt-in: it judges the schema, not the lock a migration takes)',
  engines: ['postgresql'],
  recommended: false,
  messages: {
    missing:
      'Foreign key {{constraint}} on {{table}} ({{columns}}) has no index on those columns: every DELETE from {{refTable}}, and every UPDATE of its key, scans all of {{table}} under a ROW SHARE lock to find referencing rows, and so do ON DELETE CASCADE and SET NULL.',
    large:
      'Large table {{table}}: foreign key {{constraint}} ({{columns}}) has no index, so every DELETE from {{refTable}} and every UPDATE of its key scans all of {{table}} under a ROW SHARE lock.',
  },
  help: HELP,
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/fk-missing-index.md' },
  examples: {
    bad: ['CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));'],
    good: [
      'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\nCREATE INDEX orders_user_id_idx ON orders (user_id);',
      'CREATE TABLE memberships (user_id bigint REFERENCES users (id), team_id bigint, PRIMARY KEY (user_id, team_id));',
    ],
  },
  versions: [
    'The same on every version. Checked on PostgreSQL 18: deleting a referenced row takes a ROW SHARE lock on the referencing table and scans it sequentially unless an index on the referencing columns can serve the lookup.',
  ],
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    const found: ForeignKey[] = [];
    const add = (op: Operation, table: ObjectRef, columns: string[], references: ObjectRef | undefined, name: string | undefined) => {
      if (!references || !columns.length) return;
      found.push({ op, table, columns, references, name: name ?? foreignKeyName(table, columns) });
    };
    return {
      createTable(op) {
        for (const c of op.columns) add(op, op.table, [c.name], c.references?.table, undefined);
        for (const k of op.constraints) if (k.type === 'foreignKey') add(op, op.table, k.columns, k.references?.table, k.name);
      },
      addColumn(op) {
        add(op, op.table, [op.column.name], op.column.references?.table, undefined);
      },
      addConstraint(op) {
        if (op.constraint.type === 'foreignKey') add(op, op.table, op.constraint.columns, op.constraint.references?.table, op.constraint.name);
      },
      // The schema is replayed operation by operation: by the end of the migration it holds every index it built.
      'migration:exit'() {
        const schema = ctx.analysis.schema;
        for (const fk of found) {
          const t = schema.table(fk.table);
          // A table the model does not fully know may have indexes it never saw: say nothing.
          if (!t || !t.complete || covered(schema, fk.table, fk.columns)) continue;
          const verdict = sizeVerdict(ctx, fk.table);
          if (verdict === 'skip') continue;
          const columns = fk.columns.map(ident).join(', ');
          const data = {
            table: qualified(fk.table),
            constraint: ident(fk.name),
            columns,
            refTable: qualified(fk.references),
            index: ident(`${fk.table.name}_${fk.columns.join('_')}_idx`),
          };
          const help = withNonTransactionalHint(interpolate(HELP, data), ctx.migration);
          ctx.report({ op: fk.op, messageId: verdict === 'large' ? 'large' : 'missing', data, help });
        }
      },
    };
  },
});
