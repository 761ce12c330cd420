from django.db import migrations


class Migration(migrations.Migration):
    """The first version's custom rules now live on the committee (moved by 0010)."""

    dependencies = [
        ("committees", "0010_rule_profile_v2"),
    ]

    operations = [
        migrations.DeleteModel(
            name="CustomRules",
        ),
    ]
