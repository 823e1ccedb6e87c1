"""The two national issuing bodies every install needs: BKN (recommendations, reprimands) and Bawaslu
(forwarding, clarification requests). Administrators set the real signing official in the admin site."""

from django.db import migrations

from netral.letters.defaults import BODIES



def seed(apps, schema_editor):
    LetterBody = apps.get_model("letters", "LetterBody")
    for row in BODIES:
        LetterBody.objects.get_or_create(code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
