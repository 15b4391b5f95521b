import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { lint, resolveConfig, type LintResult, type Rule, type UserConfig } from '@migralint/core';
import { rules } from '@migralint/rules';
import { SETUP_SQL, sharedCase } from './shared-cases.js';

/** Lints a project written into a fresh temp directory (paths relative to it). */
export async function lintProject(files: Record<string, string>, config: UserConfig = {}, paths: string[] = ['.']): Promise<LintResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'migralint-case-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const resolved = resolveConfig({ file: undefined, dir, config }, rules as unknown as Rule<never>[]);
  return lint(paths.map((path) => ({ path })), resolved, { cwd: dir });
}

/** Rule ids (sorted) that plain SQL reports for a shared case, with the setup as an earlier migration. */
export async function sqlRuleIds(caseId: string, config: UserConfig = {}): Promise<string[]> {
  const c = sharedCase(caseId);
  const results = await lintProject({ '001_setup.sql': SETUP_SQL, '002_case.sql': c.sql }, { assumeInTransaction: !c.nonTransactional, ...config });
  const ids = results.find((r) => r.file === '002_case.sql')!.diagnostics.map((d) => d.ruleId);
  return [...new Set(ids)].sort();
}

export interface LayoutCase {
  /** The project files in the layout's form: setup migration, case migration, tool config. */
  files: Record<string, string>;
  /** The file holding the case migration and the 1-based line its findings must point at. */
  file: string;
  line: number;
  config?: UserConfig;
}

/**
 * Asserts that a layout's rendering of a shared case reports exactly the rule ids that the SQL
 * form reports, every one of them on `line` of `file` — and nothing for safe cases.
 */
export async function expectSameAsSql(caseId: string, layoutCase: LayoutCase): Promise<void> {
  const expected = await sqlRuleIds(caseId);
  const c = sharedCase(caseId);
  if (c.safe) expect(expected).toEqual([]);
  else expect(expected.length).toBeGreaterThan(0);
  const results = await lintProject(layoutCase.files, layoutCase.config);
  const all = results.flatMap((r) => r.diagnostics);
  const problems = all.filter((d) => ['syntax-error', 'unreadable-file', 'layout-error', 'internal-error'].includes(d.ruleId));
  expect(problems.map((d) => `${d.file}:${d.span.start.line} ${d.message}`)).toEqual([]);
  const found = all.filter((d) => d.file === layoutCase.file && d.ruleId !== 'opaque-code' && d.ruleId !== 'unused-directive');
  expect([...new Set(found.map((d) => d.ruleId))].sort()).toEqual(expected);
  for (const d of found) expect(`${d.ruleId}@${d.span.start.line}`).toBe(`${d.ruleId}@${layoutCase.line}`);
}
