/**
 * Flyway's own configuration as migralint needs it: `flyway.conf` (Java properties),
 * `flyway.toml` (`[flyway]` and `[environments.<name>]`), and Spring Boot's application files.
 */
import { parse as parseToml } from 'smol-toml';
import type { Project } from '../../files/project.js';
import { dirOf, join } from '../sql-frameworks.js';

export interface FlywayConfig {
  /** The config file, when there is one. */
  file?: string;
  /** Locations as directories relative to the working directory. */
  locations: string[];
  url?: string;
  /** Where the url was read, for messages. */
  urlOrigin?: string;
  /** Placeholder values by lower-case name (Flyway placeholders are case-insensitive). */
  placeholders: Record<string, string>;
  placeholderPrefix: string;
  placeholderSuffix: string;
  placeholderReplacement: boolean;
  prefixes: { versioned: string; undo: string; repeatable: string; baseline: string };
  separator: string;
  suffixes: string[];
  executeInTransaction?: boolean;
  mixed: boolean;
  defaultSchema?: string;
  environment: string;
  /** Problems reading the config itself, reported once per set. */
  problems: string[];
}

export function defaultConfig(): FlywayConfig {
  return {
    locations: [],
    placeholders: {},
    placeholderPrefix: '${',
    placeholderSuffix: '}',
    placeholderReplacement: true,
    prefixes: { versioned: 'V', undo: 'U', repeatable: 'R', baseline: 'B' },
    separator: '__',
    suffixes: ['.sql'],
    mixed: false,
    environment: 'default',
    problems: [],
  };
}

/** Java properties: `key=value`, `key: value` or `key value`; `#`/`!` comments; `\` continues a line. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^\s+/, '');
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.replace(/^\s+/, '');
    const m = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!.replace(/\\(.)/g, '$1'), m[2]!.trim());
    else out.set(line.trim(), '');
  }
  return out;
}

const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : typeof v === 'string' ? (v.trim().toLowerCase() === 'true' ? true : v.trim().toLowerCase() === 'false' ? false : undefined) : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

/** Applies one Flyway setting (camelCase name without the `flyway.` prefix). */
function apply(c: FlywayConfig, key: string, value: unknown, base: string, origin: string): void {
  switch (key) {
    case 'url':
      if (typeof value === 'string') {
        c.url = value;
        c.urlOrigin = origin;
      }
      break;
    case 'locations':
      c.locations = list(value).flatMap((l) => resolveLocation(l, base));
      break;
    case 'placeholderPrefix':
      c.placeholderPrefix = String(value);
      break;
    case 'placeholderSuffix':
      c.placeholderSuffix = String(value);
      break;
    case 'placeholderReplacement':
      c.placeholderReplacement = bool(value) ?? true;
      break;
    case 'sqlMigrationPrefix':
      c.prefixes.versioned = String(value);
      break;
    case 'undoSqlMigrationPrefix':
      c.prefixes.undo = String(value);
      break;
    case 'repeatableSqlMigrationPrefix':
      c.prefixes.repeatable = String(value);
      break;
    case 'baselineMigrationPrefix':
      c.prefixes.baseline = String(value);
      break;
    case 'sqlMigrationSeparator':
      c.separator = String(value);
      break;
    case 'sqlMigrationSuffixes':
      c.suffixes = list(value);
      break;
    case 'executeInTransaction': {
      const b = bool(value);
      if (b !== undefined) c.executeInTransaction = b;
      break;
    }
    case 'mixed':
      c.mixed = bool(value) ?? false;
      break;
    case 'defaultSchema':
      c.defaultSchema = String(value);
      break;
    case 'schemas':
      c.defaultSchema ??= list(value)[0];
      break;
    case 'environment':
      c.environment = String(value);
      break;
    default:
      if (key.startsWith('placeholders.')) c.placeholders[key.slice('placeholders.'.length).toLowerCase()] = String(value);
  }
}

/**
 * A location as directories: `filesystem:` paths are relative to the project (the config file's
 * directory); `classpath:` ones (and bare ones, which Flyway reads as classpath) live under the
 * build's resource and source folders.
 */
export function resolveLocation(location: string, base: string): string[] {
  const l = location.trim();
  if (!l) return [];
  const fs = /^filesystem:(.*)$/i.exec(l);
  if (fs) return [normalize(fs[1]!.startsWith('/') ? fs[1]! : join(base, fs[1]!))];
  const path = l.replace(/^classpath:/i, '').replace(/^\/+/, '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return [];
  return ['src/main/resources', 'src/main/java', 'src/main/kotlin'].map((d) => normalize(join(base, `${d}/${path}`)));
}

function normalize(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/') || '.';
}

/** Reads flyway.conf or flyway.toml. Locations default to Flyway's CLI default `filesystem:sql` (and `migrations` for TOML projects). */
export async function readFlywayConfig(project: Project, file: string): Promise<FlywayConfig> {
  const c = defaultConfig();
  c.file = file;
  const base = dirOf(file);
  const text = (await project.readText(file)) ?? '';
  if (file.endsWith('.toml')) {
    let doc: Record<string, unknown> = {};
    try {
      doc = parseToml(text) as Record<string, unknown>;
    } catch (err) {
      c.problems.push(`${file} is not valid TOML: ${((err as Error).message ?? '').split('\n')[0]}`);
    }
    const flyway = (doc.flyway ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(flyway)) {
      if (k === 'placeholders' && v && typeof v === 'object') for (const [pk, pv] of Object.entries(v)) c.placeholders[pk.toLowerCase()] = String(pv);
      else apply(c, k, v, base, `${file} ([flyway] ${k})`);
    }
    const env = ((doc.environments ?? {}) as Record<string, Record<string, unknown>>)[c.environment];
    if (env?.url !== undefined) apply(c, 'url', env.url, base, `${file} ([environments.${c.environment}] url)`);
    if (env?.schemas !== undefined && c.defaultSchema === undefined) apply(c, 'schemas', env.schemas, base, file);
    if (!('locations' in flyway)) c.locations = [join(base, 'migrations'), join(base, 'sql')].map(normalize);
  } else {
    const props = parseProperties(text);
    for (const [k, v] of props) if (k.startsWith('flyway.')) apply(c, k.slice('flyway.'.length), v, base, `${file} (${k})`);
    if (!props.has('flyway.locations')) c.locations = [normalize(join(base, 'sql'))];
  }
  return c;
}

/** Spring Boot: `spring.flyway.*` and the datasource url in application*.properties / application*.yml. */
export async function readSpringConfig(project: Project, resourcesDir: string, c: FlywayConfig): Promise<void> {
  for (const name of ['application.properties', 'application.yml', 'application.yaml']) {
    const file = join(resourcesDir, name);
    const text = await project.readText(file);
    if (text === undefined) continue;
    const url = /(?:spring\.(?:flyway|datasource)\.url\s*[=:]\s*|^\s*url:\s*["']?)(jdbc:[^\s"']+)/m.exec(text);
    if (url && !c.url) {
      c.url = url[1]!;
      c.urlOrigin = `${file} (datasource url)`;
    }
    const mixed = /spring\.flyway\.mixed\s*[=:]\s*(true|false)/.exec(text);
    if (mixed) c.mixed = mixed[1] === 'true';
    for (const m of text.matchAll(/spring\.flyway\.placeholders\.([\w.-]+)\s*[=:]\s*(.*)/g)) c.placeholders[m[1]!.toLowerCase()] = m[2]!.trim();
  }
}
