from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0002_order_fields"),
    ]

    operations = [
        # Unsafe: CREATE INDEX without CONCURRENTLY blocks writes to shop_order while it builds.
        migrations.AddIndex(
            model_name="order",
            index=models.Index(fields=["paid"], name="shop_order_paid_idx"),
        ),
    ]
