/*
 * The acceptance list of issue 4, spelled out literally: what the linter as a whole (every
 * built-in rule, the recommended preset unless said otherwise) must stay silent on and must
 * report. Each case is a small project linted end to end, so the layouts, the schema replay,
 * the transaction model, config (`engineVersion`, `tables`, `tableStats`) and the rules all
 * take part. Earlier migrations are separate files: their tables are existing ones.
 */
import { describe, expect, it } from 'vitest';
import type { UserConfig } from '@migralint/core';
import { lintProject } from './shared-harness.js';

/** `ruleId@line` of every finding in `file` of the project. */
async function findings(files: Record<string, string>, file: string, config: UserConfig = {}): Promise<string[]> {
  const results = await lintProject(files, config);
  const r = results.find((x) => x.file === file);
  if (!r) throw new Error(`${file} was not linted (got ${results.map((x) => x.file).join(', ')})`);
  return r.diagnostics.map((d) => `${d.ruleId}@${d.span.start.line}`);
}

const USERS = 'CREATE TABLE users (id bigint PRIMARY KEY, email text, nickname varchar(10));';
const ALL: UserConfig = { extends: 'migralint:all' };

describe('must stay silent', () => {
  it('an index on a table created earlier in the same migration', async () => {
    const files = { '001_events.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, user_id bigint);\nCREATE INDEX events_user_id_idx ON events (user_id);' };
    expect(await findings(files, '001_events.sql')).toEqual([]);
    // A new table is empty whatever config says about its size.
    expect(await findings(files, '001_events.sql', { tables: { large: ['events'] } })).toEqual([]);
    expect(await findings(files, '001_events.sql', ALL)).toEqual([]);
  });

  it('an index on a table created earlier in the same migration, inside BEGIN/COMMIT', async () => {
    const files = { '001_events.sql': 'BEGIN;\nCREATE TABLE events (id bigint PRIMARY KEY, user_id bigint);\nCREATE INDEX events_user_id_idx ON events (user_id);\nCOMMIT;' };
    expect(await findings(files, '001_events.sql')).toEqual([]);
    expect(await findings(files, '001_events.sql', ALL)).toEqual([]);
  });

  it('ADD COLUMN … DEFAULT false on PostgreSQL 16', async () => {
    const files = { '001_users.sql': USERS, '002_active.sql': 'ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT false;' };
    expect(await findings(files, '002_active.sql', { engineVersion: 16 })).toEqual([]);
    expect(await findings(files, '002_active.sql', { engineVersion: '16.4', tables: { large: ['users'] } })).toEqual([]);
  });

  it('varchar(10) → varchar(20)', async () => {
    const files = { '001_users.sql': USERS, '002_widen.sql': 'ALTER TABLE users ALTER COLUMN nickname TYPE varchar(20);' };
    expect(await findings(files, '002_widen.sql')).toEqual([]);
    expect(await findings(files, '002_widen.sql', { tables: { large: ['users'] } })).toEqual([]);
  });

  it.each([12, 16])('SET NOT NULL after a validated CHECK (col IS NOT NULL) on PostgreSQL %i', async (engineVersion) => {
    const files = {
      '001_users.sql': USERS,
      '002_check.sql': 'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;',
      '003_validate.sql': 'ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;',
      '004_not_null.sql': 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    };
    expect(await findings(files, '004_not_null.sql', { engineVersion })).toEqual([]);
  });

  it('anything in a down migration except syntax', async () => {
    const down = [
      'DROP TABLE users;',
      'CREATE INDEX users_email_idx ON users (email);',
      'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      'ALTER TABLE users ALTER COLUMN id TYPE integer;',
      // golang-migrate sends a multi-statement file as one batch: an implicit transaction, where CONCURRENTLY fails.
      'CREATE INDEX CONCURRENTLY users_nickname_idx ON users (nickname);',
      'CREATE TABLE legacy (id serial, code char(3), at timestamp);',
    ].join('\n');
    const config: UserConfig = { ...ALL, migrations: [{ path: '.', layout: 'golang-migrate' }] };
    const files = { '001_init.up.sql': USERS, '001_init.down.sql': down };
    expect(await findings(files, '001_init.down.sql', config)).toEqual([]);
    // The same statements in an up migration are reported by many rules: the silence is the direction's.
    const up = await findings({ '001_init.up.sql': USERS, '002_again.up.sql': down }, '002_again.up.sql', config);
    expect(new Set(up.map((x) => x.split('@')[0])).size).toBeGreaterThan(5);
    const broken = { ...files, '001_init.down.sql': `${down}\nDROP TABLE;` };
    expect(await findings(broken, '001_init.down.sql', config)).toEqual(['syntax-error@7']);
  });
});

describe('must fire', () => {
  it('ADD COLUMN … DEFAULT gen_random_uuid()', async () => {
    const files = { '001_users.sql': USERS, '002_token.sql': 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();' };
    expect(await findings(files, '002_token.sql')).toContain('adding-field-with-default@1');
    // On the newest PostgreSQL too: a volatile default is computed row by row.
    expect(await findings(files, '002_token.sql', { engineVersion: 18 })).toContain('adding-field-with-default@1');
  });

  it('ADD COLUMN … DEFAULT 0 with engineVersion 10', async () => {
    const files = { '001_users.sql': USERS, '002_score.sql': 'ALTER TABLE users ADD COLUMN score integer DEFAULT 0;' };
    expect(await findings(files, '002_score.sql', { engineVersion: 10 })).toContain('adding-field-with-default@1');
    expect(await findings(files, '002_score.sql', { engineVersion: 11 })).not.toContain('adding-field-with-default@1');
  });

  it('CREATE INDEX on an existing large table', async () => {
    const files = { '001_users.sql': USERS, '002_index.sql': 'CREATE INDEX users_email_idx ON users (email);' };
    const results = await lintProject(files, { tables: { large: ['users'] } });
    const d = results.find((r) => r.file === '002_index.sql')!.diagnostics.filter((x) => x.ruleId === 'require-concurrent-index-creation');
    expect(d.map((x) => x.message)).toEqual([expect.stringMatching(/^Large table users /)]);
  });

  it('CREATE INDEX on an existing table sized by a tableStats file: large fires, small stays quiet', async () => {
    const stats = JSON.stringify({ tables: { 'public.users': { rows: 120_000_000, bytes: 52_428_800_000 }, countries: { rows: 250 } } });
    const files = {
      'table-stats.json': stats,
      'migrations/001_init.sql': `${USERS}\nCREATE TABLE countries (code text PRIMARY KEY, name text);`,
      'migrations/002_index.sql': 'CREATE INDEX users_email_idx ON users (email);\nCREATE INDEX countries_name_idx ON countries (name);',
    };
    const results = await lintProject(files, { tableStats: 'table-stats.json', migrations: ['migrations'] });
    const found = results.find((r) => r.file === 'migrations/002_index.sql')!.diagnostics.filter((x) => x.ruleId === 'require-concurrent-index-creation');
    expect(found.map((x) => `${x.span.start.line} ${x.message.split(' ').slice(0, 3).join(' ')}`)).toEqual(['1 Large table users']);
  });

  it('UPDATE of a table in the same transaction that altered it', async () => {
    const files = { '001_users.sql': USERS, '002_backfill.sql': "BEGIN;\nALTER TABLE users ADD COLUMN active boolean;\nUPDATE users SET active = true WHERE email LIKE '%@example.com';\nCOMMIT;" };
    const ids = await findings(files, '002_backfill.sql');
    expect(ids.filter((x) => x.endsWith('@3'))).not.toEqual([]);
  });
});
