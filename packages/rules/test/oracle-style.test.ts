/*
 * The style rules (migralint:all) make factual claims in their messages: that a type overflows,
 * pads, loses the UTC offset or has no equality operator, that changing it later rewrites the
 * table under ACCESS EXCLUSIVE, that names are truncated to 63 bytes, that domain constraints
 * are checked under a SHARE lock. This file checks each claim against one real PostgreSQL
 * (PGlite: PostgreSQL 18 in WebAssembly), and lints the same statement with the rule, after the
 * fixture as an earlier migration, so that a message and the database cannot drift apart.
 *
 * What PostgreSQL 18.6 did that squawk's docs or first guesses did not say:
 * - char(n) to text (or varchar) rewrites the table: the cast strips the padding, it is no relabel.
 * - ALTER DOMAIN … VALIDATE CONSTRAINT scans under SHARE, not SHARE UPDATE EXCLUSIVE as ALTER
 *   TABLE's does: NOT VALID gives domains no online path, so flagging it too (as squawk does) is right.
 *   ADD … NOT VALID itself locks no table at all.
 * - ALTER DOMAIN … SET NOT NULL scans every column of the domain under SHARE as well; squawk lets
 *   it pass, ban-alter-domain-with-add-constraint reports it (message `setNotNull`).
 * - ADD COLUMN of a domain type with a CHECK rewrites the table even without a default; of a NOT
 *   NULL domain it fails on a table with rows; of a plain domain it is catalog-only.
 * - A USING expression other than the column itself rewrites even when the type change alone would
 *   not (text → text USING lower(body)); USING nick::varchar(30) does not.
 * - An enum value cannot be dropped ("not implemented") or moved; a value added in a transaction
 *   cannot be used before COMMIT ("unsafe use of new value").
 * - LIKE … INCLUDING ALL copies a serial column's nextval() default pointing at the same sequence,
 *   after which the original table cannot be dropped without CASCADE.
 */
import { describe, expect, it } from 'vitest';
import { RuleTester, type Rule } from '@migralint/core';
import { oracle, rule, strongestFirst } from './oracle-harness.js';

const FIXTURE = `
CREATE TYPE status AS ENUM ('draft', 'submitted', 'approved', 'rejected');
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
CREATE DOMAIN required_int AS integer NOT NULL;
CREATE DOMAIN amount AS numeric;
CREATE TABLE t (
  id bigint PRIMARY KEY,
  n integer,
  small smallint,
  code char(3),
  nick varchar(20),
  body text,
  at timestamp,
  payload json,
  state status,
  price amount
);
CREATE INDEX t_nick_idx ON t (nick);
INSERT INTO t SELECT g, g, g, 'ab', 'nick' || g, 'body', '2019-10-11 21:11:24', '{"a": 1}', 'draft', g FROM generate_series(1, 5) g;
`;

const { db, observe: observeAll, one } = oracle({ fixture: FIXTURE, watched: ['t'], findGoneByName: true });
const tester = new RuleTester();

/** The rule's messages on `sql`, linted as the migration after the fixture. */
async function lint(id: string, sql: string, engineVersion = 18): Promise<string[]> {
  const { diagnostics } = await tester.lintCase(rule(id) as Rule<never>, { before: FIXTURE, code: sql, engineVersion });
  return diagnostics.map((d) => d.message);
}

interface Observed {
  /** Lock modes this session holds on table t, strongest first ("ACCESS EXCLUSIVE"). */
  locks: string[];
  /** t's storage (relfilenode) changed. */
  rewritten: boolean;
  /** t was read by a sequential scan. */
  scanned: boolean;
  error?: string;
}

/** Runs `statements` in BEGIN … ROLLBACK after `setup`, and records what they did to table t. */
async function observe(statements: string[], setup: string[] = []): Promise<Observed> {
  const o = await observeAll(statements, setup);
  return { locks: strongestFirst(o.locks.t), rewritten: o.rewritten.includes('t'), scanned: o.scanned.includes('t'), ...(o.error === undefined ? {} : { error: o.error }) };
}

/** The error PostgreSQL raises for `sql` (run and rolled back), or undefined. */
async function failure(sql: string): Promise<string | undefined> {
  return (await observe([sql])).error;
}

describe('prefer-bigint-over-int', () => {
  it('prefer-bigint-over-int: integer overflows at 2,147,483,647, serial\'s sequence stops there, and widening rewrites under ACCESS EXCLUSIVE', async () => {
    expect((await lint('prefer-bigint-over-int', 'CREATE TABLE c (n integer, id serial);')).map((m) => m.split(':')[1]?.trim())).toEqual([
      'it overflows at 2,147,483,647 (inserts then fail with "integer out of range", or "reached maximum value of sequence" for serial), and widening it to bigint later rewrites c and all its indexes under an ACCESS EXCLUSIVE lock.',
      'it overflows at 2,147,483,647 (inserts then fail with "integer out of range", or "reached maximum value of sequence" for serial), and widening it to bigint later rewrites c and all its indexes under an ACCESS EXCLUSIVE lock.',
    ]);
    expect(await failure('UPDATE t SET n = 2147483647 + 1 WHERE id = 1')).toBe('integer out of range');
    expect((await observe(['UPDATE t SET n = 2147483647 WHERE id = 1'])).error).toBeUndefined();
    const seq = await observe(['CREATE TABLE c (id serial)', "SELECT setval('c_id_seq', 2147483647)", 'INSERT INTO c DEFAULT VALUES']);
    expect(seq.error).toBe('nextval: reached maximum value of sequence "c_id_seq" (2147483647)');
    const widen = await observe(['ALTER TABLE t ALTER COLUMN n TYPE bigint']);
    expect(widen.locks[0]).toBe('ACCESS EXCLUSIVE');
    expect(widen.rewritten).toBe(true);
  });
});

describe('prefer-bigint-over-smallint', () => {
  it('prefer-bigint-over-smallint: smallint overflows at 32,767 and widening rewrites under ACCESS EXCLUSIVE', async () => {
    expect(await lint('prefer-bigint-over-smallint', 'ALTER TABLE t ADD COLUMN rank smallint;')).toEqual([expect.stringContaining('overflows at 32,767 (inserts then fail with "smallint out of range"')]);
    expect(await failure('UPDATE t SET small = 32767 + 1 WHERE id = 1')).toBe('smallint out of range');
    const seq = await observe(['CREATE TABLE c (id smallserial)', "SELECT setval('c_id_seq', 32767)", 'INSERT INTO c DEFAULT VALUES']);
    expect(seq.error).toBe('nextval: reached maximum value of sequence "c_id_seq" (32767)');
    const widen = await observe(['ALTER TABLE t ALTER COLUMN small TYPE bigint']);
    expect(widen.locks[0]).toBe('ACCESS EXCLUSIVE');
    expect(widen.rewritten).toBe(true);
  });
});

describe('ban-char-field', () => {
  it('ban-char-field: char(n) pads with spaces, ignores them in comparisons, drops them in ::text, and leaving the type rewrites', async () => {
    expect(await lint('ban-char-field', 'ALTER TABLE t ADD COLUMN locale char(5);')).toEqual([expect.stringContaining('pads its values with spaces')]);
    expect(await one("SELECT octet_length('ab'::char(5)) AS bytes, 'ab'::char(5) = 'ab   '::char(5) AS eq, ('ab'::char(5))::text || '|' AS txt")).toEqual({ bytes: 5, eq: true, txt: 'ab|' });
    for (const type of ['text', 'char(5)', 'varchar(10)']) {
      const o = await observe([`ALTER TABLE t ALTER COLUMN code TYPE ${type}`]);
      expect([type, o.locks[0], o.rewritten]).toEqual([type, 'ACCESS EXCLUSIVE', true]);
    }
  });
});

describe('prefer-text-field', () => {
  it('prefer-text-field: raising a varchar limit is ACCESS EXCLUSIVE without a rewrite; lowering it rewrites', async () => {
    expect(await lint('prefer-text-field', 'ALTER TABLE t ALTER COLUMN nick TYPE varchar(30);')).toEqual([expect.stringContaining('takes an ACCESS EXCLUSIVE lock on the table, blocking reads and writes (briefly to raise it, for a full rewrite')]);
    const raise = await observe(['ALTER TABLE t ALTER COLUMN nick TYPE varchar(30)']);
    expect([raise.locks[0], raise.rewritten, raise.scanned]).toEqual(['ACCESS EXCLUSIVE', false, false]);
    const lower = await observe(['ALTER TABLE t ALTER COLUMN nick TYPE varchar(10)']);
    expect([lower.locks[0], lower.rewritten]).toEqual(['ACCESS EXCLUSIVE', true]);
  });

  it('prefer-text-field (recipe): a length CHECK on text is replaced NOT VALID without a scan, then validated under SHARE UPDATE EXCLUSIVE', async () => {
    await db.exec('ALTER TABLE t ADD CONSTRAINT t_body_check CHECK (length(body) <= 20)');
    try {
      const swap = await observe(['ALTER TABLE t ADD CONSTRAINT t_body_check2 CHECK (length(body) <= 30) NOT VALID', 'ALTER TABLE t DROP CONSTRAINT t_body_check']);
      expect([swap.error, swap.scanned, swap.rewritten]).toEqual([undefined, false, false]);
      const validate = await observe(['ALTER TABLE t VALIDATE CONSTRAINT t_body_check2'], ['ALTER TABLE t ADD CONSTRAINT t_body_check2 CHECK (length(body) <= 30) NOT VALID']);
      expect(validate.scanned).toBe(true);
      expect(validate.locks).toContain('SHARE UPDATE EXCLUSIVE');
    } finally {
      await db.exec('ALTER TABLE t DROP CONSTRAINT t_body_check');
    }
  });
});

describe('prefer-timestamptz', () => {
  it('prefer-timestamptz: timestamp drops the UTC offset of what is written to it', async () => {
    expect(await lint('prefer-timestamptz', 'ALTER TABLE t ADD COLUMN seen timestamp;')).toEqual([expect.stringContaining('21:11:24+02 and 21:11:24-06, eight hours apart, are stored alike')]);
    const o = await observe(["CREATE TABLE c (a timestamp, b timestamptz)", "INSERT INTO c VALUES ('2019-10-11 21:11:24+02', '2019-10-11 21:11:24+02'), ('2019-10-11 21:11:24-06', '2019-10-11 21:11:24-06')", "CREATE TABLE r AS SELECT count(DISTINCT a) AS a, count(DISTINCT b) AS b FROM c", 'DO $$ BEGIN IF (SELECT a FROM r) <> 1 OR (SELECT b FROM r) <> 2 THEN RAISE EXCEPTION \'offsets kept\'; END IF; END $$']);
    expect(o.error).toBeUndefined();
  });

  it('prefer-timestamptz: converting to timestamptz rewrites under ACCESS EXCLUSIVE unless the session time zone is UTC', async () => {
    const paris = await observe(['ALTER TABLE t ALTER COLUMN at TYPE timestamptz'], ["SET LOCAL TimeZone = 'Europe/Paris'"]);
    expect([paris.locks[0], paris.rewritten]).toEqual(['ACCESS EXCLUSIVE', true]);
    const utc = await observe(['ALTER TABLE t ALTER COLUMN at TYPE timestamptz'], ["SET LOCAL TimeZone = 'UTC'"]);
    expect([utc.locks[0], utc.rewritten]).toEqual(['ACCESS EXCLUSIVE', false]);
  });
});

describe('prefer-jsonb', () => {
  it.each(['SELECT DISTINCT payload FROM t', 'SELECT payload FROM t GROUP BY payload', 'SELECT payload FROM t UNION SELECT payload FROM t'])(
    'prefer-jsonb: json has no equality operator: %s fails',
    async (sql) => {
      expect(await failure(sql)).toBe('could not identify an equality operator for type json');
      expect(await failure(sql.replace(/payload/g, 'payload::jsonb'))).toBeUndefined();
    },
  );

  it('prefer-jsonb: converting json to jsonb rewrites under ACCESS EXCLUSIVE', async () => {
    expect(await lint('prefer-jsonb', 'ALTER TABLE t ADD COLUMN settings json;')).toEqual([expect.stringContaining('converting it to jsonb later rewrites t under an ACCESS EXCLUSIVE lock')]);
    const o = await observe(['ALTER TABLE t ALTER COLUMN payload TYPE jsonb']);
    expect([o.locks[0], o.rewritten]).toEqual(['ACCESS EXCLUSIVE', true]);
  });
});

describe('prefer-identity', () => {
  it('prefer-identity: an INSERT by a role with only INSERT fails on serial\'s sequence, not on an identity column', async () => {
    expect(await lint('prefer-identity', 'CREATE TABLE c (id serial);')).toEqual([expect.stringContaining('fails with "permission denied for sequence"')]);
    const setup = ['CREATE ROLE app_writer', 'CREATE TABLE s (id serial, v text)', 'CREATE TABLE i (id integer GENERATED BY DEFAULT AS IDENTITY, v text)', 'GRANT INSERT ON s, i TO app_writer', 'SET LOCAL ROLE app_writer'];
    expect((await observe(["INSERT INTO s (v) VALUES ('x')"], setup)).error).toBe('permission denied for sequence s_id_seq');
    expect((await observe(["INSERT INTO i (v) VALUES ('x')"], setup)).error).toBeUndefined();
  });

  it('prefer-identity: CREATE TABLE … (LIKE … INCLUDING ALL) shares a serial\'s sequence but gives an identity column its own', async () => {
    const o = await observe([
      'CREATE TABLE s (id serial)',
      'CREATE TABLE s2 (LIKE s INCLUDING ALL)',
      'CREATE TABLE i (id integer GENERATED BY DEFAULT AS IDENTITY)',
      'CREATE TABLE i2 (LIKE i INCLUDING ALL)',
      "DO $$ BEGIN IF pg_get_expr((SELECT adbin FROM pg_attrdef WHERE adrelid = 's2'::regclass), 's2'::regclass) <> 'nextval(''s_id_seq''::regclass)' OR pg_get_serial_sequence('i2', 'id') <> 'public.i2_id_seq' THEN RAISE EXCEPTION 'unexpected'; END IF; END $$",
    ]);
    expect(o.error).toBeUndefined();
  });
});

describe('require-enum-value-ordering', () => {
  it('require-enum-value-ordering: ADD VALUE without BEFORE/AFTER sorts the new value after every other', async () => {
    expect(await lint('require-enum-value-ordering', "ALTER TYPE status ADD VALUE 'pending_review';")).toEqual([expect.stringContaining("puts 'pending_review' after every existing value")]);
    await db.exec("ALTER TYPE status ADD VALUE 'pending_review'");
    expect(await one("SELECT enum_range(NULL::status)::text AS r, 'pending_review'::status > 'rejected'::status AS last")).toEqual({ r: '{draft,submitted,approved,rejected,pending_review}', last: true });
  });

  it('require-enum-value-ordering: an enum value can be neither moved nor dropped; a new type means a rewrite under ACCESS EXCLUSIVE', async () => {
    expect(await failure("ALTER TYPE status DROP VALUE 'draft'")).toMatch(/syntax error|not implemented/);
    const o = await observe(['ALTER TABLE t ALTER COLUMN state TYPE status2 USING state::text::status2'], ["CREATE TYPE status2 AS ENUM ('draft', 'submitted', 'approved', 'rejected')"]);
    expect([o.locks[0], o.rewritten]).toEqual(['ACCESS EXCLUSIVE', true]);
  });
});

describe('ban-create-domain-with-constraint', () => {
  it('ban-create-domain-with-constraint: ADD COLUMN of a CHECK domain rewrites the table; of a NOT NULL domain it fails on rows; of a plain domain neither', async () => {
    expect(await lint('ban-create-domain-with-constraint', 'CREATE DOMAIN pct AS integer CHECK (VALUE BETWEEN 0 AND 100);')).toEqual([expect.stringContaining('every later ADD COLUMN of this type rewrites its table under an ACCESS EXCLUSIVE lock')]);
    const checked = await observe(['ALTER TABLE t ADD COLUMN p positive_int']);
    expect([checked.locks[0], checked.rewritten]).toEqual(['ACCESS EXCLUSIVE', true]);
    expect(await failure('ALTER TABLE t ADD COLUMN r required_int')).toBe('domain required_int does not allow null values');
    const plain = await observe(['ALTER TABLE t ADD COLUMN a2 amount']);
    expect([plain.locks[0], plain.rewritten]).toEqual(['ACCESS EXCLUSIVE', false]);
  });
});

describe('ban-alter-domain-with-add-constraint', () => {
  it('ban-alter-domain-with-add-constraint: ADD CONSTRAINT scans every column of the domain under a SHARE lock', async () => {
    expect(await lint('ban-alter-domain-with-add-constraint', 'ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);')).toEqual([expect.stringContaining('under a SHARE lock: writes to those tables block')]);
    const o = await observe(['ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0)']);
    expect([o.locks[0], o.scanned]).toEqual(['SHARE', true]);
  });

  it('ban-alter-domain-with-add-constraint (notValid): NOT VALID skips the scan, but VALIDATE CONSTRAINT scans under SHARE too', async () => {
    expect(await lint('ban-alter-domain-with-add-constraint', 'ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0) NOT VALID;')).toEqual([expect.stringContaining('VALIDATE CONSTRAINT amount_positive checks every column of that type under a SHARE lock too')]);
    const add = await observe(['ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0) NOT VALID']);
    expect([add.locks, add.scanned]).toEqual([[], false]);
    const validate = await observe(['ALTER DOMAIN amount VALIDATE CONSTRAINT amount_positive'], ['ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0) NOT VALID']);
    expect([validate.locks[0], validate.scanned]).toEqual(['SHARE', true]);
  });

  it('ban-alter-domain-with-add-constraint (setNotNull): SET NOT NULL scans under SHARE as well', async () => {
    expect(await lint('ban-alter-domain-with-add-constraint', 'ALTER DOMAIN amount SET NOT NULL;')).toHaveLength(1);
    const o = await observe(['ALTER DOMAIN amount SET NOT NULL']);
    expect([o.locks[0], o.scanned]).toEqual(['SHARE', true]);
  });
});

describe('identifier-too-long', () => {
  const long = `${'a'.repeat(60)}_tbl`;

  it('identifier-too-long: PostgreSQL truncates a 64-byte name to 63 bytes, and a second name with the same first 63 bytes fails', async () => {
    const [message] = await lint('identifier-too-long', `CREATE TABLE ${long} (id bigint);`);
    expect(message).toContain(`so the object is called ${long.slice(0, 63)}, and a second name sharing those first 63 bytes fails with "already exists"`);
    const o = await observe([
      `CREATE TABLE ${long} (id bigint)`,
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = '${long.slice(0, 63)}') THEN RAISE EXCEPTION 'not truncated'; END IF; END $$`,
    ]);
    expect(o.error).toBeUndefined();
    expect((await observe([`CREATE TABLE ${long} (id bigint)`, `CREATE TABLE ${long}2 (id bigint)`])).error).toBe(`relation "${long.slice(0, 63)}" already exists`);
  });

  it('identifier-too-long: multi-byte names are cut on a character boundary (33 × é = 66 bytes → 31 × é = 62 bytes)', async () => {
    const name = 'é'.repeat(33);
    const [message] = await lint('identifier-too-long', `CREATE TABLE "${name}" (id bigint);`);
    expect(message).toContain(`is 66 bytes long: PostgreSQL silently truncates identifiers to 63 bytes, so the object is called "${'é'.repeat(31)}"`);
    const o = await observe([
      `CREATE TABLE "${name}" (id bigint)`,
      `DO $$ BEGIN IF (SELECT octet_length(relname) FROM pg_class WHERE relname = '${'é'.repeat(31)}') <> 62 THEN RAISE EXCEPTION 'cut elsewhere'; END IF; END $$`,
    ]);
    expect(o.error).toBeUndefined();
  });
});

describe('changing-column-type (USING)', () => {
  it.each([
    ['nick', 'varchar(30)', 'nick::varchar(30)', false],
    ['body', 'text', 'lower(body)', true],
    ['nick', 'varchar(30)', 'body', true],
  ])('changing-column-type: %s TYPE %s USING %s — rewrite: %s', async (column, type, using, rewrites) => {
    const sql = `ALTER TABLE t ALTER COLUMN ${column} TYPE ${type} USING ${using}`;
    expect((await lint('changing-column-type', `${sql};`)).length).toBe(rewrites ? 1 : 0);
    expect((await observe([sql])).rewritten).toBe(rewrites);
  });
});
