import { defineRule } from '@migralint/core';
import { qualified } from '../util/names.js';

export default defineRule({
  meta: {
    id: 'ban-drop-table',
    description: 'Flag dropping a table that already exists: its data is gone and clients still using it break',
    engines: ['postgresql'],
    recommended: 'error',
    messages: {
      dropTable:
        'Dropping {{tables}} deletes the data and breaks every running client that still uses it; it takes an ACCESS EXCLUSIVE lock on {{tables}} and on every table its foreign keys reference or that references it, blocking their reads and writes too.',
    },
    help: 'Contract in two deploys: first ship code that no longer uses {{tables}} (keep a backup if the data may be needed), then drop it in a later migration and say so in a directive: -- migralint-disable-next-line ban-drop-table -- <why nothing uses it>.',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/ban-drop-table.md' },
    examples: {
      bad: ['DROP TABLE legacy_sessions;'],
      good: ['CREATE TABLE import_batch (id bigint);\nDROP TABLE import_batch;'],
    },
  },
  create(ctx) {
    return {
      dropTable(op) {
        const existing = op.tables.filter((t) => !ctx.analysis.isNewTable(t, op));
        if (!existing.length) return;
        ctx.report({ op, messageId: 'dropTable', data: { tables: existing.map(qualified).join(', ') } });
      },
    };
  },
});
