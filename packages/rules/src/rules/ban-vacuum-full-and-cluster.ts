import { defineRule } from '@migralint/core';
import { qualified } from '../util/names.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';
import type { DocumentedMeta } from '../util/meta.js';

const meta: DocumentedMeta = {
  id: 'ban-vacuum-full-and-cluster',
  description: 'Forbid VACUUM FULL and CLUSTER on tables that already exist: both rewrite the table under ACCESS EXCLUSIVE',
  engines: ['postgresql'],
  recommended: 'error',
  messages: {
    vacuumFull:
      'VACUUM FULL rewrites {{tables}} under an ACCESS EXCLUSIVE lock: every read and write blocks until the new copy is written, which needs free disk for a whole second copy; and VACUUM fails inside a transaction block.',
    cluster:
      'CLUSTER rewrites {{tables}} in index order under an ACCESS EXCLUSIVE lock: every read and write blocks until the new copy is written, which needs free disk for a whole second copy.',
    large:
      'Large table {{table}}: {{command}} rewrites all of it under an ACCESS EXCLUSIVE lock, and every read and write blocks for as long as that takes at this size.',
  },
  help: 'Plain VACUUM (without FULL) makes dead space reusable while reads and writes go on. To give space back to the operating system or to put rows in index order, run pg_repack or pg_squeeze by hand, outside the migrations: they rewrite the table online and lock it only briefly at the end.',
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/ban-vacuum-full-and-cluster.md' },
  examples: {
    bad: ['VACUUM FULL users;', 'CLUSTER users USING users_pkey;'],
    good: ['VACUUM (ANALYZE) users;', 'CREATE TABLE events (id bigint PRIMARY KEY);\nCLUSTER events USING events_pkey;'],
  },
  versions: [
    'The same on every version up to PostgreSQL 18. Checked on 18: CLUSTER holds ACCESS EXCLUSIVE and gives the table and its indexes new files; VACUUM FULL rewrites the table too and cannot run inside a transaction block.',
  ],
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    return {
      maintenance(op) {
        if (op.action !== 'vacuumFull' && op.action !== 'cluster') return;
        const command = op.action === 'cluster' ? 'CLUSTER' : 'VACUUM FULL';
        if (!op.tables.length) {
          // Without a table list, VACUUM FULL rewrites every table; CLUSTER every table clustered before.
          const tables = op.action === 'cluster' ? 'every table that was clustered before' : 'every table of the database';
          ctx.report({ op, messageId: op.action, data: { tables } });
          return;
        }
        const tables = op.tables.filter((t) => !ctx.analysis.isNewTable(t, op) && sizeVerdict(ctx, t) !== 'skip');
        if (!tables.length) return;
        const large = tables.find((t) => sizeVerdict(ctx, t) === 'large');
        if (large) ctx.report({ op, messageId: 'large', data: { table: qualified(large), command } });
        else ctx.report({ op, messageId: op.action, data: { tables: tables.map(qualified).join(', ') } });
      },
    };
  },
});
