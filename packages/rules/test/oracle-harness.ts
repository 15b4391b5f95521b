/*
 * The machinery the oracle tests (oracle*.test.ts) share: one PGlite database per test file,
 * loaded with the file's fixture; running statements inside BEGIN … ROLLBACK and reading what they
 * did (pg_locks, pg_class.relfilenode, pg_stat_xact_user_tables.seq_scan) before the rollback; and
 * linting the same statements as the migration after the fixture, so that rule messages, the
 * analysis layer and PostgreSQL cannot drift apart silently.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { loadParsers, parseSql, RunAnalysis, runRules, SourceFile, type Diagnostic, type Migration, type Operation, type Rule, type Transactional } from '@migralint/core';
import { rules } from '../src/index.js';

// PostgreSQL's table lock modes, weakest first.
export const MODES = ['ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'];

/** A pg_locks mode ("AccessExclusiveLock") in SQL spelling ("ACCESS EXCLUSIVE"). */
export const sqlMode = (m: string) => m.replace(/Lock$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
/** The strongest of `modes` (SQL spelling), or undefined for none. */
export const strongest = (modes: readonly string[] | undefined) => [...(modes ?? [])].sort((a, b) => MODES.indexOf(b) - MODES.indexOf(a))[0];
/** `modes` without repeats, strongest first. */
export const strongestFirst = (modes: readonly string[] | undefined) => [...new Set(modes)].sort((a, b) => MODES.indexOf(b) - MODES.indexOf(a));

/** A built-in rule, looked up by id in the `rules` registry. */
export function rule(id: string): Rule {
  const found = rules.find((r) => r.meta.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

export interface Observed {
  /** Lock modes held per watched relation, in SQL spelling ("ACCESS EXCLUSIVE"). */
  locks: Record<string, string[]>;
  /** Relations whose relfilenode changed (rewritten) or that are gone. */
  rewritten: string[];
  /** Tables read by a sequential scan. */
  scanned: string[];
  error?: string;
}

/** What the analysis layer says one operation does. */
export type Effect = ReturnType<RunAnalysis['effect']>;

export interface LintOptions {
  engineVersion?: number;
  transactional?: Transactional;
}

export interface OracleOptions {
  /** Run once on the fresh database; also linted as the migration before the one under test. */
  fixture: string;
  /** Relations whose locks, rewrites and scans `observe` reports. */
  watched?: string[];
  pglite?: PGliteOptions;
  /**
   * Whether a watched relation whose OID is gone is looked up again by name to compare its
   * relfilenode (an index on an altered column comes back under a new OID even when its storage
   * is reused); otherwise it counts as rewritten.
   */
  findGoneByName?: boolean;
}

/** Builds a migration of `text`, parsed as PostgreSQL. */
export function migration(path: string, text: string, transactional: Transactional): Migration {
  const source = new SourceFile(path, text);
  const parsed = parseSql('postgresql', { file: source, sql: text });
  if (parsed.problems.length) throw new Error(parsed.problems[0]!.message);
  const m: Migration = { id: path, source, layout: 'sql', engine: 'postgresql', orderKey: [path], direction: 'up', transactional, operations: [], comments: [] };
  m.operations = parsed.operations.map((op) => ({ ...op, migration: m }) as Operation);
  return m;
}

/**
 * One PGlite database for the calling test file, created now and loaded with `fixture` before its
 * tests (closed after them), and the helpers that run and lint statements against it. Call it at
 * the top level of the test file.
 */
export function oracle({ fixture, watched = [], pglite, findGoneByName = false }: OracleOptions) {
  const db = new PGlite(pglite);

  beforeAll(async () => {
    await loadParsers();
    await db.exec(fixture);
  });

  afterAll(async () => {
    await db.close();
  });

  const one = async <T>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows[0]!;

  /** Runs SQL outside any transaction block; returns the error message, if any. */
  async function run(sql: string): Promise<string | undefined> {
    try {
      await db.exec(sql);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }

  /** Runs `fn` inside BEGIN … ROLLBACK. */
  async function rolledBack<T>(fn: () => Promise<T>): Promise<T> {
    await db.exec('BEGIN');
    try {
      return await fn();
    } finally {
      await db.exec('ROLLBACK');
    }
  }

  /** Lock modes this session holds on a table right now, in SQL spelling. */
  async function held(table: string): Promise<string[]> {
    const rows = (await db.query<{ mode: string }>('SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND relation = $1::regclass AND granted', [table])).rows;
    return rows.map((r) => sqlMode(r.mode));
  }

  /** Sequential scans of `table` in the current transaction. */
  async function seqScan(table: string): Promise<number> {
    return Number((await db.query<{ n: number }>('SELECT seq_scan AS n FROM pg_stat_xact_user_tables WHERE relname = $1', [table])).rows[0]?.n ?? 0);
  }

  async function relfilenode(table: string): Promise<number> {
    return Number((await one<{ r: number }>('SELECT relfilenode AS r FROM pg_class WHERE relname = $1', [table])).r);
  }

  async function seqScans(names: Map<number, string>): Promise<Map<string, number>> {
    const rows = (await db.query<{ relid: number; seq_scan: number }>('SELECT relid, seq_scan FROM pg_stat_xact_user_tables')).rows;
    return new Map(rows.filter((r) => names.has(r.relid)).map((r) => [names.get(r.relid)!, Number(r.seq_scan)]));
  }

  /**
   * Runs `statements` in one transaction after `setup` (whose scans are not counted; its locks are),
   * records what they did to the watched relations, optionally runs `inspect` before the rollback,
   * and rolls back.
   */
  async function observe(statements: string[], setup: string[] = [], inspect?: () => Promise<void>): Promise<Observed> {
    const rels = (await db.query<{ oid: number; relname: string; relfilenode: number }>('SELECT oid, relname, relfilenode FROM pg_class WHERE relname = ANY($1)', [watched])).rows;
    const names = new Map(rels.map((r) => [r.oid, r.relname]));
    const out: Observed = { locks: {}, rewritten: [], scanned: [] };
    await db.exec('BEGIN');
    try {
      for (const s of setup) await db.exec(s);
      const before = await seqScans(names);
      for (const s of statements) await db.exec(s);
      for (const l of (await db.query<{ relation: number; mode: string }>('SELECT relation, mode FROM pg_locks WHERE pid = pg_backend_pid() AND relation IS NOT NULL')).rows) {
        const name = names.get(l.relation);
        if (name) (out.locks[name] ??= []).push(sqlMode(l.mode));
      }
      for (const r of rels) {
        const now =
          (await db.query<{ relfilenode: number }>('SELECT relfilenode FROM pg_class WHERE oid = $1', [r.oid])).rows[0] ??
          (findGoneByName ? (await db.query<{ relfilenode: number }>('SELECT relfilenode FROM pg_class WHERE relname = $1', [r.relname])).rows[0] : undefined);
        if (now?.relfilenode !== r.relfilenode) out.rewritten.push(r.relname);
      }
      for (const [name, n] of await seqScans(names)) if (n > (before.get(name) ?? 0)) out.scanned.push(name);
      await inspect?.();
    } catch (err) {
      out.error = (err as Error).message;
    } finally {
      await db.exec('ROLLBACK');
    }
    return out;
  }

  /** The rule's findings on `sql`, run as the migration after the fixture (whose tables therefore exist). */
  function lint(ruleOrId: Rule | string, sql: string, opts: LintOptions = {}): Diagnostic[] {
    const r = typeof ruleOrId === 'string' ? rule(ruleOrId) : ruleOrId;
    const registry = new Map([[r.meta.id, r as Rule<never>]]);
    const engineVersion = opts.engineVersion ?? 18;
    const config = { rules: new Map([[r.meta.id, { level: 'error' as const, options: {} }]]), settings: { engine: 'postgresql' as const, engineVersion } };
    const analysis = new RunAnalysis({ engineVersion: () => engineVersion });
    runRules(migration('V1__fixture.sql', fixture, 'yes'), registry, config, analysis);
    return runRules(migration('V2__change.sql', sql, opts.transactional ?? 'unknown'), registry, config, analysis);
  }

  /** The message of the rule's one finding on `sql` (see `lint`); fails unless there is exactly one. */
  function message(ruleOrId: Rule | string, sql: string, opts?: LintOptions): string {
    const found = lint(ruleOrId, sql, opts);
    expect(found, `${typeof ruleOrId === 'string' ? ruleOrId : ruleOrId.meta.id} on ${sql}`).toHaveLength(1);
    return found[0]!.message;
  }

  /** The analysis layer's effect of each operation of `sql`, run as the migration after the fixture. */
  function effects(sql: string, engineVersion = 18): Effect[] {
    const analysis = new RunAnalysis({ engineVersion: () => engineVersion });
    const before = migration('V1__fixture.sql', fixture, 'yes');
    analysis.enter(before);
    for (const op of before.operations) analysis.advance(op);
    const m = migration('V2__change.sql', sql, 'unknown');
    analysis.enter(m);
    return m.operations.map((op) => {
      const effect = analysis.effect(op);
      analysis.advance(op);
      return effect;
    });
  }

  /** The strongest table lock per relation that the analysis layer claims for `sql` after the fixture. */
  function claimed(sql: string, engineVersion = 18): Record<string, string> {
    const out: Record<string, string> = {};
    for (const effect of effects(sql, engineVersion)) for (const l of effect.locks) out[l.relation.name] = strongest([l.mode, out[l.relation.name] ?? 'ACCESS SHARE'])!;
    return out;
  }

  return { db, one, run, rolledBack, held, seqScan, relfilenode, observe, lint, message, effects, claimed };
}
