import type { Diagnostic, Severity } from '../model/diagnostic.js';
import type { Comment, SourceFile, Span } from '../model/source.js';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable-file' | 'disable' | 'enable';

export interface Directive {
  kind: DirectiveKind;
  /** Rule ids, or undefined for all rules. */
  ids: string[] | undefined;
  reason: string | undefined;
  span: Span;
}

const PATTERN = /^\s*migralint-(disable-next-line|disable-line|disable-file|disable|enable)(?=\s|$)(.*)$/s;

/** Reads `migralint-…` directives from comments; the adapter supplies the comments in its own syntax. */
export function parseDirectives(comments: readonly Comment[]): Directive[] {
  const out: Directive[] = [];
  for (const c of comments) {
    const m = PATTERN.exec(c.body.replace(/\*\/\s*$/, ''));
    if (!m) continue;
    const [idsPart, ...reasonParts] = m[2]!.split(/\s--\s?|\s--$/);
    const reason = reasonParts.join(' -- ').trim() || undefined;
    const ids = (idsPart ?? '').split(/[\s,]+/).filter(Boolean);
    out.push({ kind: m[1] as DirectiveKind, ids: ids.length ? ids : undefined, reason, span: c.span });
  }
  return out.sort((a, b) => a.span.start.offset - b.span.start.offset);
}

/** The next line after `line` that holds code (not blank, not only a comment). */
function nextCodeLine(source: SourceFile, line: number): number {
  const lines = source.lineStarts.length;
  for (let l = line + 1; l <= lines; l++) {
    const start = source.lineOffset(l);
    const end = l < lines ? source.lineOffset(l + 1) : source.text.length;
    const t = source.text.slice(start, end).trim();
    if (t && !/^(--|#|\/\/|\/\*)/.test(t)) return l;
  }
  return line + 1;
}

export interface DirectiveOptions {
  /** Rule ids known to the run; others in a directive are reported. */
  knownRuleIds: ReadonlySet<string>;
  reportUnused: Severity | 'off';
  requireReason: boolean;
}

/** Diagnostics that no directive can silence: a broken file must always be visible. */
const UNSUPPRESSIBLE = new Set(['syntax-error', 'unreadable-file']);

/**
 * Removes the diagnostics that directives silence and adds diagnostics about the directives
 * themselves (unused, unknown rule, missing reason).
 */
export function applyDirectives(
  source: SourceFile,
  directives: readonly Directive[],
  diagnostics: readonly Diagnostic[],
  options: DirectiveOptions,
): Diagnostic[] {
  const used = directives.map(() => new Set<string>());
  const matches = (d: Directive, ruleId: string) => !d.ids || d.ids.includes(ruleId);
  const targets = directives.map((d) =>
    d.kind === 'disable-next-line' ? nextCodeLine(source, d.span.end.line) : d.kind === 'disable-line' ? d.span.start.line : 0,
  );

  const kept: Diagnostic[] = [];
  for (const diag of diagnostics) {
    if (UNSUPPRESSIBLE.has(diag.ruleId)) {
      kept.push(diag);
      continue;
    }
    let by = -1;
    // Line directives first: they are the most specific.
    directives.forEach((d, i) => {
      if (by >= 0 || !matches(d, diag.ruleId)) return;
      if ((d.kind === 'disable-next-line' || d.kind === 'disable-line') && (diag.span.start.line === targets[i] || diag.statementLine === targets[i])) by = i;
    });
    if (by < 0) {
      // The last disable/enable before the diagnostic decides.
      for (let i = 0; i < directives.length; i++) {
        const d = directives[i]!;
        if (d.span.start.offset > diag.span.start.offset) break;
        if (!matches(d, diag.ruleId)) continue;
        if (d.kind === 'disable') by = i;
        else if (d.kind === 'enable') by = -1;
      }
    }
    if (by < 0) by = directives.findIndex((d) => d.kind === 'disable-file' && matches(d, diag.ruleId));
    if (by >= 0) used[by]!.add(diag.ruleId);
    else kept.push(diag);
  }

  const extra = (ruleId: string, severity: Severity, message: string, span: Span): Diagnostic => ({ ruleId, severity, message, file: source.path, span });
  directives.forEach((d, i) => {
    const name = `migralint-${d.kind}`;
    for (const id of d.ids ?? []) {
      if (!options.knownRuleIds.has(id)) kept.push(extra('unused-directive', 'warning', `${name} names an unknown rule '${id}'.`, d.span));
    }
    if (d.kind === 'enable') return;
    if (options.requireReason && !d.reason) {
      kept.push(extra('missing-directive-reason', 'error', `${name} needs a reason: add \` -- <why this is safe>\` after the rule ids.`, d.span));
    }
    if (options.reportUnused === 'off') return;
    const unused = d.ids ? d.ids.filter((id) => options.knownRuleIds.has(id) && !used[i]!.has(id)) : used[i]!.size ? [] : ['(all rules)'];
    if (unused.length) {
      kept.push(extra('unused-directive', options.reportUnused, `Unused ${name} directive: no problem from ${unused.join(', ')} was reported here.`, d.span));
    }
  });
  return kept;
}
