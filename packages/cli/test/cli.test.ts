import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { migralint, project, REPO } from './cli-helpers.js';

const INDEX = 'CREATE INDEX users_email_idx ON users (email);\n';
const DROP = 'ALTER TABLE users DROP COLUMN legacy;\n';

describe('migralint CLI (spawned binary)', () => {
  it('lints the bundled PostgreSQL examples: findings with code frames, exit 1', () => {
    const r = migralint(['examples/postgres-sql']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('examples/postgres-sql/0002_index_users_email.sql');
    expect(r.stdout).toMatch(/2:1\s+error\s+.*require-concurrent-index-creation/);
    expect(r.stdout).toContain('> 2 | CREATE UNIQUE INDEX users_email_idx ON users (email);');
    expect(r.stdout).toMatch(/\^{10,}/);
    expect(r.stdout).not.toContain('0001_create_users.sql');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('keeps linting after a syntax error, a binary file and a non-UTF-8 file', () => {
    const dir = project({
      '1_syntax.sql': 'SELECT 1;\nCREATE TABLEX oops;\n',
      '2_binary.sql': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]),
      '3_latin1.sql': Buffer.from('-- caf\xe9\nSELECT 1;\n', 'latin1'),
      '4_unsafe.sql': INDEX,
    });
    const r = migralint(['.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { results: Array<{ file: string; diagnostics: Array<{ ruleId: string; line: number; column: number }> }> };
    const got = Object.fromEntries(report.results.map((x) => [x.file, x.diagnostics.map((d) => `${d.ruleId}@${d.line}:${d.column}`)]));
    expect(got).toEqual({
      '1_syntax.sql': ['syntax-error@2:8'],
      '2_binary.sql': ['unreadable-file@1:1'],
      '3_latin1.sql': ['unreadable-file@1:1'],
      '4_unsafe.sql': ['require-concurrent-index-creation@1:1'],
    });
  });

  it('writes JSON that matches its documented schema', () => {
    const r = migralint(['examples/postgres-sql', '--format', 'json']);
    const schema = JSON.parse(readFileSync(join(REPO, 'packages/reporters/schema/json-report.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('writes SARIF 2.1.0 to --output-file', () => {
    const dir = project({ 'a.sql': INDEX });
    const r = migralint(['a.sql', '--format', 'sarif', '--output-file', 'out.sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as { version: string; runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((x) => [x.ruleId, x.locations[0]!.physicalLocation.region.startLine])).toEqual([['require-concurrent-index-creation', 1]]);
  });

  describe('exit codes', () => {
    it('0 when clean', () => {
      const dir = project({ 'a.sql': 'CREATE TABLE t (id bigint);\nCREATE INDEX ON t (id);\n' });
      const r = migralint(['.'], { cwd: dir });
      expect([r.code, r.stdout]).toEqual([0, '']);
    });
    it('0 with warnings, 1 when --max-warnings is exceeded', () => {
      const dir = project({ 'a.sql': INDEX, 'migralint.config.json': JSON.stringify({ rules: { 'require-concurrent-index-creation': 'warn' } }) });
      expect(migralint(['a.sql'], { cwd: dir }).code).toBe(0);
      expect(migralint(['a.sql', '--max-warnings', '1'], { cwd: dir }).code).toBe(0);
      const r = migralint(['a.sql', '--max-warnings', '0'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(migralint(['a.sql', '--quiet'], { cwd: dir }).stdout).toBe('');
    });
    it('2 for an unknown option, a missing path, or a bad --rule', () => {
      const unknown = migralint(['--frobnicate']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('Unknown argument: frobnicate');
      const missing = migralint(['no/such/dir']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no such file, directory or matching glob: no/such/dir');
      const bad = migralint(['examples', '--rule', 'nope']);
      expect([bad.code, bad.stderr]).toEqual([2, "migralint: --rule expects id:off|warn|error, got 'nope'\nRun 'migralint --help' for usage.\n"]);
    });
  });

  describe('config', () => {
    it('rejects an unknown rule id, naming the file and key (exit 2)', () => {
      const dir = project({ 'a.sql': INDEX, 'migralint.config.json': JSON.stringify({ rules: { 'no-such-rule': 'error' } }) });
      const r = migralint(['a.sql'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`migralint: config error: ${join(dir, 'migralint.config.json')}: rules.no-such-rule: unknown rule 'no-such-rule'\n`);
    });
    it('rejects invalid JSON with its position', () => {
      const dir = project({ 'a.sql': INDEX, 'migralint.config.json': '{\n  "rules": {,\n}' });
      const r = migralint(['a.sql'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/config error: .*migralint\.config\.json: invalid JSON \(line 2, column 13\)/);
    });
    it('rejects a --rule for an unknown rule', () => {
      const r = migralint(['examples/postgres-sql', '--rule', 'nope:error']);
      expect([r.code, r.stderr]).toEqual([2, "migralint: config error: --rule: rules.nope: unknown rule 'nope'\n"]);
    });
    it('applies overrides by glob, and --rule on top of the config', () => {
      const dir = project({
        'db/legacy/1.sql': INDEX,
        'db/new/2.sql': INDEX,
        'migralint.config.mjs': "export default { overrides: [{ files: 'db/legacy/**', rules: { 'require-concurrent-index-creation': 'off' } }] };\n",
      });
      const r = migralint(['db', '--format', 'json'], { cwd: dir });
      const files = (JSON.parse(r.stdout) as { results: Array<{ file: string; diagnostics: unknown[] }> }).results.filter((x) => x.diagnostics.length).map((x) => x.file);
      expect(files).toEqual(['db/new/2.sql']);
      expect(migralint(['db', '--rule', 'require-concurrent-index-creation:off'], { cwd: dir }).code).toBe(0);
    });
    it('reads the config from package.json and from --config; --print-config shows what applies', () => {
      const dir = project({ 'a.sql': INDEX, 'package.json': JSON.stringify({ name: 'x', migralint: { engineVersion: 12, rules: { 'require-concurrent-index-creation': 'warn' } } }), 'strict.json': JSON.stringify({ extends: 'migralint:all' }) });
      const shown = JSON.parse(migralint(['--print-config', 'a.sql'], { cwd: dir }).stdout) as { engine: string; engineVersion: number; rules: Record<string, unknown> };
      expect(shown.engine).toBe('postgresql');
      expect(shown.engineVersion).toBe(12);
      expect(shown.rules['require-concurrent-index-creation']).toBe('warn');
      expect(migralint(['a.sql'], { cwd: dir }).code).toBe(0);
      expect(migralint(['a.sql', '--config', 'strict.json'], { cwd: dir }).code).toBe(1);
    });
  });

  describe('directives', () => {
    it('disable-next-line silences, unused directives warn, reasons can be required', () => {
      const dir = project({
        'a.sql': `-- migralint-disable-next-line require-concurrent-index-creation -- table has 12 rows\n${INDEX}-- migralint-disable-next-line ban-drop-column\nSELECT 1;\n`,
      });
      const r = migralint(['a.sql', '--format', 'json'], { cwd: dir });
      expect(r.code).toBe(0);
      const diags = (JSON.parse(r.stdout) as { results: Array<{ diagnostics: Array<{ ruleId: string; line: number; severity: string }> }> }).results[0]!.diagnostics;
      expect(diags.map((d) => `${d.ruleId}@${d.line}:${d.severity}`)).toEqual(['unused-directive@3:warning']);
      const strict = migralint(['a.sql', '--require-directive-reason', '--format', 'json'], { cwd: dir });
      expect(strict.code).toBe(1);
      expect(strict.stdout).toContain('missing-directive-reason');
    });
    it('disable/enable ranges and disable-file', () => {
      const dir = project({
        'a.sql': `-- migralint-disable require-concurrent-index-creation\n${INDEX}-- migralint-enable require-concurrent-index-creation\n${INDEX}`,
        'b.sql': `-- migralint-disable-file ban-drop-column -- contract step, reviewed\n${DROP}${DROP}`,
      });
      const r = migralint(['.', '--format', 'json'], { cwd: dir });
      const got = (JSON.parse(r.stdout) as { results: Array<{ file: string; diagnostics: Array<{ ruleId: string; line: number }> }> }).results.map((x) => [x.file, x.diagnostics.map((d) => `${d.ruleId}@${d.line}`)]);
      expect(got).toEqual([['a.sql', ['require-concurrent-index-creation@4']], ['b.sql', []]]);
    });
  });

  it('lints standard input with --stdin-filename for overrides and messages', () => {
    const r = migralint(['--stdin', '--stdin-filename', 'db/x.sql'], { input: `SELECT 1;\n${INDEX}` });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('db/x.sql');
    expect(r.stdout).toMatch(/2:1\s+error/);
  });

  it('--fix applies fixes atomically and re-lints; unsafe fixes need --unsafe-fixes', () => {
    const dir = project({ 'a.sql': INDEX });
    const before = JSON.parse(migralint(['a.sql', '--format', 'json'], { cwd: dir }).stdout) as { summary: { fixableCount: number } };
    expect(before.summary.fixableCount).toBe(1);
    expect(migralint(['a.sql', '--fix'], { cwd: dir }).code).toBe(1);
    expect(readFileSync(join(dir, 'a.sql'), 'utf8')).toBe(INDEX);
    const r = migralint(['a.sql', '--fix', '--unsafe-fixes', '--format', 'json'], { cwd: dir });
    expect(readFileSync(join(dir, 'a.sql'), 'utf8')).toBe('CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n');
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['a.sql']);
    expect(migralint(['--stdin', '--fix'], { input: INDEX }).code).toBe(2);
  });

  it('--list-rules shows rules with engines and presets; --version and --help', () => {
    const list = migralint(['--list-rules']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^require-concurrent-index-creation\s+error\s+recommended\s+postgresql\s+/m);
    const json = JSON.parse(migralint(['--list-rules', '--format', 'json']).stdout) as Array<{ id: string; engines: string[] }>;
    expect(json.find((x) => x.id === 'ban-drop-column')?.engines).toEqual(['postgresql']);
    const v = migralint(['--version']);
    expect([v.code, v.stdout.trim()]).toEqual([0, JSON.parse(readFileSync(join(REPO, 'packages/cli/package.json'), 'utf8')).version]);
    const h = migralint(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--max-warnings');
  });

  it('colours only when asked; --no-color and NO_COLOR keep it off', () => {
    const dir = project({ 'a.sql': INDEX });
    expect(migralint(['a.sql', '--color'], { cwd: dir }).stdout).toContain('\u001b[');
    expect(migralint(['a.sql'], { cwd: dir }).stdout).not.toContain('\u001b[');
    expect(migralint(['a.sql', '--no-color'], { cwd: dir }).stdout).not.toContain('\u001b[');
    expect(migralint(['a.sql'], { cwd: dir, env: { NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('lints a 10,000-statement migration without error', () => {
    const lines: string[] = ['CREATE TABLE big (id bigint);'];
    for (let i = 0; i < 10_000; i++) lines.push(`ALTER TABLE big ADD COLUMN c${i} int;`);
    const dir = project({ 'big.sql': lines.join('\n') });
    const r = migralint(['big.sql', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
