import { defineRule } from '@migralint/core';
import { columnTypeVisitors } from '../util/column-style.js';
import type { DocumentedMeta } from '../util/meta.js';
import { ident } from '../util/names.js';

const meta: DocumentedMeta = {
  id: 'prefer-text-field',
  description: 'Prefer text with a CHECK constraint over varchar(n), whose limit can only be changed under an ACCESS EXCLUSIVE lock',
  engines: ['postgresql'],
  recommended: false,
  messages: {
    varchar:
      'Column {{column}} of {{table}} is declared {{type}}: changing its limit later takes an ACCESS EXCLUSIVE lock on the table, blocking reads and writes (briefly to raise it, for a full rewrite of the table and its indexes to lower it), whereas a length CHECK on a text column can be replaced while they go on.',
  },
  help: 'Declare {{column}} as text with CONSTRAINT {{check}} CHECK (length({{column}}) <= {{length}}). To change the limit later: ADD CONSTRAINT … CHECK (length({{column}}) <= <new limit>) NOT VALID, VALIDATE CONSTRAINT it in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on), then DROP CONSTRAINT {{check}}.',
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/prefer-text-field.md' },
  examples: {
    bad: ['CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL);', 'ALTER TABLE users ALTER COLUMN nickname TYPE varchar(50);'],
    good: [
      'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL CONSTRAINT users_email_check CHECK (length(email) <= 255));',
      'CREATE TABLE users (id bigint PRIMARY KEY, email varchar NOT NULL);',
    ],
  },
};

export default defineRule({
  meta,
  create(ctx) {
    return columnTypeVisitors((c) => {
      // varchar without a limit is text under another name.
      if (c.base !== 'varchar' || !c.type.args.length) return;
      const check = ident(`${c.op.table.name}_${c.column}_check`);
      ctx.report({ span: c.span(), op: c.op, messageId: 'varchar', data: { ...c.data, check, length: c.type.args[0]! } });
    });
  },
});
