/*
 * The DDL rules' messages claim lock modes, rewrites, scans and failures; their help texts are
 * recipes. This file checks both against a real PostgreSQL (PGlite: PostgreSQL 18 in WebAssembly),
 * as test/oracle.test.ts does for the first rules: one database for the whole file, every case in
 * BEGIN … ROLLBACK on a fixture with rows, reading pg_locks, pg_class.relfilenode and
 * pg_stat_xact_user_tables.seq_scan before the rollback. Each case also lints the statement after
 * the fixture (as an earlier migration) and compares the analysis layer's lock modes with the
 * database's, so rule messages, `ctx.analysis.effect` and PostgreSQL cannot drift apart silently.
 */
import { describe, expect, it } from 'vitest';
import { applyFixes, type Fix } from '@migralint/core';
import { oracle, rule, strongest } from './oracle-harness.js';

const FIXTURE = `
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text NOT NULL, phone text, age integer);
CREATE INDEX users_email_idx ON users (email);
INSERT INTO users SELECT g, 'u' || g || '@example.com', 'name ' || g, NULL, g FROM generate_series(1, 5) g;
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), total numeric);
INSERT INTO orders SELECT g, g, g FROM generate_series(1, 5) g;
CREATE TABLE notes (id bigint PRIMARY KEY, user_id bigint);
INSERT INTO notes SELECT g, g FROM generate_series(1, 5) g;
CREATE TABLE tags (id bigint NOT NULL, code bigint, name text);
INSERT INTO tags SELECT g, g, 't' || g FROM generate_series(1, 5) g;
CREATE UNIQUE INDEX tags_code_idx ON tags (code);
CREATE TABLE bookings (id bigint PRIMARY KEY, room integer, during int4range);
INSERT INTO bookings SELECT g, g, int4range(g, g + 1) FROM generate_series(1, 5) g;
CREATE TABLE logs (id bigint, msg text);
INSERT INTO logs SELECT g, 'm' FROM generate_series(1, 5) g;
CREATE TABLE events (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_default PARTITION OF events DEFAULT;
INSERT INTO events VALUES (1, '2024-02-01'), (2, '2030-01-01');
CREATE TABLE events_2025 (id bigint, at date NOT NULL);
INSERT INTO events_2025 VALUES (3, '2025-03-01');
CREATE TABLE metrics (id bigint, n integer NOT NULL) PARTITION BY RANGE (n);
CREATE TABLE metrics_1 PARTITION OF metrics FOR VALUES FROM (0) TO (100);
INSERT INTO metrics VALUES (1, 5);
CREATE MATERIALIZED VIEW user_counts AS SELECT age, count(*) AS n FROM users GROUP BY age;
CREATE UNIQUE INDEX user_counts_age_idx ON user_counts (age);
CREATE MATERIALIZED VIEW user_names AS SELECT name FROM users;
`;

const WATCHED = [
  'users', 'users_pkey', 'users_email_idx', 'orders', 'notes', 'tags', 'bookings', 'logs',
  'events', 'events_2024', 'events_default', 'events_2025', 'metrics', 'metrics_1', 'user_counts', 'user_names',
];
const { db, observe, run, one, lint, message, claimed, effects } = oracle({ fixture: FIXTURE, watched: WATCHED });

describe('require-concurrent-reindex', () => {
  it('require-concurrent-reindex (index): REINDEX INDEX takes SHARE on the table and ACCESS EXCLUSIVE on the index, and rebuilds it', async () => {
    const sql = 'REINDEX INDEX users_email_idx';
    expect(message('require-concurrent-reindex', sql)).toContain('takes an ACCESS EXCLUSIVE lock on the index and a SHARE lock on users');
    const o = await observe([sql]);
    expect(strongest(o.locks.users)).toBe('SHARE');
    expect(strongest(o.locks.users_email_idx)).toBe('ACCESS EXCLUSIVE');
    expect(o.rewritten).toEqual(['users_email_idx']);
    expect(o.scanned).toContain('users');
    expect(claimed(sql)).toMatchObject({ users: 'SHARE', users_email_idx: 'ACCESS EXCLUSIVE' });
  });

  it('require-concurrent-reindex (table): REINDEX TABLE takes ACCESS EXCLUSIVE on every index of the table', async () => {
    const sql = 'REINDEX TABLE users';
    expect(message('require-concurrent-reindex', sql)).toContain('a SHARE lock on users and an ACCESS EXCLUSIVE lock on each of its indexes');
    const o = await observe([sql]);
    expect(strongest(o.locks.users)).toBe('SHARE');
    expect(strongest(o.locks.users_pkey)).toBe('ACCESS EXCLUSIVE');
    expect(strongest(o.locks.users_email_idx)).toBe('ACCESS EXCLUSIVE');
    expect(o.rewritten.sort()).toEqual(['users_email_idx', 'users_pkey']);
    expect(claimed(sql).users).toBe('SHARE');
  });

  it('require-concurrent-reindex (fix): CONCURRENTLY fails inside a transaction block and runs outside one', async () => {
    const sql = 'REINDEX INDEX users_email_idx;';
    const [d] = lint('require-concurrent-reindex', sql);
    const fixed = applyFixes(sql, [d!.fix as Fix]).output;
    expect(fixed).toBe('REINDEX INDEX CONCURRENTLY users_email_idx;');
    expect(lint('require-concurrent-reindex', fixed)).toEqual([]);
    expect((await observe([fixed])).error).toBe('REINDEX CONCURRENTLY cannot run inside a transaction block');
    expect(await run(fixed)).toBeUndefined();
  });

  it('require-concurrent-reindex (many): REINDEX SCHEMA fails inside a transaction block', async () => {
    expect(message('require-concurrent-reindex', 'REINDEX SCHEMA public')).toContain('fails inside a transaction block');
    expect((await observe(['REINDEX SCHEMA public'])).error).toBe('REINDEX SCHEMA cannot run inside a transaction block');
  });
});

describe('require-concurrent-partition-detach', () => {
  it('require-concurrent-partition-detach: DETACH takes ACCESS EXCLUSIVE on the partitioned table, the partition and the default partition', async () => {
    const sql = 'ALTER TABLE events DETACH PARTITION events_2024';
    expect(message('require-concurrent-partition-detach', sql)).toContain('takes ACCESS EXCLUSIVE locks on both, and on the default partition if there is one');
    const o = await observe([sql]);
    expect(strongest(o.locks.events)).toBe('ACCESS EXCLUSIVE');
    expect(strongest(o.locks.events_2024)).toBe('ACCESS EXCLUSIVE');
    expect(strongest(o.locks.events_default)).toBe('ACCESS EXCLUSIVE');
    expect(claimed(sql)).toMatchObject({ events: 'ACCESS EXCLUSIVE', events_2024: 'ACCESS EXCLUSIVE' });
  });

  it('require-concurrent-partition-detach (help): CONCURRENTLY fails in a transaction block, is refused with a default partition, works without one', async () => {
    const sql = 'ALTER TABLE metrics DETACH PARTITION metrics_1;';
    const [d] = lint('require-concurrent-partition-detach', sql);
    const fixed = applyFixes(sql, [d!.fix as Fix]).output;
    expect(fixed).toBe('ALTER TABLE metrics DETACH PARTITION metrics_1 CONCURRENTLY;');
    expect(lint('require-concurrent-partition-detach', fixed)).toEqual([]);
    expect((await observe([fixed])).error).toBe('ALTER TABLE ... DETACH CONCURRENTLY cannot run inside a transaction block');
    expect(await run('ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY')).toBe('cannot detach partitions concurrently when a default partition exists');
    expect(d!.help).toContain('PostgreSQL refuses it while metrics has a default partition');
    expect(await run(fixed)).toBeUndefined();
    expect(await run('ALTER TABLE metrics ATTACH PARTITION metrics_1 FOR VALUES FROM (0) TO (100)')).toBeUndefined();
  });
});

describe('adding-stored-generated-column', () => {
  it('adding-stored-generated-column: a STORED generated column rewrites the table under ACCESS EXCLUSIVE', async () => {
    const sql = 'ALTER TABLE users ADD COLUMN age2 integer GENERATED ALWAYS AS (age * 2) STORED';
    expect(message('adding-stored-generated-column', sql)).toContain('rewrites users: PostgreSQL computes it for every existing row under an ACCESS EXCLUSIVE lock');
    const o = await observe([sql]);
    expect(o.rewritten).toContain('users');
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    expect(claimed(sql).users).toBe('ACCESS EXCLUSIVE');
  });

  it('adding-stored-generated-column (valid on 18): a VIRTUAL one, or one without STORED, rewrites nothing', async () => {
    for (const sql of ['ALTER TABLE users ADD COLUMN age2 integer GENERATED ALWAYS AS (age * 2) VIRTUAL', 'ALTER TABLE users ADD COLUMN age2 integer GENERATED ALWAYS AS (age * 2)']) {
      expect(lint('adding-stored-generated-column', sql)).toEqual([]);
      const o = await observe([sql]);
      expect(o.error).toBeUndefined();
      expect(o.rewritten).toEqual([]);
    }
  });
});

describe('adding-serial-column', () => {
  it.each([
    ['serial', 'ALTER TABLE users ADD COLUMN n serial'],
    ['serial', 'ALTER TABLE users ADD COLUMN n bigserial'],
    ['identity', 'ALTER TABLE users ADD COLUMN n bigint GENERATED BY DEFAULT AS IDENTITY'],
  ])('adding-serial-column (%s): %s rewrites the table and its indexes under ACCESS EXCLUSIVE', async (messageId, sql) => {
    expect(lint('adding-serial-column', sql)[0]?.message).toBe(rule('adding-serial-column').meta.messages[messageId]!.replace(/\{\{table\}\}/g, 'users').replace('{{column}}', 'n').replace('{{type}}', sql.split(' ').pop()!));
    const o = await observe([sql]);
    expect(o.rewritten).toEqual(expect.arrayContaining(['users', 'users_email_idx']));
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
  });

  it('adding-serial-column (recipe): a plain column plus an owned sequence as default rewrites nothing', async () => {
    const [d] = lint('adding-serial-column', 'ALTER TABLE users ADD COLUMN number bigserial');
    expect(d!.help).toContain("CREATE SEQUENCE users_number_seq OWNED BY users.number and ALTER TABLE users ALTER COLUMN number SET DEFAULT nextval('users_number_seq')");
    const o = await observe(['ALTER TABLE users ADD COLUMN number bigint', 'CREATE SEQUENCE users_number_seq OWNED BY users.number', "ALTER TABLE users ALTER COLUMN number SET DEFAULT nextval('users_number_seq')"]);
    expect(o.error).toBeUndefined();
    expect(o.rewritten).toEqual([]);
  });
});

describe('adding-not-nullable-field', () => {
  it('adding-not-nullable-field: SET NOT NULL scans the table under ACCESS EXCLUSIVE, and fails on a NULL', async () => {
    const sql = 'ALTER TABLE users ALTER COLUMN email SET NOT NULL';
    expect(message('adding-not-nullable-field', sql)).toContain('scans every row of users under an ACCESS EXCLUSIVE lock to look for NULLs');
    const o = await observe([sql]);
    expect(o.scanned).toEqual(['users']);
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    expect(claimed(sql).users).toBe('ACCESS EXCLUSIVE');
    expect((await observe(['ALTER TABLE users ALTER COLUMN phone SET NOT NULL'])).error).toBe('column "phone" of relation "users" contains null values');
  });

  it('adding-not-nullable-field (recipe, 12–17): a validated CHECK lets SET NOT NULL skip the scan; the check can go afterwards', async () => {
    const recipe = [
      'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID',
      'ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null',
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL',
      'ALTER TABLE users DROP CONSTRAINT users_email_not_null',
    ];
    expect(lint('adding-not-nullable-field', 'ALTER TABLE users ALTER COLUMN email SET NOT NULL', { engineVersion: 15 })[0]!.help).toContain(recipe[0]);
    expect(lint('adding-not-nullable-field', recipe.join(';\n'), { engineVersion: 15 })).toEqual([]);
    const o = await observe(recipe.slice(2), recipe.slice(0, 2));
    expect(o.error).toBeUndefined();
    expect(o.scanned).toEqual([]);
  });

  it('adding-not-nullable-field (recipe, 18): NOT NULL … NOT VALID scans nothing; VALIDATE scans under SHARE UPDATE EXCLUSIVE and leaves the column NOT NULL', async () => {
    const add = 'ALTER TABLE users ADD CONSTRAINT users_email_not_null NOT NULL email NOT VALID';
    const validate = 'ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null';
    expect(lint('adding-not-nullable-field', 'ALTER TABLE users ALTER COLUMN email SET NOT NULL')[0]!.help).toContain(add);
    expect(lint('adding-not-nullable-field', `${add};\n${validate};\nALTER TABLE users ALTER COLUMN email SET NOT NULL;`)).toEqual([]);
    const added = await observe([add]);
    expect(added.scanned).toEqual([]);
    expect(strongest(added.locks.users)).toBe('ACCESS EXCLUSIVE');
    let after: { attnotnull: boolean; convalidated: boolean } | undefined;
    await db.exec(add);
    try {
      const validated = await observe([validate], [], async () => {
        after = await one("SELECT attnotnull, convalidated FROM pg_attribute, pg_constraint WHERE attrelid = 'users'::regclass AND attname = 'email' AND conname = 'users_email_not_null'");
      });
      expect(validated.scanned).toEqual(['users']);
      expect(strongest(validated.locks.users)).toBe('SHARE UPDATE EXCLUSIVE');
      expect(claimed(validate).users).toBe('SHARE UPDATE EXCLUSIVE');
      expect(after).toEqual({ attnotnull: true, convalidated: true });
    } finally {
      await db.exec('ALTER TABLE users DROP CONSTRAINT users_email_not_null');
    }
  });

  it('adding-not-nullable-field (beforeV12 is not checked here): PostgreSQL 18 skips the scan with a validated check', async () => {
    expect(message('adding-not-nullable-field', 'ALTER TABLE users ALTER COLUMN email SET NOT NULL', { engineVersion: 11 })).toMatch(/^PostgreSQL 11 always scans for SET NOT NULL/);
  });
});

describe('disallowed-unique-constraint', () => {
  it('disallowed-unique-constraint: ADD CONSTRAINT … UNIQUE builds the index over the whole table under ACCESS EXCLUSIVE', async () => {
    const sql = 'ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE (name)';
    expect(message('disallowed-unique-constraint', sql)).toContain('builds its index over every row of users under an ACCESS EXCLUSIVE lock');
    const o = await observe([sql]);
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    expect(o.scanned).toEqual(['users']);
    expect(claimed(sql).users).toBe('ACCESS EXCLUSIVE');
  });

  it('disallowed-unique-constraint (inline): ADD COLUMN … UNIQUE builds an index too', async () => {
    const sql = 'ALTER TABLE users ADD COLUMN handle text UNIQUE';
    expect(lint('disallowed-unique-constraint', sql)).toHaveLength(1);
    const o = await observe([sql]);
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    expect(o.scanned).toEqual(['users']);
  });

  it('disallowed-unique-constraint (recipe): CREATE UNIQUE INDEX CONCURRENTLY, then UNIQUE USING INDEX under the same name scans nothing', async () => {
    const [d] = lint('disallowed-unique-constraint', 'ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE (name)');
    const build = 'CREATE UNIQUE INDEX CONCURRENTLY users_name_key ON users (name)';
    const attach = 'ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE USING INDEX users_name_key';
    expect(d!.help).toContain(build);
    expect(d!.help).toContain(attach);
    expect(lint('disallowed-unique-constraint', `${build};\n${attach};`)).toEqual([]);
    expect(await run(build)).toBeUndefined();
    try {
      const o = await observe([attach]);
      expect(o.error).toBeUndefined();
      expect(o.scanned).toEqual([]);
      expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    } finally {
      await db.exec('DROP INDEX users_name_key');
    }
  });
});

describe('adding-primary-key-constraint', () => {
  it('adding-primary-key-constraint: ADD PRIMARY KEY builds the index over the whole table under ACCESS EXCLUSIVE', async () => {
    const sql = 'ALTER TABLE tags ADD PRIMARY KEY (id)';
    expect(message('adding-primary-key-constraint', sql)).toContain('builds its unique index over every row of tags under an ACCESS EXCLUSIVE lock');
    const o = await observe([sql]);
    expect(strongest(o.locks.tags)).toBe('ACCESS EXCLUSIVE');
    expect(o.scanned).toEqual(['tags']);
    expect(claimed(sql).tags).toBe('ACCESS EXCLUSIVE');
  });

  it('adding-primary-key-constraint (recipe): a unique index built CONCURRENTLY on a NOT NULL column, then PRIMARY KEY USING INDEX, scans nothing', async () => {
    const [d] = lint('adding-primary-key-constraint', 'ALTER TABLE tags ADD PRIMARY KEY (id)');
    const build = 'CREATE UNIQUE INDEX CONCURRENTLY tags_pkey_idx ON tags (id)';
    const attach = 'ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY USING INDEX tags_pkey_idx';
    expect(d!.help).toContain(build);
    expect(d!.help).toContain(attach);
    expect(await run(build)).toBeUndefined();
    try {
      const o = await observe([attach]);
      expect(o.error).toBeUndefined();
      expect(o.scanned).toEqual([]);
    } finally {
      await db.exec('DROP INDEX tags_pkey_idx');
    }
  });
});

describe('primary-key-using-index-on-nullable-column', () => {
  const sql = 'ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY USING INDEX tags_code_idx';

  it('primary-key-using-index-on-nullable-column: USING INDEX on a nullable column scans the table for NULLs under ACCESS EXCLUSIVE', async () => {
    expect(message('primary-key-using-index-on-nullable-column', sql)).toContain('first makes code NOT NULL: PostgreSQL scans every row of tags for NULLs under an ACCESS EXCLUSIVE lock');
    const o = await observe([sql]);
    expect(o.error).toBeUndefined();
    expect(o.scanned).toEqual(['tags']);
    expect(strongest(o.locks.tags)).toBe('ACCESS EXCLUSIVE');
    expect(effects(sql)[0]!.scan).toBe('yes');
  });

  it('primary-key-using-index-on-nullable-column (recipe): after a validated CHECK and SET NOT NULL, nothing is scanned', async () => {
    const [d] = lint('primary-key-using-index-on-nullable-column', sql);
    const check = 'ALTER TABLE tags ADD CONSTRAINT tags_code_not_null CHECK (code IS NOT NULL) NOT VALID';
    expect(d!.help).toContain(check);
    const steps = [check, 'ALTER TABLE tags VALIDATE CONSTRAINT tags_code_not_null', 'ALTER TABLE tags ALTER COLUMN code SET NOT NULL'];
    expect(lint('primary-key-using-index-on-nullable-column', `${steps.join(';\n')};\n${sql};`)).toEqual([]);
    const o = await observe([steps[2]!, sql], steps.slice(0, 2));
    expect(o.error).toBeUndefined();
    expect(o.scanned).toEqual([]);
  });

  it('primary-key-using-index-on-nullable-column: a validated CHECK alone already spares the scan (PostgreSQL 12+)', async () => {
    const o = await observe([sql], ['ALTER TABLE tags ADD CONSTRAINT tags_code_not_null CHECK (code IS NOT NULL)']);
    expect(o.scanned).toEqual([]);
    expect(lint('primary-key-using-index-on-nullable-column', `ALTER TABLE tags ADD CONSTRAINT tags_code_not_null CHECK (code IS NOT NULL);\n${sql};`)).toEqual([]);
  });
});

describe('exclusion-constraint', () => {
  it('exclusion-constraint: ADD … EXCLUDE builds the index over the whole table under ACCESS EXCLUSIVE', async () => {
    const sql = 'ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&)';
    expect(message('exclusion-constraint', sql)).toContain('builds its index over every row of bookings and checks them under an ACCESS EXCLUSIVE lock');
    const o = await observe([sql]);
    expect(o.error).toBeUndefined();
    expect(strongest(o.locks.bookings)).toBe('ACCESS EXCLUSIVE');
    expect(o.scanned).toEqual(['bookings']);
    expect(claimed(sql).bookings).toBe('ACCESS EXCLUSIVE');
  });

  it('exclusion-constraint (help): neither NOT VALID nor USING INDEX is accepted for EXCLUDE', async () => {
    expect((await observe(['ALTER TABLE bookings ADD CONSTRAINT b EXCLUDE USING gist (during WITH &&) NOT VALID'])).error).toBe('EXCLUDE constraints cannot be marked NOT VALID');
    expect((await observe(['ALTER TABLE bookings ADD CONSTRAINT b EXCLUDE USING INDEX bookings_pkey'])).error).toMatch(/^syntax error/);
    expect(rule('exclusion-constraint').meta.help).toContain('neither NOT VALID nor USING INDEX');
  });
});

describe('ban-drop-database', () => {
  it('ban-drop-database: DROP DATABASE fails inside a transaction block', async () => {
    expect(message('ban-drop-database', 'DROP DATABASE reports')).toContain('refuses it inside a transaction block');
    expect((await observe(['DROP DATABASE IF EXISTS reports'])).error).toBe('DROP DATABASE cannot run inside a transaction block');
  });
});

describe('ban-drop-not-null', () => {
  it('ban-drop-not-null: DROP NOT NULL takes a brief ACCESS EXCLUSIVE lock, with no scan and no rewrite', async () => {
    const sql = 'ALTER TABLE users ALTER COLUMN name DROP NOT NULL';
    expect(message('ban-drop-not-null', sql)).toContain('a brief ACCESS EXCLUSIVE lock on users (no scan, no rewrite)');
    const o = await observe([sql, "INSERT INTO users (id, name) VALUES (100, NULL)"]);
    expect(o.error).toBeUndefined();
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    expect(o.scanned).toEqual([]);
    expect(o.rewritten).toEqual([]);
  });

  it('ban-drop-not-null (18): dropping the named NOT NULL constraint of an inline NOT NULL column makes it nullable', async () => {
    const sql = 'ALTER TABLE users DROP CONSTRAINT users_name_not_null';
    expect(message('ban-drop-not-null', sql)).toContain('Dropping NOT NULL constraint users_name_not_null makes name of users nullable');
    let notNull: boolean | undefined;
    const o = await observe([sql], [], async () => {
      notNull = (await one<{ attnotnull: boolean }>("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'name'")).attnotnull;
    });
    expect(o.error).toBeUndefined();
    expect(notNull).toBe(false);
  });
});

describe('ban-truncate-cascade', () => {
  it('ban-truncate-cascade: CASCADE empties the referencing table too, under ACCESS EXCLUSIVE locks on both', async () => {
    const sql = 'TRUNCATE users CASCADE';
    expect(message('ban-truncate-cascade', sql)).toContain('also every table with a foreign key to them');
    let left: number | undefined;
    const o = await observe([sql], [], async () => {
      left = Number((await one<{ n: number }>('SELECT count(*) AS n FROM orders')).n);
    });
    expect(o.error).toBeUndefined();
    expect(left).toBe(0);
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    expect(strongest(o.locks.orders)).toBe('ACCESS EXCLUSIVE');
    expect(claimed(sql).users).toBe('ACCESS EXCLUSIVE');
  });

  it('ban-truncate-cascade (help): without CASCADE PostgreSQL refuses; the listed tables truncate', async () => {
    const [d] = lint('ban-truncate-cascade', 'TRUNCATE users CASCADE;');
    expect(d!.help).toContain('TRUNCATE users, orders;');
    expect((await observe(['TRUNCATE users'])).error).toBe('cannot truncate a table referenced in a foreign key constraint');
    expect((await observe(['TRUNCATE users, orders'])).error).toBeUndefined();
  });
});

describe('ban-vacuum-full-and-cluster', () => {
  it('ban-vacuum-full-and-cluster (cluster): CLUSTER rewrites the table and its indexes under ACCESS EXCLUSIVE', async () => {
    const sql = 'CLUSTER users USING users_pkey';
    expect(message('ban-vacuum-full-and-cluster', sql)).toContain('CLUSTER rewrites users in index order under an ACCESS EXCLUSIVE lock');
    const o = await observe([sql]);
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    expect(o.rewritten).toEqual(expect.arrayContaining(['users', 'users_pkey', 'users_email_idx']));
    expect(claimed(sql).users).toBe('ACCESS EXCLUSIVE');
  });

  it('ban-vacuum-full-and-cluster (vacuumFull): VACUUM FULL fails in a transaction block and rewrites the table outside one', async () => {
    const sql = 'VACUUM FULL logs';
    expect(message('ban-vacuum-full-and-cluster', sql)).toContain('VACUUM FULL rewrites logs under an ACCESS EXCLUSIVE lock');
    expect((await observe([sql])).error).toBe('VACUUM cannot run inside a transaction block');
    const node = async () => (await one<{ relfilenode: number }>("SELECT relfilenode FROM pg_class WHERE relname = 'logs'")).relfilenode;
    const before = await node();
    expect(await run(sql)).toBeUndefined();
    expect(await node()).not.toBe(before);
    expect(claimed(sql).logs).toBe('ACCESS EXCLUSIVE');
  });
});

describe('set-logged-unlogged', () => {
  it('set-logged-unlogged (unlogged): SET UNLOGGED rewrites the table under ACCESS EXCLUSIVE', async () => {
    const sql = 'ALTER TABLE logs SET UNLOGGED';
    expect(message('set-logged-unlogged', sql)).toContain('SET UNLOGGED rewrites logs under an ACCESS EXCLUSIVE lock');
    const o = await observe([sql]);
    expect(o.rewritten).toEqual(['logs']);
    expect(strongest(o.locks.logs)).toBe('ACCESS EXCLUSIVE');
    expect(claimed(sql).logs).toBe('ACCESS EXCLUSIVE');
  });

  it('set-logged-unlogged (logged): SET LOGGED rewrites an unlogged table (and is a no-op on a logged one)', async () => {
    const sql = 'ALTER TABLE logs SET LOGGED';
    expect(message('set-logged-unlogged', sql)).toContain('SET LOGGED rewrites logs under an ACCESS EXCLUSIVE lock');
    const o = await observe([sql], ['ALTER TABLE logs SET UNLOGGED']);
    expect(o.error).toBeUndefined();
    expect(strongest(o.locks.logs)).toBe('ACCESS EXCLUSIVE');
    const relpersistence = async () => (await one<{ relpersistence: string }>("SELECT relpersistence FROM pg_class WHERE relname = 'logs'")).relpersistence;
    await db.exec('ALTER TABLE logs SET UNLOGGED');
    try {
      expect(await relpersistence()).toBe('u');
      const node = (await one<{ relfilenode: number }>("SELECT relfilenode FROM pg_class WHERE relname = 'logs'")).relfilenode;
      expect((await observe([sql])).rewritten).toEqual(['logs']);
      expect((await one<{ relfilenode: number }>("SELECT relfilenode FROM pg_class WHERE relname = 'logs'")).relfilenode).toBe(node);
    } finally {
      await db.exec(sql);
    }
    expect((await observe([sql])).rewritten).toEqual([]);
  });
});

describe('require-concurrent-refresh', () => {
  it('require-concurrent-refresh: REFRESH takes ACCESS EXCLUSIVE on the view and rewrites it', async () => {
    const sql = 'REFRESH MATERIALIZED VIEW user_counts';
    expect(message('require-concurrent-refresh', sql)).toContain('takes an ACCESS EXCLUSIVE lock on it: every read of user_counts blocks');
    const o = await observe([sql]);
    expect(strongest(o.locks.user_counts)).toBe('ACCESS EXCLUSIVE');
    expect(o.rewritten).toEqual(['user_counts']);
    expect(claimed(sql).user_counts).toBe('ACCESS EXCLUSIVE');
  });

  it('require-concurrent-refresh (fix): CONCURRENTLY takes EXCLUSIVE (reads go on), runs in a transaction block, and needs a unique index', async () => {
    const sql = 'REFRESH MATERIALIZED VIEW user_counts;';
    const [d] = lint('require-concurrent-refresh', sql);
    const fixed = applyFixes(sql, [d!.fix as Fix]).output;
    expect(fixed).toBe('REFRESH MATERIALIZED VIEW CONCURRENTLY user_counts;');
    expect(lint('require-concurrent-refresh', fixed)).toEqual([]);
    const o = await observe([fixed]);
    expect(o.error).toBeUndefined();
    expect(strongest(o.locks.user_counts)).toBe('EXCLUSIVE');
    expect(claimed(fixed).user_counts).toBe('EXCLUSIVE');
    expect((await observe(['REFRESH MATERIALIZED VIEW CONCURRENTLY user_names'])).error).toBe('cannot refresh materialized view "public.user_names" concurrently');
  });
});

describe('attach-partition-without-check', () => {
  const sql = "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')";
  const bound = "ALTER TABLE events_2025 ADD CONSTRAINT events_2025_bound CHECK (at >= '2025-01-01' AND at < '2026-01-01')";
  const excluded = "ALTER TABLE events_default ADD CONSTRAINT events_default_bound CHECK (at < '2025-01-01' OR at >= '2026-01-01')";

  it('attach-partition-without-check: ATTACH scans the partition and the default partition under ACCESS EXCLUSIVE; the parent gets SHARE UPDATE EXCLUSIVE', async () => {
    expect(message('attach-partition-without-check', sql)).toContain('scans every row of events_2025 under an ACCESS EXCLUSIVE lock');
    const o = await observe([sql]);
    expect(o.error).toBeUndefined();
    expect(o.scanned.sort()).toEqual(['events_2025', 'events_default']);
    expect(strongest(o.locks.events_2025)).toBe('ACCESS EXCLUSIVE');
    expect(strongest(o.locks.events_default)).toBe('ACCESS EXCLUSIVE');
    expect(strongest(o.locks.events)).toBe('SHARE UPDATE EXCLUSIVE');
    expect(claimed(sql)).toMatchObject({ events: 'SHARE UPDATE EXCLUSIVE', events_2025: 'ACCESS EXCLUSIVE' });
    expect(claimed(sql, 11).events).toBe('ACCESS EXCLUSIVE');
  });

  it('attach-partition-without-check (recipe): a validated CHECK skips the partition\'s scan, one on the default partition skips its scan', async () => {
    expect(lint('attach-partition-without-check', `${bound};\n${sql};`)).toEqual([]);
    expect((await observe([sql], [bound])).scanned).toEqual(['events_default']);
    expect((await observe([sql], [bound, excluded])).scanned).toEqual([]);
  });

  it('attach-partition-without-check: a NOT VALID check does not count', async () => {
    expect(lint('attach-partition-without-check', `${bound} NOT VALID;\n${sql};`)).toHaveLength(1);
    expect((await observe([sql], [`${bound} NOT VALID`])).scanned).toContain('events_2025');
  });
});

describe('fk-missing-index', () => {
  const fk = 'ALTER TABLE notes ADD CONSTRAINT notes_user_fk FOREIGN KEY (user_id) REFERENCES users (id)';
  const remove = ['DELETE FROM orders WHERE user_id = 5', fk];

  it('fk-missing-index: deleting a referenced row scans the unindexed referencing table under ROW SHARE', async () => {
    expect(message('fk-missing-index', fk)).toContain('every DELETE from users, and every UPDATE of its key, scans all of notes under a ROW SHARE lock');
    const o = await observe(['DELETE FROM users WHERE id = 5'], [...remove, 'DELETE FROM notes WHERE user_id = 5']);
    expect(o.error).toBeUndefined();
    expect(o.scanned).toContain('notes');
    expect(o.locks.notes).toContain('ROW SHARE');
  });

  it('fk-missing-index (recipe): with the index, the lookup can use it (no sequential scan when the planner may choose)', async () => {
    const [d] = lint('fk-missing-index', fk);
    const index = 'CREATE INDEX CONCURRENTLY notes_user_id_idx ON notes (user_id)';
    expect(d!.help).toContain(index);
    expect(lint('fk-missing-index', `${fk};\nCREATE INDEX notes_user_id_idx ON notes (user_id);`)).toEqual([]);
    const setup = [...remove, 'DELETE FROM notes WHERE user_id = 5', 'SET LOCAL enable_seqscan = off'];
    expect((await observe(['DELETE FROM users WHERE id = 5'], setup)).scanned).toContain('notes');
    expect(await run(index)).toBeUndefined();
    try {
      expect((await observe(['DELETE FROM users WHERE id = 5'], setup)).scanned).not.toContain('notes');
    } finally {
      await db.exec('DROP INDEX notes_user_id_idx');
    }
  });
});
