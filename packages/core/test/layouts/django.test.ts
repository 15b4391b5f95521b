import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverMigrationSets, layoutByName, loadParsers, Project, type Engine, type Migration, type Operation } from '@migralint/core';

async function load(files: Record<string, string>, engine: Engine = 'postgresql') {
  await loadParsers();
  const dir = mkdtempSync(join(tmpdir(), 'migralint-django-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  const project = new Project(dir);
  const found = await discoverMigrationSets(project, [{ path: '.' }]);
  const sets = found.sets.filter((s) => s.layout === 'django');
  const out = { migrations: [] as Migration[], diags: [] as string[], sets };
  for (const set of sets) {
    const o = await layoutByName('django')!.load(set, { project, settingsFor: () => ({ engine }) });
    out.migrations.push(...o.migrations);
    out.diags.push(...o.diagnostics.map((d) => `${d.ruleId}@${d.file}:${d.span.start.line} ${d.message}`));
  }
  out.migrations.sort((a, b) => (a.orderKey[1] as number) - (b.orderKey[1] as number) || (a.orderKey[2] as number) - (b.orderKey[2] as number));
  return out;
}

function migration(deps: string, ops: string, extra = ''): string {
  return `import uuid
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Now


class Migration(migrations.Migration):
${extra}    dependencies = [${deps}]

    operations = [
${ops}
    ]
`;
}

const USER = migration(
  '',
  `        migrations.CreateModel(
            name="User",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email", models.CharField(max_length=50, null=True)),
            ],
        ),`,
);

const brief = (op: Operation) => {
  const o = op as Operation & Record<string, unknown>;
  const name = (o.table as { name?: string } | undefined)?.name ?? (o.tables as Array<{ name: string }> | undefined)?.[0]?.name ?? '';
  return `${op.kind}${name ? ` ${name}` : ''}@${op.span.start.line}`;
};

describe('Django discovery and graph', () => {
  it('finds <app>/migrations/*.py with a Migration class, labels apps by directory or apps.py, and orders the cross-app graph', async () => {
    const r = await load({
      'accounts/apps.py': 'from django.apps import AppConfig\n\nclass AccountsConfig(AppConfig):\n    name = "project.accounts"\n    label = "people"\n',
      'accounts/migrations/__init__.py': '',
      'accounts/migrations/0001_initial.py': USER,
      'accounts/migrations/0002_more.py': migration('("people", "0001_initial"), ("shop", "0001_initial")', ''),
      'shop/migrations/__init__.py': '',
      'shop/migrations/0001_initial.py': migration('("people", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)', ''),
      'shop/migrations/0002_late.py': migration('("shop", "0001_initial")', '', '    run_before = [("people", "0002_more")]\n'),
      'shop/migrations/helpers.py': 'def f():\n    pass\n',
    });
    expect(r.sets[0]!.files).not.toContain('shop/migrations/helpers.py');
    expect(r.migrations.map((m) => m.id)).toEqual(['accounts/migrations/0001_initial.py', 'shop/migrations/0001_initial.py', 'shop/migrations/0002_late.py', 'accounts/migrations/0002_more.py']);
    expect(r.diags).toEqual([]);
  });

  it('reports a missing dependency on an app that is here, and conflicting leaves', async () => {
    const r = await load({
      'shop/migrations/0001_initial.py': migration('', ''),
      'shop/migrations/0002_a.py': migration('("shop", "0001_initial")', ''),
      'shop/migrations/0002_b.py': migration('("shop", "0001_initial"), ("shop", "0001_typo")', ''),
    });
    expect(r.diags).toEqual([
      "layout-error@shop/migrations/0002_b.py:9 Dependency ('shop', '0001_typo') names no migration: shop has no migration 0001_typo. Django stops with NodeNotFoundError before running any migration.",
      'layout-error@shop/migrations/0002_a.py:8 Conflicting migrations in shop: 0002_a, 0002_b are all leaves. `manage.py migrate` refuses to run until they are merged (`makemigrations --merge`).',
      'layout-error@shop/migrations/0002_b.py:8 Conflicting migrations in shop: 0002_a, 0002_b are all leaves. `manage.py migrate` refuses to run until they are merged (`makemigrations --merge`).',
    ]);
  });

  it('lints the migrations a squash replaces while they are here, and the squash once they are gone', async () => {
    const squash = migration('', '        migrations.DeleteModel(name="Gone"),', '    replaces = [("shop", "0001_initial"), ("shop", "0002_b")]\n');
    const both = await load({
      'shop/migrations/0001_initial.py': migration('', ''),
      'shop/migrations/0002_b.py': migration('("shop", "0001_initial")', ''),
      'shop/migrations/0001_squashed_0002_b.py': squash,
      'shop/migrations/0003_c.py': migration('("shop", "0002_b")', ''),
    });
    expect(both.migrations.map((m) => `${m.id.replace('shop/migrations/', '')} ${m.operations.length}`)).toEqual(['0001_initial.py 0', '0002_b.py 0', '0001_squashed_0002_b.py 0', '0003_c.py 0']);
    expect(both.diags).toEqual([
      'opaque-code@shop/migrations/0001_squashed_0002_b.py:8 Not checked: this squashed migration replaces shop.0001_initial, shop.0002_b, which are still here and are linted instead. Django runs it only on a database where none of them has run.',
    ]);
    const alone = await load({ 'shop/migrations/0001_squashed_0002_b.py': squash, 'shop/migrations/0003_c.py': migration('("shop", "0002_b")', '') });
    expect(alone.diags).toEqual([]);
    expect(alone.migrations.map((m) => `${m.id.replace('shop/migrations/', '')} ${m.operations.length}`)).toEqual(['0001_squashed_0002_b.py 1', '0003_c.py 0']);
  });

  it('takes atomic = False and the engine into the transaction state', async () => {
    const files = { 'a/migrations/0001_initial.py': migration('', ''), 'a/migrations/0002_x.py': migration('("a", "0001_initial")', '', '    atomic = False\n') };
    expect((await load(files)).migrations.map((m) => m.transactional)).toEqual(['yes', 'no']);
    expect((await load(files, 'mysql')).migrations.map((m) => m.transactional)).toEqual(['no', 'no']);
    expect((await load(files)).migrations[0]!.hints?.nonTransactional).toContain('AddIndexConcurrently');
  });

  it('reports a Python syntax error and still reads the other migrations', async () => {
    const r = await load({ 'a/migrations/0001_initial.py': USER, 'a/migrations/0002_bad.py': 'from django.db import migrations\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.RunSQL("SELECT 1",\n    ]\n' });
    // The broken file's dependencies cannot be read: no conflict is claimed for it.
    expect(r.diags).toEqual(["syntax-error@a/migrations/0002_bad.py:5 Python syntax error: '(' opened on line 5 was never closed (unexpected ']')"]);
    expect(r.migrations.map((m) => m.id)).toEqual(['a/migrations/0001_initial.py']);
  });
});

describe('Django operations as the schema editor runs them', () => {
  const run = async (ops: string, engine: Engine = 'postgresql', extra = '') => {
    const r = await load({ 'shop/migrations/0001_initial.py': USER, 'shop/migrations/0002_x.py': migration('("shop", "0001_initial")', ops, extra) }, engine);
    return { up: r.migrations.find((m) => m.id === 'shop/migrations/0002_x.py')!, down: r.migrations.find((m) => m.id.endsWith('#reverse_sql')), diags: r.diags };
  };

  it('AddField with a default: ADD COLUMN … DEFAULT <constant>, then DROP DEFAULT (django-migration-linter #326)', async () => {
    const { up } = await run(
      [
        '        migrations.AddField(model_name="user", name="active", field=models.BooleanField(default=False)),',
        '        migrations.AddField(model_name="user", name="token", field=models.UUIDField(default=uuid.uuid4)),',
        '        migrations.AddField(model_name="user", name="bio", field=models.TextField(blank=True)),',
        '        migrations.AddField(model_name="user", name="seen", field=models.DateTimeField(auto_now_add=True)),',
        '        migrations.AddField(model_name="user", name="age", field=models.IntegerField()),',
        '        migrations.AddField(model_name="user", name="at", field=models.DateTimeField(db_default=Now())),',
      ].join('\n'),
    );
    const cols = up.operations.map((op) =>
      op.kind === 'addColumn' ? `add ${op.column.name} ${op.column.type?.text}${op.column.notNull ? ' not null' : ''}${op.column.default ? ` default ${op.column.default.text} (${op.column.default.volatility})` : ''}` : `${op.kind}${op.kind === 'dropDefault' ? ` ${op.column}` : ''}`,
    );
    expect(cols).toEqual([
      'add active boolean not null default False (immutable)',
      'dropDefault active',
      'add token uuid not null default uuid.uuid4() (called once by Django when the migration runs) (immutable)',
      'dropDefault token',
      "add bio text not null default '' (immutable)",
      'dropDefault bio',
      'add seen timestamptz not null default the time the migration runs (immutable)',
      'dropDefault seen',
      'add age integer not null',
      'add at timestamptz not null default statement_timestamp() (stable)',
    ]);
  });

  it('ForeignKey: inline REFERENCES in ADD COLUMN, then the index at the end of the migration, with Django names', async () => {
    const { up } = await run(
      [
        '        migrations.AddField(model_name="user", name="boss", field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, to="shop.user")),',
        '        migrations.AddField(model_name="user", name="slug", field=models.SlugField(null=True)),',
      ].join('\n'),
    );
    expect(up.operations.map(brief)).toEqual(['addColumn shop_user@12', 'addColumn shop_user@13', 'createIndex shop_user@12', 'createIndex shop_user@13', 'createIndex shop_user@13']);
    const add = up.operations[0]!;
    expect(add.kind === 'addColumn' && [add.column.name, add.column.type?.text, add.column.references?.table.name]).toEqual(['boss_id', 'bigint', 'shop_user']);
    expect(up.operations.slice(2).map((o) => (o.kind === 'createIndex' ? o.name : ''))).toEqual(['shop_user_boss_id_66dec59c', 'shop_user_slug_f74e6ceb', 'shop_user_slug_f74e6ceb_like']);
  });

  it('AlterField compares with the field the earlier migrations built', async () => {
    const { up, diags } = await run(
      [
        '        migrations.AlterField(model_name="user", name="email", field=models.CharField(max_length=50, null=True, help_text="x")),',
        '        migrations.AlterField(model_name="user", name="email", field=models.CharField(max_length=20, default="", unique=True)),',
        '        migrations.AlterField(model_name="other", name="x", field=models.IntegerField()),',
      ].join('\n'),
    );
    // help_text changes no SQL; null → NOT NULL with a default takes Django's four steps.
    expect(up.operations.map((o) => o.kind)).toEqual(['alterColumnType', 'setDefault', 'dataChange', 'setNotNull', 'addConstraint', 'dropDefault', 'createIndex', 'alterColumnType', 'setNotNull']);
    expect(diags).toEqual(['opaque-code@shop/migrations/0002_x.py:14 Checked as a change of type and nullability: the earlier definition of other.x is not in the migrations migralint read.']);
  });

  it('RunSQL (string, list, params) is parsed with spans; reverse_sql is down code; RunPython is opaque', async () => {
    const { up, down, diags } = await run(
      [
        '        migrations.RunSQL(',
        '            sql=["UPDATE shop_user SET email = NULL", ("DELETE FROM shop_user WHERE id = %s", [1])],',
        '            reverse_sql="DROP TABLE shop_user",',
        '        ),',
        '        migrations.RunPython(migrations.RunPython.noop),',
        '        migrations.RunPython(forwards, migrations.RunPython.noop),',
      ].join('\n'),
    );
    expect(up.operations.map(brief)).toEqual(['dataChange shop_user@12', 'dataChange shop_user@12', 'opaque@17']);
    expect(up.operations.map((o) => o.sql?.statementSpan.start.line ?? '-')).toEqual([13, 13, '-']);
    expect(down!.direction).toBe('down');
    expect(down!.operations.map(brief)).toEqual(['dropTable shop_user@12']);
    expect(diags).toEqual(['opaque-code@shop/migrations/0002_x.py:17 Not checked: RunPython(forwards) runs Python code (a data migration). migralint reads migrations without running them and cannot tell what this does to the schema.']);
  });

  it('SeparateDatabaseAndState runs only database_operations; AddIndexConcurrently builds concurrently', async () => {
    const r = await load({
      'shop/migrations/0001_initial.py': USER,
      'shop/migrations/0002_x.py': migration(
        '("shop", "0001_initial")',
        '        migrations.SeparateDatabaseAndState(state_operations=[migrations.RemoveField(model_name="user", name="email")]),\n        AddIndexConcurrently(model_name="user", index=models.Index(fields=["-email"], name="user_email_idx", condition=models.Q(email__isnull=False))),',
        '    atomic = False\n',
      ).replace('from django.db.models.functions import Now', 'from django.contrib.postgres.operations import AddIndexConcurrently'),
    });
    const ops = r.migrations.find((m) => m.id === 'shop/migrations/0002_x.py')!.operations;
    expect(ops.map((o) => (o.kind === 'createIndex' ? `${o.name} ${o.concurrently} ${o.columns.join()} ${o.where}` : o.kind))).toEqual(['user_email_idx true email models.Q(email__isnull=False)']);
  });

  it('custom operations and dynamic operation lists are opaque', async () => {
    const custom = await run('        MyOperation("x"),');
    expect(custom.up.operations.map(brief)).toEqual(['opaque@12']);
    expect(custom.diags).toEqual([
      'opaque-code@shop/migrations/0002_x.py:12 Not checked: MyOperation, which is not one of Django\'s operations (its SQL is not known). migralint reads migrations without running them and cannot tell what this does to the schema.',
    ]);
    const dynamic = await run('        *[migrations.RunSQL(s) for s in STATEMENTS],');
    expect(dynamic.up.operations.map(brief)).toEqual(['opaque@11']);
  });
});
