import type { ObjectRef, RuleContext } from '@migralint/core';

/** Options of the rules whose harm grows with the table (rewrites, scans, index builds). */
export interface SizeOptions {
  ignoreSmallTables?: boolean;
}

export const SIZE_DEFAULTS: Required<SizeOptions> = { ignoreSmallTables: true };

export const SIZE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ignoreSmallTables: {
      type: 'boolean',
      description:
        'Stay quiet on tables that config `tables.small` or `tableStats` marks as small (the lock is held only briefly there). Tables of unknown size are treated as possibly large.',
    },
  },
} as const;

/**
 * How a size-aware rule treats a table: `skip` when it is known to be small and the rule may
 * ignore small tables, `large` when config says it is large (the rule uses its large-table
 * message), else `normal` (unknown tables may be large: report as usual).
 */
export function sizeVerdict(ctx: RuleContext<SizeOptions>, table: ObjectRef): 'skip' | 'large' | 'normal' {
  const size = ctx.analysis.tableSize(table);
  if (size === 'small') return (ctx.options.ignoreSmallTables ?? SIZE_DEFAULTS.ignoreSmallTables) ? 'skip' : 'normal';
  return size === 'large' ? 'large' : 'normal';
}
