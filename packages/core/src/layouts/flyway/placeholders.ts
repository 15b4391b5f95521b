/**
 * Flyway placeholder replacement (`${name}`, `${flyway:…}`) with the offset map that sends every
 * position in the replaced SQL back to the original file, so diagnostics keep their columns.
 */
import type { Engine } from '../../model/migration.js';
import type { FlywayConfig } from './config.js';

export interface Replaced {
  sql: string;
  /** Offset in `sql` → offset in the original text. */
  mapOffset: (offset: number) => number;
  /** Placeholders without a value: Flyway stops with "No value provided for placeholder". */
  unknown: Array<{ name: string; start: number; end: number }>;
}

interface Segment {
  sqlStart: number;
  origStart: number;
  sqlLength: number;
  origLength: number;
}

/** Values for Flyway's built-in placeholders; neutral stand-ins where the value is only known at run time. */
function builtIn(name: string, c: FlywayConfig, engine: Engine, fileName: string): string | undefined {
  switch (name) {
    case 'flyway:defaultschema':
      return c.defaultSchema ?? (engine === 'postgresql' ? 'public' : 'flyway_default_schema');
    case 'flyway:user':
      return 'flyway_user';
    case 'flyway:database':
      return 'flyway_database';
    case 'flyway:timestamp':
      return '2000-01-01 00:00:00';
    case 'flyway:filename':
      return fileName;
    case 'flyway:workingdirectory':
      return 'flyway_working_directory';
    case 'flyway:table':
      return 'flyway_schema_history';
    case 'flyway:environment':
      return c.environment;
    default:
      return undefined;
  }
}

/** A neutral identifier for a placeholder without a value, so the statement still parses. */
function neutral(name: string): string {
  return `placeholder_${name.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 60);
}

export function replacePlaceholders(text: string, c: FlywayConfig, engine: Engine, fileName: string): Replaced {
  const { placeholderPrefix: prefix, placeholderSuffix: suffix } = c;
  const segments: Segment[] = [];
  const unknown: Replaced['unknown'] = [];
  let sql = '';
  let from = 0;
  for (let at = text.indexOf(prefix); at >= 0 && prefix; at = text.indexOf(prefix, at + 1)) {
    if (at < from) continue;
    const close = text.indexOf(suffix, at + prefix.length);
    if (close < 0) break;
    const name = text.slice(at + prefix.length, close);
    if (!name || /[\r\n]/.test(name)) continue;
    const key = name.toLowerCase();
    let value = c.placeholders[key] ?? builtIn(key, c, engine, fileName);
    if (value === undefined) {
      unknown.push({ name, start: at, end: close + suffix.length });
      value = neutral(name);
    }
    sql += text.slice(from, at);
    const origLength = close + suffix.length - at;
    segments.push({ sqlStart: sql.length, origStart: at, sqlLength: value.length, origLength });
    sql += value;
    from = close + suffix.length;
  }
  sql += text.slice(from);
  if (!segments.length) return { sql, mapOffset: (o) => o, unknown };
  const mapOffset = (o: number): number => {
    let shift = 0;
    for (const s of segments) {
      if (o < s.sqlStart) break;
      if (o < s.sqlStart + s.sqlLength) return s.origStart + Math.min(o - s.sqlStart, s.origLength - 1);
      shift = s.origStart + s.origLength - (s.sqlStart + s.sqlLength);
    }
    return o + shift;
  };
  return { sql, mapOffset, unknown };
}
