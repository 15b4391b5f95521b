/**
 * Flyway file names: `<prefix><version><separator><description><suffix>`, prefixes V (versioned),
 * U (undo), B (baseline) and R (repeatable, no version); versions are numbers separated by `.` or `_`,
 * compared part by part as integers, trailing zeros ignored (MigrationVersion.java).
 */
import { normalizeVersion } from '../sql-frameworks.js';
import type { FlywayConfig } from './config.js';

export type FlywayKind = 'versioned' | 'undo' | 'baseline' | 'repeatable';

export interface FlywayName {
  kind: FlywayKind;
  /** Normalised version (`1.2.10`), undefined for repeatable migrations. */
  version?: string;
  /** The version as written. */
  rawVersion?: string;
  description: string;
  /** `sql`, or `java` / `kt` for code migrations. */
  language: 'sql' | 'java' | 'kt';
}

export type NameOutcome = { ok: true; name: FlywayName } | { ok: false; reason: string } | undefined;

const CODE_SUFFIXES = ['.java', '.kt'];

/** Parses a file name; undefined when it is not a Flyway migration name at all. */
export function parseFlywayName(fileName: string, c: FlywayConfig): NameOutcome {
  const suffix = [...c.suffixes, ...CODE_SUFFIXES].sort((a, b) => b.length - a.length).find((s) => fileName.endsWith(s));
  if (!suffix) return undefined;
  const language = suffix === '.java' ? 'java' : suffix === '.kt' ? 'kt' : 'sql';
  const stem = fileName.slice(0, -suffix.length);
  const kinds: Array<[FlywayKind, string]> = [
    ['repeatable', c.prefixes.repeatable],
    ['versioned', c.prefixes.versioned],
    ['undo', c.prefixes.undo],
    ['baseline', c.prefixes.baseline],
  ];
  for (const [kind, prefix] of kinds.sort((a, b) => b[1].length - a[1].length)) {
    if (!prefix || !stem.startsWith(prefix)) continue;
    const rest = stem.slice(prefix.length);
    const sep = rest.indexOf(c.separator);
    if (kind === 'repeatable') {
      if (sep === 0) return { ok: true, name: { kind, description: rest.slice(c.separator.length).replace(/_/g, ' '), language } };
      continue;
    }
    if (!/^\d/.test(rest)) continue;
    if (sep < 0) return { ok: false, reason: `Flyway ignores ${fileName}: there is no '${c.separator}' between its version and description (${prefix}<version>${c.separator}<description>${suffix}).` };
    const raw = rest.slice(0, sep);
    const version = normalizeVersion(raw);
    if (version === undefined) return { ok: false, reason: `Flyway refuses ${fileName}: invalid version '${raw}' (only digits separated by '.' or '_' are allowed).` };
    return { ok: true, name: { kind, version, rawVersion: raw, description: rest.slice(sep + c.separator.length).replace(/_/g, ' '), language } };
  }
  return undefined;
}
