import { defineRule, interpolate, type ObjectRef } from '@migralint/core';
import { withNonTransactionalHint } from '../util/help.js';
import { qualified } from '../util/names.js';
import { findKeyword, sameCase } from '../util/sql-text.js';
import { SIZE_DEFAULTS, SIZE_SCHEMA, sizeVerdict, type SizeOptions } from '../util/table-size.js';
import type { DocumentedMeta } from '../util/meta.js';

const HELP =
  'Use REINDEX {{target}} CONCURRENTLY {{name}}, outside a transaction block: it builds a new copy of each index beside the old one under a SHARE UPDATE EXCLUSIVE lock, so reads and writes go on, then swaps them. If it fails it leaves an invalid index whose name ends in _ccnew: drop it with DROP INDEX CONCURRENTLY and run the REINDEX again.';
const HELP_BEFORE_12 =
  'Before PostgreSQL 12, rebuild by hand, each step outside a transaction block: CREATE INDEX CONCURRENTLY a copy of {{name}} under a new name, DROP INDEX CONCURRENTLY the old index, then ALTER INDEX … RENAME the copy to the old name. An index behind a primary key or unique constraint is swapped with ALTER TABLE … ADD CONSTRAINT … USING INDEX instead. If the server is 12 or newer, set engineVersion in the migralint config.';

// PostgreSQL spells the targets this way in REINDEX; SYSTEM has no concurrent form and is not a migration's business.
const TARGET = { index: 'INDEX', table: 'TABLE', schema: 'SCHEMA', database: 'DATABASE' } as const;

const meta: DocumentedMeta = {
  id: 'require-concurrent-reindex',
  description: 'Require CONCURRENTLY when rebuilding indexes of tables that already exist (PostgreSQL 12+)',
  engines: ['postgresql'],
  recommended: 'error',
  // REINDEX CONCURRENTLY cannot run inside a transaction block.
  fixable: 'unsafe',
  messages: {
    index:
      'REINDEX INDEX {{index}} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index and a SHARE lock on {{table}} until the rebuild ends: writes block, and so do nearly all reads, because the planner locks every index of a table it plans a query for.',
    table:
      'REINDEX TABLE {{table}} without CONCURRENTLY takes a SHARE lock on {{table}} and an ACCESS EXCLUSIVE lock on each of its indexes until all are rebuilt: writes block, and so do nearly all reads, because the planner locks every index of a table it plans a query for.',
    many:
      'Reindexing every table of {{target}} without CONCURRENTLY takes, table by table, a SHARE lock on the table and ACCESS EXCLUSIVE locks on its indexes: writes and nearly all reads of each table block while it is rebuilt, and the statement fails inside a transaction block.',
    large:
      'Large table {{table}}: {{statement}} without CONCURRENTLY holds a SHARE lock on {{table}} and ACCESS EXCLUSIVE locks on {{indexes}} for the whole rebuild, which takes long at this size: writes block, and so do nearly all reads.',
    beforeV12:
      'PostgreSQL {{version}} has no REINDEX CONCURRENTLY (it came in 12): {{statement}} takes a SHARE lock on {{table}} and ACCESS EXCLUSIVE locks on the indexes it rebuilds, so writes and nearly all reads block until it ends.',
    unsupported: 'REINDEX … CONCURRENTLY fails on PostgreSQL {{version}} with a syntax error: the option came in PostgreSQL 12.',
  },
  help: HELP,
  schema: SIZE_SCHEMA,
  defaultOptions: SIZE_DEFAULTS,
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/require-concurrent-reindex.md' },
  examples: {
    bad: ['REINDEX INDEX users_email_idx;', 'REINDEX TABLE users;'],
    good: [
      'REINDEX INDEX CONCURRENTLY users_email_idx;',
      'REINDEX TABLE CONCURRENTLY users;',
      'CREATE TABLE events (id bigint);\nCREATE INDEX events_id_idx ON events (id);\nREINDEX INDEX events_id_idx;',
    ],
  },
  versions: [
    'PostgreSQL 12 added REINDEX … CONCURRENTLY; from 12 on the rule offers it (as an unsafe fix outside transaction blocks).',
    'Before 12 the rule reports `beforeV12` with the manual CREATE INDEX CONCURRENTLY / DROP INDEX CONCURRENTLY / rename recipe, and `unsupported` when a migration uses CONCURRENTLY anyway.',
    'Checked on PostgreSQL 18: REINDEX INDEX takes SHARE on the table and ACCESS EXCLUSIVE on the index, REINDEX TABLE takes ACCESS EXCLUSIVE on every index of the table, and REINDEX CONCURRENTLY fails inside a transaction block.',
  ],
};

export default defineRule<SizeOptions>({
  meta,
  create(ctx) {
    const version = ctx.settings.engineVersion;
    return {
      reindex(op) {
        if (op.target === 'system') return;
        const target = TARGET[op.target];
        // PostgreSQL 16+ accepts REINDEX DATABASE without a name: the current one.
        const name = op.name ? qualified(op.name) : 'the current database';
        if (op.concurrently) {
          if (version < 12) ctx.report({ op, messageId: 'unsupported', data: { version }, help: interpolate(HELP_BEFORE_12, { name }) });
          return;
        }
        // The table whose indexes are rebuilt: known for REINDEX TABLE, and for an index the model saw built.
        let table: ObjectRef | undefined;
        if (op.target === 'table') table = op.name;
        else if (op.target === 'index' && op.name) table = ctx.analysis.schema.index(op.name)?.table;
        if (table && ctx.analysis.isNewTable(table, op)) return;
        const verdict = table ? sizeVerdict(ctx, table) : 'normal';
        if (verdict === 'skip') return;

        const statement = `REINDEX ${target} ${op.name ? name : ''}`.trim();
        const tableName = table ? qualified(table) : op.target === 'schema' || op.target === 'database' ? 'each table' : 'its table';
        if (version < 12) {
          const help = withNonTransactionalHint(interpolate(HELP_BEFORE_12, { name }), ctx.migration);
          ctx.report({ op, messageId: 'beforeV12', data: { version, statement, table: tableName }, help });
          return;
        }
        const help = withNonTransactionalHint(interpolate(HELP, { target, name: op.name ? name : '' }).replace(' ,', ','), ctx.migration);
        const text = ctx.migration.source.text;
        const kw = op.sql && findKeyword(text, op.sql.statementSpan.start.offset, target, 2);
        // Inside a transaction block the fixed statement would fail: offer no fix there.
        const fix = kw && ctx.analysis.inTransaction(op) !== 'yes' ? { kind: 'unsafe' as const, edits: [{ start: kw.end, end: kw.end, text: ` ${sameCase('CONCURRENTLY', kw.text)}` }] } : undefined;
        const common = { op, help, ...(fix && { fix }) };
        if (verdict === 'large' && table) {
          const indexes = op.target === 'index' ? name : 'each of its indexes';
          ctx.report({ ...common, messageId: 'large', data: { table: tableName, statement, indexes } });
        } else if (op.target === 'index') ctx.report({ ...common, messageId: 'index', data: { index: name, table: tableName } });
        else if (op.target === 'table') ctx.report({ ...common, messageId: 'table', data: { table: name } });
        else ctx.report({ ...common, messageId: 'many', data: { target: op.name ? `${op.target} ${name}` : name } });
      },
    };
  },
});
