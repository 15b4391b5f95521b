import type { Engine } from '../model/migration.js';
import type { Rule, RuleLevel } from '../engine/rule.js';

export type RuleEntry = RuleLevel | [RuleLevel] | [RuleLevel, Record<string, unknown>];

export interface OverrideConfig {
  files: string | string[];
  rules?: Record<string, RuleEntry>;
  engine?: Engine;
  engineVersion?: number | string;
  assumeInTransaction?: boolean;
}

export interface MigrationSetConfig {
  path: string;
  layout?: string;
}

export interface Plugin {
  rules?: Record<string, Rule<never>>;
  configs?: Record<string, { rules?: Record<string, RuleEntry> }>;
}

/** The one config format (`migralint.config.{js,mjs,json}` or `"migralint"` in package.json). */
export interface UserConfig {
  $schema?: string;
  extends?: string | string[];
  plugins?: Record<string, Plugin>;
  rules?: Record<string, RuleEntry>;
  engine?: Engine;
  engineVersion?: number | string;
  migrations?: Array<string | MigrationSetConfig>;
  ignores?: string[];
  overrides?: OverrideConfig[];
  assumeInTransaction?: boolean;
  reportUnusedDirectives?: 'off' | 'warn' | 'error';
  /** Table size classes by name glob (`users`, `public.*`, `audit_*`); size-aware rules escalate on large tables. */
  tables?: { large?: string[]; small?: string[]; largeRows?: number };
  /** JSON file of estimated sizes (see docs/table-stats.md), relative to the config file. */
  tableStats?: string;
}

/** Documented defaults: the oldest major each engine's maintainers still support (2026-11). */
export const DEFAULT_ENGINE_VERSION: Record<Engine, number> = {
  postgresql: 15,
  mysql: 8.4,
  sqlite: 3.45,
};

export function parseVersion(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  const m = /^(\d+)(?:\.(\d+))?/.exec(v.trim());
  return m ? Number(m[2] ? `${m[1]}.${m[2]}` : m[1]) : undefined;
}
