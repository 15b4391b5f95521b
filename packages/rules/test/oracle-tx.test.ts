/*
 * The transaction rules' claims, checked against a real PostgreSQL (PGlite: PostgreSQL 18 in
 * WebAssembly): that a lock taken early in a transaction is still in pg_locks when later
 * statements run, what a nested BEGIN or a stray COMMIT really does, what a failed CREATE INDEX
 * CONCURRENTLY leaves behind, how many passes separate ALTERs make. Each test also lints the same
 * statements after the fixture (as an earlier migration), so a rule and the database cannot drift.
 *
 * PGlite is one session, so there is no second client to queue behind a lock. A prepared
 * transaction (PREPARE TRANSACTION) keeps its locks after the session moves on and stands in for
 * the other client: a NOWAIT lock request then shows the conflict a waiting statement would have.
 * PGlite does not fire lock_timeout or statement_timeout (its timers do not run), so those tests
 * assert that the setting is in force, and that the conflict exists, not the cancellation.
 */
import { describe, expect, it } from 'vitest';
import { oracle } from './oracle-harness.js';

const FIXTURE = `
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, age integer, score integer);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total integer);
CREATE TABLE notes (id bigint PRIMARY KEY, user_id bigint);
INSERT INTO users SELECT g, 'u' || g, 'name ' || g, g, g FROM generate_series(1, 5) g;
INSERT INTO orders SELECT g, g, g FROM generate_series(1, 5) g;
INSERT INTO notes SELECT g, 1 FROM generate_series(1, 5) g;
`;

// Prepared transactions stand in for a second client (see above).
const { db, observe, run: failure, rolledBack, held, seqScan: seqScans, relfilenode, lint } = oracle({
  fixture: FIXTURE,
  watched: ['users', 'orders', 'notes'],
  pglite: { postgresqlconf: ['max_prepared_transactions = 4'] },
});

/** Another client's open transaction: its statements run and it is prepared, keeping its locks. */
async function otherClient<T>(statements: string, fn: () => Promise<T>): Promise<T> {
  await db.exec(`BEGIN; ${statements}; PREPARE TRANSACTION 'other';`);
  try {
    return await fn();
  } finally {
    await db.exec("ROLLBACK PREPARED 'other'");
  }
}

/** Whether this session could take `mode` on `table` at once (NOWAIT), while the other client holds its locks. */
async function grantable(table: string, mode: string): Promise<boolean> {
  return rolledBack(async () => (await failure(`LOCK TABLE ${table} IN ${mode} MODE NOWAIT`)) === undefined);
}

describe('statement-after-access-exclusive', () => {
  it('statement-after-access-exclusive: the ADD COLUMN\'s ACCESS EXCLUSIVE lock is still held while CREATE INDEX scans', async () => {
    const stmts = ['ALTER TABLE users ADD COLUMN nickname text', 'CREATE INDEX users_email_idx ON users (email)'];
    expect(lint('statement-after-access-exclusive', `BEGIN;\n${stmts.join(';\n')};\nCOMMIT;`).map((d) => d.message)).toEqual([
      'While this transaction holds the ACCESS EXCLUSIVE lock that ALTER TABLE users ADD COLUMN nickname text (line 2) took on users, CREATE INDEX users_email_idx ON users scans users: every read and write of users stays blocked all that time, until the transaction commits.',
    ]);
    const o = await observe([stmts[1]!], [stmts[0]!]);
    expect(o.error).toBeUndefined();
    expect(o.scanned).toContain('users');
    expect(o.locks.users).toContain('ACCESS EXCLUSIVE');
  });

  it('statement-after-access-exclusive: a statement that needs a lock another client holds waits while ACCESS EXCLUSIVE stays held', async () => {
    const sql = 'BEGIN;\nALTER TABLE users ALTER COLUMN email DROP DEFAULT;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nCOMMIT;';
    expect(lint('statement-after-access-exclusive', sql)[0]?.message).toContain('must first wait for a SHARE ROW EXCLUSIVE lock on orders');
    // A client writing to orders: the foreign key's SHARE ROW EXCLUSIVE on orders cannot be granted.
    await otherClient('UPDATE orders SET total = total WHERE id = 1', async () => {
      await rolledBack(async () => {
        await db.exec('ALTER TABLE users ALTER COLUMN email DROP DEFAULT');
        expect(await held('users')).toContain('ACCESS EXCLUSIVE');
        expect(await failure('LOCK TABLE orders IN SHARE ROW EXCLUSIVE MODE NOWAIT')).toBe('could not obtain lock on relation "orders"');
      });
    });
  });
});

describe('unbatched-backfill', () => {
  it('unbatched-backfill (underLock): the ALTER\'s ACCESS EXCLUSIVE lock is still in pg_locks when the UPDATE runs and after it', async () => {
    const stmts = ['ALTER TABLE users ADD COLUMN active boolean', 'UPDATE users SET active = true WHERE active IS NULL'];
    const sql = `BEGIN;\n${stmts.join(';\n')};\nCOMMIT;`;
    expect(lint('unbatched-backfill', sql)[0]?.message).toBe(
      'This UPDATE of users runs in the same transaction block as ALTER TABLE users ADD COLUMN active boolean (line 2), whose ACCESS EXCLUSIVE lock on users is held until the transaction commits: all reads and writes of users stay blocked for the whole backfill.',
    );
    // statement-after-access-exclusive leaves this finding to unbatched-backfill.
    expect(lint('statement-after-access-exclusive', sql)).toEqual([]);
    await rolledBack(async () => {
      await db.exec(stmts[0]!);
      await db.exec(stmts[1]!);
      expect(await held('users')).toEqual(expect.arrayContaining(['ACCESS EXCLUSIVE', 'ROW EXCLUSIVE']));
      const upd = (await db.query<{ n: number }>("SELECT n_tup_upd AS n FROM pg_stat_xact_user_tables WHERE relname = 'users'")).rows[0]!.n;
      expect(Number(upd)).toBe(5);
    });
  });

  it('unbatched-backfill (wholeTable): an UPDATE without WHERE writes a new version of every row and locks each until commit; its ROW EXCLUSIVE lock blocks CREATE INDEX', async () => {
    const sql = 'UPDATE users SET name = upper(name)';
    expect(lint('unbatched-backfill', sql)[0]?.message).toMatch(/^One UPDATE touches every row of users: each row stays locked until the statement's transaction commits/);
    await rolledBack(async () => {
      await db.exec(sql);
      const fresh = (await db.query<{ n: number }>('SELECT count(*) AS n FROM users WHERE xmin::text = pg_current_xact_id()::text')).rows[0]!.n;
      expect(Number(fresh)).toBe(5);
      // ROW EXCLUSIVE from the UPDATE (ACCESS SHARE from the SELECT above), nothing that blocks readers.
      expect((await held('users')).sort()).toEqual(['ACCESS SHARE', 'ROW EXCLUSIVE']);
    });
    await otherClient(sql, async () => {
      expect(await rolledBack(() => failure('SELECT 1 FROM users WHERE id = 3 FOR UPDATE NOWAIT'))).toBe('could not obtain lock on row in relation "users"');
      expect(await grantable('users', 'SHARE')).toBe(false);
      expect(await grantable('users', 'ACCESS SHARE')).toBe(true);
    });
    // The recipe's batch locks only its own rows.
    expect(lint('unbatched-backfill', 'UPDATE users SET name = upper(name) WHERE id >= 1 AND id < 3')).toEqual([]);
    await otherClient('UPDATE users SET name = upper(name) WHERE id >= 1 AND id < 3', async () => {
      expect(await rolledBack(() => failure('SELECT 1 FROM users WHERE id = 3 FOR UPDATE NOWAIT'))).toBeUndefined();
    });
  });
});

describe('require-lock-timeout', () => {
  it('require-lock-timeout (readsAndWrites): ALTER TABLE\'s ACCESS EXCLUSIVE cannot be granted while any reader holds ACCESS SHARE', async () => {
    expect(lint('require-lock-timeout', 'ALTER TABLE users ADD COLUMN c int;')[0]?.message).toMatch(/^No lock_timeout is in force when ALTER TABLE users ADD COLUMN c integer requests an ACCESS EXCLUSIVE lock on users: while it waits behind any long-running query/);
    await otherClient('SELECT count(*) FROM users', async () => {
      expect(await grantable('users', 'ACCESS EXCLUSIVE')).toBe(false);
      // CREATE INDEX's SHARE lock does not wait for readers.
      expect(await grantable('users', 'SHARE')).toBe(true);
    });
  });

  it('require-lock-timeout (writes): CREATE INDEX\'s SHARE waits for writers only; CONCURRENTLY (SHARE UPDATE EXCLUSIVE) for neither', async () => {
    expect(lint('require-lock-timeout', 'CREATE INDEX ix ON users (email);')[0]?.message).toMatch(/^No lock_timeout guards CREATE INDEX ix ON users, which requests a SHARE lock on users .*\(reads go on\)\.$/);
    expect(lint('require-lock-timeout', 'CREATE INDEX CONCURRENTLY ix ON users (email);')).toEqual([]);
    await otherClient("UPDATE users SET name = 'x' WHERE id = 1", async () => {
      expect(await grantable('users', 'SHARE')).toBe(false);
      expect(await grantable('users', 'SHARE UPDATE EXCLUSIVE')).toBe(true);
    });
  });

  it('require-lock-timeout: SET LOCAL lasts until the transaction ends; SET inside a transaction that rolls back is undone', async () => {
    const setting = async () => (await db.query<{ v: string }>("SELECT current_setting('lock_timeout') AS v")).rows[0]!.v;
    await db.exec("BEGIN; SET LOCAL lock_timeout = '2s';");
    expect(await setting()).toBe('2s');
    await db.exec('COMMIT');
    expect(await setting()).toBe('0');
    await db.exec("BEGIN; SET lock_timeout = '2s'; ROLLBACK;");
    expect(await setting()).toBe('0');
    await db.exec("BEGIN; SET lock_timeout = '2s'; COMMIT;");
    expect(await setting()).toBe('2s');
    await db.exec('RESET lock_timeout');
    expect(lint('require-lock-timeout', "BEGIN;\nSET LOCAL lock_timeout = '2s';\nCOMMIT;\nALTER TABLE users ADD COLUMN c int;")[0]?.span.start.line).toBe(4);
  });
});

describe('require-statement-timeout', () => {
  it('require-statement-timeout: a type change rewrites the table while ACCESS EXCLUSIVE is held; statement_timeout is in force inside the transaction', async () => {
    const sql = 'ALTER TABLE users ALTER COLUMN age TYPE bigint';
    expect(lint('require-statement-timeout', `${sql};`)[0]?.message).toMatch(/^No statement_timeout is in force when ALTER TABLE users ALTER COLUMN age TYPE bigint rewrites users under an ACCESS EXCLUSIVE lock/);
    expect(lint('require-statement-timeout', `SET statement_timeout = '5min';\n${sql};`)).toEqual([]);
    await rolledBack(async () => {
      await db.exec("SET LOCAL statement_timeout = '5min'");
      const before = await relfilenode('users');
      await db.exec(sql);
      expect(await relfilenode('users')).not.toBe(before);
      expect(await held('users')).toContain('ACCESS EXCLUSIVE');
      expect((await db.query<{ v: string }>("SELECT current_setting('statement_timeout') AS v")).rows[0]!.v).toBe('5min');
    });
  });
});

describe('validate-constraint-in-same-transaction', () => {
  it('validate-constraint-in-same-transaction (check): VALIDATE after ADD … NOT VALID scans while ACCESS EXCLUSIVE is still held', async () => {
    const stmts = ['ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age > 0) NOT VALID', 'ALTER TABLE users VALIDATE CONSTRAINT users_age_check'];
    expect(lint('validate-constraint-in-same-transaction', `BEGIN;\n${stmts.join(';\n')};\nCOMMIT;`).map((d) => d.message)).toEqual([expect.stringMatching(/^Validating constraint users_age_check in the transaction that added it NOT VALID \(line 2\) keeps the ADD's ACCESS EXCLUSIVE lock on users/)]);
    // This finding moved here from constraint-missing-not-valid, which reports only the ADD without NOT VALID now.
    expect(lint('constraint-missing-not-valid', `BEGIN;\n${stmts.join(';\n')};\nCOMMIT;`)).toEqual([]);
    const o = await observe([stmts[1]!], [stmts[0]!]);
    expect(o.error).toBeUndefined();
    expect(o.scanned).toContain('users');
    expect(o.locks.users).toContain('ACCESS EXCLUSIVE');
  });

  it('validate-constraint-in-same-transaction (foreignKey): SHARE ROW EXCLUSIVE on both tables stays held through the VALIDATE scan', async () => {
    const stmts = ['ALTER TABLE notes ADD CONSTRAINT notes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID', 'ALTER TABLE notes VALIDATE CONSTRAINT notes_user_id_fkey'];
    expect(lint('validate-constraint-in-same-transaction', stmts.join(';\n'), { transactional: 'yes' })[0]?.message).toContain("keeps the ADD's SHARE ROW EXCLUSIVE locks on notes and users");
    const o = await observe([stmts[1]!], [stmts[0]!]);
    expect(o.error).toBeUndefined();
    expect(o.scanned).toContain('notes');
    expect(o.locks.notes).toContain('SHARE ROW EXCLUSIVE');
    expect(o.locks.users).toContain('SHARE ROW EXCLUSIVE');
  });
});

describe('transaction-nesting', () => {
  // These commit on purpose (that is the claim), so they clean up after themselves instead of rolling back.
  it('transaction-nesting: a nested BEGIN only warns, its COMMIT ends the outer transaction, and the tool\'s ROLLBACK then undoes nothing', async () => {
    const sql = 'CREATE TABLE tn_a (id int);\nBEGIN;\nCREATE TABLE tn_b (id int);\nCOMMIT;\nCREATE TABLE tn_c (id int);';
    expect(lint('transaction-nesting', sql, { transactional: 'yes' }).map((d) => d.message.split(':')[0])).toEqual(['The migration tool already runs this migration in a transaction block', 'Ending the migration tool\'s transaction block with COMMIT in the middle of the migration']);
    const notices: string[] = [];
    try {
      // The tool's BEGIN, the migration, then the tool's ROLLBACK after a failure.
      await db.exec(`BEGIN;\n${sql}`, { onNotice: (n) => notices.push(n.message ?? '') });
      await db.exec('ROLLBACK', { onNotice: (n) => notices.push(n.message ?? '') });
      expect(notices).toEqual(['there is already a transaction in progress', 'there is no transaction in progress']);
      const left = (await db.query<{ a: string | null; b: string | null; c: string | null }>("SELECT to_regclass('tn_a') AS a, to_regclass('tn_b') AS b, to_regclass('tn_c') AS c")).rows[0]!;
      expect(left).toEqual({ a: 'tn_a', b: 'tn_b', c: 'tn_c' });
    } finally {
      await db.exec('DROP TABLE IF EXISTS tn_a, tn_b, tn_c');
    }
  });

  it('transaction-nesting (commitInTool, ROLLBACK): a ROLLBACK in the migration undoes what ran before it, and the rest still runs and commits', async () => {
    const sql = 'CREATE TABLE tn_x (id int);\nROLLBACK;\nCREATE TABLE tn_y (id int);';
    expect(lint('transaction-nesting', sql, { transactional: 'yes' })[0]?.message).toContain('what ran before it is undone, yet the tool goes on');
    const notices: string[] = [];
    try {
      await db.exec(`BEGIN;\n${sql}`);
      await db.exec('COMMIT', { onNotice: (n) => notices.push(n.message ?? '') });
      expect(notices).toEqual(['there is no transaction in progress']);
      const left = (await db.query<{ x: string | null; y: string | null }>("SELECT to_regclass('tn_x') AS x, to_regclass('tn_y') AS y")).rows[0]!;
      expect(left).toEqual({ x: null, y: 'tn_y' });
    } finally {
      await db.exec('DROP TABLE IF EXISTS tn_x, tn_y');
    }
  });
});

describe('ban-uncommitted-transaction', () => {
  it('ban-uncommitted-transaction: after BEGIN without COMMIT the transaction is still open, and closing the session rolls it back', async () => {
    const sql = 'BEGIN;\nCREATE TABLE bu_a (id int);';
    expect(lint('ban-uncommitted-transaction', sql)).toHaveLength(1);
    await db.exec(sql);
    expect((await db.query<{ open: boolean }>('SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS open')).rows[0]!.open).toBe(true);
    // What the session's end does to an open transaction.
    await db.exec('ROLLBACK');
    expect((await db.query<{ t: string | null }>("SELECT to_regclass('bu_a') AS t")).rows[0]!.t).toBeNull();
  });
});

describe('prefer-robust-stmts', () => {
  // Outside a transaction by definition: these clean up after themselves.
  it('prefer-robust-stmts (addColumn): after a later failure, the re-run fails on ADD COLUMN; IF NOT EXISTS re-runs', async () => {
    const sql = 'ALTER TABLE notes ADD COLUMN pr_c int;\nCREATE UNIQUE INDEX CONCURRENTLY notes_user_id_key ON notes (user_id);';
    expect(lint('prefer-robust-stmts', sql).map((d) => d.message.split(' ')[0])).toEqual(['Adding', 'If']);
    try {
      await db.exec('ALTER TABLE notes ADD COLUMN pr_c int');
      // notes.user_id has duplicates: the unique build fails after the column was committed.
      expect(await failure('CREATE UNIQUE INDEX CONCURRENTLY notes_user_id_key ON notes (user_id)')).toBe('could not create unique index "notes_user_id_key"');
      expect(await failure('ALTER TABLE notes ADD COLUMN pr_c int')).toBe('column "pr_c" of relation "notes" already exists');
      const notices: string[] = [];
      await db.exec('ALTER TABLE notes ADD COLUMN IF NOT EXISTS pr_c int', { onNotice: (n) => notices.push(n.message ?? '') });
      expect(notices).toEqual(['column "pr_c" of relation "notes" already exists, skipping']);
    } finally {
      await db.exec('DROP INDEX IF EXISTS notes_user_id_key; ALTER TABLE notes DROP COLUMN IF EXISTS pr_c');
    }
  });

  it('prefer-robust-stmts (concurrentIndex): a failed CREATE INDEX CONCURRENTLY leaves an INVALID index; IF NOT EXISTS keeps it; DROP INDEX CONCURRENTLY IF EXISTS clears it', async () => {
    const valid = async () => (await db.query<{ v: boolean }>("SELECT i.indisvalid AS v FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'notes_user_id_key'")).rows.map((r) => r.v);
    const build = 'CREATE UNIQUE INDEX CONCURRENTLY notes_user_id_key ON notes (user_id)';
    expect(lint('prefer-robust-stmts', `${build};`)[0]?.message).toMatch(/^If building notes_user_id_key CONCURRENTLY fails .*PostgreSQL leaves an INVALID index notes_user_id_key behind: the re-run then fails with "relation already exists"\.$/);
    expect(lint('prefer-robust-stmts', `DROP INDEX CONCURRENTLY IF EXISTS notes_user_id_key;\n${build};`)).toEqual([]);
    try {
      expect(await failure(build)).toBe('could not create unique index "notes_user_id_key"');
      expect(await valid()).toEqual([false]);
      expect(await failure(build)).toBe('relation "notes_user_id_key" already exists');
      const notices: string[] = [];
      await db.exec(build.replace('CONCURRENTLY', 'CONCURRENTLY IF NOT EXISTS'), { onNotice: (n) => notices.push(n.message ?? '') });
      expect(notices).toEqual(['relation "notes_user_id_key" already exists, skipping']);
      expect(await valid()).toEqual([false]);
      await db.exec('DROP INDEX CONCURRENTLY IF EXISTS notes_user_id_key');
      expect(await valid()).toEqual([]);
    } finally {
      await db.exec('DROP INDEX IF EXISTS notes_user_id_key');
    }
  });
});

describe('multiple-alter-table', () => {
  it('multiple-alter-table (passes): two SET NOT NULL statements scan twice, one ALTER TABLE with both clauses once', async () => {
    const separate = ['ALTER TABLE users ALTER COLUMN age SET NOT NULL', 'ALTER TABLE users ALTER COLUMN score SET NOT NULL'];
    expect(lint('multiple-alter-table', `${separate.join(';\n')};`, { transactional: 'yes' })[0]?.message).toMatch(/^Separate passes over users: 2 ALTER TABLE statements in a row \(lines 1, 2\)/);
    const scans = (stmts: string[]) =>
      rolledBack(async () => {
        const before = await seqScans('users');
        for (const s of stmts) await db.exec(s);
        return (await seqScans('users')) - before;
      });
    expect(await scans(separate)).toBe(2);
    expect(await scans(['ALTER TABLE users ALTER COLUMN age SET NOT NULL, ALTER COLUMN score SET NOT NULL'])).toBe(1);
    expect(await scans(['ALTER TABLE users ADD CONSTRAINT a CHECK (age > 0), ADD CONSTRAINT s CHECK (score > 0)'])).toBe(1);
  });

  it('multiple-alter-table: two type changes rewrite the table twice, one ALTER TABLE with both clauses once', async () => {
    const rewrites = (stmts: string[]) =>
      rolledBack(async () => {
        const seen = new Set([await relfilenode('users')]);
        for (const s of stmts) {
          await db.exec(s);
          seen.add(await relfilenode('users'));
        }
        return seen.size - 1;
      });
    expect(await rewrites(['ALTER TABLE users ALTER COLUMN age TYPE bigint', 'ALTER TABLE users ALTER COLUMN score TYPE bigint'])).toBe(2);
    expect(await rewrites(['ALTER TABLE users ALTER COLUMN age TYPE bigint, ALTER COLUMN score TYPE bigint'])).toBe(1);
  });
});

describe('mixed-expand-contract', () => {
  it('mixed-expand-contract: before the migration the new release\'s query fails, after it the old release\'s: no deploy order works', async () => {
    const sql = 'ALTER TABLE users ADD COLUMN email_address text;\nALTER TABLE users DROP COLUMN email;';
    expect(lint('mixed-expand-contract', sql)[0]?.message).toContain('(ALTER TABLE users DROP COLUMN email, under an ACCESS EXCLUSIVE lock on users)');
    await rolledBack(async () => {
      await db.exec('SAVEPOINT s');
      expect(await failure('SELECT email_address FROM users')).toBe('column "email_address" does not exist');
      await db.exec('ROLLBACK TO SAVEPOINT s');
      await db.exec(sql);
      expect(await held('users')).toContain('ACCESS EXCLUSIVE');
      expect(await failure('SELECT email FROM users')).toBe('column "email" does not exist');
    });
  });
});
