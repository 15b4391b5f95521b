/*
 * Changelog parameters (`${name}`) and `liquibase.properties`.
 *
 * Liquibase's ChangeLogParameters: the first value set for a name wins, names match
 * case-insensitively, a `global="false"` property is visible only in its changelog and the
 * changelogs it includes, and an unknown `${name}` stays as written (missingPropertyMode
 * defaults to `preserve`). Values may themselves contain `${…}`.
 */

interface Entry {
  key: string;
  value: string;
  /** Path of the changelog a local property belongs to; undefined for global ones. */
  scope?: string;
}

export type Lookup = (name: string) => string | undefined;

export class Params {
  private readonly entries: Entry[] = [];

  set(key: string, value: string, scope?: string): void {
    const e: Entry = { key: key.toLowerCase(), value };
    if (scope !== undefined) e.scope = scope;
    this.entries.push(e);
  }

  /**
   * The values visible at this point of the changelog tree: properties set later (a changeSet is
   * expanded when Liquibase reaches it) stay invisible, as do local ones of unrelated changelogs.
   */
  view(chain: readonly string[]): Lookup {
    const upTo = this.entries.length;
    const find = (name: string, depth: number): string | undefined => {
      const key = name.toLowerCase();
      for (let i = 0; i < upTo; i++) {
        const e = this.entries[i]!;
        if (e.key !== key || (e.scope !== undefined && !chain.includes(e.scope))) continue;
        if (depth > 8 || !e.value.includes('${')) return e.value;
        return e.value.replace(/\$\{([^{}]*)\}/g, (m, n: string) => find(n.trim(), depth + 1) ?? m);
      }
      return undefined;
    };
    return (name) => find(name, 0);
  }
}

export interface PropertyLine {
  key: string;
  value: string;
  /** Offset of the key in the file, for diagnostics. */
  offset: number;
}

/** Reads a Java `.properties` file (`key=value`, `key: value`, `key value`, `#`/`!` comments, `\` continuations). */
export function parseJavaProperties(text: string): PropertyLine[] {
  const out: PropertyLine[] = [];
  const lines: string[] = [];
  const starts: number[] = [];
  for (const m of text.matchAll(/[^\r\n]*(?:\r\n|\r|\n|$)/g)) {
    if (m.index >= text.length && m[0] === '') break;
    starts.push(m.index);
    lines.push(m[0].replace(/[\r\n]+$/, ''));
  }
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    const lead = line.length - line.trimStart().length;
    const lineOffset = starts[n]!;
    line = line.trimStart();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    // Continuation lines: an odd number of trailing backslashes joins the next line.
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && n + 1 < lines.length) line = line.slice(0, -1) + lines[++n]!.trimStart();
    let i = 0;
    let key = '';
    while (i < line.length && !'=: \t'.includes(line[i]!)) {
      if (line[i] === '\\' && i + 1 < line.length) {
        key += unescape(line[i + 1]!);
        i += 2;
      } else key += line[i++];
    }
    while (i < line.length && ' \t'.includes(line[i]!)) i++;
    if (line[i] === '=' || line[i] === ':') i++;
    while (i < line.length && ' \t'.includes(line[i]!)) i++;
    let value = '';
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (c === '\\' && i + 1 < line.length) {
        const e = line[++i]!;
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(line.slice(i + 1, i + 5))) {
          value += String.fromCharCode(Number.parseInt(line.slice(i + 1, i + 5), 16));
          i += 4;
        } else value += unescape(e);
      } else value += c;
    }
    out.push({ key, value, offset: lineOffset + lead });
  }
  return out;
}

function unescape(c: string): string {
  return c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c === 'f' ? '\f' : c;
}

/** What migralint reads from `liquibase.properties`. */
export interface LiquibaseProperties {
  path: string;
  changeLogFile?: PropertyLine;
  url?: PropertyLine;
  contexts?: string;
  labelFilter?: string;
  searchPath?: string[];
  /** `parameter.<name>=value` entries: changelog parameters. */
  parameters: Array<[string, string]>;
}

/** Canonical key: `liquibase.command.changelogFile`, `changelog-file` and `changeLogFile` are one key. */
function canonical(key: string): string {
  return key
    .replace(/^liquibase\.command\./i, '')
    .replace(/^liquibase\./i, '')
    .replace(/[-_.]/g, '')
    .toLowerCase();
}

export function readLiquibaseProperties(path: string, text: string): LiquibaseProperties {
  const out: LiquibaseProperties = { path, parameters: [] };
  for (const p of parseJavaProperties(text)) {
    if (/^parameter\./i.test(p.key)) {
      out.parameters.push([p.key.replace(/^parameter\./i, ''), p.value]);
      continue;
    }
    switch (canonical(p.key)) {
      case 'changelogfile':
        out.changeLogFile ??= p;
        break;
      case 'url':
        out.url ??= p;
        break;
      case 'contexts':
      case 'context':
      case 'contextfilter':
        out.contexts ??= p.value;
        break;
      case 'labels':
      case 'labelfilter':
        out.labelFilter ??= p.value;
        break;
      case 'searchpath':
        out.searchPath ??= p.value.split(',').map((s) => s.trim()).filter(Boolean);
        break;
    }
  }
  return out;
}
