import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0001_initial"),
    ]

    operations = [
        # Safe: Django adds the column with DEFAULT false, then drops the default; a constant
        # default does not rewrite the table on PostgreSQL 11+ (django-migration-linter #326).
        migrations.AddField(
            model_name="order",
            name="paid",
            field=models.BooleanField(default=False),
        ),
        # Safe as well: Django calls uuid.uuid4 once, so every existing row gets that one constant.
        migrations.AddField(
            model_name="order",
            name="reference",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        # Unsafe: NOT NULL and no default fails as soon as shop_order has a row.
        migrations.AddField(
            model_name="order",
            name="quantity",
            field=models.PositiveIntegerField(),
        ),
    ]
