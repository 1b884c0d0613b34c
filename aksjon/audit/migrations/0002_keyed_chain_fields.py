# The keyed chain's new fields (filled by 0003, made required by 0004).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(model_name="auditentry", name="seq", field=models.BigIntegerField(null=True)),
        migrations.AddField(model_name="auditentry", name="payload_digest",
                            field=models.CharField(default="", max_length=64), preserve_default=False),
        migrations.AddField(model_name="auditentry", name="digest",
                            field=models.CharField(default="", max_length=64), preserve_default=False),
    ]
