import type { Diagnostic, Fix, LintResult } from '@migralint/core';

export interface Counts {
  errorCount: number;
  warningCount: number;
  infoCount: number;
  /** Diagnostics with a fix of either kind. */
  fixableCount: number;
  /** The part of fixableCount that only `--fix --unsafe-fixes` applies. */
  unsafeFixableCount: number;
  fileCount: number;
}

/**
 * The fix a reporter shows: none for a file that could not be read, since the CLI
 * cannot apply an edit to text it does not have.
 */
export function reportedFix(result: LintResult, d: Diagnostic): Fix | undefined {
  return result.source && d.fix && d.fix.edits.length > 0 ? d.fix : undefined;
}

export function countResults(results: readonly LintResult[]): Counts {
  const c: Counts = { errorCount: 0, warningCount: 0, infoCount: 0, fixableCount: 0, unsafeFixableCount: 0, fileCount: results.length };
  for (const r of results) {
    for (const d of r.diagnostics) {
      if (d.severity === 'error') c.errorCount++;
      else if (d.severity === 'warning') c.warningCount++;
      else c.infoCount++;
      const fix = reportedFix(r, d);
      if (fix) {
        c.fixableCount++;
        if (fix.kind === 'unsafe') c.unsafeFixableCount++;
      }
    }
  }
  return c;
}
