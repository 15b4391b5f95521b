from django.db import migrations


def copy_nicknames(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(nickname=""):
        user.save()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        # Cross-app: runs after the shop app's new fields.
        ("shop", "0002_order_fields"),
    ]

    operations = [
        # A data migration: migralint does not run Python, it reports it as not checked.
        migrations.RunPython(copy_nicknames, migrations.RunPython.noop),
        # migralint-disable-next-line ban-drop-column -- nickname is unused since release 4.2
        migrations.RemoveField(model_name="user", name="nickname"),
        migrations.RunSQL(
            sql="CREATE INDEX CONCURRENTLY accounts_user_lower_email ON accounts_user (lower(email));",
            reverse_sql="DROP INDEX accounts_user_lower_email;",
        ),
    ]
