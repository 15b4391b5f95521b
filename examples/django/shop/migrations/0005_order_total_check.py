from django.contrib.postgres.operations import AddConstraintNotValid, ValidateConstraint
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0004_order_reference_index"),
    ]

    operations = [
        # Unsafe: the CHECK scans shop_order under an ACCESS EXCLUSIVE lock.
        migrations.AddConstraint(
            model_name="order",
            constraint=models.CheckConstraint(condition=models.Q(total__gte=0), name="shop_order_total_gte_0"),
        ),
        # Safe: NOT VALID now, VALIDATE in the next migration.
        AddConstraintNotValid(
            model_name="order",
            constraint=models.CheckConstraint(condition=models.Q(quantity__lte=1000), name="shop_order_quantity_lte_1000"),
        ),
    ]
