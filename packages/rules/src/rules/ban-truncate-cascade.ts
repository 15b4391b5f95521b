import { defineRule, type ObjectRef, type SchemaModel } from '@migralint/core';
import { qualified } from '../util/names.js';
import type { DocumentedMeta } from '../util/meta.js';

/** Tables that reference `roots` through foreign keys, transitively, as far as the replayed schema knows. */
function referencing(schema: SchemaModel, roots: ObjectRef[]): ObjectRef[] {
  const seen = new Set(roots.map((r) => schema.key(r)));
  const out: ObjectRef[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of schema.tables.values()) {
      if (seen.has(schema.key(t.ref))) continue;
      if ([...t.constraints.values()].some((c) => c.type === 'foreignKey' && c.references && seen.has(schema.key(c.references)))) {
        seen.add(schema.key(t.ref));
        out.push(t.ref);
        grew = true;
      }
    }
  }
  return out;
}

const meta: DocumentedMeta = {
  id: 'ban-truncate-cascade',
  description: 'Forbid TRUNCATE … CASCADE: it also empties every table that references the named ones, however far the foreign keys reach',
  engines: ['postgresql'],
  recommended: 'error',
  messages: {
    cascade:
      'TRUNCATE … CASCADE empties {{tables}} and also every table with a foreign key to them, and the tables referencing those in turn, whichever exist when it runs; it takes ACCESS EXCLUSIVE locks on all of them, and their rows cannot be got back.',
  },
  help: 'Name every table you mean to empty and leave out CASCADE: TRUNCATE {{list}}; PostgreSQL then refuses to run while another table still references them, instead of emptying that table too.',
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/ban-truncate-cascade.md' },
  examples: {
    bad: ['TRUNCATE users CASCADE;'],
    good: ['TRUNCATE users, orders;'],
  },
};

export default defineRule({
  meta,
  create(ctx) {
    return {
      truncate(op) {
        if (!op.cascade || op.tables.every((t) => ctx.analysis.isNewTable(t, op))) return;
        const list = [...op.tables, ...referencing(ctx.analysis.schema, op.tables)].map(qualified).join(', ');
        ctx.report({ op, messageId: 'cascade', data: { tables: op.tables.map(qualified).join(', '), list } });
      },
    };
  },
});
