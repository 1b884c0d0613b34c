from django.db import migrations


def forwards(apps, schema_editor):
    # Follow-ups made before they knew their venue take their control's.
    FollowUp = apps.get_model("followup", "FollowUp")
    for item in FollowUp.objects.filter(venue=None).exclude(control=None).select_related("control"):
        item.venue_id = item.control.venue_id
        item.save(update_fields=["venue"])


class Migration(migrations.Migration):
    dependencies = [("followup", "0002_followup_subject_followup_venue")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
