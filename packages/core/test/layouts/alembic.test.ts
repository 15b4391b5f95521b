import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineRule, discoverMigrationSets, layoutByName, lint, loadParsers, Project, resolveConfig, type Engine, type Operation, type Rule } from '@migralint/core';

function write(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migralint-alembic-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

/** Discovers and loads the Alembic sets of a project written to a temp dir. */
async function load(files: Record<string, string>, engine?: Engine) {
  await loadParsers();
  const dir = write(files);
  const project = new Project(dir);
  const found = await discoverMigrationSets(project, [{ path: '.' }]);
  const sets = found.sets.filter((s) => s.layout === 'alembic');
  const layout = layoutByName('alembic')!;
  const migrations = [];
  const diagnostics = [];
  for (const set of sets) {
    const out = await layout.load(set, { project, settingsFor: () => ({ engine: engine ?? 'postgresql', engineExplicit: engine !== undefined }) });
    migrations.push(...out.migrations);
    diagnostics.push(...out.diagnostics);
  }
  migrations.sort((a, b) => (a.orderKey[1] as number) - (b.orderKey[1] as number) || (a.orderKey[2] as number) - (b.orderKey[2] as number));
  const diags = diagnostics.map((d) => `${d.ruleId}@${d.file}:${d.span.start.line} ${d.message}`);
  return { sets, migrations, diags };
}

const brief = (op: Operation) => {
  const o = op as Operation & Record<string, unknown>;
  const flags = `${op.conditional ? ' conditional' : ''}${op.outsideTransaction ? ' outside' : ''}`;
  const name = (o.table as { name?: string } | undefined)?.name ?? (o.tables as Array<{ name: string }> | undefined)?.[0]?.name ?? '';
  return `${op.kind}${name ? ` ${name}` : ''}@${op.span.start.line}${flags}`;
};

const ENV = 'from alembic import context\n\nwith context.begin_transaction():\n    context.run_migrations()\n';

function rev(id: string, down: string | null | string[], body = 'pass', extra = ''): string {
  const d = down === null ? 'None' : Array.isArray(down) ? `(${down.map((x) => `"${x}"`).join(', ')})` : `"${down}"`;
  return `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "${id}"\ndown_revision = ${d}\n${extra}\n\ndef upgrade():\n    ${body}\n\n\ndef downgrade():\n    pass\n`;
}

describe('Alembic discovery', () => {
  it('reads script_location (with %(here)s) and the engine from sqlalchemy.url', async () => {
    const r = await load({
      'alembic.ini': '[alembic]\nscript_location = %(here)s/db\nsqlalchemy.url = mysql+pymysql://u@h/db\n\n[loggers]\nkeys = root\n',
      'db/env.py': ENV,
      'db/versions/a.py': rev('a', null),
    });
    expect(r.sets.map((s) => [s.root, s.files])).toEqual([['db', ['db/env.py', 'db/versions/a.py']]]);
    expect(r.migrations.map((m) => `${m.id} ${m.engine} ${m.direction} ${m.transactional}`)).toEqual(['db/versions/a.py#upgrade mysql up no', 'db/versions/a.py#downgrade mysql down no']);
    // An engine the user chose wins over alembic.ini.
    const explicit = await load({ 'alembic.ini': '[alembic]\nscript_location = db\nsqlalchemy.url = mysql://h/db\n', 'db/env.py': ENV, 'db/versions/a.py': rev('a', null) }, 'postgresql');
    expect(explicit.migrations[0]!.engine).toBe('postgresql');
  });

  it('finds Flask-Migrate projects (alembic.ini inside the script directory, no script_location) and bare env.py + versions/', async () => {
    const flask = await load({ 'migrations/alembic.ini': '[alembic]\n\n[loggers]\nkeys = root\n', 'migrations/env.py': ENV, 'migrations/versions/a.py': rev('a', null) });
    expect(flask.sets.map((s) => s.root)).toEqual(['migrations']);
    expect(flask.diags).toEqual([]);
    const bare = await load({ 'alembic/env.py': ENV, 'alembic/versions/a.py': rev('a', null), 'alembic/versions/__init__.py': '' });
    expect(bare.sets.map((s) => [s.root, s.files])).toEqual([['alembic', ['alembic/env.py', 'alembic/versions/a.py']]]);
  });

  it('reads every ini section with a script_location (alembic -n) and package:path locations', async () => {
    const r = await load({
      'src/app/alembic.ini': '[alembic]\nfile_template = %%(rev)s\n\n[core]\nscript_location = app:db/core\n\n[tenant]\nscript_location = app:db/tenant\n',
      'src/app/db/core/env.py': ENV,
      'src/app/db/core/versions/c1.py': rev('c1', null),
      'src/app/db/tenant/env.py': ENV,
      'src/app/db/tenant/versions/t1.py': rev('t1', null),
    });
    expect(r.sets.map((s) => s.root).sort()).toEqual(['src/app/db/core', 'src/app/db/tenant']);
    expect(r.diags).toEqual([]);
  });

  it('reads [tool.alembic] in pyproject.toml', async () => {
    const r = await load({ 'pyproject.toml': '[tool.alembic]\nscript_location = "%(here)s/migrations"\n', 'migrations/env.py': ENV, 'migrations/versions/a.py': rev('a', null) });
    expect(r.sets.map((s) => s.root)).toEqual(['migrations']);
  });

  it('reports a malformed alembic.ini with its line and keeps going', async () => {
    const r = await load({
      'alembic.ini': '[alembic]\nscript_location = db\nthis line is not an option\nsqlalchemy.url = %(DATABASE)s\n',
      'db/env.py': ENV,
      'db/versions/a.py': rev('a', null),
    });
    expect(r.diags).toEqual(["layout-error@alembic.ini:3 Malformed alembic.ini: cannot read 'this line is not an option': expected 'key = value' or a [section] header"]);
    expect(r.migrations).toHaveLength(2);
    const missing = await load({ 'alembic.ini': '[alembic]\nscript_location = nowhere\n' });
    expect(missing.diags).toEqual(["layout-error@alembic.ini:2 script_location 'nowhere' in [alembic] of alembic.ini is not a directory (nowhere): Alembic cannot find the revision scripts"]);
    const unsupported = await load({ 'alembic.ini': '[alembic]\nscript_location = db\nsqlalchemy.url = mssql+pyodbc://h/db\n', 'db/env.py': ENV, 'db/versions/a.py': rev('a', null) });
    expect(unsupported.diags).toEqual([
      "layout-error@alembic.ini:3 sqlalchemy.url names a 'mssql' database, which migralint has no dialect for: linting as postgresql. Set `engine` in the migralint config to choose.",
    ]);
  });
});

describe('Alembic revision graph', () => {
  const files = {
    'alembic.ini': '[alembic]\nscript_location = m\n',
    'm/env.py': ENV,
    // Names sort opposite to the graph order on purpose.
    'm/versions/z_base.py': rev('base', null),
    'm/versions/y_a.py': rev('a', 'base'),
    'm/versions/x_b1.py': rev('b1', 'a'),
    'm/versions/w_b2.py': rev('b2', 'a', 'pass', 'depends_on = "b1"'),
    'm/versions/v_merge.py': rev('merge', ['b1', 'b2']),
    'm/versions/u_c.py': rev('c', 'merge'),
  };

  it('orders a branched and merged history by the graph (parents, merge points and depends_on first)', async () => {
    const r = await load(files);
    const ups = r.migrations.filter((m) => m.direction === 'up').map((m) => m.id.replace(/^m\/versions\/|#upgrade$/g, ''));
    expect(ups).toEqual(['z_base.py', 'y_a.py', 'x_b1.py', 'w_b2.py', 'v_merge.py', 'u_c.py']);
    const downs = r.migrations.filter((m) => m.direction === 'down').map((m) => m.id.replace(/^m\/versions\/|#downgrade$/g, ''));
    expect(downs).toEqual(['u_c.py', 'v_merge.py', 'w_b2.py', 'x_b1.py', 'y_a.py', 'z_base.py']);
    expect(r.diags).toEqual([]);
  });

  it('reports multiple heads, unknown down_revisions and duplicate revisions', async () => {
    const r = await load({ ...files, 'm/versions/t_d.py': rev('d', 'merge'), 'm/versions/s_e.py': rev('e', 'nope'), 'm/versions/r_dup.py': rev('c', 'base') });
    expect(r.diags).toEqual([
      "layout-error@m/versions/u_c.py:4 Revision 'c' is also defined in m/versions/r_dup.py: Alembic cannot tell them apart",
      `layout-error@m/versions/s_e.py:5 down_revision 'nope' names no revision in this Alembic project: Alembic stops with "Revision nope referenced from e is not present"`,
      'layout-error@m/versions/r_dup.py:4 Multiple heads: c (m/versions/r_dup.py), e (m/versions/s_e.py), d (m/versions/t_d.py). `alembic upgrade head` fails until they are merged (`alembic merge heads`), and the order between the branches is not defined.',
      'layout-error@m/versions/s_e.py:4 Multiple heads: c (m/versions/r_dup.py), e (m/versions/s_e.py), d (m/versions/t_d.py). `alembic upgrade head` fails until they are merged (`alembic merge heads`), and the order between the branches is not defined.',
      'layout-error@m/versions/t_d.py:4 Multiple heads: c (m/versions/r_dup.py), e (m/versions/s_e.py), d (m/versions/t_d.py). `alembic upgrade head` fails until they are merged (`alembic merge heads`), and the order between the branches is not defined.',
    ]);
  });

  it('accepts several heads on separately labelled branches', async () => {
    const r = await load({
      'alembic.ini': '[alembic]\nscript_location = m\n',
      'm/env.py': ENV,
      'm/versions/a.py': rev('a', null, 'pass', 'branch_labels = ("core",)'),
      'm/versions/b.py': rev('b', null, 'pass', 'branch_labels = ["plugin"]\ndepends_on = "core"'),
      'm/versions/c.py': rev('c', 'a'),
    });
    expect(r.diags).toEqual([]);
    expect(r.migrations.filter((m) => m.direction === 'up').map((m) => m.id)).toEqual(['m/versions/a.py#upgrade', 'm/versions/b.py#upgrade', 'm/versions/c.py#upgrade']);
  });
});

describe('Alembic operations', () => {
  const project = (body: string, engine = 'postgresql', extra = '') => ({
    'alembic.ini': `[alembic]\nscript_location = m\nsqlalchemy.url = ${engine}://h/db\n`,
    'm/env.py': ENV,
    'm/versions/a.py': `from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n${extra}\nrevision = "a"\ndown_revision = None\n\n\ndef upgrade():\n${body}\n`,
  });
  const ops = async (body: string, engine = 'postgresql', extra = '') => {
    const r = await load(project(body, engine, extra));
    return { ops: r.migrations.find((m) => m.direction === 'up')!.operations, diags: r.diags };
  };

  it('interprets create_table with column types, defaults, keys and indexes', async () => {
    const { ops: o } = await ops(
      [
        '    status = sa.Enum("on", "off", name="status")',
        '    op.create_table(',
        '        "t",',
        '        sa.Column("id", sa.Integer(), primary_key=True),',
        '        sa.Column("email", sa.String(length=120), nullable=False, unique=True, index=True),',
        '        sa.Column("created", sa.DateTime(timezone=True), server_default=sa.func.now()),',
        '        sa.Column("user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE")),',
        '        sa.Column("s", status),',
        '        sa.Column("meta", postgresql.JSONB(), server_default="{}"),',
        '        sa.UniqueConstraint("created", name="t_created_key"),',
        '        schema="app",',
        '    )',
      ].join('\n'),
    );
    expect(o.map(brief)).toEqual(['createType@11', 'createTable t@11', 'createIndex t@11']);
    const t = o[1]!;
    if (t.kind !== 'createTable') throw new Error();
    expect(t.table).toEqual({ schema: 'app', name: 't' });
    expect(t.columns.map((c) => `${c.name} ${c.type?.text}${c.notNull ? ' not null' : ''}${c.default ? ` default ${c.default.text} ${c.default.volatility}` : ''}${c.references ? ` -> ${c.references.table.name}` : ''}`)).toEqual([
      'id serial not null',
      'email varchar(120) not null',
      'created timestamptz default now() stable',
      'user_id bigint -> users',
      's status',
      "meta jsonb default '{}' immutable",
    ]);
    const ix = o[2]!;
    expect(ix.kind === 'createIndex' && [ix.name, ix.unique]).toEqual(['ix_t_email', true]);
  });

  it('follows alter_column in the order Alembic emits on PostgreSQL: type, nullability, default, name', async () => {
    const { ops: o } = await ops('    op.alter_column("t", "c", new_column_name="d", nullable=False, server_default=None, type_=sa.Text(), postgresql_using="c::text")');
    expect(o.map((x) => x.kind)).toEqual(['alterColumnType', 'setNotNull', 'dropDefault', 'renameColumn']);
    expect(o[0]!.kind === 'alterColumnType' && o[0]!.using).toBe('c::text');
  });

  it('adds a column, then its foreign key, unique constraint and index as separate statements', async () => {
    const { ops: o } = await ops('    op.add_column("t", sa.Column("u", sa.Integer(), sa.ForeignKey("users.id"), unique=True))');
    expect(o.map((x) => (x.kind === 'addConstraint' ? `addConstraint ${x.constraint.type}` : x.kind))).toEqual(['addColumn', 'addConstraint foreignKey', 'addConstraint unique']);
  });

  it('marks operations inside autocommit_block() as outside the transaction', async () => {
    const r = await load(project('    op.create_index("i", "t", ["c"])\n    with op.get_context().autocommit_block():\n        op.create_index("j", "t", ["c"], postgresql_concurrently=True)\n        op.execute("ALTER TYPE mood ADD VALUE \'x\'")'));
    const up = r.migrations.find((m) => m.direction === 'up')!;
    expect(up.transactional).toBe('yes');
    expect(up.operations.map(brief)).toEqual(['createIndex t@10', 'createIndex t@12 outside', 'alterEnum@13 outside']);
    expect(up.hints?.nonTransactional).toContain('autocommit_block()');
  });

  it("reads env.py's transactional_ddl", async () => {
    const r = await load({ ...project('    pass'), 'm/env.py': 'from alembic import context\ncontext.configure(transactional_ddl=False)\n' });
    expect(r.migrations[0]!.transactional).toBe('no');
  });

  it('parses SQL in op.execute() and connection.execute(sa.text()) with spans inside the Python string', async () => {
    const body = [
      '    op.execute(',
      '        """',
      '        UPDATE t SET c = 1;',
      '        DELETE FROM t WHERE c = :v;',
      '        CREATE INDEX ON t (c) WHERE;',
      '        """',
      '    )',
      '    conn = op.get_bind()',
      '    conn.execute(sa.text("INSERT INTO t (c) VALUES (:c)"), {"c": 1})',
      '    op.execute(sa.table("t", sa.column("c")).update().values(c=2))',
      '    op.bulk_insert(sa.table("t", sa.column("c")), [{"c": 3}])',
    ].join('\n');
    const { ops: o, diags } = await ops(body);
    expect(o.map(brief)).toEqual(['dataChange t@10', 'dataChange t@10', 'dataChange t@18', 'dataChange t@19', 'dataChange t@20']);
    expect(o.map((x) => x.sql?.statementSpan.start.line ?? '-')).toEqual([12, 13, 18, '-', '-']);
    expect(diags).toEqual(['syntax-error@m/versions/a.py:14 Syntax error in SQL: syntax error at end of input']);
  });

  it('decides dialect conditions against the engine and walks the rest as conditional', async () => {
    const body = [
      '    bind = op.get_bind()',
      '    if bind.dialect.name == "sqlite":',
      '        op.drop_table("lite")',
      '    elif bind.dialect.name in ("postgresql",):',
      '        op.drop_table("pg")',
      '    if some_flag:',
      '        op.drop_table("maybe")',
      '    if str(bind.engine.url).startswith("mysql"):',
      '        op.execute("ALTER TABLE t MODIFY c DATETIME(6)")',
    ].join('\n');
    const { ops: o, diags } = await ops(body);
    expect(o.map(brief)).toEqual(['dropTable pg@14', 'dropTable maybe@16 conditional']);
    expect(diags).toEqual([]);
  });

  it('walks helpers and literal loops; code it cannot follow is opaque, with a reason', async () => {
    const extra = 'TABLES = ["a", "b"]\n\ndef _drop(name):\n    op.drop_table(name)\n';
    const body = ['    for t in TABLES:', '        _drop(t)', '    for row in op.get_bind().execute(sa.text("SELECT id FROM t")):', '        pass', '    utils.rebuild(op.get_bind())', '    x = compute()'].join('\n');
    const { ops: o, diags } = await ops(body, 'postgresql', extra);
    // Operations in a helper point at the op.* call in the helper.
    expect(o.map(brief)).toEqual(['dropTable a@7', 'dropTable b@7', 'opaque@16', 'opaque@18']);
    expect(diags).toEqual([
      'opaque-code@m/versions/a.py:16 Not checked: a for loop over `op.get_bind().execute(sa.text("SELECT id FROM t"))`, which migralint cannot list. migralint reads migrations without running them and cannot tell what this does to the schema.',
      'opaque-code@m/versions/a.py:18 Not checked: the call `utils.rebuild(op.get_bind())`. migralint reads migrations without running them and cannot tell what this does to the schema.',
    ]);
  });

  it('runs batch operations when the block ends; SQLite recreates the table, PostgreSQL alters it', async () => {
    const body = '    with op.batch_alter_table("t") as batch_op:\n        batch_op.add_column(sa.Column("n", sa.Integer()))\n        batch_op.drop_column("old")\n        batch_op.create_index("t_n", ["n"])';
    const lite = await ops(body, 'sqlite');
    expect(lite.ops.map(brief)).toEqual(['other t@10', 'addColumn t@11', 'dropColumn t@12', 'createIndex t@13']);
    const pg = await ops(body);
    expect(pg.ops.map(brief)).toEqual(['addColumn t@11', 'dropColumn t@12', 'createIndex t@13']);
    const onlyAdd = await ops('    with op.batch_alter_table("t") as b:\n        b.add_column(sa.Column("n", sa.Integer()))', 'sqlite');
    expect(onlyAdd.ops.map(brief)).toEqual(['addColumn t@11']);
  });
});

describe('Alembic end to end', () => {
  const noDropTable = defineRule({
    meta: { id: 'no-drop-table', description: 'd', engines: ['postgresql'], recommended: 'error', messages: { m: 'drop {{t}}' }, help: 'h' },
    create: (ctx) => ({ dropTable: (op) => ctx.report({ op, messageId: 'm', data: { t: op.tables[0]!.name } }) }),
  }) as Rule<never>;

  it('reports a Python syntax error at its line, lints the other files, keeps directives and keeps downgrade() silent', async () => {
    const dir = write({
      'alembic.ini': '[alembic]\nscript_location = m\n',
      'm/env.py': ENV,
      'm/versions/a.py': rev('a', null, 'op.drop_table("x")\n    # migralint-disable-next-line no-drop-table -- empty\n    op.drop_table("y")').replace('def downgrade():\n    pass', 'def downgrade():\n    op.drop_table("z")'),
      'm/versions/b.py': 'revision = "b"\ndown_revision = "a"\n\ndef upgrade(:\n    op.drop_table("w")\n',
    });
    const config = resolveConfig({ file: undefined, dir, config: { extends: [] } }, [noDropTable]);
    const results = await lint([{ path: '.' }], { ...config, rules: { 'no-drop-table': 'error' }, forFile: (p, c) => ({ ...config.forFile(p, c), rules: new Map([['no-drop-table', { level: 'error', options: {} }]]) }) }, { cwd: dir });
    const flat = results.flatMap((r) => r.diagnostics.map((d) => `${d.ruleId}@${r.file}:${d.span.start.line}:${d.span.start.column} ${d.message}`));
    expect(flat).toEqual(['no-drop-table@m/versions/a.py:9:5 drop x', "syntax-error@m/versions/b.py:4:12 Python syntax error: '(' opened on line 4 was never closed (unexpected ':')"]);
  });
});
