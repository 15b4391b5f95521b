import type { RuleContext, Visitors } from '@migralint/core';
import { columnTypeVisitors, retype } from './column-style.js';

/**
 * Reports every column declared with one of the narrow integer types that `wider` maps to their
 * 64-bit spelling (`int4` → `bigint`), with that spelling as `{{suggestion}}`.
 */
export function narrowIntegerVisitors(ctx: RuleContext, wider: Readonly<Record<string, string>>, messageId: string): Visitors {
  return columnTypeVisitors((c) => {
    const to = wider[c.base];
    if (!to) return;
    ctx.report({ span: c.span(), op: c.op, messageId, data: { ...c.data, suggestion: retype(c.type, to) } });
  });
}
