import { defineRule } from '@migralint/core';
import { ident, qualified } from '../util/names.js';

export default defineRule({
  meta: {
    id: 'renaming-table',
    description: 'Flag renaming a table that already exists: clients using the old name break',
    engines: ['postgresql'],
    recommended: 'error',
    messages: {
      renameTable:
        'Renaming table {{table}} to {{newName}} breaks every running client that still uses the old name; it takes an ACCESS EXCLUSIVE lock on {{table}} (brief: no rewrite).',
    },
    help: 'Expand and contract with a view: CREATE VIEW {{newTable}} AS SELECT * FROM {{table}} (a simple view accepts inserts, updates and deletes); move the code to {{newTable}}; then, in a later migration, DROP VIEW {{newTable}} and ALTER TABLE {{table}} RENAME TO {{newName}} in one transaction.',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/renaming-table.md' },
    examples: {
      bad: ['ALTER TABLE user_stars RENAME TO user_favorites;'],
      good: ['CREATE TABLE drafts (id bigint);\nALTER TABLE drafts RENAME TO notes;'],
    },
  },
  create(ctx) {
    return {
      renameTable(op) {
        if (ctx.analysis.isNewTable(op.table, op)) return;
        ctx.report({
          op,
          messageId: 'renameTable',
          data: { table: qualified(op.table), newName: ident(op.newName), newTable: qualified({ schema: op.table.schema, name: op.newName }) },
        });
      },
    };
  },
});
