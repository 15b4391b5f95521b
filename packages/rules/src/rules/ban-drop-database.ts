import { defineRule } from '@migralint/core';
import { ident } from '../util/names.js';
import type { DocumentedMeta } from '../util/meta.js';

const meta: DocumentedMeta = {
  id: 'ban-drop-database',
  description: 'Forbid DROP DATABASE in migrations',
  engines: ['postgresql'],
  recommended: 'error',
  messages: {
    dropDatabase:
      'DROP DATABASE {{database}} deletes the database and every table in it for good, with no undo; PostgreSQL refuses it inside a transaction block, and while other sessions are connected to it unless WITH (FORCE) (PostgreSQL 13+) disconnects them.',
  },
  help: 'Drop databases by hand, outside the migrations, after a backup and once nothing connects to {{database}} any more: a migration runs again on every new environment, against whatever database its connection points at.',
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/ban-drop-database.md' },
  examples: {
    bad: ['DROP DATABASE legacy_reports;'],
    good: ['DROP TABLE IF EXISTS legacy_reports_tmp;'],
  },
  versions: [
    'PostgreSQL 13 added DROP DATABASE … WITH (FORCE), which disconnects other sessions first; it still fails inside a transaction block.',
  ],
};

export default defineRule({
  meta,
  create(ctx) {
    return {
      other(op) {
        if (op.statement !== 'DROP DATABASE') return;
        // The model keeps no name for it: read it from the parser's node.
        const name = (op.sql?.node as { DropdbStmt?: { dbname?: string } } | undefined)?.DropdbStmt?.dbname;
        ctx.report({ op, messageId: 'dropDatabase', data: { database: name ? ident(name) : 'the database' } });
      },
    };
  },
});
