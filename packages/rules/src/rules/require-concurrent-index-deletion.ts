import { defineRule, interpolate, type ObjectRef } from '@migralint/core';
import { withNonTransactionalHint } from '../util/help.js';
import { indexName, qualified } from '../util/names.js';
import { findKeyword, sameCase } from '../util/sql-text.js';

const key = (r: ObjectRef) => (r.schema && r.schema !== 'public' ? `${r.schema}.${r.name}` : r.name);

const rule = defineRule({
  meta: {
    id: 'require-concurrent-index-deletion',
    description: 'Require CONCURRENTLY when dropping an index of a table that already exists',
    engines: ['postgresql'],
    recommended: 'error',
    // DROP INDEX CONCURRENTLY cannot run inside a transaction block.
    fixable: 'unsafe',
    messages: {
      missing:
        'Dropping index {{index}} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on its table: every read and write of the table blocks until the drop ends, and the drop itself waits behind running queries.',
    },
    help: 'Use DROP INDEX CONCURRENTLY {{index}}, outside a transaction block (a migration of its own, with the tool\'s transaction turned off); it takes one index per statement and no CASCADE.',
    docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/require-concurrent-index-deletion.md' },
    examples: {
      bad: ['DROP INDEX users_email_idx;'],
      good: [
        'DROP INDEX CONCURRENTLY users_email_idx;',
        'CREATE TABLE events (id bigint);\nCREATE INDEX events_id_idx ON events (id);\nDROP INDEX events_id_idx;',
      ],
    },
  },
  create(ctx) {
    // Indexes built in this migration on tables it created: dropping them locks nobody out.
    const onNewTables = new Set<string>();
    return {
      createIndex(op) {
        if (ctx.analysis.isNewTable(op.table, op)) onNewTables.add(key({ schema: op.table.schema, name: indexName(op) }));
      },
      dropIndex(op) {
        if (op.concurrently) return;
        const existing = op.indexes.filter((i) => !onNewTables.has(key(i)));
        if (!existing.length) return;
        const text = ctx.migration.source.text;
        const kw = op.sql && findKeyword(text, op.sql.statementSpan.start.offset, 'INDEX', 2);
        const fixable = kw && op.indexes.length === 1 && !op.cascade && ctx.analysis.inTransaction(op) !== 'yes';
        const fix = fixable ? { kind: 'unsafe' as const, edits: [{ start: kw.end, end: kw.end, text: ` ${sameCase('CONCURRENTLY', kw.text)}` }] } : undefined;
        const data = { index: existing.map(qualified).join(', ') };
        const help = withNonTransactionalHint(interpolate(rule.meta.help, data), ctx.migration);
        ctx.report({ op, messageId: 'missing', data, help, ...(fix && { fix }) });
      },
    };
  },
});

export default rule;
