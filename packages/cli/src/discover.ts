import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import micromatch from 'micromatch';
import { glob, isDynamicPattern } from 'tinyglobby';

export const MIGRATION_PATTERNS = ['**/*.sql'];
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

export interface Discovery {
  /** Files to lint, relative to cwd with forward slashes, sorted. */
  files: string[];
  /** Paths the user named that match nothing. */
  missing: string[];
}

const toRel = (cwd: string, p: string) => relative(cwd, p).split('\\').join('/') || '.';

/** Expands files, directories and globs into migration files, minus `ignores`. */
export async function discover(paths: readonly string[], cwd: string, ignores: readonly string[], configDir: string): Promise<Discovery> {
  const found = new Set<string>();
  const missing: string[] = [];
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(cwd, p);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isFile()) {
      // A file named explicitly is linted whatever its extension: the user asked for it.
      found.add(toRel(cwd, abs));
      continue;
    }
    const matches = stat?.isDirectory()
      ? await glob(MIGRATION_PATTERNS, { cwd: abs, ignore: ALWAYS_IGNORED, absolute: true, dot: false })
      : isDynamicPattern(p)
        ? await glob([p], { cwd, ignore: ALWAYS_IGNORED, absolute: true })
        : [];
    if (!stat && matches.length === 0) missing.push(p);
    for (const m of matches) found.add(toRel(cwd, m));
  }
  const files = [...found].filter((f) => {
    if (!ignores.length) return true;
    const fromConfig = relative(configDir, resolve(cwd, f)).split('\\').join('/');
    return !micromatch.isMatch(fromConfig, ignores as string[], { dot: true });
  });
  return { files: files.sort(), missing };
}
