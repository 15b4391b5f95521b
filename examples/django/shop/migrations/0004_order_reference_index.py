from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Safe: CREATE INDEX CONCURRENTLY, and no transaction around this migration.
    atomic = False

    dependencies = [
        ("shop", "0003_order_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="order",
            index=models.Index(fields=["reference"], name="shop_order_reference_idx"),
        ),
    ]
