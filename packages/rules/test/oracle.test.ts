/*
 * The rules' messages claim lock modes, rewrites, scans and failures. This file checks each
 * claim against a real PostgreSQL (PGlite: PostgreSQL 18 in WebAssembly): every statement runs
 * inside BEGIN … ROLLBACK on a small fixture, and the test reads pg_locks, pg_class.relfilenode
 * and pg_stat_xact_user_tables before the rollback. Each test also lints the same statement, after
 * the fixture as an earlier migration, so a rule and the database cannot drift apart silently.
 */
import { describe, expect, it } from 'vitest';
import { applyFixes, type Fix } from '@migralint/core';
import { oracle, rule, strongest } from './oracle-harness.js';

const FIXTURE = `
CREATE TABLE users (
  id bigint PRIMARY KEY,
  email varchar(10),
  name text,
  age integer,
  score numeric(10, 2),
  amount numeric,
  net cidr,
  code char(3),
  tags varchar(10)[],
  bits varbit(5),
  created timestamp,
  created3 timestamp(3)
);
CREATE INDEX users_email_idx ON users (email);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), total numeric);
CREATE TABLE notes (id bigint PRIMARY KEY, user_id bigint);
INSERT INTO users SELECT g, 'u' || g, 'name ' || g, g, g, g, '10.0.0.0/8', 'abc', '{a}', B'101', now(), now() FROM generate_series(1, 5) g;
INSERT INTO orders SELECT g, g, g FROM generate_series(1, 5) g;
INSERT INTO notes SELECT g, g FROM generate_series(1, 5) g;
CREATE FUNCTION next_number() RETURNS integer LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN 1; END $$;
CREATE FUNCTION current_tenant() RETURNS integer LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN 1; END $$;
CREATE FUNCTION sql_one() RETURNS integer LANGUAGE sql VOLATILE AS 'SELECT 1';
`;

const WATCHED = ['users', 'orders', 'notes', 'users_email_idx'];
// An index on an altered column comes back under a new OID even when its storage is reused.
const { db, observe, lint } = oracle({ fixture: FIXTURE, watched: WATCHED, findGoneByName: true });

describe('require-concurrent-index-creation', () => {
  it('require-concurrent-index-creation: CREATE INDEX holds SHARE on the table and scans it', async () => {
    const sql = 'CREATE INDEX users_name_idx ON users (name)';
    expect(lint('require-concurrent-index-creation', sql)[0]?.message).toContain('takes a SHARE lock on users');
    const o = await observe([sql]);
    expect(strongest(o.locks.users)).toBe('SHARE');
    expect(o.scanned).toContain('users');
  });

  it('require-concurrent-index-creation: the fix (CONCURRENTLY) runs outside a transaction and fails inside one', async () => {
    const sql = 'CREATE INDEX users_name_idx ON users (name);';
    const [d] = lint('require-concurrent-index-creation', sql);
    const fixed = applyFixes(sql, [d!.fix as Fix]).output;
    expect(fixed).toBe('CREATE INDEX CONCURRENTLY users_name_idx ON users (name);');
    expect(lint('require-concurrent-index-creation', fixed)).toEqual([]);
    expect((await observe([fixed])).error).toBe('CREATE INDEX CONCURRENTLY cannot run inside a transaction block');
    await db.exec(fixed);
    await db.exec('DROP INDEX users_name_idx');
  });
});

describe('require-concurrent-index-deletion', () => {
  it('require-concurrent-index-deletion: DROP INDEX holds ACCESS EXCLUSIVE on the index\'s table', async () => {
    const sql = 'DROP INDEX users_email_idx';
    expect(lint('require-concurrent-index-deletion', sql)[0]?.message).toContain('takes an ACCESS EXCLUSIVE lock on its table');
    const o = await observe([sql]);
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
  });

  it('require-concurrent-index-deletion: DROP INDEX CONCURRENTLY fails in a transaction block (why the fix is unsafe)', async () => {
    expect(rule('require-concurrent-index-deletion').meta.fixable).toBe('unsafe');
    expect((await observe(['DROP INDEX CONCURRENTLY users_email_idx'])).error).toBe('DROP INDEX CONCURRENTLY cannot run inside a transaction block');
  });
});

describe('ban-concurrent-index-creation-in-transaction', () => {
  it('ban-concurrent-index-creation-in-transaction: PostgreSQL rejects CREATE INDEX CONCURRENTLY after BEGIN', async () => {
    const sql = 'BEGIN;\nCREATE INDEX CONCURRENTLY users_name_idx ON users (name);\nCOMMIT;';
    expect(lint('ban-concurrent-index-creation-in-transaction', sql)[0]?.message).toContain('cannot run inside a transaction block');
    expect((await observe(['CREATE INDEX CONCURRENTLY users_name_idx ON users (name)'])).error).toBe('CREATE INDEX CONCURRENTLY cannot run inside a transaction block');
  });
});

describe('adding-field-with-default', () => {
  it.each([
    ['volatileDefault', 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()'],
    ['volatileDefault', 'ALTER TABLE users ADD COLUMN r float8 DEFAULT random()'],
    ['unknownDefault', 'ALTER TABLE users ADD COLUMN n integer DEFAULT next_number()'],
    ['serial', 'ALTER TABLE users ADD COLUMN n serial'],
    ['serial', 'ALTER TABLE users ADD COLUMN n bigserial'],
    ['identity', 'ALTER TABLE users ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY'],
    ['identity', 'ALTER TABLE users ADD COLUMN n integer GENERATED BY DEFAULT AS IDENTITY'],
    ['stored', 'ALTER TABLE users ADD COLUMN g integer GENERATED ALWAYS AS (age + 1) STORED'],
  ])('adding-field-with-default (%s): %s rewrites the table under ACCESS EXCLUSIVE', async (messageId, sql) => {
    const found = lint('adding-field-with-default', sql);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/rewrites? users .*ACCESS EXCLUSIVE/);
    expect(rule('adding-field-with-default').meta.messages[messageId]).toBeDefined();
    const o = await observe([sql]);
    expect(o.rewritten).toContain('users');
    expect(o.rewritten).toContain('users_email_idx');
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
  });

  it.each([
    'ALTER TABLE users ADD COLUMN score2 integer DEFAULT 0',
    'ALTER TABLE users ADD COLUMN at timestamptz NOT NULL DEFAULT now()',
    "ALTER TABLE users ADD COLUMN prefs jsonb NOT NULL DEFAULT '{}'::jsonb",
    'ALTER TABLE users ADD COLUMN g integer GENERATED ALWAYS AS (age + 1) VIRTUAL',
  ])('adding-field-with-default (valid on 11+): %s does not rewrite the table', async (sql) => {
    expect(lint('adding-field-with-default', sql)).toEqual([]);
    const o = await observe([sql]);
    expect(o.error).toBeUndefined();
    expect(o.rewritten).toEqual([]);
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
  });

  it.each([
    ['a STABLE function', 'current_tenant()'],
    ['a VOLATILE SQL function PostgreSQL inlines to a constant', 'sql_one()'],
  ])('adding-field-with-default (unknownDefault is only "may"): %s as default does not rewrite', async (_, fn) => {
    const sql = `ALTER TABLE users ADD COLUMN tenant integer DEFAULT ${fn}`;
    expect(lint('adding-field-with-default', sql)[0]?.message).toMatch(/^A default migralint cannot prove non-volatile may rewrite users/);
    expect((await observe([sql])).rewritten).toEqual([]);
  });

  it('adding-field-with-default (serial recipe): SET DEFAULT nextval() after ADD COLUMN does not rewrite', async () => {
    const o = await observe([
      'ALTER TABLE users ADD COLUMN number bigint',
      'CREATE SEQUENCE users_number_seq OWNED BY users.number',
      "ALTER TABLE users ALTER COLUMN number SET DEFAULT nextval('users_number_seq')",
    ]);
    expect(o.error).toBeUndefined();
    expect(o.rewritten).toEqual([]);
  });

  it('adding-field-with-default (identity recipe): ADD GENERATED … AS IDENTITY on a filled NOT NULL column does not rewrite', async () => {
    await db.exec('ALTER TABLE users ADD COLUMN number bigint');
    try {
      await db.exec('UPDATE users SET number = id');
      await db.exec('ALTER TABLE users ALTER COLUMN number SET NOT NULL');
      const o = await observe(['ALTER TABLE users ALTER COLUMN number ADD GENERATED BY DEFAULT AS IDENTITY']);
      expect(o.error).toBeUndefined();
      expect(o.rewritten).toEqual([]);
    } finally {
      await db.exec('ALTER TABLE users DROP COLUMN number');
    }
  });
});

describe('adding-required-field', () => {
  it('adding-required-field: ADD COLUMN … NOT NULL without a default fails on a table with rows', async () => {
    const sql = 'ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL';
    expect(lint('adding-required-field', sql)[0]?.message).toContain('column contains null values');
    expect((await observe([sql])).error).toBe('column "tenant_id" of relation "users" contains null values');
  });

  it('adding-required-field: the same statement succeeds on an empty table (created in the same migration: not reported)', async () => {
    const sql = 'CREATE TABLE empty_t (id bigint);\nALTER TABLE empty_t ADD COLUMN tenant_id bigint NOT NULL;';
    expect(lint('adding-required-field', sql)).toEqual([]);
    expect((await observe(sql.split(';\n'))).error).toBeUndefined();
  });

  it('adding-required-field (valid): NOT NULL with a constant default succeeds without a rewrite', async () => {
    const sql = 'ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 1';
    expect(lint('adding-required-field', sql)).toEqual([]);
    const o = await observe([sql]);
    expect(o.error).toBeUndefined();
    expect(o.rewritten).toEqual([]);
  });

  it('adding-required-field (recipe): SET NOT NULL after a validated CHECK (… IS NOT NULL) skips the scan', async () => {
    await db.exec('ALTER TABLE users ADD COLUMN tenant_id bigint');
    try {
      await db.exec('UPDATE users SET tenant_id = 1');
      await db.exec('ALTER TABLE users ADD CONSTRAINT users_tenant_id_not_null CHECK (tenant_id IS NOT NULL) NOT VALID');
      await db.exec('ALTER TABLE users VALIDATE CONSTRAINT users_tenant_id_not_null');
      const o = await observe(['ALTER TABLE users ALTER COLUMN tenant_id SET NOT NULL']);
      expect(o.error).toBeUndefined();
      expect(o.scanned).toEqual([]);
      const without = await observe(['ALTER TABLE users ALTER COLUMN age SET NOT NULL']);
      expect(without.scanned).toContain('users');
    } finally {
      await db.exec('ALTER TABLE users DROP COLUMN tenant_id');
    }
  });
});

describe('constraint-missing-not-valid', () => {
  it('constraint-missing-not-valid (check): ADD CONSTRAINT … CHECK scans the table under ACCESS EXCLUSIVE', async () => {
    const sql = 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age > 0)';
    expect(lint('constraint-missing-not-valid', sql)[0]?.message).toContain('scans every row of users under an ACCESS EXCLUSIVE lock');
    const o = await observe([sql]);
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    expect(o.scanned).toContain('users');
    expect(o.rewritten).toEqual([]);
  });

  it('constraint-missing-not-valid (check, valid): NOT VALID takes the lock briefly and does not scan', async () => {
    const sql = 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age > 0) NOT VALID';
    expect(lint('constraint-missing-not-valid', sql)).toEqual([]);
    const o = await observe([sql]);
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    expect(o.scanned).toEqual([]);
  });

  it('constraint-missing-not-valid (recipe): VALIDATE CONSTRAINT in its own transaction scans under SHARE UPDATE EXCLUSIVE', async () => {
    await db.exec('ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age > 0) NOT VALID');
    try {
      const sql = 'ALTER TABLE users VALIDATE CONSTRAINT users_age_check';
      expect(lint('constraint-missing-not-valid', sql)).toEqual([]);
      const o = await observe([sql]);
      expect(o.locks.users).toEqual(['SHARE UPDATE EXCLUSIVE']);
      expect(o.scanned).toContain('users');
    } finally {
      await db.exec('ALTER TABLE users DROP CONSTRAINT users_age_check');
    }
  });

  it('constraint-missing-not-valid (foreignKey): ADD FOREIGN KEY scans under SHARE ROW EXCLUSIVE on both tables', async () => {
    const sql = 'ALTER TABLE notes ADD CONSTRAINT notes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)';
    expect(lint('constraint-missing-not-valid', sql)[0]?.message).toContain('under SHARE ROW EXCLUSIVE locks on notes and users');
    const o = await observe([sql]);
    expect(strongest(o.locks.notes)).toBe('SHARE ROW EXCLUSIVE');
    expect(strongest(o.locks.users)).toBe('SHARE ROW EXCLUSIVE');
    expect(o.scanned).toContain('notes');
  });
});

describe('adding-foreign-key-constraint', () => {
  it('adding-foreign-key-constraint: ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on both tables and checks every row', async () => {
    const sql = 'ALTER TABLE notes ADD FOREIGN KEY (user_id) REFERENCES users (id)';
    expect(lint('adding-foreign-key-constraint', sql)[0]?.message).toBe(
      'Adding foreign key notes_user_id_fkey takes SHARE ROW EXCLUSIVE locks on notes and users while every row of notes is checked: writes to both tables block until the scan ends.',
    );
    const o = await observe([sql]);
    expect(strongest(o.locks.notes)).toBe('SHARE ROW EXCLUSIVE');
    expect(strongest(o.locks.users)).toBe('SHARE ROW EXCLUSIVE');
    expect(o.scanned).toContain('notes');
    // The name the rule predicts is the one PostgreSQL gives.
    const named = await observe([sql, "SELECT 1 FROM pg_constraint WHERE conname = 'notes_user_id_fkey' HAVING count(*) = 1"]);
    expect(named.error).toBeUndefined();
  });

  it('adding-foreign-key-constraint (valid): NOT VALID takes the same locks briefly, without a scan; VALIDATE then needs only SHARE UPDATE EXCLUSIVE and ROW SHARE', async () => {
    const add = 'ALTER TABLE notes ADD CONSTRAINT notes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID';
    expect(lint('adding-foreign-key-constraint', add)).toEqual([]);
    const o = await observe([add]);
    expect(strongest(o.locks.notes)).toBe('SHARE ROW EXCLUSIVE');
    expect(strongest(o.locks.users)).toBe('SHARE ROW EXCLUSIVE');
    expect(o.scanned).toEqual([]);
    await db.exec(add);
    try {
      const v = await observe(['ALTER TABLE notes VALIDATE CONSTRAINT notes_user_id_fkey']);
      expect(strongest(v.locks.notes)).toBe('SHARE UPDATE EXCLUSIVE');
      expect(strongest(v.locks.users)).toBe('ROW SHARE');
      expect(v.scanned).toContain('notes');
    } finally {
      await db.exec('ALTER TABLE notes DROP CONSTRAINT notes_user_id_fkey');
    }
  });

  it('adding-foreign-key-constraint (addColumn): ADD COLUMN … REFERENCES locks the referenced table SHARE ROW EXCLUSIVE, without a scan', async () => {
    const sql = 'ALTER TABLE notes ADD COLUMN author_id bigint REFERENCES users (id)';
    expect(lint('adding-foreign-key-constraint', sql)[0]?.message).toContain('takes a SHARE ROW EXCLUSIVE lock on users, blocking its writes, on top of the ACCESS EXCLUSIVE lock on notes (there is no scan');
    const o = await observe([sql]);
    expect(strongest(o.locks.notes)).toBe('ACCESS EXCLUSIVE');
    expect(strongest(o.locks.users)).toBe('SHARE ROW EXCLUSIVE');
    expect(o.scanned).toEqual([]);
  });

  it('adding-foreign-key-constraint (addColumnWithDefault): with a default, every row is checked', async () => {
    const sql = 'ALTER TABLE notes ADD COLUMN author_id bigint DEFAULT 1 REFERENCES users (id)';
    expect(lint('adding-foreign-key-constraint', sql)[0]?.message).toMatch(/^A default on new referencing column author_id makes PostgreSQL check every row of notes/);
    const o = await observe([sql]);
    expect(strongest(o.locks.notes)).toBe('ACCESS EXCLUSIVE');
    expect(strongest(o.locks.users)).toBe('SHARE ROW EXCLUSIVE');
    expect(o.scanned).toContain('notes');
  });
});

describe('ban-drop-column', () => {
  it('ban-drop-column: DROP COLUMN holds ACCESS EXCLUSIVE and does not rewrite', async () => {
    const sql = 'ALTER TABLE users DROP COLUMN name';
    expect(lint('ban-drop-column', sql)[0]?.message).toContain('ACCESS EXCLUSIVE lock on users (brief: no rewrite');
    const o = await observe([sql]);
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    expect(o.rewritten).toEqual([]);
  });
});

describe('ban-drop-table', () => {
  it('ban-drop-table: DROP TABLE also locks the table its foreign key references ACCESS EXCLUSIVE', async () => {
    const sql = 'DROP TABLE orders';
    expect(lint('ban-drop-table', sql)[0]?.message).toContain('ACCESS EXCLUSIVE lock on orders and on every table its foreign keys reference');
    const o = await observe([sql]);
    expect(strongest(o.locks.orders)).toBe('ACCESS EXCLUSIVE');
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
  });

  it('ban-drop-table: DROP TABLE … CASCADE locks the referencing table ACCESS EXCLUSIVE', async () => {
    const sql = 'DROP TABLE users CASCADE';
    expect(lint('ban-drop-table', sql)).toHaveLength(1);
    const o = await observe([sql]);
    expect(strongest(o.locks.orders)).toBe('ACCESS EXCLUSIVE');
  });
});

describe('renaming-column', () => {
  it('renaming-column: RENAME COLUMN holds ACCESS EXCLUSIVE and does not rewrite', async () => {
    const sql = 'ALTER TABLE users RENAME COLUMN name TO full_name';
    expect(lint('renaming-column', sql)[0]?.message).toContain('ACCESS EXCLUSIVE lock on users (brief: no rewrite)');
    const o = await observe([sql]);
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    expect(o.rewritten).toEqual([]);
  });
});

describe('renaming-table', () => {
  it('renaming-table: RENAME TO holds ACCESS EXCLUSIVE and does not rewrite', async () => {
    const sql = 'ALTER TABLE users RENAME TO people';
    expect(lint('renaming-table', sql)[0]?.message).toContain('ACCESS EXCLUSIVE lock on users (brief: no rewrite)');
    const o = await observe([sql]);
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    expect(o.rewritten).toEqual([]);
  });

  it('renaming-table (recipe): a view under the new name takes inserts', async () => {
    const o = await observe(['CREATE VIEW people AS SELECT * FROM users', "INSERT INTO people (id, email) VALUES (100, 'v@x')", 'SELECT 1 FROM users WHERE id = 100 HAVING count(*) = 1']);
    expect(o.error).toBeUndefined();
  });
});

describe('changing-column-type', () => {
  // [column, new type, whether PostgreSQL rewrites]: the rule must agree with the database.
  const cases: Array<[string, string, boolean]> = [
    ['email', 'varchar(20)', false],
    ['email', 'text', false],
    ['email', 'varchar', false],
    ['name', 'varchar', false],
    ['score', 'numeric(12, 2)', false],
    ['score', 'numeric', false],
    ['net', 'inet', false],
    ['bits', 'varbit(10)', false],
    ['created3', 'timestamp', false],
    ['created', 'timestamp(6)', false],
    ['age', 'integer', false],
    ['age', 'int4', false],
    ['email', 'varchar(5)', true],
    ['name', 'varchar(50)', true],
    ['amount', 'numeric(10, 2)', true],
    ['score', 'numeric(12, 3)', true],
    ['code', 'char(5)', true],
    ['tags', 'varchar(20)[]', true],
    ['tags', 'text[]', true],
    ['created', 'timestamp(3)', true],
    ['age', 'bigint', true],
    ['age', 'text', true],
  ];

  it.each(cases)('changing-column-type: users.%s to %s — rewrite: %s', async (column, type, rewrites) => {
    const sql = `ALTER TABLE users ALTER COLUMN ${column} TYPE ${type}`;
    const found = lint('changing-column-type', sql);
    expect(found.map((d) => d.message.split(' rewrites ')[0])).toEqual(rewrites ? [expect.stringMatching(/^Changing the type of /)] : []);
    const o = await observe([sql]);
    expect(o.error).toBeUndefined();
    expect(strongest(o.locks.users)).toBe('ACCESS EXCLUSIVE');
    expect(o.rewritten.includes('users')).toBe(rewrites);
    // A rewrite rebuilds every index of the table, not only those on the column.
    expect(o.rewritten.includes('users_email_idx')).toBe(rewrites);
  });

  it('changing-column-type: timestamp to timestamptz rewrites unless the session time zone is UTC (the rule cannot know it)', async () => {
    const sql = 'ALTER TABLE users ALTER COLUMN created TYPE timestamptz';
    expect(lint('changing-column-type', sql)).toHaveLength(1);
    expect((await observe([sql], ["SET LOCAL TimeZone = 'Europe/Paris'"])).rewritten).toContain('users');
    expect((await observe([sql], ["SET LOCAL TimeZone = 'UTC'"])).rewritten).toEqual([]);
  });
});
