import { defineRule } from '@migralint/core';
import { constraintName, ident, qualified } from '../util/names.js';
import type { DocumentedMeta } from '../util/meta.js';

const meta: DocumentedMeta = {
  id: 'ban-drop-not-null',
  description: 'Flag DROP NOT NULL on a column of a table that already exists: code that relies on the column never being NULL may break',
  engines: ['postgresql'],
  // Making a column nullable is also the first step of removing it safely: a warning, in `all` only.
  recommended: false,
  messages: {
    dropConstraint:
      'Dropping NOT NULL constraint {{constraint}} makes {{column}} of {{table}} nullable: running code, views and PL/pgSQL functions that assume it holds no NULLs may break on the first one; the change itself takes only a brief ACCESS EXCLUSIVE lock on {{table}}.',
    dropNotNull:
      'Dropping NOT NULL from {{column}} of {{table}} lets NULLs in where running code, views and PL/pgSQL functions assume there are none, and they may break on the first one; the change itself takes only a brief ACCESS EXCLUSIVE lock on {{table}} (no scan, no rewrite).',
  },
  help: 'Keep {{table}}.{{column}} NOT NULL and store a marker value where NULL was meant; if NULL is really wanted, first ship code that handles a NULL {{column}} wherever it is read, then drop the constraint in a later migration and say why in a directive: -- migralint-disable-next-line ban-drop-not-null -- <every reader handles NULL>.',
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/ban-drop-not-null.md' },
  examples: {
    bad: ['ALTER TABLE users ALTER COLUMN email DROP NOT NULL;'],
    good: ['CREATE TABLE drafts (id bigint, title text NOT NULL);\nALTER TABLE drafts ALTER COLUMN title DROP NOT NULL;'],
  },
  versions: [
    'PostgreSQL 18 names NOT NULL constraints: ALTER TABLE … DROP CONSTRAINT <name> of one also makes the column nullable, and the rule reports it when the replayed schema knows the constraint.',
  ],
};

export default defineRule({
  meta,
  create(ctx) {
    return {
      dropNotNull(op) {
        if (ctx.analysis.isNewTable(op.table, op)) return;
        ctx.report({ op, messageId: 'dropNotNull', data: { table: qualified(op.table), column: ident(op.column) } });
      },
      dropConstraint(op) {
        // PostgreSQL 18 names NOT NULL constraints (inline ones <table>_<column>_not_null): dropping one drops NOT NULL.
        if (ctx.settings.engineVersion < 18 || ctx.analysis.isNewTable(op.table, op)) return;
        const t = ctx.analysis.schema.table(op.table);
        if (!t) return;
        const k = t.constraints.get(op.name);
        const column =
          k?.type === 'notNull' ? k.columns[0] : [...t.columns.values()].find((c) => c.notNull && constraintName(op.table, [c.name], 'not_null') === op.name)?.name;
        if (!column) return;
        const data = { table: qualified(op.table), column: ident(column), constraint: ident(op.name) };
        ctx.report({ op, messageId: 'dropConstraint', data });
      },
    };
  },
});
