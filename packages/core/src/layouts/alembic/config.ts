/**
 * Alembic's own configuration: `alembic.ini` (read the way Python's ConfigParser reads it:
 * `key = value` or `key: value`, indented continuation lines, `#`/`;` comments, `%(name)s`
 * interpolation with `here` set to the file's directory) and `[tool.alembic]` in
 * pyproject.toml (Alembic 1.16+). Problems come back with their line, never as a throw.
 */
import { parse as parseToml } from 'smol-toml';
import type { Engine } from '../../model/migration.js';

export interface IniProblem {
  line: number;
  message: string;
}

export interface IniFile {
  /** section → key (lower-cased, as ConfigParser does) → { value, line } */
  sections: Map<string, Map<string, { value: string; line: number }>>;
  problems: IniProblem[];
}

export function parseIni(text: string): IniFile {
  const sections = new Map<string, Map<string, { value: string; line: number }>>();
  const problems: IniProblem[] = [];
  let current: Map<string, { value: string; line: number }> | undefined;
  let last: { value: string; line: number } | undefined;
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (!trimmed) last = undefined;
      return;
    }
    if (/^\s/.test(raw) && last) {
      last.value += `\n${trimmed}`;
      return;
    }
    const sec = /^\[([^\]]+)\]\s*$/.exec(trimmed);
    if (sec) {
      const name = sec[1]!.trim();
      if (sections.has(name)) problems.push({ line, message: `section [${name}] appears twice` });
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      last = undefined;
      return;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!kv) {
      problems.push({ line, message: `cannot read '${trimmed.slice(0, 40)}': expected 'key = value' or a [section] header` });
      return;
    }
    if (!current) {
      problems.push({ line, message: `'${kv[1]}' comes before any [section] header` });
      return;
    }
    last = { value: kv[2]!, line };
    current.set(kv[1]!.toLowerCase(), last);
  });
  return { sections, problems };
}

/** A value with ConfigParser's basic interpolation: `%(here)s`, `%(other_key)s`, `%%`. */
export function iniValue(ini: IniFile, section: string, key: string, here: string): { value?: string; line?: number; problem?: string } {
  const entry = ini.sections.get(section)?.get(key);
  if (!entry) return {};
  const vars = (name: string) => ini.sections.get(section)?.get(name)?.value ?? ini.sections.get('DEFAULT')?.get(name)?.value;
  let problem: string | undefined;
  const expand = (v: string, depth: number): string =>
    v.replace(/%%|%\(([^)]+)\)s/g, (m, name: string | undefined) => {
      if (m === '%%') return '%';
      const n = name!.toLowerCase();
      if (n === 'here') return here;
      const raw = vars(n);
      if (raw === undefined || depth > 10) {
        problem ??= `'${key}' refers to %(${name})s, which is not defined in [${section}]`;
        return m;
      }
      return expand(raw, depth + 1);
    });
  const value = expand(entry.value, 0);
  return problem ? { value, line: entry.line, problem } : { value, line: entry.line };
}

export interface ToolAlembic {
  scriptLocation?: string;
  versionLocations?: string[];
  recursive?: boolean;
}

/** `[tool.alembic]` of a pyproject.toml, or undefined when it has none. */
export function pyprojectAlembic(text: string, here: string): ToolAlembic | { problem: string } | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    return { problem: `pyproject.toml is not valid TOML: ${(err as Error).message.split('\n')[0]}` };
  }
  const tool = (doc.tool as Record<string, unknown> | undefined)?.alembic as Record<string, unknown> | undefined;
  if (!tool) return undefined;
  const sub = (s: unknown) => (typeof s === 'string' ? s.replace(/%\(here\)s/g, here) : undefined);
  const out: ToolAlembic = {};
  const loc = sub(tool.script_location);
  if (loc) out.scriptLocation = loc;
  if (Array.isArray(tool.version_locations)) out.versionLocations = tool.version_locations.map(sub).filter((x): x is string => !!x);
  if (tool.recursive_version_locations === true) out.recursive = true;
  return out;
}

/** Splits `version_locations` by the separator `version_path_separator` names (Alembic's default: space or comma). */
export function splitLocations(value: string, separator: string | undefined): string[] {
  const sep = (separator ?? '').trim().toLowerCase();
  const re = sep === 'os' || sep === ':' ? /:/ : sep === ';' ? /;/ : sep === 'space' ? / +/ : sep === 'newline' ? /\n/ : sep === ',' ? /,/ : /[ ,\n]+/;
  return value
    .split(re)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The database a SQLAlchemy URL names (`postgresql+psycopg2://…`, `mysql+pymysql://…`,
 * `sqlite:///…`). Alembic's template placeholder `driver://user:pass@localhost/dbname`
 * and unexpanded variables name none.
 */
export function engineFromSqlalchemyUrl(raw: string): { engine?: Engine; unsupported?: string } | undefined {
  const url = raw.trim().toLowerCase();
  const m = /^([a-z0-9_]+)(?:\+[a-z0-9_]+)?:\/\//.exec(url);
  if (!m) return undefined;
  const dialect = m[1]!;
  if (['postgresql', 'postgres', 'cockroachdb', 'redshift'].includes(dialect)) return { engine: 'postgresql' };
  if (['mysql', 'mariadb'].includes(dialect)) return { engine: 'mysql' };
  if (dialect === 'sqlite') return { engine: 'sqlite' };
  if (dialect === 'driver') return undefined;
  return { unsupported: dialect };
}
