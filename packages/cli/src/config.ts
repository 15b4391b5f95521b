import { resolve } from 'node:path';
import { findConfigFile, loadConfigFile, resolveConfig, type LoadedConfig, type ResolvedConfig, type RuleEntry } from '@migralint/core';
import { rules as builtinRules } from '@migralint/rules';
import { UsageError } from './exit.js';

/** The flags that every subcommand applies on top of the config file. */
export interface ConfigArgs {
  config?: string;
  engine?: 'postgresql' | 'mysql' | 'sqlite';
  engineVersion?: string;
  assumeInTransaction?: boolean;
}

function parseRuleFlags(flags: readonly string[]): Record<string, RuleEntry> {
  const out: Record<string, RuleEntry> = {};
  for (const f of flags) {
    const m = /^([^:]+):(off|warn|error)$/.exec(f.trim());
    if (!m) throw new UsageError(`--rule expects id:off|warn|error, got '${f}'`);
    out[m[1]!] = m[2] as RuleEntry;
  }
  return out;
}

/** Loads `--config` (or the config found by walking up from `cwd`) and applies the command-line overrides. */
export async function loadConfig(args: ConfigArgs & { rule?: readonly string[] }, cwd: string): Promise<ResolvedConfig> {
  let loaded: LoadedConfig;
  if (args.config) loaded = await loadConfigFile(resolve(cwd, args.config));
  else {
    const found = findConfigFile(cwd);
    loaded = found ? await loadConfigFile(found.file, found.packageKey) : { file: undefined, dir: cwd, config: {} };
  }
  const cli: Parameters<typeof resolveConfig>[2] = {};
  if (args.rule) cli.rules = parseRuleFlags(args.rule);
  if (args.engine) cli.engine = args.engine;
  if (args.engineVersion) cli.engineVersion = args.engineVersion;
  if (args.assumeInTransaction !== undefined) cli.assumeInTransaction = args.assumeInTransaction;
  return resolveConfig(loaded, builtinRules as never, cli);
}
