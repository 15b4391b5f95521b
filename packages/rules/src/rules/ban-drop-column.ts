import { defineRule } from '@migralint/core';
import { ident, qualified } from '../util/names.js';

export default defineRule({
  meta: {
    id: 'ban-drop-column',
    description: 'Flag dropping a column of a table that already exists: clients still using it break',
    engines: ['postgresql'],
    recommended: 'error',
    messages: {
      dropColumn:
        'Dropping column {{column}} of {{table}} breaks every running client that still reads or writes it; it also takes an ACCESS EXCLUSIVE lock on {{table}} (brief: no rewrite, the space is reclaimed by later updates and VACUUM).',
    },
    help: 'Contract in two deploys: first ship code that no longer reads or writes {{table}}.{{column}} (tell the ORM to ignore it), then drop it in a later migration and say so in a directive: -- migralint-disable-next-line ban-drop-column -- <why nothing uses it>.',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/ban-drop-column.md' },
    examples: {
      bad: ['ALTER TABLE users DROP COLUMN legacy_name;'],
      good: ['CREATE TABLE drafts (id bigint, body text);\nALTER TABLE drafts DROP COLUMN body;'],
    },
  },
  create(ctx) {
    return {
      dropColumn(op) {
        if (ctx.analysis.isNewTable(op.table, op)) return;
        ctx.report({ op, messageId: 'dropColumn', data: { table: qualified(op.table), column: ident(op.column) } });
      },
    };
  },
});
