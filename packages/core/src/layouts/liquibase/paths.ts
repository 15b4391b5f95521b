import { isAbsolute, posix } from 'node:path';
import type { Project } from '../../files/project.js';

/*
 * How Liquibase finds the files a changelog names (include, includeAll, sqlFile, property file):
 * with relativeToChangelogFile="true" next to the changelog that names them; otherwise through
 * its search path, which is the classpath (src/main/resources in Maven and Gradle builds) and the
 * directory Liquibase runs in. migralint cannot know where Liquibase runs, so it tries, in order:
 * the searchPath of liquibase.properties, the classpath roots it can see, then the root
 * changelog's directory and its parents, then the naming changelog's directory and its parents.
 * The first candidate that exists wins. A path that leaves the project root is never followed.
 */

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i) || '/';
}

export function joinPath(dir: string, name: string): string {
  const j = dir === '.' || dir === '' ? name : `${dir}/${name}`;
  const n = posix.normalize(j);
  return n === '' ? '.' : n.replace(/\/$/, '') || '.';
}

function ancestors(dir: string): string[] {
  const out: string[] = [];
  let d = dir;
  for (let guard = 0; guard < 64; guard++) {
    out.push(d);
    if (d === '.' || d === '' || d === '/' || d.startsWith('..')) break;
    d = dirOf(d);
    if (d === '/') break;
  }
  return out;
}

/** `src/main/resources` (and test resources) above a file: the classpath root of a Maven or Gradle build. */
export function classpathRoots(path: string): string[] {
  const out: string[] = [];
  const re = /(^|\/)src\/(main|test)\/resources(?=\/|$)/g;
  for (const m of path.matchAll(re)) out.push(path.slice(0, m.index + m[0].length).replace(/^\//, ''));
  return out;
}

export interface SearchContext {
  project: Project;
  /** The root changelog of the walk. */
  root: string;
  /** Extra search roots (liquibase.properties searchPath, its directory), cwd-relative. */
  searchRoots: readonly string[];
  /** Every classpath root of the project (a multi-module build merges them at run time). */
  classpath?: readonly string[];
}

export interface Resolution {
  /** The cwd-relative path found. */
  path?: string;
  /** A candidate that would leave the project root (cwd-relative or absolute), when nothing else matched. */
  escapes?: string;
}

/** Strips Liquibase's `classpath:` prefix and normalises separators. */
export function cleanSpec(spec: string): string {
  return spec.trim().replace(/\\/g, '/').replace(/^classpath\*?:/i, '');
}

function escapesProject(project: Project, rel: string): boolean {
  return rel === '..' || rel.startsWith('../') || isAbsolute(rel);
}

/**
 * Resolves a path a changelog names. `from` is the naming changelog (cwd-relative). Directories
 * are looked for when `kind` is 'dir' (includeAll).
 */
export function resolvePath(ctx: SearchContext, spec: string, relative: boolean, from: string, kind: 'file' | 'dir' = 'file'): Resolution {
  const { project } = ctx;
  const s = cleanSpec(spec);
  const exists = (p: string) => (kind === 'dir' ? project.isDirectory(p) : project.exists(p) && !project.isDirectory(p));
  const candidates: string[] = [];
  if (relative) {
    candidates.push(joinPath(dirOf(from), s));
  } else {
    if (isAbsolute(s) || /^[A-Za-z]:\//.test(s)) candidates.push(project.rel(s));
    const bare = s.replace(/^\/+/, '');
    // A search-path entry is the project (or a directory in it): `..` above it leaves the project.
    if (escapesProject(project, joinPath('.', bare)) && !isAbsolute(s)) return { escapes: joinPath('.', bare) };
    const roots: string[] = [...ctx.searchRoots, ...classpathRoots(from), ...classpathRoots(ctx.root), ...(ctx.classpath ?? []), ...ancestors(dirOf(ctx.root)), ...ancestors(dirOf(from))];
    for (const r of new Set(roots)) candidates.push(joinPath(r, bare));
  }
  let escapes: string | undefined;
  for (const c of new Set(candidates)) {
    if (escapesProject(project, c)) {
      escapes ??= c;
      continue;
    }
    if (exists(c)) return { path: c };
  }
  return escapes !== undefined ? { escapes } : {};
}
