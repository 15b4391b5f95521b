import { describe, expect, it } from 'vitest';
import { SHARED_CASES } from '../shared-cases.js';
import { expectSameAsSql, lintProject } from '../shared-harness.js';

/*
 * The shared case table in Django form: each case written with Django's migration operations,
 * and again as migrations.RunSQL("<the SQL>"), must report the rule ids that plain SQL
 * reports, on the Python line of the operation.
 */

const SETUP = `from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="User",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("email", models.CharField(max_length=50, null=True)),
                ("name", models.TextField(null=True)),
            ],
            options={"db_table": "users", "indexes": [models.Index(fields=["email"], name="users_email_idx")]},
        ),
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("user", models.BigIntegerField(null=True, db_column="user_id")),
                ("total", models.DecimalField(decimal_places=2, max_digits=10, null=True)),
            ],
            options={"db_table": "orders"},
        ),
    ]
`;

const OPS: Record<string, string> = {
  'create-index': 'migrations.AddIndex(model_name="user", index=models.Index(fields=["name"], name="users_name_idx")),',
  'create-unique-index':
    'migrations.AddConstraint(model_name="user", constraint=models.UniqueConstraint(fields=["email"], condition=models.Q(email__isnull=False), name="users_email_key")),',
  'drop-index': 'migrations.RemoveIndex(model_name="user", name="users_email_idx"),',
  'add-column-volatile-default': 'migrations.AddField(model_name="user", name="token", field=models.UUIDField(null=True, db_default=RandomUUID())),',
  'add-required-column': 'migrations.AddField(model_name="user", name="age", field=models.IntegerField()),',
  'add-check-constraint':
    'migrations.AddConstraint(model_name="order", constraint=models.CheckConstraint(condition=models.Q(total__gte=0), name="orders_total_check")),',
  'add-foreign-key':
    'migrations.AlterField(model_name="order", name="user", field=models.ForeignKey(db_column="user_id", db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, to="shop.user")),',
  'drop-column': 'migrations.RemoveField(model_name="user", name="name"),',
  'drop-table': 'migrations.DeleteModel(name="Order"),',
  'rename-column': 'migrations.RenameField(model_name="user", old_name="name", new_name="full_name"),',
  'rename-table': 'migrations.AlterModelTable(name="order", table="purchases"),',
  'change-column-type': 'migrations.AlterField(model_name="order", name="total", field=models.IntegerField(null=True)),',
  'safe-add-nullable-column': 'migrations.AddField(model_name="user", name="nickname", field=models.TextField(null=True)),',
  // django-migration-linter issue #326: Django adds the column with DEFAULT false (a constant, no
  // rewrite on PostgreSQL 11+) and drops the default afterwards; nothing to report.
  'safe-constant-default': 'migrations.AddField(model_name="user", name="active", field=models.BooleanField(default=False)),',
  'safe-widen-varchar': 'migrations.AlterField(model_name="user", name="email", field=models.CharField(max_length=100, null=True)),',
  'safe-concurrent-index': 'AddIndexConcurrently(model_name="user", index=models.Index(fields=["name"], name="users_name_idx")),',
};

function caseFile(operation: string, atomic: boolean): string {
  return `import django.db.models.deletion
from django.contrib.postgres.functions import RandomUUID
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
${atomic ? '' : '    atomic = False\n\n'}    dependencies = [("shop", "0001_initial")]

    operations = [
        ${operation}
    ]
`;
}

function opLine(text: string): number {
  return text.split('\n').findIndex((l) => l.startsWith('        migrations.') || l.startsWith('        AddIndex')) + 1;
}

const FILE = 'shop/migrations/0002_case.py';

function project(operation: string, atomic = true): { files: Record<string, string>; line: number } {
  const text = caseFile(operation, atomic);
  return {
    files: { 'shop/__init__.py': '', 'shop/migrations/__init__.py': '', 'shop/migrations/0001_initial.py': SETUP, [FILE]: text },
    line: opLine(text),
  };
}

describe('shared cases in Django operation form', () => {
  it('covers every shared case', () => {
    expect(Object.keys(OPS).sort()).toEqual(SHARED_CASES.map((c) => c.id).sort());
  });
  for (const c of SHARED_CASES) {
    it(c.id, async () => {
      const p = project(OPS[c.id]!, !c.nonTransactional);
      await expectSameAsSql(c.id, { files: p.files, file: FILE, line: p.line });
    });
  }
});

describe('shared cases in Django RunSQL form', () => {
  for (const c of SHARED_CASES) {
    it(c.id, async () => {
      const p = project(`migrations.RunSQL(${JSON.stringify(c.sql)}, reverse_sql=migrations.RunSQL.noop),`, !c.nonTransactional);
      await expectSameAsSql(c.id, { files: p.files, file: FILE, line: p.line });
    });
  }
});

describe('Django transactions', () => {
  it('AddIndexConcurrently needs atomic = False', async () => {
    const p = project(OPS['safe-concurrent-index']!, true);
    const results = await lintProject(p.files);
    const ds = results.find((r) => r.file === FILE)!.diagnostics;
    expect(ds.map((d) => `${d.ruleId}@${d.span.start.line}`)).toEqual([`ban-concurrent-index-creation-in-transaction@${p.line}`]);
    expect(ds[0]!.help).toContain('atomic = False');
  });

  it('a plain AddIndex asks for CONCURRENTLY', async () => {
    const p = project(OPS['create-index']!, true);
    const results = await lintProject(p.files);
    const d = results.find((r) => r.file === FILE)!.diagnostics.find((x) => x.ruleId === 'require-concurrent-index-creation')!;
    expect(d.span.start.line).toBe(p.line);
    expect(d.help).toContain('AddIndexConcurrently');
    expect(d.help).toContain('atomic = False');
  });

  it('a directive above the operation silences it; one that silences nothing is reported', async () => {
    const p = project(`# migralint-disable-next-line require-concurrent-index-creation -- users is tiny\n        ${OPS['create-index']!}`, true);
    const results = await lintProject(p.files);
    expect(results.find((r) => r.file === FILE)!.diagnostics).toEqual([]);
    const unused = project(`# migralint-disable-next-line ban-drop-table -- nothing dropped here\n        ${OPS['create-index']!}`, true);
    const ids = (await lintProject(unused.files)).find((r) => r.file === FILE)!.diagnostics.map((d) => d.ruleId).sort();
    expect(ids).toEqual(['require-concurrent-index-creation', 'unused-directive']);
  });
});
