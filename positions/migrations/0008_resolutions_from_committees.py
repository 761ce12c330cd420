import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MOVED = ["draftresolution", "sponsorship", "clause"]


def move_content_types(apps, schema_editor):
    """Admin history and permissions follow the models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="positions", model=model).exists():
            ContentType.objects.filter(app_label="committees", model=model).update(
                app_label="positions"
            )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="committees", model=model).exists():
            ContentType.objects.filter(app_label="positions", model=model).update(
                app_label="committees"
            )


class Migration(migrations.Migration):
    """Draft resolutions, sponsorships and clauses move from committees to positions.

    Only Django's picture of the models changes (``state_operations``): the tables keep their
    names (``db_table = "committees_..."``), their rows, indexes and constraints, and the
    foreign keys of amendments and clause blocks already point at those tables. The matching
    ``committees`` migration removes the models from that app's picture afterwards.
    """

    dependencies = [
        ("committees", "0008_search_vector_inline"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("positions", "0007_idempotent_saves_and_draft_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Clause",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("preambulatory", "Preambulatory"),
                                    ("operative", "Operative"),
                                ],
                                max_length=14,
                            ),
                        ),
                        ("depth", models.PositiveSmallIntegerField(default=0)),
                        ("order", models.PositiveIntegerField(default=0)),
                        ("text", models.TextField(blank=True)),
                        ("struck", models.BooleanField(default=False)),
                        ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="children",
                                to="positions.clause",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "committees_clause",
                        "ordering": ["order", "id"],
                    },
                ),
                migrations.AlterField(
                    model_name="amendment",
                    name="clause",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="amendments",
                        to="positions.clause",
                    ),
                ),
                migrations.AlterField(
                    model_name="clauseblock",
                    name="clause",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="coedit_block",
                        to="positions.clause",
                    ),
                ),
                migrations.CreateModel(
                    name="DraftResolution",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=300)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("working_paper", "Working paper"),
                                    ("submitted", "Submitted to the chair"),
                                    ("approved", "Approved"),
                                    ("introduced", "Introduced"),
                                    ("adopted", "Adopted"),
                                    ("failed", "Not adopted"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                default="working_paper",
                                max_length=16,
                            ),
                        ),
                        ("number", models.PositiveIntegerField(blank=True, null=True)),
                        ("symbol", models.CharField(blank=True, max_length=40)),
                        ("version", models.PositiveBigIntegerField(default=0)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("submitted_at", models.DateTimeField(blank=True, null=True)),
                        ("approved_at", models.DateTimeField(blank=True, null=True)),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "outcome",
                            models.TextField(
                                blank=True, help_text="Why it was adopted or not, in words."
                            ),
                        ),
                        (
                            "committee",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="draft_resolutions",
                                to="committees.committee",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "motion",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="draft_resolution",
                                to="committees.motion",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "committees_draftresolution",
                        "ordering": ["committee", "number", "created_at", "id"],
                    },
                ),
                migrations.AddField(
                    model_name="clause",
                    name="resolution",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="clauses",
                        to="positions.draftresolution",
                    ),
                ),
                migrations.AlterField(
                    model_name="amendment",
                    name="resolution",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="amendments",
                        to="positions.draftresolution",
                    ),
                ),
                migrations.AlterField(
                    model_name="resolutiondocument",
                    name="resolution",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="coedit_document",
                        to="positions.draftresolution",
                    ),
                ),
                migrations.CreateModel(
                    name="Sponsorship",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[("sponsor", "Sponsor"), ("signatory", "Signatory")],
                                max_length=10,
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "delegation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="committees.delegation",
                            ),
                        ),
                        (
                            "resolution",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sponsorships",
                                to="positions.draftresolution",
                            ),
                        ),
                        (
                            "signed_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "committees_sponsorship",
                        "ordering": ["created_at", "id"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="draftresolution",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("number__isnull", False)),
                        fields=("committee", "number"),
                        name="unique_draft_resolution_number",
                    ),
                ),
                migrations.AddIndex(
                    model_name="clause",
                    index=models.Index(
                        fields=["resolution", "order"], name="clause_resolution_order"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="clause",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("depth__lte", 3)), name="clause_depth_at_most_3"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="clause",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("depth", 0), ("parent__isnull", True)),
                            models.Q(("depth__gt", 0), ("parent__isnull", False)),
                            _connector="OR",
                        ),
                        name="clause_depth_matches_parent",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="sponsorship",
                    constraint=models.UniqueConstraint(
                        fields=("resolution", "delegation"), name="one_signature_per_delegation"
                    ),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
