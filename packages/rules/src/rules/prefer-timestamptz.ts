import { defineRule } from '@migralint/core';
import { columnTypeVisitors, retype } from '../util/column-style.js';
import type { DocumentedMeta } from '../util/meta.js';

const meta: DocumentedMeta = {
  id: 'prefer-timestamptz',
  description: 'Prefer timestamptz over timestamp without time zone, which drops the UTC offset of every value',
  engines: ['postgresql'],
  recommended: false,
  messages: {
    timestamp:
      'Column {{column}} of {{table}} is declared {{type}} (without time zone): PostgreSQL drops the UTC offset of every value written to it, so 21:11:24+02 and 21:11:24-06, eight hours apart, are stored alike, and converting it to timestamptz later rewrites {{table}} under an ACCESS EXCLUSIVE lock unless the session time zone is UTC.',
  },
  help: 'Declare {{column}} as {{suggestion}} (timestamp with time zone): it stores an absolute instant and shows it in each session\'s time zone; it takes the same 8 bytes.',
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/prefer-timestamptz.md' },
  versions: [
    'PostgreSQL 12+ converts timestamp to timestamptz without a rewrite when the session TimeZone is UTC; before 12 the conversion always rewrites the table.',
  ],
  examples: {
    bad: ['CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamp NOT NULL);', 'ALTER TABLE users ADD COLUMN last_seen timestamp(3) without time zone;'],
    good: ['CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL);', 'ALTER TABLE users ADD COLUMN last_seen timestamp(3) with time zone;'],
  },
};

export default defineRule({
  meta,
  create(ctx) {
    return columnTypeVisitors((c) => {
      if (c.base !== 'timestamp') return;
      const suggestion = retype(c.type, `timestamptz${c.type.args.length ? `(${c.type.args[0]})` : ''}`);
      ctx.report({ span: c.span(), op: c.op, messageId: 'timestamp', data: { ...c.data, suggestion } });
    });
  },
});
