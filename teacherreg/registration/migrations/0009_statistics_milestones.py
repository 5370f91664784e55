"""The moments 统计 measures, kept on the application, and the indexes the page reads (issue 7).

``first_confirmed_at`` and ``concluded_at`` are filled here for the applications that already
have decisions, by the same rule ``registration.services.milestones`` keeps from now on; then
the two indexes are built (after the fill, so that it does not update them row by row).
"""

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery

# The values as they were when this migration was written (DecisionLevel, DecisionOutcome);
# a migration must not follow later changes to the code.
CONFIRMATION, PROVINCE = "confirmation", "province"
CONFIRMED, UNDONE = "confirmed", "undone"
CONCLUSIONS = ["qualified", "deferred", "unqualified"]


def fill_milestones(apps, schema_editor):
    Application = apps.get_model("registration", "Application")
    Decision = apps.get_model("registration", "Decision")
    if schema_editor.connection.vendor == "postgresql":
        # One statement over every decided case may outlast the 15-second limit meant for
        # requests (config.settings.base); SET LOCAL ends with this migration's transaction.
        schema_editor.execute("SET LOCAL statement_timeout = 0")
    # Decisions in force (P15): neither undone nor themselves an undo.
    in_force = Decision.objects.filter(application=OuterRef("pk"), undone_by__isnull=True).exclude(outcome=UNDONE)
    first = in_force.filter(level=CONFIRMATION, outcome=CONFIRMED).order_by("decided_at", "pk").values("decided_at")
    last = in_force.filter(level=PROVINCE, outcome__in=CONCLUSIONS).order_by("-decided_at", "-pk").values("decided_at")
    Application.objects.filter(Exists(in_force)).update(
        first_confirmed_at=Subquery(first[:1]), concluded_at=Subquery(last[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0008_desk_queue_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="first_confirmed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="首次确认时间"),
        ),
        migrations.AddField(
            model_name="application",
            name="concluded_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="注册结论时间"),
        ),
        # Going back drops the columns, so there is nothing to undo.
        migrations.RunPython(fill_milestones, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                fields=["agency", "registration_year", "confirmation_point"],
                include=(
                    "status",
                    "submitted_at",
                    "current_stage",
                    "current_subject",
                    "first_confirmed_at",
                    "concluded_at",
                ),
                name="application_statistics",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=~models.Q(precheck_findings=[]),
                fields=["agency", "registration_year", "confirmation_point"],
                name="application_with_findings",
            ),
        ),
    ]
