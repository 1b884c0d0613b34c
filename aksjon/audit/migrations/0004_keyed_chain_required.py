# The keyed chain's fields named and required; the plain chain's link removed.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0003_rechain_with_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="auditentry", old_name="hash", new_name="mac"),
        migrations.RemoveField(model_name="auditentry", name="prev_hash"),
        migrations.RenameField(model_name="audithead", old_name="last_hash", new_name="last_mac"),
        migrations.AlterField(model_name="auditentry", name="seq", field=models.BigIntegerField(unique=True)),
        migrations.AlterField(
            model_name="auditentry", name="user",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to=settings.AUTH_USER_MODEL)),
    ]
