import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import micromatch from 'micromatch';
import type { TableSize } from '../analysis/analysis.js';
import type { ObjectRef } from '../model/operation.js';
import { ConfigError } from './load.js';
import type { UserConfig } from './types.js';

/** Rows from which a table counts as large when only statistics are known (documented default). */
export const DEFAULT_LARGE_ROWS = 1_000_000;

interface TableStatsFile {
  tables: Record<string, { rows?: number; bytes?: number }>;
}

function readStats(file: string, configFile: string | undefined): TableStatsFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(configFile, 'tableStats', `cannot read ${file}: ${(err as Error).message}`);
  }
  const tables = (data as { tables?: unknown })?.tables;
  if (!tables || typeof tables !== 'object') throw new ConfigError(configFile, 'tableStats', `${file} has no "tables" object`);
  return data as TableStatsFile;
}

/**
 * Size classes from config: explicit globs first (`small` wins over `large` when both match),
 * then the statistics file, else unknown — which size-aware rules treat as possibly large.
 */
export function tableSizer(user: UserConfig, dir: string, configFile: string | undefined): (t: ObjectRef) => TableSize {
  const large = user.tables?.large ?? [];
  const small = user.tables?.small ?? [];
  const threshold = user.tables?.largeRows ?? DEFAULT_LARGE_ROWS;
  const stats = user.tableStats ? readStats(resolve(dir, user.tableStats), configFile).tables : {};
  return (t) => {
    const names = t.schema ? [`${t.schema}.${t.name}`, t.name] : [t.name, `public.${t.name}`];
    if (small.length && names.some((n) => micromatch.isMatch(n, small))) return 'small';
    if (large.length && names.some((n) => micromatch.isMatch(n, large))) return 'large';
    const s = names.map((n) => stats[n]).find(Boolean);
    if (s?.rows !== undefined) return s.rows >= threshold ? 'large' : 'small';
    return 'unknown';
  };
}
