import { defineRule } from '@migralint/core';
import { narrowIntegerVisitors } from '../util/integer-columns.js';
import type { DocumentedMeta } from '../util/meta.js';

// 16-bit types and the 64-bit spelling to use instead.
const WIDER: Record<string, string> = { int2: 'bigint', smallserial: 'bigserial', serial2: 'bigserial' };

const meta: DocumentedMeta = {
  id: 'prefer-bigint-over-smallint',
  description: 'Prefer bigint over smallint (and bigserial over smallserial): a 16-bit column overflows at 32,767',
  engines: ['postgresql'],
  recommended: false,
  messages: {
    smallint:
      'Column {{column}} of {{table}} is declared {{type}}: it overflows at 32,767 (inserts then fail with "smallint out of range", or "reached maximum value of sequence" for smallserial), and widening it later rewrites {{table}} and all its indexes under an ACCESS EXCLUSIVE lock.',
  },
  help: 'Declare {{column}} as {{suggestion}}: 6 more bytes per row, no overflow in practice.',
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/prefer-bigint-over-smallint.md' },
  examples: {
    bad: ['CREATE TABLE products (id bigint PRIMARY KEY, stock smallint NOT NULL);', 'ALTER TABLE users ADD COLUMN number smallserial;'],
    good: ['CREATE TABLE products (id bigint PRIMARY KEY, stock bigint NOT NULL);'],
  },
};

export default defineRule({
  meta,
  create(ctx) {
    return narrowIntegerVisitors(ctx, WIDER, 'smallint');
  },
});
