from django.db import migrations


def load_countries(apps, schema_editor):
    from committees.services.countries import sync_countries

    sync_countries(apps.get_model("committees", "Country"))


class Migration(migrations.Migration):
    dependencies = [("committees", "0001_people")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
