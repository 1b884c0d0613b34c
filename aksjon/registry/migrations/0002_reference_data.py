from django.db import migrations


def forwards(apps, schema_editor):
    from aksjon.registry.reference import load_reference

    load_reference(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial"), ("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
