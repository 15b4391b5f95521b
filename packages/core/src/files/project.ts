import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import micromatch from 'micromatch';
import { glob } from 'tinyglobby';
import { decodeSource, readSource, type ReadOutcome } from './read.js';

const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

/**
 * The project as layouts see it: paths relative to the working directory with forward
 * slashes, `.gitignore` and the config's `ignores` respected, every read cached once.
 */
export class Project {
  private readonly reads = new Map<string, Promise<ReadOutcome>>();
  private readonly gitignores = new Map<string, Ignore | null>();

  constructor(
    readonly cwd: string,
    /** micromatch globs relative to `ignoresBase`. */
    private readonly ignores: readonly string[] = [],
    private readonly ignoresBase: string = cwd,
    /** Content supplied directly (stdin), by relative path. */
    private readonly supplied: ReadonlyMap<string, string> = new Map(),
  ) {}

  rel(p: string): string {
    return relative(this.cwd, isAbsolute(p) ? p : resolve(this.cwd, p)).split('\\').join('/') || '.';
  }

  abs(p: string): string {
    return resolve(this.cwd, p);
  }

  isSupplied(p: string): boolean {
    return this.supplied.has(this.rel(p));
  }

  exists(p: string): boolean {
    return this.supplied.has(this.rel(p)) || existsSync(this.abs(p));
  }

  isDirectory(p: string): boolean {
    try {
      return statSync(this.abs(p)).isDirectory();
    } catch {
      return false;
    }
  }

  /** Reads a file once per run; binary, non-UTF-8 and missing files come back as reasons. */
  read(p: string): Promise<ReadOutcome> {
    const key = this.rel(p);
    let r = this.reads.get(key);
    if (!r) {
      const text = this.supplied.get(key);
      r = text !== undefined ? Promise.resolve(decodeSource(key, new TextEncoder().encode(text))) : readSource(this.abs(key), key);
      this.reads.set(key, r);
    }
    return r;
  }

  /** Reads a small text file (a layout's own config) without the migration checks. */
  async readText(p: string): Promise<string | undefined> {
    try {
      return await readFile(this.abs(p), 'utf8');
    } catch {
      return undefined;
    }
  }

  isIgnored(p: string): boolean {
    const rel = this.rel(p);
    if (this.ignores.length) {
      const fromBase = relative(this.ignoresBase, this.abs(rel)).split('\\').join('/');
      if (micromatch.isMatch(fromBase, this.ignores as string[], { dot: true })) return true;
    }
    return this.isGitIgnored(rel);
  }

  private gitignoreAt(dir: string): Ignore | null {
    let ig = this.gitignores.get(dir);
    if (ig === undefined) {
      const file = join(this.abs(dir), '.gitignore');
      ig = null;
      if (existsSync(file)) {
        try {
          // Read synchronously: a handful of small files, cached per directory.
          ig = ignore().add(readFileSync(file, 'utf8'));
        } catch {
          ig = null;
        }
      }
      this.gitignores.set(dir, ig);
    }
    return ig;
  }

  private isGitIgnored(rel: string): boolean {
    if (rel.startsWith('../')) return false;
    // Check every .gitignore from the working directory down to the file's directory.
    let dir = dirname(rel);
    const dirs: string[] = [];
    for (;;) {
      dirs.push(dir);
      if (dir === '.' || dir === '/' || dir === '') break;
      dir = dirname(dir);
    }
    for (const d of dirs.reverse()) {
      const ig = this.gitignoreAt(d);
      if (!ig) continue;
      const sub = d === '.' ? rel : rel.slice(d.length + 1);
      if (sub && ig.ignores(sub)) return true;
    }
    return false;
  }

  /** All files below a directory (relative to cwd), minus ignored ones, sorted. */
  async list(dir: string, patterns: readonly string[] = ['**/*']): Promise<string[]> {
    const found = await glob(patterns as string[], { cwd: this.abs(dir), ignore: ALWAYS_IGNORED, absolute: true, dot: true });
    return found.map((f) => this.rel(f)).filter((f) => !this.isIgnored(f)).sort();
  }

  /**
   * The directories directly below `dir` (relative to cwd), minus ignored ones, sorted. Layouts
   * whose migrations are folders (Prisma, diesel) need them to see a folder that lacks its script.
   */
  subdirectories(dir: string): string[] {
    let names: string[];
    try {
      names = readdirSync(this.abs(dir), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      return [];
    }
    return names
      .filter((n) => n !== 'node_modules' && n !== '.git')
      .map((n) => (dir === '.' ? n : `${dir}/${n}`))
      .filter((d) => !this.isIgnored(`${d}/`) && !this.isIgnored(d))
      .sort();
  }

  async globFiles(pattern: string): Promise<string[]> {
    const found = await glob([pattern], { cwd: this.cwd, ignore: ALWAYS_IGNORED, absolute: true });
    return found.map((f) => this.rel(f)).filter((f) => !this.isIgnored(f)).sort();
  }
}

