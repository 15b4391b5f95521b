import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { fixtureContext, fixtureResults } from '../test/fixtures.js';
import { json, jsonReport, type JsonReport } from './index.js';

const schema = JSON.parse(readFileSync(new URL('../schema/json-report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function expectValid(report: unknown): void {
  const ok = validate(report);
  expect(validate.errors ?? [], 'report does not match schema/json-report.schema.json').toEqual([]);
  expect(ok).toBe(true);
}

describe('json reporter', () => {
  it('writes output that matches its JSON Schema', () => {
    expectValid(JSON.parse(json(fixtureResults(), fixtureContext())));
    expectValid(JSON.parse(json([], fixtureContext())));
  });

  it('the schema rejects what it does not describe', () => {
    const report = jsonReport(fixtureResults(), fixtureContext().tool) as unknown as { results: { diagnostics: Record<string, unknown>[] }[] };
    report.results[1]!.diagnostics[0]!.extra = true;
    expect(validate(report)).toBe(false);
  });

  it('summarises and locates diagnostics and fix edits', () => {
    const report = JSON.parse(json(fixtureResults(), fixtureContext())) as JsonReport;
    expect(report.summary).toEqual({ errorCount: 4, warningCount: 1, infoCount: 1, fixableCount: 2, unsafeFixableCount: 1, fileCount: 5 });
    const prices = report.results.find((r) => r.file === 'migrations/V3__prix.sql')!;
    const bigint = prices.diagnostics.find((d) => d.ruleId === 'prefer-bigint-over-int')!;
    // "montant_💶" holds a surrogate pair: columns count UTF-16 units, like the offsets.
    expect(bigint).toMatchObject({ line: 2, column: 46, endColumn: 49, offset: 71, endOffset: 74, fix: { kind: 'safe', edits: [{ start: 71, end: 74, text: 'bigint', line: 2, column: 46 }] } });
    const seed = report.results.find((r) => r.file === 'migrations/V5__seed.sql')!;
    expect(seed).toMatchObject({ readable: false, migrations: [], diagnostics: [{ ruleId: 'unreadable-file', line: 1, column: 1, help: null, fix: null, direction: null }] });
    expect(report.results.find((r) => r.file === 'migrations/V4__nickname.sql')!.diagnostics[0]).toMatchObject({ direction: 'down', migrationId: 'migrations/V4__nickname.sql#down' });
  });
});
