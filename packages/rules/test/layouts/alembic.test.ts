import { describe, expect, it } from 'vitest';
import { SHARED_CASES } from '../shared-cases.js';
import { expectSameAsSql, lintProject } from '../shared-harness.js';

/*
 * The shared case table in Alembic form: each case written with Alembic's op.* directives, and
 * again as op.execute("<the SQL>"), must report the rule ids that plain SQL reports, on the
 * Python line of the call.
 */

const INI = `[alembic]
script_location = %(here)s/migrations
sqlalchemy.url = postgresql+psycopg://app@localhost/app
`;

const ENV = `from alembic import context

with context.begin_transaction():
    context.run_migrations()
`;

const SETUP = `"""setup"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("email", sa.String(50)),
        sa.Column("name", sa.Text()),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("user_id", sa.BigInteger()),
        sa.Column("total", sa.Numeric(10, 2)),
    )
    op.create_index("users_email_idx", "users", ["email"])


def downgrade():
    op.drop_table("orders")
    op.drop_table("users")
`;

/** Each case as the body of upgrade(); the finding line is the body's first line. */
const OPS: Record<string, string> = {
  'create-index': 'op.create_index("users_name_idx", "users", ["name"])',
  'create-unique-index': 'op.create_index("users_email_key", "users", ["email"], unique=True)',
  'drop-index': 'op.drop_index("users_email_idx", table_name="users")',
  'add-column-volatile-default': 'op.add_column("users", sa.Column("token", sa.Uuid(), server_default=sa.text("gen_random_uuid()")))',
  'add-required-column': 'op.add_column("users", sa.Column("age", sa.Integer(), nullable=False))',
  'add-check-constraint': 'op.create_check_constraint("orders_total_check", "orders", "total >= 0")',
  'add-foreign-key': 'op.create_foreign_key("orders_user_id_fk", "orders", "users", ["user_id"], ["id"])',
  'drop-column': 'op.drop_column("users", "name")',
  'drop-table': 'op.drop_table("orders")',
  'rename-column': 'op.alter_column("users", "name", new_column_name="full_name")',
  'rename-table': 'op.rename_table("orders", "purchases")',
  'change-column-type': 'op.alter_column("orders", "total", type_=sa.Integer(), existing_type=sa.Numeric(10, 2))',
  'safe-add-nullable-column': 'op.add_column("users", sa.Column("nickname", sa.Text()))',
  'safe-constant-default': 'op.add_column("users", sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.false()))',
  'safe-widen-varchar': 'op.alter_column("users", "email", type_=sa.String(100), existing_type=sa.String(50))',
  'safe-concurrent-index':
    'with op.get_context().autocommit_block():\n        op.create_index("users_name_idx", "users", ["name"], postgresql_concurrently=True)',
};

const HEADER = `"""case"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"


def upgrade():
`;
// The body starts on this line of the case file.
const BODY_LINE = HEADER.split('\n').length;

function project(body: string): Record<string, string> {
  return {
    'alembic.ini': INI,
    'migrations/env.py': ENV,
    'migrations/versions/0001_setup.py': SETUP,
    'migrations/versions/0002_case.py': `${HEADER}    ${body}\n\n\ndef downgrade():\n    pass\n`,
  };
}

const FILE = 'migrations/versions/0002_case.py';

describe('shared cases in Alembic op.* form', () => {
  it('covers every shared case', () => {
    expect(Object.keys(OPS).sort()).toEqual(SHARED_CASES.map((c) => c.id).sort());
  });
  for (const c of SHARED_CASES) {
    it(c.id, async () => {
      const line = BODY_LINE + (c.id === 'safe-concurrent-index' ? 1 : 0);
      await expectSameAsSql(c.id, { files: project(OPS[c.id]!), file: FILE, line });
    });
  }
});

describe('shared cases in Alembic op.execute() form', () => {
  for (const c of SHARED_CASES) {
    it(c.id, async () => {
      const call = `op.execute(${JSON.stringify(c.sql)})`;
      const body = c.nonTransactional ? `with op.get_context().autocommit_block():\n        ${call}` : call;
      await expectSameAsSql(c.id, { files: project(body), file: FILE, line: BODY_LINE + (c.nonTransactional ? 1 : 0) });
    });
  }
});

describe('Alembic transactions and help', () => {
  it('postgresql_concurrently outside autocommit_block() is rejected, inside it is fine', async () => {
    const inTx = await lintProject(project('op.create_index("users_name_idx", "users", ["name"], postgresql_concurrently=True)'));
    const ids = inTx.find((r) => r.file === FILE)!.diagnostics.map((d) => d.ruleId);
    expect(ids).toEqual(['ban-concurrent-index-creation-in-transaction']);
    const outside = await lintProject(project(OPS['safe-concurrent-index']!));
    expect(outside.find((r) => r.file === FILE)!.diagnostics).toEqual([]);
  });

  it('help says how to do it in Alembic: postgresql_concurrently=True inside autocommit_block()', async () => {
    const results = await lintProject(project(OPS['create-index']!));
    const d = results.find((r) => r.file === FILE)!.diagnostics.find((x) => x.ruleId === 'require-concurrent-index-creation')!;
    expect(d.span.start.line).toBe(BODY_LINE);
    expect(d.help).toContain('postgresql_concurrently=True');
    expect(d.help).toContain('op.get_context().autocommit_block()');
    const inTx = await lintProject(project('op.create_index("users_name_idx", "users", ["name"], postgresql_concurrently=True)'));
    const ban = inTx.find((r) => r.file === FILE)!.diagnostics[0]!;
    expect(ban.help).toContain('autocommit_block()');
  });

  it('a disable directive above the call silences it', async () => {
    const body = '# migralint-disable-next-line require-concurrent-index-creation -- tiny table\n    op.create_index("users_name_idx", "users", ["name"])';
    const results = await lintProject(project(body));
    expect(results.find((r) => r.file === FILE)!.diagnostics).toEqual([]);
  });
});
