import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_DIAGNOSTICS, SourceFile, type LintResult } from '@migralint/core';
import type * as Sarif from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_RULES, fixtureContext, fixtureResults } from '../test/fixtures.js';
import { pascalCase, sarif, sarifLog } from './index.js';

const MULTITOOL = fileURLToPath(new URL('../../../node_modules/.bin/sarif-multitool', import.meta.url));
const RULES = [...CORE_DIAGNOSTICS, ...FIXTURE_RULES];

/** Cases beyond the golden fixtures: an encoded path, a zero-width range at EOF, a BOM, a rule nobody declared. */
function extraResults(): LintResult[] {
  const odd = new SourceFile('migrations/with space/Ünïcode.sql', 'CREAT TABLE t (id int)');
  const bom = new SourceFile('migrations/bom.sql', 'DROP TABLE t;\n');
  return [
    {
      file: odd.path,
      source: odd,
      bom: false,
      migrations: [],
      diagnostics: [
        { ruleId: 'syntax-error', severity: 'error', message: 'syntax error at end of input', file: odd.path, span: odd.span(22, 22) },
        { ruleId: 'plugin/custom', severity: 'warning', message: 'A rule without metadata', file: odd.path, span: odd.span(0, 5) },
      ],
    },
    {
      file: bom.path,
      source: bom,
      bom: true,
      migrations: [],
      diagnostics: [{ ruleId: 'ban-drop-column', severity: 'warning', message: 'Dropping t.', file: bom.path, span: bom.span(0, 12), fix: { kind: 'safe', edits: [{ start: 0, end: 14, text: '' }] } }],
    },
  ];
}

const tmp = mkdtempSync(join(tmpdir(), 'migralint-sarif-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('sarif reporter', () => {
  it('passes sarif-multitool validate with no errors and no warnings', () => {
    // The multitool's launcher re-parses its arguments with a shell: keep paths plain.
    expect(tmp).toMatch(/^[\w/.-]+$/);
    const input = join(tmp, 'in.sarif');
    const output = join(tmp, 'out.sarif');
    writeFileSync(input, sarif([...fixtureResults(), ...extraResults()], fixtureContext(false, RULES)));
    execFileSync(MULTITOOL, ['validate', input, '-o', output], { stdio: 'pipe', timeout: 120_000 });
    const validation = JSON.parse(readFileSync(output, 'utf8')) as Sarif.Log;
    const findings = (validation.runs[0]?.results ?? []).map((r) => ({ level: r.level ?? 'warning', rule: r.ruleId, at: r.properties?.jsonPath as unknown }));
    expect(findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(findings.filter((f) => f.level === 'warning')).toEqual([]);
  });

  it('describes every rule and core diagnostic, and indexes rules and artifacts consistently', () => {
    const run = sarifLog([...fixtureResults(), ...extraResults()], fixtureContext(false, RULES)).runs[0]!;
    const rules = run.tool.driver.rules!;
    for (const m of CORE_DIAGNOSTICS) expect(rules.map((r) => r.id)).toContain(m.id);
    for (const r of run.results!) {
      expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
      const loc = r.locations![0]!.physicalLocation!.artifactLocation!;
      expect(run.artifacts![loc.index!]!.location).toEqual({ uri: loc.uri, uriBaseId: '%SRCROOT%' });
    }
    expect(rules.find((r) => r.id === 'plugin/custom')).toEqual({ id: 'plugin/custom', name: 'PluginCustom' });
    expect(rules.find((r) => r.id === 'ban-drop-column')).toMatchObject({ name: 'BanDropColumn', defaultConfiguration: { level: 'warning' }, helpUri: 'https://migralint.dev/rules/ban-drop-column' });
    expect(rules.find((r) => r.id === 'prefer-bigint-over-int')!.defaultConfiguration).toEqual({ level: 'note' });
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///project/' } });
    expect(run.artifacts!.map((a) => a.location!.uri)).toContain('migrations/with%20space/%C3%9Cn%C3%AFcode.sql');
    expect(run.artifacts!.find((a) => a.location!.uri === 'migrations/bom.sql')!.length).toBe(17);
  });

  it('maps severities and locates an unreadable file at its first line', () => {
    const results = sarifLog(fixtureResults(), fixtureContext()).runs[0]!.results!;
    expect(results.map((r) => r.level)).toEqual(['error', 'error', 'error', 'note', 'warning', 'error']);
    const unreadable = results.at(-1)!;
    expect(unreadable.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'migrations/V5__seed.sql', uriBaseId: '%SRCROOT%', index: 4 },
      region: { startLine: 1 },
    });
    expect(unreadable.message.text).toMatch(/re-save it as UTF-8\.$/);
  });

  it('gives fingerprints that survive a second run and lines inserted above', () => {
    const prints = (shift: number) => sarifLog(fixtureResults(shift), fixtureContext()).runs[0]!.results!.map((r) => r.partialFingerprints);
    const lines = (shift: number) => sarifLog(fixtureResults(shift), fixtureContext()).runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.region!.startLine);
    expect(prints(0)).toEqual(prints(0));
    expect(prints(1)).toEqual(prints(0));
    expect(lines(1)).not.toEqual(lines(0));
    expect(new Set(prints(0).map((p) => p!.primaryLocationLineHash)).size).toBe(6);
  });

  it('numbers findings of one rule on identical lines', () => {
    const f = new SourceFile('a.sql', 'DROP TABLE t;\nDROP TABLE t;\n');
    const d = (start: number) => ({ ruleId: 'r', severity: 'error' as const, message: 'm.', file: 'a.sql', span: f.span(start, start + 12) });
    const results = sarifLog([{ file: 'a.sql', source: f, bom: false, migrations: [], diagnostics: [d(0), d(14)] }], fixtureContext()).runs[0]!.results!;
    const [a, b] = results.map((r) => r.partialFingerprints!.primaryLocationLineHash!);
    expect(a!.split(':')).toEqual([expect.stringMatching(/^[0-9a-f]{16}$/), '1']);
    expect(b).toBe(`${a!.split(':')[0]}:2`);
  });

  it('names rules in PascalCase', () => {
    expect(pascalCase('require-concurrent-index-creation')).toBe('RequireConcurrentIndexCreation');
    expect(pascalCase('syntax-error')).toBe('SyntaxError');
  });
});
