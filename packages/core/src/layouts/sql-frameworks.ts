/**
 * Helpers shared by the layouts of SQL-file frameworks (Flyway, Prisma, golang-migrate, goose,
 * dbmate, sqitch, diesel, sqlx, refinery): reading files as diagnostics instead of throwing,
 * engines from connection URLs, `.env` files, and the transaction facts that several tools share.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Engine, Migration, MigrationHints, Transactional } from '../model/migration.js';
import type { Operation } from '../model/operation.js';
import type { SourceFile, Span } from '../model/source.js';
import type { Project } from '../files/project.js';
import { parse as parseToml } from 'smol-toml';
import { parseSql } from '../sql/index.js';
import type { SqlInput } from '../sql/types.js';
import { layoutDiagnostic, type LayoutFileSettings, type LayoutOutput } from './layout.js';
import type { MigrationInit } from './sql/index.js';

/** What a tool's own configuration says about the database. */
export interface ToolEngine {
  engine?: Engine;
  /** A database migralint has no dialect for (SQL Server, Oracle …): its name, for the message. */
  unsupported?: string;
  /** Where the engine was read, for messages: `flyway.conf (flyway.url)`. */
  origin?: string;
}

/**
 * Maps a connection URL (JDBC, libpq, Go/Rust drivers, Prisma providers) to an engine.
 * Returns undefined when the URL names no database at all (an unexpanded `${ENV}` …).
 */
export function engineFromUrl(raw: string): ToolEngine | undefined {
  const url = raw.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!url || url.startsWith('${') || url.startsWith('env(')) return undefined;
  const scheme = /^(?:jdbc:)?(?:tc:)?([a-z0-9+]+):/.exec(url)?.[1];
  if (!scheme) return url.endsWith('.db') || url.endsWith('.sqlite') || url.endsWith('.sqlite3') ? { engine: 'sqlite' } : undefined;
  if (['postgres', 'postgresql', 'pgx', 'pgx4', 'pgx5', 'cockroach', 'cockroachdb', 'crdb', 'redshift', 'yugabytedb', 'pg'].includes(scheme)) return { engine: 'postgresql' };
  if (['mysql', 'mariadb', 'mysql2', 'tidb'].includes(scheme)) return { engine: 'mysql' };
  if (['sqlite', 'sqlite3', 'file', 'libsql'].includes(scheme)) return { engine: 'sqlite' };
  return { unsupported: scheme };
}

/** A provider or engine name (`postgresql`, `pg`, `mysql`, `sqlite`, `sqlserver` …) as an engine. */
export function engineFromName(raw: string): ToolEngine | undefined {
  const name = raw.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!name) return undefined;
  if (['postgresql', 'postgres', 'pg', 'pgx', 'cockroachdb', 'cockroach', 'redshift'].includes(name)) return { engine: 'postgresql' };
  if (['mysql', 'mariadb', 'tidb'].includes(name)) return { engine: 'mysql' };
  if (['sqlite', 'sqlite3'].includes(name)) return { engine: 'sqlite' };
  return { unsupported: name };
}

/** Reads `KEY=value` lines of a dotenv file (quotes stripped, `export` and comments ignored). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let v = m[2]!;
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, '');
    out[m[1]!] = v;
  }
  return out;
}

/** Parent directories of `dir` up to the working directory, nearest first (`dir` included). */
export function ancestors(dir: string): string[] {
  const out: string[] = [];
  let d = dir;
  for (;;) {
    out.push(d);
    if (d === '.' || d === '' || d.startsWith('..') || d === '/') break;
    const i = d.lastIndexOf('/');
    d = i < 0 ? '.' : d.slice(0, i) || '/';
  }
  return out;
}

export function join(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The engine that `DATABASE_URL` (or another variable) names in the nearest `.env` above `dir`. */
export async function engineFromEnv(project: Project, dir: string, names: readonly string[]): Promise<ToolEngine | undefined> {
  for (const d of ancestors(dir)) {
    const file = join(d, '.env');
    const text = await project.readText(file);
    if (text === undefined) continue;
    const env = parseEnvFile(text);
    for (const n of names) {
      const e = env[n] !== undefined ? engineFromUrl(env[n]!) : undefined;
      if (e) return { ...e, origin: `${file} (${n})` };
    }
  }
  return undefined;
}

/** The engine a set is linted as: the user's explicit choice wins, then the tool's config, then the default. */
export function chooseEngine(settings: LayoutFileSettings, tool: ToolEngine | undefined): { engine: Engine; unsupported?: string } {
  if (settings.engineExplicit || !tool) return { engine: settings.engine };
  if (tool.engine) return { engine: tool.engine };
  return tool.unsupported ? { engine: settings.engine, unsupported: tool.unsupported } : { engine: settings.engine };
}

/** Reads a migration file; an unreadable one becomes a diagnostic. Records the source for code frames. */
export async function readMigrationFile(project: Project, file: string, out: LayoutOutput): Promise<SourceFile | undefined> {
  const read = await project.read(file);
  if (!read.ok) {
    out.diagnostics.push(layoutDiagnostic('unreadable-file', file, `Cannot lint ${file}: ${read.reason}`));
    return undefined;
  }
  out.sources.push({ source: read.source, bom: read.bom });
  return read.source;
}

/**
 * Builds a migration from SQL taken from a file: a section (`base`) or a rewritten copy whose
 * offsets `mapOffset` maps back (Flyway placeholders). Syntax errors point into the original file.
 */
export function buildSqlMigration(
  source: SourceFile,
  engine: Engine,
  init: MigrationInit,
  input: Omit<SqlInput, 'file'>,
  hints?: MigrationHints,
): { migration: Migration; diagnostics: Diagnostic[] } {
  // An empty section (a down block with nothing in it) has no statements; the parsers would call it an error.
  const parsed = input.sql.trim() === '' ? { operations: [], comments: [], problems: [] } : parseSql(engine, { file: source, ...input });
  const migration: Migration = { ...init, source, engine, operations: [], comments: parsed.comments };
  if (hints) migration.hints = hints;
  migration.operations = parsed.operations.map((op) => ({ ...op, migration }) as Operation);
  const diagnostics = parsed.problems.map((p) => ({
    ...layoutDiagnostic('syntax-error', source.path, `Syntax error: ${p.message}`, p.span),
    migrationId: migration.id,
    direction: migration.direction,
  }));
  return { migration, diagnostics };
}

export interface StatementInfo {
  span: Span;
  /** Upper-cased leading words with comments removed, for prefix tests (`CREATE INDEX CONCURRENTLY`). */
  words: string;
  ops: Operation[];
}

/** The statements of a migration in order, from its operations (each statement yields at least one). */
export function statementsOf(m: Migration): StatementInfo[] {
  const byStart = new Map<number, StatementInfo>();
  for (const op of m.operations) {
    const span = op.sql?.statementSpan ?? op.span;
    let s = byStart.get(span.start.offset);
    if (!s) {
      const text = m.source.text.slice(span.start.offset, span.end.offset);
      s = { span, words: normalizeWords(text), ops: [] };
      byStart.set(span.start.offset, s);
    }
    s.ops.push(op);
  }
  return [...byStart.values()].sort((a, b) => a.span.start.offset - b.span.start.offset);
}

function normalizeWords(text: string): string {
  return text
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .slice(0, 400)
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

/**
 * Transaction state of a script that its tool sends to the server as ONE query string without a
 * transaction of its own (golang-migrate, dbmate `transaction:false`, sqlx `-- no-transaction`,
 * diesel `run_in_transaction = false`, Prisma's fallback). PostgreSQL runs a multi-statement simple
 * query as one implicit transaction block, so CREATE INDEX CONCURRENTLY fails there unless it is the
 * only statement (PostgreSQL protocol docs, "Multiple Statements in a Simple Query"; checked with
 * PGlite: `SELECT 1; CREATE INDEX CONCURRENTLY …` fails with "cannot run inside a transaction block").
 * MySQL and SQLite have no such implicit block.
 */
export function batchTransactional(engine: Engine, statementCount: number): Transactional {
  return engine === 'postgresql' && statementCount > 1 ? 'yes' : 'no';
}

export const BATCH_EXPLANATION =
  'PostgreSQL runs several statements sent as one query in a single implicit transaction block';

/** Number of statements in a migration, counting statements that failed to parse. */
export function statementCount(m: Migration, syntaxErrors: number): number {
  return statementsOf(m).length + syntaxErrors;
}

/**
 * Normalises a dotted version for ordering with a numeric collation: `_` becomes `.`, leading
 * zeros go, trailing `.0` parts go (Flyway: 1.0 equals 1). Returns undefined for non-numeric parts.
 */
export function normalizeVersion(v: string): string | undefined {
  const parts = v.replace(/_/g, '.').split('.');
  if (!parts.every((p) => /^\d+$/.test(p))) return undefined;
  const nums = parts.map((p) => p.replace(/^0+(?=\d)/, ''));
  while (nums.length > 1 && nums[nums.length - 1] === '0') nums.pop();
  return nums.join('.');
}

/** Order-key group: versioned up migrations, then repeatable ones, then down/undo/revert/verify code. */
export const GROUP = { up: 0, repeatable: 1, down: 2 } as const;

/** Shorthand for the diagnostics a layout adds about one migration. */
export function migrationDiagnostic(
  ruleId: 'layout-error' | 'opaque-code' | 'syntax-error',
  m: Pick<Migration, 'id' | 'direction'> & { source: SourceFile },
  message: string,
  span?: Span,
): Diagnostic {
  return { ...layoutDiagnostic(ruleId, m.source.path, message, span), migrationId: m.id, direction: m.direction };
}

/** Span of the first line of a file (for diagnostics about a file as a whole). */
export function firstLineSpan(source: SourceFile): Span {
  const nl = source.text.search(/\r?\n/);
  return source.span(0, nl < 0 ? source.text.length : nl);
}

/** Span of the line that contains `offset`. */
export function lineSpanAt(source: SourceFile, offset: number): Span {
  const pos = source.positionAt(offset);
  const start = source.lineOffset(pos.line);
  const rest = source.text.slice(start);
  const nl = rest.search(/\r?\n|\r/);
  return source.span(start, nl < 0 ? source.text.length : start + nl);
}

/** An opaque migration (Java, Go, Rust code): the linter cannot see into it, and says so. */
export function opaqueMigration(source: SourceFile, engine: Engine, init: MigrationInit, reason: string): { migration: Migration; diagnostic: Diagnostic } {
  const migration: Migration = { ...init, source, engine, operations: [], comments: [] };
  const span = firstLineSpan(source);
  migration.operations = [{ kind: 'opaque', reason, span, migration }];
  return { migration, diagnostic: migrationDiagnostic('opaque-code', migration, reason, span) };
}

/**
 * The engine for a set, or undefined when the tool's config names a database migralint has no
 * dialect for: then a layout-error says so (on `file`) and the set is not linted as another dialect.
 */
export function setEngine(settings: LayoutFileSettings, tool: ToolEngine | undefined, out: LayoutOutput, file: string, tooling: string): Engine | undefined {
  const choice = chooseEngine(settings, tool);
  if (!choice.unsupported) return choice.engine;
  out.diagnostics.push(
    layoutDiagnostic(
      'layout-error',
      file,
      `${tooling} targets '${choice.unsupported}'${tool?.origin ? ` (${tool.origin})` : ''}, which migralint does not support (PostgreSQL, MySQL/MariaDB and SQLite only): these migrations are not linted. Pass --engine to lint them as one of those dialects anyway.`,
    ),
  );
  return undefined;
}

/** Transaction state of a tool that wraps each migration in a transaction: MySQL commits DDL implicitly. */
export function wrappedTransactional(engine: Engine): Transactional {
  return engine === 'mysql' ? 'no' : 'yes';
}

export function wrappedExplanation(tool: string, engine: Engine): string {
  return engine === 'mysql'
    ? `${tool} opens a transaction, but MySQL commits every DDL statement implicitly, so schema changes run outside it.`
    : `${tool} runs this migration inside a transaction.`;
}

export interface Line {
  /** Offset of the first character of the line. */
  start: number;
  /** Offset just past the line's text (before its line break). */
  end: number;
  /** Offset of the next line (after the line break). */
  next: number;
  text: string;
}

/** The lines of a text with their offsets (LF, CRLF and CR breaks). */
export function linesOf(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ start, end: m.index, next: m.index + m[0].length, text: text.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  if (start < text.length || out.length === 0) out.push({ start, end: text.length, next: text.length, text: text.slice(start) });
  return out;
}

/** A value's span inside a line of a source file. */
export function spanOfLine(source: SourceFile, line: Line): Span {
  return source.span(line.start, line.end);
}

/** A Rust dependency as the nearest Cargo.toml at or above `dir` declares it (any table of dependencies). */
export interface CargoDependency {
  manifest: string;
  features: string[];
}

export async function cargoDependency(project: Project, dir: string, crate: string): Promise<CargoDependency | undefined> {
  for (const d of ancestors(dir)) {
    const manifest = join(d, 'Cargo.toml');
    const text = await project.readText(manifest);
    if (text === undefined) continue;
    let doc: Record<string, unknown>;
    try {
      doc = parseToml(text) as Record<string, unknown>;
    } catch {
      continue;
    }
    const tables: unknown[] = [doc.dependencies, doc['dev-dependencies'], doc['build-dependencies'], (doc.workspace as Record<string, unknown> | undefined)?.dependencies];
    for (const t of Object.values((doc.target as Record<string, Record<string, unknown>>) ?? {})) tables.push(t.dependencies);
    for (const t of tables) {
      const dep = (t as Record<string, unknown> | undefined)?.[crate];
      if (dep === undefined) continue;
      const features = typeof dep === 'object' && dep && Array.isArray((dep as { features?: unknown }).features) ? ((dep as { features: unknown[] }).features.map(String)) : [];
      return { manifest, features };
    }
  }
  return undefined;
}

/** The engine a Rust crate's features select (`postgres`, `tokio-postgres`, `mysql`, `sqlite`, `rusqlite` …). */
export function engineFromFeatures(dep: CargoDependency | undefined, crate: string): ToolEngine | undefined {
  if (!dep) return undefined;
  const f = dep.features.map((x) => x.toLowerCase());
  const has = (re: RegExp) => f.some((x) => re.test(x));
  const engines = [has(/postgres|^pg$/) && 'postgresql', has(/mysql|mariadb/) && 'mysql', has(/sqlite|libsql|turso/) && 'sqlite'].filter(Boolean) as Engine[];
  if (engines.length !== 1) return has(/mssql|tiberius/) && !engines.length ? { unsupported: 'mssql', origin: `${dep.manifest} (${crate} features)` } : undefined;
  return { engine: engines[0]!, origin: `${dep.manifest} (${crate} features)` };
}

/** Groups the files that `claims` accepts by their directory, in the order they come. */
export function filesByDir(files: readonly string[], claims: (file: string) => boolean): Map<string, string[]> {
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    if (!claims(f)) continue;
    const d = dirOf(f);
    byDir.set(d, [...(byDir.get(d) ?? []), f]);
  }
  return byDir;
}

/** What a tool says when it runs a script without a transaction: as one query of several statements, or otherwise. */
export interface UnwrappedWording {
  batched: (count: number) => string;
  plain: string;
}

/**
 * Sets the transaction state of a migration that its tool either wraps in a transaction
 * (`unwrapped` undefined) or sends as one query, then adds it and its diagnostics to `out`.
 */
export function addScriptMigration(
  built: { migration: Migration; diagnostics: Diagnostic[] },
  engine: Engine,
  tool: string,
  unwrapped: UnwrappedWording | undefined,
  out: LayoutOutput,
): void {
  const { migration } = built;
  if (!unwrapped) {
    migration.transactional = wrappedTransactional(engine);
    migration.hints!.transaction = wrappedExplanation(tool, engine);
  } else {
    const count = statementCount(migration, built.diagnostics.length);
    migration.transactional = batchTransactional(engine, count);
    migration.hints!.transaction = migration.transactional === 'yes' ? unwrapped.batched(count) : unwrapped.plain;
  }
  out.migrations.push(migration);
  out.diagnostics.push(...built.diagnostics);
}
