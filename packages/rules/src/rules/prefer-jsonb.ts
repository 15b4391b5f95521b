import { defineRule } from '@migralint/core';
import { columnTypeVisitors, retype } from '../util/column-style.js';
import type { DocumentedMeta } from '../util/meta.js';

const meta: DocumentedMeta = {
  id: 'prefer-jsonb',
  description: 'Prefer jsonb over json, which has no equality operator and is re-parsed on every use',
  engines: ['postgresql'],
  recommended: false,
  messages: {
    json:
      'Column {{column}} of {{table}} is declared {{type}}: json keeps the input text and re-parses it on every use, has no equality operator (SELECT DISTINCT, GROUP BY and UNION on it fail), and converting it to jsonb later rewrites {{table}} under an ACCESS EXCLUSIVE lock.',
  },
  help: 'Declare {{column}} as {{suggestion}}: stored parsed, compared by value, indexable with GIN. Keep json only if the exact input text (key order, whitespace, duplicate keys) must survive.',
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/prefer-jsonb.md' },
  versions: ['jsonb exists since PostgreSQL 9.4: the rule is silent for older versions.'],
  examples: {
    bad: ["CREATE TABLE events (id bigint PRIMARY KEY, payload json NOT NULL DEFAULT '{}');", 'ALTER TABLE users ADD COLUMN settings json;'],
    good: ["CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb NOT NULL DEFAULT '{}');"],
  },
};

export default defineRule({
  meta,
  create(ctx) {
    if (ctx.settings.engineVersion < 9.4) return {};
    return columnTypeVisitors((c) => {
      if (c.base !== 'json') return;
      ctx.report({ span: c.span(), op: c.op, messageId: 'json', data: { ...c.data, suggestion: retype(c.type, 'jsonb') } });
    });
  },
});
