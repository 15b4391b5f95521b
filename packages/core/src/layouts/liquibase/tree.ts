import type { Project } from '../../files/project.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { SourceFile } from '../../model/source.js';
import { layoutDiagnostic } from '../layout.js';
import { contextMatches, dbmsMatches, labelsMatch } from './filters.js';
import { isFormattedSql, readFormattedSql, type FormattedChangeSet, type FormattedChangelog } from './formatted-sql.js';
import { readJson } from './json.js';
import { child, elements, headSpan, type PNode, type ReadResult } from './node.js';
import { resolvePath, type SearchContext } from './paths.js';
import { parseJavaProperties, Params, type Lookup } from './properties.js';
import { readXml } from './xml.js';
import { readYaml } from './yaml.js';

/*
 * The changelog tree: from a root changelog through include and includeAll, in Liquibase's
 * execution order, with properties as Liquibase sees them at each changeSet. Used twice: while
 * detecting (to claim every file a root reads) and while loading (to lint the changeSets).
 */

export type Format = 'xml' | 'yaml' | 'json' | 'formatted-sql' | 'raw-sql';

export interface Loaded {
  path: string;
  source: SourceFile;
  bom: boolean;
  format: Format;
  read?: ReadResult;
  formatted?: FormattedChangelog;
}

const EXT: Record<string, 'xml' | 'yaml' | 'json' | 'sql'> = { xml: 'xml', yaml: 'yaml', yml: 'yaml', json: 'json', sql: 'sql' };

export function extensionFormat(path: string): 'xml' | 'yaml' | 'json' | 'sql' | undefined {
  const m = /\.([A-Za-z]+)$/.exec(path);
  return m ? EXT[m[1]!.toLowerCase()] : undefined;
}

const cache = new WeakMap<Project, Map<string, Promise<Loaded | { reason: string }>>>();

/** Reads and parses a changelog once per run (detection and loading share it). */
export function loadChangelog(project: Project, path: string): Promise<Loaded | { reason: string }> {
  let byPath = cache.get(project);
  if (!byPath) cache.set(project, (byPath = new Map()));
  let p = byPath.get(path);
  if (!p) {
    p = (async () => {
      const r = await project.read(path);
      if (!r.ok) return { reason: r.reason };
      const ext = extensionFormat(path);
      const base = { path, source: r.source, bom: r.bom };
      switch (ext) {
        case 'xml':
          return { ...base, format: 'xml' as const, read: readXml(r.source) };
        case 'yaml':
          return { ...base, format: 'yaml' as const, read: readYaml(r.source) };
        case 'json':
          return { ...base, format: 'json' as const, read: readJson(r.source) };
        case 'sql':
          return isFormattedSql(r.source.text)
            ? { ...base, format: 'formatted-sql' as const, formatted: readFormattedSql(r.source) }
            : { ...base, format: 'raw-sql' as const };
        default:
          return { reason: 'not a changelog format Liquibase reads (.xml, .yaml, .yml, .json, .sql)' };
      }
    })();
    byPath.set(path, p);
  }
  return p;
}

/** True when a file's text looks like a Liquibase changelog (cheap, before parsing). */
export function looksLikeChangelog(path: string, text: string): boolean {
  const ext = extensionFormat(path);
  if (ext === 'sql') return isFormattedSql(text);
  if (ext === 'xml') return /<([\w.-]+:)?databaseChangeLog[\s>/]/.test(text);
  if (ext === 'yaml') return /^databaseChangeLog\s*:/m.test(text);
  if (ext === 'json') return /"databaseChangeLog"\s*:/.test(text);
  return false;
}

export interface Environment {
  /** Liquibase short name of the target database; undefined while detecting (every dbms matches). */
  database?: string;
  contexts: readonly string[];
  labelFilter?: string;
  /** `parameter.*` from liquibase.properties: set before any changelog property, so they win. */
  params: ReadonlyArray<readonly [string, string]>;
  searchRoots: readonly string[];
  /** Classpath roots (src/main/resources) of the whole project. */
  classpath?: readonly string[];
}

export interface ChangeSetRef {
  loaded: Loaded;
  /** XML/YAML/JSON changeSet node. */
  node?: PNode;
  formatted?: FormattedChangeSet;
  /** A plain .sql file included as a changelog: one changeSet, the whole file. */
  raw?: boolean;
  lookup: Lookup;
  /** Include chain from the root, for resolving relative paths and local properties. */
  chain: readonly string[];
  objectQuotingStrategy?: string;
  /** addColumn properties a `<removeChangeSetProperty>` of this changelog drops (afterColumn …). */
  removedProperties?: ReadonlySet<string>;
}

export interface Walk {
  changeSets: ChangeSetRef[];
  /** Every file the tree reads: changelogs and the SQL files they name. */
  files: Set<string>;
  /** Changelogs reached through include/includeAll from another changelog. */
  included: Set<string>;
  loaded: Map<string, Loaded>;
  /** Files named by sqlFile / createProcedure path, resolved; unreadable ones carry the reason. */
  sqlFiles: Map<string, { source: SourceFile; bom: boolean } | { reason: string }>;
  diagnostics: Diagnostic[];
  search: SearchContext;
}

interface IncludeScope {
  contexts: string[];
  labels: string[];
  ignore: boolean;
}

const CHANGELOG_ATTRS = new Set(['logicalFilePath', 'objectQuotingStrategy', 'context', 'contextFilter', 'schemaLocation']);

function text(n: PNode | undefined, lookup: Lookup): string | undefined {
  return n?.value?.expand(lookup).text.trim();
}

function attr(n: PNode, name: string, lookup: Lookup): string | undefined {
  return text(child(n, name), lookup);
}

export function isTrue(v: string | undefined): boolean {
  return v !== undefined && /^(true|yes|on|1)$/i.test(v.trim());
}

export function isFalse(v: string | undefined): boolean {
  return v !== undefined && /^(false|no|off|0)$/i.test(v.trim());
}

class Walker {
  readonly out: Walk;
  private readonly params = new Params();

  constructor(
    readonly project: Project,
    readonly env: Environment,
    root: string,
  ) {
    this.out = {
      changeSets: [],
      files: new Set(),
      included: new Set(),
      loaded: new Map(),
      sqlFiles: new Map(),
      diagnostics: [],
      search: { project, root, searchRoots: env.searchRoots, ...(env.classpath && { classpath: env.classpath }) },
    };
    for (const [k, v] of env.params) this.params.set(k, v);
  }

  problem(ruleId: 'layout-error' | 'syntax-error' | 'unreadable-file', n: PNode | undefined, file: string, message: string): void {
    this.out.diagnostics.push(layoutDiagnostic(ruleId, file, message, n ? headSpan(n) : undefined));
  }

  async visit(path: string, chain: readonly string[], scope: IncludeScope, via?: PNode): Promise<void> {
    const from = chain[chain.length - 1];
    if (chain.includes(path)) {
      this.problem('layout-error', via, from ?? path, `Include cycle: ${[...chain.slice(chain.indexOf(path)), path].join(' → ')}; the include is not followed.`);
      return;
    }
    // Liquibase parses a changelog included twice twice, and then fails on the duplicate changeSets;
    // linting it once is enough.
    if (this.out.loaded.has(path)) return;
    const loaded = await loadChangelog(this.project, path);
    this.out.files.add(path);
    if ('reason' in loaded) {
      this.problem('unreadable-file', undefined, path, `Cannot lint ${path}: ${loaded.reason}`);
      return;
    }
    this.out.loaded.set(path, loaded);
    if (from !== undefined) this.out.included.add(path);
    const here = [...chain, path];
    if (loaded.format === 'raw-sql') {
      if (scope.ignore || !scope.contexts.every((c) => contextMatches(c, this.env.contexts))) return;
      if (!labelsMatch(this.env.labelFilter, scope.labels.join(',') || undefined)) return;
      this.out.changeSets.push({ loaded, raw: true, lookup: this.params.view(here), chain: here });
      return;
    }
    if (loaded.format === 'formatted-sql') {
      this.formatted(loaded, here, scope);
      return;
    }
    const read = loaded.read!;
    if (read.problem) {
      const end = read.problem.end ?? read.problem.offset;
      this.out.diagnostics.push(layoutDiagnostic('syntax-error', path, read.problem.message, loaded.source.span(read.problem.offset, end)));
      return;
    }
    const top = loaded.format === 'xml' ? read.root : read.root?.children.find((c) => c.name === 'databaseChangeLog');
    if (!top || top.name !== 'databaseChangeLog') {
      const what = loaded.format === 'xml' ? `the root element is <${read.root?.name ?? '?'}>` : 'there is no top-level databaseChangeLog key';
      this.problem('layout-error', top ?? read.root, path, `${path} is not a Liquibase changelog: ${what}.`);
      return;
    }
    const quoting = attr(top, 'objectQuotingStrategy', this.params.view(here));
    await this.children(loaded, top, here, scope, quoting);
  }

  private async children(loaded: Loaded, parent: PNode, here: readonly string[], scope: IncludeScope, quoting: string | undefined): Promise<void> {
    const path = loaded.path;
    const removed = new Set<string>();
    for (const n of parent.children) {
      if (n.attribute || (n.value && CHANGELOG_ATTRS.has(n.name))) continue;
      const lookup = this.params.view(here);
      switch (n.name) {
        case 'property':
          await this.property(n, here, lookup);
          break;
        case 'include':
        case 'includeAll':
          await this.include(n, here, scope, lookup);
          break;
        case 'modifyChangeSets':
          await this.children(loaded, n, here, scope, quoting);
          break;
        case 'changeSet': {
          if (!this.selected(n, scope, lookup)) break;
          const ref: ChangeSetRef = { loaded, node: n, lookup, chain: here };
          const q = attr(n, 'objectQuotingStrategy', lookup) ?? quoting;
          if (q) ref.objectQuotingStrategy = q;
          if (removed.size) ref.removedProperties = new Set(removed);
          this.out.changeSets.push(ref);
          await this.claimSqlFiles(n, here, lookup);
          break;
        }
        case 'removeChangeSetProperty':
          // Liquibase drops a change property for the named databases (afterColumn on PostgreSQL …).
          if (attr(n, 'change', lookup) === 'addColumn' && dbmsMatches(attr(n, 'dbms', lookup), this.env.database)) {
            const what = attr(n, 'remove', lookup);
            if (what) removed.add(what);
          }
          break;
        case 'preConditions':
        case 'preconditions':
        case 'validCheckSum':
        case 'comment':
          break;
        default:
          if (n.children.length || n.prefix) this.problem('layout-error', n, path, `Unexpected <${n.prefix ? `${n.prefix}:` : ''}${n.name}> under databaseChangeLog: Liquibase rejects this changelog ("Unexpected node found under databaseChangeLog").`);
      }
    }
  }

  /** dbms, context, labels and ignore, as Liquibase filters changeSets before running them. */
  private selected(n: PNode, scope: IncludeScope, lookup: Lookup): boolean {
    if (scope.ignore || isTrue(attr(n, 'ignore', lookup))) return false;
    if (!dbmsMatches(attr(n, 'dbms', lookup), this.env.database)) return false;
    const context = attr(n, 'contextFilter', lookup) ?? attr(n, 'context', lookup);
    if (!contextMatches(context, this.env.contexts)) return false;
    if (!scope.contexts.every((c) => contextMatches(c, this.env.contexts))) return false;
    const labels = [attr(n, 'labels', lookup), ...scope.labels].filter(Boolean).join(',');
    return labelsMatch(this.env.labelFilter, labels || undefined);
  }

  private async property(n: PNode, here: readonly string[], lookup: Lookup): Promise<void> {
    if (!dbmsMatches(attr(n, 'dbms', lookup), this.env.database)) return;
    const context = attr(n, 'contextFilter', lookup) ?? attr(n, 'context', lookup);
    if (!contextMatches(context, this.env.contexts)) return;
    if (!labelsMatch(this.env.labelFilter, attr(n, 'labels', lookup))) return;
    const scope = isFalse(attr(n, 'global', lookup)) ? here[here.length - 1] : undefined;
    const file = attr(n, 'file', lookup);
    if (file === undefined) {
      const name = attr(n, 'name', lookup);
      const value = child(n, 'value')?.value?.expand(lookup).text ?? '';
      if (name) this.params.set(name, value, scope);
      return;
    }
    const from = here[here.length - 1]!;
    const res = resolvePath(this.out.search, file, isTrue(attr(n, 'relativeToChangelogFile', lookup)), from);
    if (!res.path) {
      if (!isFalse(attr(n, 'errorIfMissing', lookup))) this.missing(n, from, 'property file', file, res.escapes);
      return;
    }
    const txt = await this.project.readText(res.path);
    if (txt === undefined) return;
    for (const p of parseJavaProperties(txt)) this.params.set(p.key, p.value, scope);
  }

  private missing(n: PNode, from: string, what: string, spec: string, escapes: string | undefined): void {
    if (escapes !== undefined) this.problem('layout-error', n, from, `The ${what} '${spec}' resolves to ${escapes}, outside the project root; it is not followed.`);
    else this.problem('layout-error', n, from, `The ${what} '${spec}' was not found (Liquibase fails with "file not found"); looked next to the changelog, in the classpath roots and search paths migralint can see.`);
  }

  private async include(n: PNode, here: readonly string[], scope: IncludeScope, lookup: Lookup): Promise<void> {
    const from = here[here.length - 1]!;
    const relative = isTrue(attr(n, 'relativeToChangelogFile', lookup));
    const inner: IncludeScope = {
      contexts: [...scope.contexts, ...[attr(n, 'contextFilter', lookup) ?? attr(n, 'context', lookup)].filter((x): x is string => Boolean(x))],
      labels: [...scope.labels, ...[attr(n, 'labels', lookup)].filter((x): x is string => Boolean(x))],
      ignore: scope.ignore || isTrue(attr(n, 'ignore', lookup)),
    };
    if (n.name === 'include') {
      const spec = attr(n, 'file', lookup);
      if (!spec) return this.problem('layout-error', n, from, "<include> has no 'file' attribute (Liquibase: \"No 'file' attribute on 'include'\").");
      if (!extensionFormat(spec)) {
        return this.problem('layout-error', n, from, `Liquibase has no changelog parser for '${spec}' (it reads .xml, .yaml, .yml, .json and .sql): the include fails.`);
      }
      const res = resolvePath(this.out.search, spec, relative, from);
      if (!res.path) {
        if (!isFalse(attr(n, 'errorIfMissing', lookup))) this.missing(n, from, 'included changelog', spec, res.escapes);
        return;
      }
      return this.visit(res.path, here, inner, n);
    }
    const spec = attr(n, 'path', lookup);
    if (!spec) return this.problem('layout-error', n, from, "<includeAll> has no 'path' attribute.");
    const res = resolvePath(this.out.search, spec, relative, from, 'dir');
    if (!res.path) {
      if (!isFalse(attr(n, 'errorIfMissingOrEmpty', lookup))) this.missing(n, from, 'includeAll directory', spec, res.escapes);
      return;
    }
    const min = Number(attr(n, 'minDepth', lookup) ?? 0);
    const max = Number(attr(n, 'maxDepth', lookup) ?? Infinity);
    const endsWith = attr(n, 'endsWithFilter', lookup) ?? '';
    const dir = res.path;
    const files = (await this.project.list(dir))
      .filter((f) => {
        const depth = f.slice(dir === '.' ? 0 : dir.length + 1).split('/').length;
        return depth >= Math.max(1, min) && depth <= max && extensionFormat(f) !== undefined && f.endsWith(endsWith);
      })
      // Liquibase sorts includeAll resources by their path (String order, i.e. UTF-16 code units).
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (!files.length && !isFalse(attr(n, 'errorIfMissingOrEmpty', lookup))) {
      this.problem('layout-error', n, from, `includeAll '${spec}' found no changelogs in ${dir} (Liquibase fails: "Could not find directory, directory was empty, or no changelogs matched").`);
    }
    for (const f of files) {
      if (f === from || here.includes(f)) continue; // an includeAll over its own directory skips its includer
      await this.visit(f, here, inner, n);
    }
  }

  /** sqlFile (and createProcedure/createView `path`) files: claimed so that no other layout lints them. */
  private async claimSqlFiles(cs: PNode, here: readonly string[], lookup: Lookup): Promise<void> {
    const visit = async (n: PNode): Promise<void> => {
      for (const c of elements(n)) {
        if ((c.name === 'sqlFile' || c.name === 'createProcedure' || c.name === 'createView') && !c.prefix) {
          const spec = attr(c, 'path', lookup);
          if (spec) {
            const res = resolvePath(this.out.search, spec, isTrue(attr(c, 'relativeToChangelogFile', lookup)), here[here.length - 1]!);
            if (res.path && !this.out.sqlFiles.has(res.path)) {
              this.out.files.add(res.path);
              const r = await this.project.read(res.path);
              this.out.sqlFiles.set(res.path, r.ok ? { source: r.source, bom: r.bom } : { reason: r.reason });
            }
          }
        }
        if (c.name === 'rollback') await visit(c);
      }
    };
    await visit(cs);
  }

  private formatted(loaded: Loaded, here: readonly string[], scope: IncludeScope): void {
    const f = loaded.formatted!;
    for (const p of f.problems) {
      this.out.diagnostics.push(layoutDiagnostic('syntax-error', loaded.path, p.message, loaded.source.span(p.offset, p.end ?? p.offset)));
    }
    let prop = 0;
    f.changeSets.forEach((cs, i) => {
      for (; prop < f.properties.length && f.properties[prop]!.before <= i; prop++) this.formattedProperty(f.properties[prop]!.property.attrs, here);
      const lookup = this.params.view(here);
      const a = cs.attrs;
      const ex = (v: string | undefined) => (v === undefined ? undefined : v.replace(/\$\{([^{}]*)\}/g, (m, k: string) => lookup(k.trim()) ?? m));
      if (scope.ignore || isTrue(ex(a.ignore))) return;
      if (!dbmsMatches(ex(a.dbms), this.env.database)) return;
      if (!contextMatches(ex(a.contextfilter ?? a.context), this.env.contexts)) return;
      if (!scope.contexts.every((c) => contextMatches(c, this.env.contexts))) return;
      const labels = [ex(a.labels), ...scope.labels].filter(Boolean).join(',');
      if (!labelsMatch(this.env.labelFilter, labels || undefined)) return;
      this.out.changeSets.push({ loaded, formatted: cs, lookup, chain: here });
    });
    for (; prop < f.properties.length; prop++) this.formattedProperty(f.properties[prop]!.property.attrs, here);
  }

  private formattedProperty(a: Record<string, string>, here: readonly string[]): void {
    if (!dbmsMatches(a.dbms, this.env.database) || !contextMatches(a.contextfilter ?? a.context, this.env.contexts)) return;
    if (a.name !== undefined) this.params.set(a.name, a.value ?? '', isFalse(a.global) ? here[here.length - 1] : undefined);
  }
}

/** Walks one root changelog in Liquibase's order. */
export async function walkChangelog(project: Project, root: string, env: Environment): Promise<Walk> {
  const w = new Walker(project, env, root);
  await w.visit(root, [], { contexts: [], labels: [], ignore: false });
  return w.out;
}

