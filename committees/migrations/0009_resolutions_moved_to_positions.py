from django.db import migrations


class Migration(migrations.Migration):
    """Draft resolutions, sponsorships and clauses now live in positions (its migration 0008
    took them over with their tables): remove them from this app's picture of the models.
    Nothing changes in the database."""

    dependencies = [
        ("committees", "0008_search_vector_inline"),
        ("positions", "0008_resolutions_from_committees"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveIndex(
                    model_name="clause",
                    name="clause_resolution_order",
                ),
                migrations.RemoveConstraint(
                    model_name="clause",
                    name="clause_depth_at_most_3",
                ),
                migrations.RemoveConstraint(
                    model_name="clause",
                    name="clause_depth_matches_parent",
                ),
                migrations.RemoveConstraint(
                    model_name="draftresolution",
                    name="unique_draft_resolution_number",
                ),
                migrations.RemoveConstraint(
                    model_name="sponsorship",
                    name="one_signature_per_delegation",
                ),
                migrations.RemoveField(
                    model_name="clause",
                    name="parent",
                ),
                migrations.RemoveField(
                    model_name="clause",
                    name="resolution",
                ),
                migrations.RemoveField(
                    model_name="draftresolution",
                    name="committee",
                ),
                migrations.RemoveField(
                    model_name="draftresolution",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="draftresolution",
                    name="motion",
                ),
                migrations.RemoveField(
                    model_name="sponsorship",
                    name="delegation",
                ),
                migrations.RemoveField(
                    model_name="sponsorship",
                    name="resolution",
                ),
                migrations.RemoveField(
                    model_name="sponsorship",
                    name="signed_by",
                ),
                migrations.DeleteModel(
                    name="Clause",
                ),
                migrations.DeleteModel(
                    name="DraftResolution",
                ),
                migrations.DeleteModel(
                    name="Sponsorship",
                ),
            ],
        ),
    ]
