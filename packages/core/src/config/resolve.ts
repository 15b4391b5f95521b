import { relative, resolve } from 'node:path';
import { Ajv } from 'ajv';
import micromatch from 'micromatch';
import type { FileConfig, RuleSetting } from '../engine/run.js';
import type { Rule, RuleLevel, RuleMeta } from '../engine/rule.js';
import type { TableSize } from '../analysis/analysis.js';
import type { Engine } from '../model/migration.js';
import type { ObjectRef } from '../model/operation.js';
import { tableSizer } from './table-size.js';
import { ConfigError, type LoadedConfig } from './load.js';
import { configSchema } from './schema.js';
import { DEFAULT_ENGINE_VERSION, parseVersion, type RuleEntry, type UserConfig } from './types.js';

export interface CliOverrides {
  rules?: Record<string, RuleEntry>;
  engine?: Engine;
  engineVersion?: number | string;
  assumeInTransaction?: boolean;
}

export interface ResolvedConfig {
  file: string | undefined;
  dir: string;
  registry: ReadonlyMap<string, Rule<never>>;
  /** The rules after `extends`, `rules` and CLI overrides, before per-file overrides. */
  rules: Readonly<Record<string, RuleEntry>>;
  engine: Engine;
  engineVersion: number;
  assumeInTransaction: boolean | undefined;
  migrations: Array<{ path: string; layout: string }>;
  ignores: string[];
  reportUnusedDirectives: 'off' | 'warn' | 'error';
  user: UserConfig;
  tableSize: (t: ObjectRef) => TableSize;
  /** The version assumed for an engine the user gave no version for. */
  defaultVersion(engine: Engine): number;
  forFile(cwdRelativePath: string, cwd: string): FileConfig;
}

function presetRules(name: string, registry: ReadonlyMap<string, Rule<never>>, user: UserConfig, file: string | undefined): Record<string, RuleEntry> {
  const out: Record<string, RuleEntry> = {};
  if (name === 'migralint:recommended' || name === 'migralint:all') {
    for (const [id, rule] of registry) {
      if (id.includes('/')) continue;
      if (rule.meta.recommended) out[id] = rule.meta.recommended;
      else if (name === 'migralint:all') out[id] = 'warn';
    }
    return out;
  }
  const m = /^plugin:([^/]+)\/(.+)$/.exec(name);
  const preset = m ? user.plugins?.[m[1]!]?.configs?.[m[2]!] : undefined;
  if (!preset) throw new ConfigError(file, 'extends', `unknown preset '${name}' (use migralint:recommended, migralint:all or plugin:<name>/<preset>)`);
  return { ...(preset.rules ?? {}) };
}

function toSetting(entry: RuleEntry): RuleSetting | undefined {
  const [level, options] = Array.isArray(entry) ? entry : [entry];
  return level === 'off' ? undefined : { level: level as Exclude<RuleLevel, 'off'>, options: options ?? {} };
}

function validate(user: UserConfig, metas: RuleMeta[], file: string | undefined): void {
  // Compile only the rules this config names: the full schema takes ajv ~0.7 s to compile, and
  // an unknown id is still caught (it is not among the properties, which allow nothing else).
  const named = new Set([...Object.keys(user.rules ?? {}), ...(user.overrides ?? []).flatMap((o) => Object.keys(o.rules ?? {}))]);
  const ajv = new Ajv({ allErrors: true, strict: false });
  const check = ajv.compile(configSchema(metas.filter((m) => named.has(m.id))));
  if (check(user)) return;
  const errors = check.errors ?? [];
  // Prefer the most specific message: an unknown rule or key beats "must match oneOf".
  const depth = (e: (typeof errors)[number]) => e.instancePath.split('/').length;
  const specific = errors.filter((e) => e.keyword !== 'oneOf').sort((a, b) => depth(b) - depth(a));
  const best = errors.find((e) => e.keyword === 'additionalProperties') ?? specific[0] ?? errors[0]!;
  const key = best.instancePath.replace(/^\//, '').replace(/\//g, '.') || undefined;
  if (best.keyword === 'additionalProperties') {
    const prop = (best.params as { additionalProperty: string }).additionalProperty;
    const inRules = /(^|\.)rules$/.test(key ?? '');
    throw new ConfigError(file, key ? `${key}.${prop}` : prop, inRules ? `unknown rule '${prop}'` : `unknown key '${prop}'`);
  }
  throw new ConfigError(file, key, best.message ?? 'invalid value');
}

export function resolveConfig(loaded: LoadedConfig, builtinRules: readonly Rule<never>[], cli: CliOverrides = {}): ResolvedConfig {
  const { config: user, file, dir } = loaded;
  const registry = new Map<string, Rule<never>>();
  for (const r of builtinRules) registry.set(r.meta.id, r);
  for (const [name, plugin] of Object.entries(user.plugins ?? {})) {
    for (const [id, rule] of Object.entries(plugin.rules ?? {})) registry.set(`${name}/${id}`, { ...rule, meta: { ...rule.meta, id: `${name}/${id}` } });
  }
  validate(user, [...registry.values()].map((r) => r.meta), file);
  if (cli.rules) validate({ rules: cli.rules }, [...registry.values()].map((r) => r.meta), '--rule');

  const ext = user.extends === undefined ? ['migralint:recommended'] : Array.isArray(user.extends) ? user.extends : [user.extends];
  let rules: Record<string, RuleEntry> = {};
  for (const name of ext) rules = { ...rules, ...presetRules(name, registry, user, file) };
  rules = { ...rules, ...(user.rules ?? {}), ...(cli.rules ?? {}) };

  const engine = cli.engine ?? user.engine ?? 'postgresql';
  const version = (v: number | string | undefined, e: Engine, key: string) => {
    const parsed = parseVersion(v);
    if (v !== undefined && parsed === undefined) throw new ConfigError(file, key, `not a version: '${String(v)}'`);
    return parsed ?? DEFAULT_ENGINE_VERSION[e];
  };
  const engineVersion = version(cli.engineVersion ?? user.engineVersion, engine, 'engineVersion');
  const assumeInTransaction = cli.assumeInTransaction ?? user.assumeInTransaction;

  const fileConfigs = new Map<string, FileConfig>();
  return {
    file,
    dir,
    registry,
    rules,
    engine,
    engineVersion,
    assumeInTransaction,
    migrations: (user.migrations ?? []).map((m) => (typeof m === 'string' ? { path: m, layout: 'auto' } : { path: m.path, layout: m.layout ?? 'auto' })),
    ignores: user.ignores ?? [],
    reportUnusedDirectives: user.reportUnusedDirectives ?? 'warn',
    user,
    tableSize: tableSizer(user, dir, file),
    defaultVersion: (e) => DEFAULT_ENGINE_VERSION[e],
    forFile(path, cwd) {
      const cacheKey = `${cwd}\0${path}`;
      const cached = fileConfigs.get(cacheKey);
      if (cached) return { ...cached, settings: { ...cached.settings } };
      const rel = relative(dir, resolve(cwd, path)).split('\\').join('/');
      let fileRules = { ...rules };
      let fileEngine = engine;
      let engineExplicit = cli.engine !== undefined || user.engine !== undefined;
      let fileVersion: number | string | undefined = cli.engineVersion ?? user.engineVersion;
      let assume = assumeInTransaction;
      for (const o of user.overrides ?? []) {
        if (!micromatch.isMatch(rel, o.files, { dot: true })) continue;
        if (o.rules) fileRules = { ...fileRules, ...o.rules };
        if (o.engine && !cli.engine) {
          fileEngine = o.engine;
          engineExplicit = true;
        }
        if (o.engineVersion !== undefined && cli.engineVersion === undefined) fileVersion = o.engineVersion;
        if (o.assumeInTransaction !== undefined && cli.assumeInTransaction === undefined) assume = o.assumeInTransaction;
      }
      if (cli.rules) fileRules = { ...fileRules, ...cli.rules };
      const settings = new Map<string, RuleSetting>();
      for (const [id, entry] of Object.entries(fileRules)) {
        const s = toSetting(entry);
        if (s) settings.set(id, s);
      }
      const out: FileConfig = {
        rules: settings,
        settings: { engine: fileEngine, engineVersion: version(fileVersion, fileEngine, 'engineVersion') },
        engineExplicit,
        engineVersionExplicit: fileVersion !== undefined,
      };
      if (assume !== undefined) out.assumeInTransaction = assume;
      fileConfigs.set(cacheKey, out);
      return { ...out, settings: { ...out.settings } };
    },
  };
}
