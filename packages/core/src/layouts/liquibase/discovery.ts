import type { Project } from '../../files/project.js';
import type { Engine } from '../../model/migration.js';
import { classpathRoots, dirOf, joinPath } from './paths.js';
import { readLiquibaseProperties, type LiquibaseProperties } from './properties.js';
import { looksLikeChangelog, walkChangelog, type Environment } from './tree.js';

/*
 * Finding root changelogs: the `changeLogFile` of a liquibase.properties, and every other
 * changelog in the directory that no changelog includes (db.changelog-master.yaml,
 * src/main/resources/db/changelog*.xml, JHipster's master.xml …). Every file a root reads is
 * claimed, so the plain-SQL layout does not lint formatted SQL or sqlFile scripts again.
 */

export interface LiquibaseSetData {
  roots: string[];
  /** The liquibase.properties that names a root (by root path). */
  properties: Record<string, string>;
  /** Classpath roots (src/main/resources) seen in the directory: a multi-module build merges them. */
  classpath: string[];
  /** Problems found while detecting (a changeLogFile that does not exist), reported by load. */
  problems: Array<{ file: string; offset: number; message: string }>;
}

/** Names that are usually root changelogs: walked first, so that what they include is known early. */
const MASTER = /(^|\/)(db\.changelog-master|changelog-master|master|changelog|db\.changelog)\.(xml|ya?ml|json|sql)$/i;

export function isPropertiesFile(path: string): boolean {
  return /(^|\/)liquibase\.properties$/.test(path);
}

export async function readProperties(project: Project, path: string): Promise<LiquibaseProperties | undefined> {
  const text = await project.readText(path);
  return text === undefined ? undefined : readLiquibaseProperties(path, text);
}

/** The nearest liquibase.properties at or above `dir` (within the project). */
export async function nearestProperties(project: Project, dir: string): Promise<string | undefined> {
  let d = dir;
  for (let guard = 0; guard < 64; guard++) {
    const p = joinPath(d, 'liquibase.properties');
    if (!p.startsWith('..') && project.exists(p)) return p;
    if (d === '.' || d === '' || d.startsWith('..')) return undefined;
    d = dirOf(d);
  }
  return undefined;
}

/** Where Liquibase looks for files named in this liquibase.properties: its searchPath, else its directory. */
export function searchRootsOf(props: LiquibaseProperties | undefined): string[] {
  if (!props) return [];
  const base = dirOf(props.path);
  const out = (props.searchPath ?? []).map((p) => joinPath(base, p.replace(/^file:/, '').replace(/\\/g, '/')));
  out.push(base, ...classpathRoots(joinPath(base, 'src/main/resources/x')));
  return out;
}

/** Resolves a properties file's changeLogFile. */
export function resolveRootFromProperties(project: Project, props: LiquibaseProperties): string | undefined {
  const spec = props.changeLogFile?.value.trim().replace(/\\/g, '/').replace(/^classpath\*?:/i, '');
  if (!spec) return undefined;
  const bare = spec.replace(/^\/+/, '');
  const base = dirOf(props.path);
  const candidates = [...searchRootsOf(props), joinPath(base, 'src/main/resources'), '.'].map((r) => joinPath(r, bare));
  if (spec.startsWith('/')) candidates.unshift(project.rel(spec));
  return candidates.find((c) => !c.startsWith('..') && project.exists(c) && !project.isDirectory(c));
}

/** Finds the root changelogs among `files` and everything they read. */
export async function detectRoots(project: Project, files: readonly string[]): Promise<{ data: LiquibaseSetData; claimed: string[] } | undefined> {
  const data: LiquibaseSetData = { roots: [], properties: {}, classpath: [], problems: [] };
  const explicit: string[] = [];
  for (const p of files.filter(isPropertiesFile)) {
    const props = await readProperties(project, p);
    if (!props?.changeLogFile) continue;
    const root = resolveRootFromProperties(project, props);
    if (root) {
      explicit.push(root);
      data.properties[root] ??= p;
    } else if (!/\$\{/.test(props.changeLogFile.value)) {
      data.problems.push({ file: p, offset: props.changeLogFile.offset, message: `changeLogFile '${props.changeLogFile.value}' was not found next to ${p}, in its searchPath or in src/main/resources.` });
    }
  }
  const candidates: string[] = [];
  for (const f of files) {
    if (!/\.(xml|ya?ml|json|sql)$/i.test(f)) continue;
    const r = await project.read(f);
    if (r.ok && looksLikeChangelog(f, r.source.text)) candidates.push(f);
  }
  if (!explicit.length && !candidates.length) return undefined;

  const depth = (f: string) => f.split('/').length;
  const order = [...new Set([...explicit, ...candidates.filter((c) => MASTER.test(c)).sort((a, b) => depth(a) - depth(b)), ...[...candidates].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1))])];
  const included = new Set<string>();
  const claimed = new Set<string>();
  const walkedRoots: string[] = [];
  data.classpath = [...new Set(candidates.flatMap((c) => classpathRoots(c)))].sort();
  const env: Environment = { contexts: [], params: [], searchRoots: [], classpath: data.classpath };
  for (const root of order) {
    if (included.has(root) && !explicit.includes(root)) continue;
    const propsPath = data.properties[root] ?? (await nearestProperties(project, dirOf(root)));
    const props = propsPath ? await readProperties(project, propsPath) : undefined;
    const walk = await walkChangelog(project, root, { ...env, params: props?.parameters ?? [], searchRoots: searchRootsOf(props) });
    for (const f of walk.included) included.add(f);
    for (const f of walk.files) claimed.add(f);
    walkedRoots.push(root);
  }
  // A root that a later root includes is not a root (an include cycle keeps the changelog walked first).
  data.roots = walkedRoots.filter((r) => explicit.includes(r) || !included.has(r));
  return { data, claimed: [...claimed].sort() };
}

/** Engine and Liquibase database name from a JDBC url. */
export function engineFromJdbc(url: string): { engine?: Engine; database?: string; unsupported?: string } | undefined {
  const u = url.trim().toLowerCase();
  if (!u || u.includes('${')) return undefined;
  const m = /^jdbc:(?:tc:|p6spy:|log4jdbc:|aws-wrapper:)?([a-z0-9]+)[:/]/.exec(u);
  if (!m) return undefined;
  const scheme = m[1]!;
  if (scheme === 'postgresql' || scheme === 'pgsql' || scheme === 'postgres' || scheme === 'cockroach') return { engine: 'postgresql', database: 'postgresql' };
  if (scheme === 'mysql') return { engine: 'mysql', database: 'mysql' };
  if (scheme === 'mariadb') return { engine: 'mysql', database: 'mariadb' };
  if (scheme === 'sqlite') return { engine: 'sqlite', database: 'sqlite' };
  return { unsupported: scheme === 'sqlserver' || scheme === 'jtds' ? 'mssql' : scheme };
}
