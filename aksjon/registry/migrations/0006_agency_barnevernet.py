from django.db import migrations


def forwards(apps, schema_editor):
    # The child welfare service joined agencies.toml after the first reference data.
    from aksjon.registry.reference import load_agencies

    load_agencies(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_registeredunit_place"), ("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
