import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { UserConfig } from './types.js';

export class ConfigError extends Error {
  constructor(
    readonly file: string | undefined,
    readonly key: string | undefined,
    message: string,
  ) {
    super(`${file ?? '<config>'}${key ? `: ${key}` : ''}: ${message}`);
  }
}

export const CONFIG_FILES = ['migralint.config.js', 'migralint.config.mjs', 'migralint.config.json'];

export interface LoadedConfig {
  /** Absolute path of the file the config came from; undefined when none was found. */
  file: string | undefined;
  /** Directory that relative paths in the config are resolved against. */
  dir: string;
  config: UserConfig;
}

/** Finds the config by walking up from `cwd`: the first directory with a config file or a `migralint` key in package.json. */
export function findConfigFile(cwd: string): { file: string; packageKey: boolean } | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILES) {
      const f = join(dir, name);
      if (existsSync(f)) return { file: f, packageKey: false };
    }
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (Object.hasOwn(JSON.parse(readFileSync(pkg, 'utf8')) as object, 'migralint')) return { file: pkg, packageKey: true };
      } catch {
        // a broken package.json that is not ours to read: keep walking
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = '';
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      where = ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
    }
    throw new ConfigError(file, undefined, `invalid JSON${where}: ${msg}`);
  }
}

export async function loadConfigFile(file: string, packageKey = file.endsWith('package.json')): Promise<LoadedConfig> {
  const abs = resolve(file);
  if (!existsSync(abs)) throw new ConfigError(file, undefined, 'config file not found');
  let config: unknown;
  if (abs.endsWith('.json')) {
    const data = parseJson(abs, readFileSync(abs, 'utf8'));
    config = packageKey ? (data as Record<string, unknown>).migralint : data;
  } else {
    try {
      const mod = (await import(pathToFileURL(abs).href)) as { default?: unknown };
      config = mod.default ?? mod;
    } catch (err) {
      throw new ConfigError(abs, undefined, `cannot load: ${(err as Error).message}`);
    }
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw new ConfigError(abs, undefined, 'the config must be an object');
  }
  return { file: abs, dir: dirname(abs), config: config as UserConfig };
}
