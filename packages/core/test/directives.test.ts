import { describe, expect, it } from 'vitest';
import { applyDirectives, parseDirectives, SourceFile, type Comment, type Diagnostic } from '@migralint/core';

function commentsOf(file: SourceFile): Comment[] {
  const out: Comment[] = [];
  const re = /--(.*)$/gm;
  for (let m = re.exec(file.text); m; m = re.exec(file.text)) out.push({ body: m[1]!, span: file.span(m.index, m.index + m[0].length) });
  return out;
}

function diag(file: SourceFile, ruleId: string, line: number, statementLine?: number): Diagnostic {
  const o = file.lineOffset(line);
  const d: Diagnostic = { ruleId, severity: 'error', message: `${ruleId} at ${line}`, file: file.path, span: file.span(o, o + 3) };
  if (statementLine) d.statementLine = statementLine;
  return d;
}

const known = new Set(['a', 'b', 'c']);
const run = (file: SourceFile, diags: Diagnostic[], requireReason = false) =>
  applyDirectives(file, parseDirectives(commentsOf(file)), diags, { knownRuleIds: known, reportUnused: 'warning', requireReason }).map(
    (d) => `${d.ruleId}@${d.span.start.line}${d.ruleId.includes('directive') ? `: ${d.message}` : ''}`,
  );

describe('directives', () => {
  it('parses ids and reasons', () => {
    const f = new SourceFile('m.sql', '-- migralint-disable-next-line a, b -- table is empty\n-- migralint-disable\n-- not a directive migralint-disable\n');
    expect(parseDirectives(commentsOf(f)).map((d) => [d.kind, d.ids, d.reason])).toEqual([
      ['disable-next-line', ['a', 'b'], 'table is empty'],
      ['disable', undefined, undefined],
    ]);
  });

  it('disable-next-line silences the next code line, skipping blank and comment lines', () => {
    const f = new SourceFile('m.sql', '-- migralint-disable-next-line a -- ok\n\n-- other comment\nSTMT;\nSTMT;\n');
    expect(run(f, [diag(f, 'a', 4), diag(f, 'a', 5)])).toEqual(['a@5']);
  });

  it('disable-next-line covers a clause of a multi-line statement that starts on the next line', () => {
    const f = new SourceFile('m.sql', '-- migralint-disable-next-line a -- ok\nALTER TABLE t\n  DROP COLUMN c;\n');
    expect(run(f, [diag(f, 'a', 3, 2)])).toEqual([]);
  });

  it('disable/enable ranges and disable-file', () => {
    const f = new SourceFile('m.sql', 'S;\n-- migralint-disable a\nS;\n-- migralint-enable a\nS;\n-- migralint-disable-file b\nS;\n');
    expect(run(f, [diag(f, 'a', 1), diag(f, 'a', 3), diag(f, 'a', 5), diag(f, 'b', 1), diag(f, 'c', 3)])).toEqual(['a@1', 'a@5', 'c@3']);
  });

  it('reports unused directives and unknown rule ids', () => {
    const f = new SourceFile('m.sql', '-- migralint-disable-next-line a -- why\nS;\n-- migralint-disable-next-line nope\nS;\n');
    expect(run(f, [])).toEqual([
      'unused-directive@1: Unused migralint-disable-next-line directive: no problem from a was reported here.',
      "unused-directive@3: migralint-disable-next-line names an unknown rule 'nope'.",
    ]);
  });

  it('requires a reason when asked', () => {
    const f = new SourceFile('m.sql', '-- migralint-disable-next-line a\nS;\n');
    expect(run(f, [diag(f, 'a', 2)], true)).toEqual([
      'missing-directive-reason@1: migralint-disable-next-line needs a reason: add ` -- <why this is safe>` after the rule ids.',
    ]);
  });

  it('never silences syntax errors', () => {
    const f = new SourceFile('m.sql', '-- migralint-disable-file\nS;\n');
    expect(run(f, [diag(f, 'syntax-error', 2)])).toEqual([
      'syntax-error@2',
      'unused-directive@1: Unused migralint-disable-file directive: no problem from (all rules) was reported here.',
    ]);
  });
});
