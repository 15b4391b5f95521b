import { dirname } from 'node:path';
import type { Project } from '../files/project.js';
import { LAYOUTS, layoutByName } from './index.js';
import type { Layout, MigrationSet } from './layout.js';

export interface DiscoveryTarget {
  /** A file, directory or glob, relative to the cwd or absolute. */
  path: string;
  /** `auto` (default) or a layout name that the user forces. */
  layout?: string;
}

export interface Discovery {
  sets: MigrationSet[];
  /** Targets that match nothing on disk. */
  missing: string[];
  /** Targets that name an unknown layout. */
  unknownLayouts: string[];
}

const GLOB_CHARS = /[*?[\]{}!]/;
/** How far above an explicitly named file detection looks for its framework (prisma/migrations/<ts>/migration.sql). */
const ANCESTOR_LEVELS = 3;
/** Around a named file, detection reads a few levels, never a whole tree (the file may sit in a repo root). */
const SHALLOW = ['*', '*/*', '*/*/*'];

function merge(sets: MigrationSet[]): MigrationSet[] {
  const byKey = new Map<string, MigrationSet>();
  for (const s of sets) {
    const key = `${s.layout}\0${s.root}`;
    const prev = byKey.get(key);
    if (prev) prev.files = [...new Set([...prev.files, ...s.files])].sort();
    else byKey.set(key, { ...s, files: [...s.files].sort() });
  }
  return [...byKey.values()];
}

async function detectIn(project: Project, dir: string, files: readonly string[], layouts: readonly Layout[]): Promise<MigrationSet[]> {
  const sets: MigrationSet[] = [];
  let remaining = files;
  for (const layout of layouts) {
    const found = await layout.detect(dir, remaining, project);
    if (!found.length) continue;
    sets.push(...found);
    const claimed = new Set(found.flatMap((s) => s.files));
    remaining = remaining.filter((f) => !claimed.has(f));
  }
  return sets;
}

/**
 * Finds the migration sets behind the paths a user names: directories are scanned and offered
 * to every layout; a named file belongs to the set that its directory (or a parent) forms.
 */
export async function discoverMigrationSets(project: Project, targets: readonly DiscoveryTarget[]): Promise<Discovery> {
  const out: Discovery = { sets: [], missing: [], unknownLayouts: [] };
  const dirCache = new Map<string, Promise<MigrationSet[]>>();
  const setsOfDir = (dir: string, layouts: readonly Layout[], shallow = false) => {
    const key = `${dir}\0${layouts.map((l) => l.name).join(',')}\0${shallow}`;
    let p = dirCache.get(key);
    if (!p) {
      p = project.list(dir, shallow ? SHALLOW : undefined).then((files) => detectIn(project, dir, files, layouts));
      dirCache.set(key, p);
    }
    return p;
  };

  for (const target of targets) {
    const forced = target.layout && target.layout !== 'auto' ? layoutByName(target.layout) : undefined;
    if (target.layout && target.layout !== 'auto' && !forced) {
      out.unknownLayouts.push(target.layout);
      continue;
    }
    const layouts = forced ? [forced] : LAYOUTS;
    const rel = project.rel(target.path);
    if (project.isDirectory(rel)) {
      out.sets.push(...(await setsOfDir(rel, layouts)));
      continue;
    }
    const files = project.exists(rel) ? [rel] : GLOB_CHARS.test(target.path) ? await project.globFiles(target.path) : [];
    if (!files.length) {
      out.missing.push(target.path);
      continue;
    }
    for (const file of files) {
      let owner: MigrationSet | undefined;
      let dir = dirname(file);
      // Content from stdin has no directory to detect a framework in.
      for (let level = 0; level <= ANCESTOR_LEVELS && !owner && !project.isSupplied(file); level++) {
        const candidates = (await setsOfDir(dir, layouts, true)).filter((s) => s.layout !== 'sql' || level === 0);
        owner = candidates.find((s) => s.files.includes(file));
        if (dir === '.' || dir.startsWith('..')) break;
        dir = dirname(dir);
      }
      // A file named explicitly is linted whatever its name: as plain SQL when no layout claims it.
      out.sets.push(owner ? { ...owner, files: [file] } : { layout: forced?.name ?? 'sql', root: dirname(file), files: [file] });
    }
  }
  out.sets = merge(out.sets);
  return out;
}
