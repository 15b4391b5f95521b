import { RunAnalysis } from '../analysis/analysis.js';
import { DEFAULT_ENGINE_VERSION } from '../config/types.js';
import { runRules } from '../engine/run.js';
import type { Rule } from '../engine/rule.js';
import { applyFixes } from '../fix/apply.js';
import { plainSqlMigration } from '../layouts/sql/index.js';
import type { Diagnostic, Fix } from '../model/diagnostic.js';
import type { Direction, Engine } from '../model/migration.js';
import { SourceFile } from '../model/source.js';
import { loadParsers } from '../sql/index.js';

export interface ValidCase {
  name?: string;
  code: string;
  engine?: Engine;
  engineVersion?: number;
  options?: Record<string, unknown>;
  /** The migration runs inside a transaction (as Flyway or Alembic wrap it on PostgreSQL). */
  assumeInTransaction?: boolean;
  direction?: Direction;
  filename?: string;
  /** SQL of an earlier migration, replayed into the schema before the case (never linted). */
  before?: string;
  /** Size classes by table name, as config `tables` would give them. */
  tableSizes?: Record<string, 'large' | 'small'>;
}

export interface ExpectedError {
  messageId: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  data?: Record<string, string | number>;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** Text after applying every fix; `null` asserts there is no fix. Omit to not check. */
  output?: string | null;
}

type Describe = (name: string, fn: () => void) => void;
type It = (name: string, fn: () => Promise<void>) => void;

export class RuleTesterError extends Error {}

function fail(message: string): never {
  throw new RuleTesterError(message);
}

/**
 * Runs a rule over literal cases, like ESLint's RuleTester. Set `RuleTester.describe` and
 * `RuleTester.it` to the test framework's functions (vitest, node:test, mocha) once.
 */
export class RuleTester {
  static describe: Describe | undefined;
  static it: It | undefined;

  constructor(private readonly defaults: Omit<ValidCase, 'code' | 'name'> = {}) {}

  /** Lints one case and returns the rule's diagnostics (syntax errors fail the case). */
  async lintCase(rule: Rule<never>, c: ValidCase): Promise<{ diagnostics: Diagnostic[]; code: string }> {
    await loadParsers();
    const merged = { ...this.defaults, ...c };
    const engine = merged.engine ?? rule.meta.engines[0] ?? 'postgresql';
    const source = new SourceFile(merged.filename ?? 'migration.sql', c.code);
    const out = plainSqlMigration(source, { engine, assumeInTransaction: merged.assumeInTransaction });
    if (out.diagnostics.length) fail(`case does not parse: ${out.diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.message}`).join('; ')}`);
    const registry = new Map([[rule.meta.id, rule]]);
    const config = {
      rules: new Map([[rule.meta.id, { level: 'error' as const, options: merged.options ?? {} }]]),
      settings: { engine, engineVersion: merged.engineVersion ?? DEFAULT_ENGINE_VERSION[engine] },
    };
    const engineVersion = merged.engineVersion ?? DEFAULT_ENGINE_VERSION[engine];
    const analysis = new RunAnalysis({ engineVersion: () => engineVersion, tableSize: (t) => merged.tableSizes?.[t.name] ?? 'unknown' });
    const diagnostics: Diagnostic[] = [];
    if (merged.before !== undefined) {
      const earlier = plainSqlMigration(new SourceFile('earlier.sql', merged.before), { engine, assumeInTransaction: merged.assumeInTransaction });
      if (earlier.diagnostics.length) fail(`\`before\` does not parse: ${earlier.diagnostics[0]!.message}`);
      analysis.enter(earlier.migration);
      for (const op of earlier.migration.operations) analysis.advance(op);
    }
    const m = out.migration;
    if (merged.direction) m.direction = merged.direction;
    diagnostics.push(...runRules(m, registry, config, analysis));
    const internal = diagnostics.find((d) => d.ruleId === 'internal-error');
    if (internal) fail(internal.message);
    return { diagnostics, code: c.code };
  }

  run(rule: Rule<never>, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
    const describe = RuleTester.describe ?? fail('RuleTester.describe is not set (assign your test framework\'s describe)');
    const it = RuleTester.it ?? fail('RuleTester.it is not set (assign your test framework\'s it)');
    const seen = new Set<string>();
    const key = (c: ValidCase) => JSON.stringify({ ...this.defaults, ...c, name: undefined, errors: undefined, output: undefined });
    const title = (c: ValidCase) => c.name ?? c.code.replace(/\s+/g, ' ').slice(0, 80);
    for (const c of [...cases.valid, ...cases.invalid]) {
      const k = key(c);
      if (seen.has(k)) fail(`${rule.meta.id}: duplicate test case: ${title(c)}`);
      seen.add(k);
    }
    if (!cases.valid.length || !cases.invalid.length) fail(`${rule.meta.id}: a rule needs both valid and invalid cases`);

    describe(rule.meta.id, () => {
      describe('valid', () => {
        for (const c of cases.valid) {
          it(title(c), async () => {
            const { diagnostics } = await this.lintCase(rule, c);
            if (diagnostics.length) fail(`expected no problems, got:\n${diagnostics.map((d) => `  ${d.span.start.line}:${d.span.start.column} ${d.message}`).join('\n')}`);
          });
        }
      });
      describe('invalid', () => {
        for (const c of cases.invalid) {
          it(title(c), async () => {
            if (!c.errors.length) fail('an invalid case needs at least one expected error');
            const { diagnostics } = await this.lintCase(rule, c);
            this.check(rule, c, diagnostics);
          });
        }
      });
    });
  }

  private check(rule: Rule<never>, c: InvalidCase, diagnostics: Diagnostic[]): void {
    const show = (d: Diagnostic) => `${d.span.start.line}:${d.span.start.column} ${d.message}`;
    if (diagnostics.length !== c.errors.length) {
      fail(`expected ${c.errors.length} problem(s), got ${diagnostics.length}:\n${diagnostics.map(show).join('\n')}`);
    }
    c.errors.forEach((e, i) => {
      const d = diagnostics[i]!;
      const template = rule.meta.messages[e.messageId] ?? fail(`unknown messageId '${e.messageId}' in the test`);
      const got = { line: d.span.start.line, column: d.span.start.column, endLine: d.span.end.line, endColumn: d.span.end.column };
      const want = { line: e.line, column: e.column, endLine: e.endLine ?? got.endLine, endColumn: e.endColumn ?? got.endColumn };
      if (JSON.stringify(got) !== JSON.stringify(want)) fail(`problem ${i + 1}: expected at ${JSON.stringify(want)}, got ${JSON.stringify(got)}: ${d.message}`);
      const prefix = template.split('{{')[0]!;
      if (!d.message.startsWith(prefix)) fail(`problem ${i + 1}: expected messageId '${e.messageId}', got message: ${d.message}`);
      if (e.data) {
        const expected = template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (m, k: string) => (k in e.data! ? String(e.data![k]) : m));
        if (d.message !== expected) fail(`problem ${i + 1}: expected message '${expected}', got '${d.message}'`);
      }
    });
    if (c.output !== undefined) {
      const fixes = diagnostics.map((d) => d.fix).filter((f): f is Fix => !!f);
      if (c.output === null) {
        if (fixes.length) fail('expected no fix');
      } else {
        const { output } = applyFixes(c.code, fixes);
        if (output !== c.output) fail(`fix output differs:\n--- expected\n${c.output}\n--- got\n${output}`);
      }
    }
  }
}
