import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RuleTester } from '@migralint/core';
import * as registry from './index.js';
import { rules } from './index.js';
import { docFileName, renderDoc, renderIndex } from './docs/render.js';

const rulesDir = new URL('./rules/', import.meta.url);
const docsDir = new URL('../docs/', import.meta.url);
const ruleFiles = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const ids = rules.map((r) => r.meta.id);
const tester = new RuleTester();

describe('rule registry', () => {
  it('has one rule per file in src/rules, named by its id, sorted by id', () => {
    expect(ruleFiles.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...ids].sort());
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('exports every rule by name and nothing else', () => {
    const named = Object.entries(registry).filter(([k]) => k !== 'rules').map(([, v]) => v);
    expect(new Set(named)).toEqual(new Set(rules));
  });

  it('has a test file beside every rule', () => {
    const files = readdirSync(rulesDir);
    for (const id of ids) expect(files, id).toContain(`${id}.test.ts`);
  });

  it('has a docs page for every rule and no other', () => {
    const pages = readdirSync(docsDir).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(pages.sort()).toEqual(ids.map(docFileName).sort());
  });
});

describe.each(rules.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
  const m = rule.meta;

  it('has complete metadata', () => {
    expect(m.docs?.url).toBe(`https://github.com/migralint/migralint/blob/main/packages/rules/docs/${id}.md`);
    expect(m.description.length).toBeGreaterThan(10);
    expect(m.help.length).toBeGreaterThan(10);
    expect(Object.keys(m.messages).length).toBeGreaterThan(0);
    for (const text of Object.values(m.messages)) expect(text).toMatch(/ACCESS EXCLUSIVE|SHARE|transaction block|fails/);
    expect(m.examples?.bad.length).toBeGreaterThan(0);
    expect(m.examples?.good.length).toBeGreaterThan(0);
  });

  it('has distinct message prefixes (the RuleTester tells messageIds apart by the text before the first placeholder)', () => {
    const prefixes = Object.values(m.messages).map((t) => t.split('{{')[0]!);
    for (const a of prefixes) for (const b of prefixes) if (a !== b) expect(b.startsWith(a), `${a} / ${b}`).toBe(false);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('has an up-to-date docs page (run `pnpm docs`)', () => {
    expect(readFileSync(new URL(docFileName(id), docsDir), 'utf8')).toBe(renderDoc(rule));
  });

  it.each(m.examples?.bad ?? [])('reports the bad example %#', async (code) => {
    const { diagnostics } = await tester.lintCase(rule, { code });
    expect(diagnostics.filter((d) => d.ruleId === id).length).toBeGreaterThan(0);
  });

  it.each(m.examples?.good ?? [])('accepts the good example %#', async (code) => {
    const { diagnostics } = await tester.lintCase(rule, { code });
    expect(diagnostics).toEqual([]);
  });
});

it('docs/README.md is up to date (run `pnpm docs`)', () => {
  expect(readFileSync(new URL('README.md', docsDir), 'utf8')).toBe(renderIndex(rules));
});
