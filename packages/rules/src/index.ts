import type { Rule } from '@migralint/core';
import * as registry from './registry.js';

export * from './registry.js';

/** Every built-in rule, sorted by id. */
export const rules: Rule[] = (Object.values(registry) as Rule[]).sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
