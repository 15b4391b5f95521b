import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineRule, lint, resolveConfig, type Rule } from '@migralint/core';

const noDrop = defineRule({
  meta: { id: 'no-drop', description: 'd', engines: ['postgresql'], recommended: 'error', messages: { drop: 'Dropping {{table}}.' }, help: 'Keep {{table}}.' },
  create: (ctx) => ({
    dropTable(op) {
      ctx.report({ op, messageId: 'drop', data: { table: op.tables[0]!.name } });
    },
  }),
}) as Rule<never>;

describe('lint', () => {
  it('keeps linting other files when one has a syntax error, is binary or is not UTF-8', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migralint-lint-'));
    writeFileSync(join(dir, '1_bad.sql'), 'DROP TABLE a;\nCREATE TABLEX b;\nDROP TABLE c;');
    writeFileSync(join(dir, '2_bin.sql'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
    writeFileSync(join(dir, '3_latin1.sql'), Buffer.from('-- caf\xe9\nDROP TABLE d;', 'latin1'));
    writeFileSync(join(dir, '4_ok.sql'), '-- migralint-disable-next-line no-drop -- empty table\nDROP TABLE e;\nDROP TABLE f;');
    const config = resolveConfig({ file: undefined, dir, config: {} }, [noDrop]);
    const results = await lint(['1_bad.sql', '2_bin.sql', '3_latin1.sql', '4_ok.sql', 'missing.sql'].map((path) => ({ path })), config, { cwd: dir });
    const summary = results.map((r) => [r.file, r.diagnostics.map((d) => `${d.ruleId}@${d.span.start.line}:${d.span.start.column} ${d.message}`)]);
    expect(summary).toEqual([
      ['1_bad.sql', ['no-drop@1:1 Dropping a.', 'syntax-error@2:8 Syntax error: syntax error at or near "TABLEX"', 'no-drop@3:1 Dropping c.']],
      ['2_bin.sql', ['unreadable-file@1:1 Cannot lint 2_bin.sql: binary file (contains NUL bytes); not a migration script']],
      ['3_latin1.sql', ['unreadable-file@1:1 Cannot lint 3_latin1.sql: file is not valid UTF-8 (first invalid byte at offset 6); re-save it as UTF-8']],
      ['4_ok.sql', ['no-drop@3:1 Dropping f.']],
      ['missing.sql', [expect.stringMatching(/^unreadable-file@1:1 Cannot lint missing.sql: cannot read file: ENOENT/)]],
    ]);
    expect(results[0]!.diagnostics[0]!.help).toBe('Keep a.');
  });

  it('reports a rule that throws as an internal error and still runs the others', async () => {
    const boom = defineRule({
      meta: { id: 'boom', description: 'd', engines: ['postgresql'], recommended: 'error', messages: {}, help: '' },
      create: () => ({ dropTable() { throw new Error('kaput'); } }),
    }) as Rule<never>;
    const config = resolveConfig({ file: undefined, dir: '/', config: {} }, [noDrop, boom]);
    const [r] = await lint([{ path: 's.sql', text: 'DROP TABLE x;' }], config, { cwd: '/' });
    expect(r!.diagnostics.map((d) => d.ruleId)).toEqual(['internal-error', 'no-drop']);
    expect(r!.diagnostics[0]!.message).toBe('Rule boom failed on this migration: kaput');
  });
});
