import { resolve } from 'node:path';
import { RunAnalysis } from '../analysis/analysis.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { applyDirectives, parseDirectives } from '../directives/directives.js';
import { decodeSource, readSource, type ReadOutcome } from '../files/read.js';
import { sqlLayout } from '../layouts/sql/index.js';
import type { Layout } from '../layouts/layout.js';
import { compareDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import type { Direction, Engine, Migration, Transactional } from '../model/migration.js';
import type { Comment, SourceFile } from '../model/source.js';
import { loadParsers } from '../sql/index.js';
import { runRules, type FileConfig } from './run.js';

export interface LintInput {
  /** Path relative to `cwd`, with forward slashes: how the file is shown and matched. */
  path: string;
  /** Content given directly (stdin); otherwise the file is read from disk. */
  text?: string;
}

export interface MigrationSummary {
  id: string;
  layout: string;
  engine: Engine;
  direction: Direction;
  transactional: Transactional;
  operations: number;
}

export interface LintResult {
  file: string;
  /** The file's text; undefined when it could not be read. */
  source: SourceFile | undefined;
  bom: boolean;
  diagnostics: Diagnostic[];
  migrations: MigrationSummary[];
}

export interface LintOptions {
  cwd: string;
  requireDirectiveReason?: boolean;
}

const collator = new Intl.Collator('en', { numeric: true });

export function compareOrderKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function layoutFor(_path: string): Layout {
  return sqlLayout;
}

function unreadable(path: string, reason: string): LintResult {
  const position = { line: 1, column: 1, offset: 0 };
  return {
    file: path,
    source: undefined,
    bom: false,
    migrations: [],
    diagnostics: [{ ruleId: 'unreadable-file', severity: 'error', message: `Cannot lint ${path}: ${reason}`, file: path, span: { start: position, end: position } }],
  };
}

/**
 * Lints files end to end: read, layout adapter, rules in migration order, directives.
 * Never throws for bad input: every problem becomes a diagnostic on its file.
 */
export async function lint(inputs: readonly LintInput[], config: ResolvedConfig, options: LintOptions): Promise<LintResult[]> {
  await loadParsers();
  const results = new Map<string, LintResult>();
  const perFile = new Map<string, { config: FileConfig; migrations: Migration[] }>();
  const all: Migration[] = [];

  const outcomes = await Promise.all(
    inputs.map(async (input): Promise<[LintInput, ReadOutcome]> => [
      input,
      input.text !== undefined ? decodeSource(input.path, new TextEncoder().encode(input.text)) : await readSource(resolve(options.cwd, input.path), input.path),
    ]),
  );
  for (const [input, outcome] of outcomes) {
    if (!outcome.ok) {
      results.set(input.path, unreadable(input.path, outcome.reason));
      continue;
    }
    const fileConfig = config.forFile(input.path, options.cwd);
    const result: LintResult = { file: input.path, source: outcome.source, bom: outcome.bom, diagnostics: [], migrations: [] };
    results.set(input.path, result);
    try {
      const out = layoutFor(input.path).load(outcome.source, { engine: fileConfig.settings.engine, assumeInTransaction: fileConfig.assumeInTransaction });
      result.diagnostics.push(...out.diagnostics);
      perFile.set(input.path, { config: fileConfig, migrations: out.migrations });
      all.push(...out.migrations);
    } catch (err) {
      result.diagnostics.push({
        ruleId: 'internal-error',
        severity: 'error',
        message: `Reading ${input.path} failed: ${(err as Error).message}`,
        file: input.path,
        span: outcome.source.span(0, 0),
      });
    }
  }

  const analysis = new RunAnalysis();
  all.sort((a, b) => compareOrderKeys(a.orderKey, b.orderKey));
  for (const m of all) {
    const entry = perFile.get(m.source.path)!;
    results.get(m.source.path)!.diagnostics.push(...runRules(m, config.registry, entry.config, analysis));
  }

  const known = new Set(config.registry.keys());
  for (const [path, entry] of perFile) {
    const result = results.get(path)!;
    const comments = new Map<number, Comment>();
    for (const m of entry.migrations) for (const c of m.comments) comments.set(c.span.start.offset, c);
    result.diagnostics = applyDirectives(result.source!, parseDirectives([...comments.values()]), result.diagnostics, {
      knownRuleIds: known,
      reportUnused: config.reportUnusedDirectives === 'off' ? 'off' : config.reportUnusedDirectives === 'error' ? 'error' : 'warning',
      requireReason: options.requireDirectiveReason ?? false,
    });
    result.migrations = entry.migrations.map((m) => ({
      id: m.id,
      layout: m.layout,
      engine: m.engine,
      direction: m.direction,
      transactional: m.transactional,
      operations: m.operations.length,
    }));
  }
  const sorted = [...results.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const r of sorted) r.diagnostics.sort(compareDiagnostics);
  return sorted;
}
