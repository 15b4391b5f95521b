import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defineRule, findConfigFile, loadConfigFile, resolveConfig, type Rule } from '@migralint/core';

const rule = (id: string, recommended: 'error' | 'warn' | false, schema?: Record<string, unknown>) =>
  defineRule({
    meta: { id, description: id, engines: ['postgresql'], recommended, messages: { m: 'm' }, help: 'h', ...(schema ? { schema } : {}) },
    create: () => ({}),
  }) as Rule<never>;
const RULES = [
  rule('r-error', 'error'),
  rule('r-warn', 'warn'),
  rule('r-style', false, { type: 'object', additionalProperties: false, properties: { max: { type: 'number' } } }),
];
const loaded = (config: object) => ({ file: '/p/migralint.config.json', dir: '/p', config });

describe('config', () => {
  it('defaults to the recommended preset and the oldest supported PostgreSQL', () => {
    const c = resolveConfig(loaded({}), RULES);
    expect(c.rules).toEqual({ 'r-error': 'error', 'r-warn': 'warn' });
    expect(c.engine).toBe('postgresql');
    expect(c.engineVersion).toBe(15);
  });

  it('migralint:all adds the style rules as warnings; rules and CLI override', () => {
    const c = resolveConfig(loaded({ extends: 'migralint:all', rules: { 'r-error': 'off', 'r-style': ['error', { max: 3 }] } }), RULES, { rules: { 'r-warn': 'error' } });
    expect(c.rules).toEqual({ 'r-error': 'off', 'r-warn': 'error', 'r-style': ['error', { max: 3 }] });
    const fc = c.forFile('db/1.sql', '/p');
    expect([...fc.rules.keys()].sort()).toEqual(['r-style', 'r-warn']);
    expect(fc.rules.get('r-style')).toEqual({ level: 'error', options: { max: 3 } });
  });

  it('applies overrides by glob relative to the config file', () => {
    const c = resolveConfig(loaded({ engineVersion: '16.2', overrides: [{ files: 'legacy/**', engineVersion: 10, rules: { 'r-error': 'warn' } }] }), RULES);
    expect(c.forFile('legacy/a.sql', '/p').settings.engineVersion).toBe(10);
    expect(c.forFile('legacy/a.sql', '/p').rules.get('r-error')?.level).toBe('warn');
    expect(c.forFile('new/a.sql', '/p').settings.engineVersion).toBe(16.2);
    expect(c.forFile('../legacy/b.sql', '/p/sub').rules.get('r-error')?.level).toBe('warn');
  });

  it.each([
    [{ rules: { nope: 'error' } }, "/p/migralint.config.json: rules.nope: unknown rule 'nope'"],
    [{ rulez: {} }, "/p/migralint.config.json: rulez: unknown key 'rulez'"],
    [{ rules: { 'r-style': ['error', { max: 'x' }] } }, '/p/migralint.config.json: rules.r-style.1.max: must be number'],
    [{ rules: { 'r-error': 'loud' } }, '/p/migralint.config.json: rules.r-error: must be equal to one of the allowed values'],
    [{ engine: 'oracle' }, '/p/migralint.config.json: engine: must be equal to one of the allowed values'],
    [{ extends: 'migralint:strict' }, "/p/migralint.config.json: extends: unknown preset 'migralint:strict' (use migralint:recommended, migralint:all or plugin:<name>/<preset>)"],
    [{ engineVersion: 'latest' }, "/p/migralint.config.json: engineVersion: not a version: 'latest'"],
  ])('rejects %j with a message naming file and key', (config, message) => {
    expect(() => resolveConfig(loaded(config), RULES)).toThrow(new ConfigError(undefined, undefined, '').constructor as typeof Error);
    expect(() => resolveConfig(loaded(config), RULES)).toThrow(message);
  });

  it('supports plugins with namespaced rules and presets', () => {
    const plugin = { rules: { 'no-x': rule('no-x', false) }, configs: { strict: { rules: { 'acme/no-x': 'error' } } } };
    const c = resolveConfig(loaded({ plugins: { acme: plugin }, extends: ['migralint:recommended', 'plugin:acme/strict'] }), RULES);
    expect(c.registry.get('acme/no-x')?.meta.id).toBe('acme/no-x');
    expect(c.rules['acme/no-x']).toBe('error');
  });

  it('finds the config by walking up, including a package.json key', async () => {
    const root = mkdtempSync(join(tmpdir(), 'migralint-config-'));
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'x', migralint: { engine: 'mysql' } }));
    const found = findConfigFile(join(root, 'a', 'b'))!;
    expect(found).toEqual({ file: join(root, 'package.json'), packageKey: true });
    expect((await loadConfigFile(found.file)).config).toEqual({ engine: 'mysql' });
    writeFileSync(join(root, 'a', 'migralint.config.json'), '{\n  "engine": "postgresql",\n}');
    await expect(loadConfigFile(findConfigFile(join(root, 'a', 'b'))!.file)).rejects.toThrow(/invalid JSON \(line 3, column 1\)/);
  });
});
