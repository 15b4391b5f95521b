import type { Layout } from './layout.js';
import { sqlLayout } from './sql/index.js';

/**
 * Every layout, most specific first: detection offers each directory's files to these in
 * order, and files a layout claims are not offered to the ones after it. Plain `sql` is last.
 */
export const LAYOUTS: readonly Layout[] = [sqlLayout];

export function layoutByName(name: string): Layout | undefined {
  return LAYOUTS.find((l) => l.name === name);
}
