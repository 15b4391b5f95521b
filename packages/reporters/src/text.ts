import type { Diagnostic, LintResult, Severity } from '@migralint/core';
import pc from 'picocolors';
import { codeFrame, printable, type Colors } from './frame.js';
import { countResults, reportedFix, type Counts } from './summary.js';
import type { Reporter } from './types.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function severityColor(c: Colors, s: Severity): (t: string) => string {
  return s === 'error' ? c.red : s === 'warning' ? c.yellow : c.blue;
}

/** Continuation lines of a multi-line message or help line up under its first line. */
function block(s: string, indent: string): string {
  return s.split(/\r\n|\r|\n/).map(printable).join(`\n${indent}`);
}

/**
 * The summary, exactly (nothing at all when there are no diagnostics):
 *
 *     ✖ {n} problem[s] ({e} error[s], {w} warning[s], {i} info)
 *
 * followed, when some diagnostics carry a fix, by one of
 *
 *       {s} fixable with --fix
 *       {u} fixable with --fix --unsafe-fixes
 *       {s} fixable with --fix, {u} more with --fix --unsafe-fixes
 *
 * where {s} counts safe fixes and {u} unsafe ones. Plurals are `1 problem` / `2 problems`,
 * `1 error` / `0 errors`, likewise warnings; `info` never changes.
 */
export function textSummary(counts: Counts, c: Colors): string {
  const problems = counts.errorCount + counts.warningCount + counts.infoCount;
  if (problems === 0) return '';
  const paint = counts.errorCount ? c.red : counts.warningCount ? c.yellow : c.blue;
  const lines = [
    `✖ ${plural(problems, 'problem')} (${plural(counts.errorCount, 'error')}, ${plural(counts.warningCount, 'warning')}, ${counts.infoCount} info)`,
  ];
  const safe = counts.fixableCount - counts.unsafeFixableCount;
  const unsafe = counts.unsafeFixableCount;
  if (safe && unsafe) lines.push(`  ${safe} fixable with --fix, ${unsafe} more with --fix --unsafe-fixes`);
  else if (safe) lines.push(`  ${safe} fixable with --fix`);
  else if (unsafe) lines.push(`  ${unsafe} fixable with --fix --unsafe-fixes`);
  return lines.map((l) => c.bold(paint(l))).join('\n') + '\n';
}

function formatDiagnostic(r: LintResult, d: Diagnostic, widths: { loc: number; sev: number }, c: Colors): string {
  const loc = `${d.span.start.line}:${d.span.start.column}`;
  const direction = d.direction && d.direction !== 'up' ? `${c.magenta(`[${d.direction}]`)} ` : '';
  const lines = [
    `  ${c.dim(loc.padEnd(widths.loc))}  ${severityColor(c, d.severity)(d.severity.padEnd(widths.sev))}  ${direction}${block(d.message, '    ')}  ${c.dim(d.ruleId)}`,
  ];
  if (r.source) {
    const frame = codeFrame(r.source, d.span, d.statementLine, c, severityColor(c, d.severity));
    lines.push(frame.replace(/^/gm, '    '));
  }
  if (d.help) lines.push(`    ${c.bold(c.cyan('help:'))} ${block(d.help, '          ')}`);
  const fix = reportedFix(r, d);
  if (fix) lines.push(`    ${c.bold(c.green('fix:'))} ${fix.kind === 'safe' ? 'available with --fix' : 'available with --fix --unsafe-fixes'}`);
  return lines.join('\n');
}

/**
 * Human-readable output grouped by file, in the order given (core sorts files and diagnostics).
 * A file with no diagnostics prints nothing; a file that could not be read prints its
 * diagnostics without a code frame.
 */
export const text: Reporter = (results, ctx) => {
  const c = pc.createColors(ctx.color);
  const out: string[] = [];
  for (const r of results) {
    if (r.diagnostics.length === 0) continue;
    const widths = { loc: 0, sev: 0 };
    for (const d of r.diagnostics) {
      widths.loc = Math.max(widths.loc, `${d.span.start.line}:${d.span.start.column}`.length);
      widths.sev = Math.max(widths.sev, d.severity.length);
    }
    out.push(c.underline(printable(r.file)));
    for (const d of r.diagnostics) out.push(formatDiagnostic(r, d, widths, c), '');
  }
  return out.map((l) => l + '\n').join('') + textSummary(countResults(results), c);
};
