import { createHash } from 'node:crypto';
import type { Diagnostic, LintResult } from '@migralint/core';
import { lineText } from './lines.js';

/** The key GitHub code scanning reads (it computes its own only when the key is missing). */
export const FINGERPRINT_KEY = 'primaryLocationLineHash';

/**
 * Fingerprints for one file's diagnostics, in order: `<hash>:<occurrence>`, where hash is the
 * first 16 hex digits of sha256(ruleId, NUL, text of the diagnostic's first line with whitespace
 * trimmed and runs of it collapsed) and occurrence counts equal hashes in the file from 1.
 * Line numbers are not in it, so lines inserted above (or re-indentation) keep a finding's
 * identity across runs; a second finding of the same rule on an identical line gets `:2`.
 */
export function fingerprints(result: LintResult): string[] {
  const seen = new Map<string, number>();
  return result.diagnostics.map((d) => {
    const hash = createHash('sha256').update(d.ruleId).update('\u0000').update(firstLine(result, d)).digest('hex').slice(0, 16);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}

function firstLine(result: LintResult, d: Diagnostic): string {
  return result.source ? lineText(result.source, d.span.start.line).trim().replace(/\s+/g, ' ') : '';
}
