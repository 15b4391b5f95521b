import { SourceFile, type Diagnostic, type LintResult } from '@migralint/core';
import { describe, expect, it } from 'vitest';
import { fixtureContext, fixtureResults, find } from '../test/fixtures.js';
import { text } from './index.js';

const ANSI = /\u001b\[/;

function one(source: SourceFile, d: Partial<Diagnostic> & Pick<Diagnostic, 'span'>): LintResult {
  return {
    file: source.path,
    source,
    bom: false,
    migrations: [],
    diagnostics: [{ ruleId: 'some-rule', severity: 'error', message: 'Something.', file: source.path, ...d }],
  };
}

describe('text reporter', () => {
  it('prints nothing for a clean run', () => {
    expect(text([fixtureResults()[0]!], fixtureContext())).toBe('');
    expect(text([], fixtureContext(true))).toBe('');
  });

  it('uses colour only when the context asks for it', () => {
    expect(text(fixtureResults(), fixtureContext(false))).not.toMatch(ANSI);
    expect(text(fixtureResults(), fixtureContext(true))).toMatch(ANSI);
  });

  it('skips clean files and prints an unreadable file without a frame', () => {
    const out = text(fixtureResults(), fixtureContext());
    expect(out).not.toContain('V1__create_users.sql');
    const seed = out.slice(out.indexOf('migrations/V5__seed.sql'));
    expect(seed.split('\n')[1]).toMatch(/^ {2}1:1 {2}error {2}Cannot lint .* {2}unreadable-file$/);
    expect(seed).not.toContain(' | ');
  });

  it('writes the summary in its documented form', () => {
    const f = new SourceFile('a.sql', 'SELECT 1;\n');
    const warn = one(f, { span: f.span(0, 6), severity: 'warning', fix: { kind: 'safe', edits: [{ start: 0, end: 0, text: '-- ' }] } });
    expect(text([warn], fixtureContext()).split('\n').slice(-3)).toEqual(['✖ 1 problem (0 errors, 1 warning, 0 info)', '  1 fixable with --fix', '']);
    const unsafe = one(f, { span: f.span(0, 6), fix: { kind: 'unsafe', edits: [{ start: 0, end: 0, text: '-- ' }] } });
    expect(text([unsafe], fixtureContext()).split('\n').slice(-3)).toEqual(['✖ 1 problem (1 error, 0 warnings, 0 info)', '  1 fixable with --fix --unsafe-fixes', '']);
    expect(text([one(f, { span: f.span(0, 6) })], fixtureContext()).endsWith('\n\n✖ 1 problem (1 error, 0 warnings, 0 info)\n')).toBe(true);
  });

  it('underlines a zero-width range with one caret', () => {
    const f = new SourceFile('a.sql', 'SELECT 1\n');
    expect(text([one(f, { span: f.span(8, 8) })], fixtureContext())).toContain('  > 1 | SELECT 1\n        |         ^\n');
  });

  it('shows the statement above the diagnostic, and elides a long range', () => {
    const columns = Array.from({ length: 14 }, (_, i) => `  c${i} int,`).join('\n');
    const f = new SourceFile('a.sql', `-- events\n\n\nCREATE TABLE events (\n${columns}\n  id int\n);\n`);
    const span = find(f, 'c0', ');');
    const out = text([one(f, { span, statementLine: 4 })], fixtureContext());
    expect(out).toContain('      4 | CREATE TABLE events (\n    >  5 |   c0 int,');
    expect(out).toContain('    > 10 |   c5 int,\n         | ^^^^^^^^^\n         | … 10 more lines (to 20:3)\n');
    expect(out).not.toContain('c6');
  });

  it('keeps control characters from reaching the terminal', () => {
    const f = new SourceFile('a.sql', 'SELECT 1; -- \u001b[2J\n');
    const out = text([one(f, { span: f.span(0, 8), message: 'Bad \u001b]0;title\u0007 name.' })], fixtureContext());
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(out).toContain('-- \uFFFD[2J');
  });
});
