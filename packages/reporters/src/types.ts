import type { LintResult, RuleMeta } from '@migralint/core';

export interface ReporterContext {
  /** Absolute working directory; file paths in results are relative to it, with forward slashes. */
  cwd: string;
  /** Decided by the CLI (TTY, NO_COLOR, --no-color): reporters never inspect the terminal. */
  color: boolean;
  /** Every rule and core diagnostic known to the run, by id. */
  rules: ReadonlyMap<string, RuleMeta>;
  tool: { name: string; version: string; informationUri: string };
}

export type Reporter = (results: readonly LintResult[], ctx: ReporterContext) => string;
