import { defineRule } from '@migralint/core';
import type { DocumentedMeta } from '../util/meta.js';
import { qualified } from '../util/names.js';

const literal = (v: string) => `'${v.replace(/'/g, "''")}'`;

const meta: DocumentedMeta = {
  id: 'require-enum-value-ordering',
  description: 'Require BEFORE or AFTER when adding a value to an enum type, so that its place in the order is deliberate',
  engines: ['postgresql'],
  recommended: false,
  messages: {
    unordered:
      'ALTER TYPE {{type}} ADD VALUE {{value}} without BEFORE or AFTER puts {{value}} after every existing value: ORDER BY and comparisons such as < and > sort it last, and PostgreSQL can neither move nor drop an enum value, so fixing the order later takes a new type and an ALTER COLUMN … TYPE that rewrites each table using it under an ACCESS EXCLUSIVE lock.',
  },
  help: 'Say where {{value}} belongs: ALTER TYPE {{type}} ADD VALUE {{value}} BEFORE <existing value>, or AFTER <existing value>. To put it last on purpose, write AFTER {{last}}.',
  docs: { url: 'https://github.com/migralint/migralint/blob/main/packages/rules/docs/require-enum-value-ordering.md' },
  examples: {
    bad: ["ALTER TYPE status ADD VALUE 'pending_review';"],
    good: ["ALTER TYPE status ADD VALUE 'pending_review' BEFORE 'approved';", "ALTER TYPE status ADD VALUE IF NOT EXISTS 'archived' AFTER 'rejected';"],
  },
};

export default defineRule({
  meta,
  create(ctx) {
    return {
      alterEnum(op) {
        if (op.action !== 'addValue' || op.before !== undefined || op.after !== undefined) return;
        // The replayed schema knows the values when an earlier migration of the run created the type.
        const values = ctx.analysis.schema.enums.get(ctx.analysis.schema.key(op.name));
        const last = values?.length ? literal(values[values.length - 1]!) : '<last value>';
        ctx.report({ op, messageId: 'unordered', data: { type: qualified(op.name), value: literal(op.value), last } });
      },
    };
  },
});
