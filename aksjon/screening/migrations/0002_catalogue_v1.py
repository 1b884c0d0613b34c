from django.db import migrations


def forwards(apps, schema_editor):
    from aksjon.screening.catalogue import install_shipped_catalogue

    install_shipped_catalogue(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
