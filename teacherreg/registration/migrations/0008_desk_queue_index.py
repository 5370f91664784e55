"""A partial index for the desk's default queue: one point's cases awaiting confirmation, in
number order (issue 7 item 4; bench/scale.py shows the plan before and after)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0007_entered_by_office"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("status__in", ["returned", "submitted"])),
                fields=["confirmation_point", "number"],
                name="application_point_awaiting",
            ),
        ),
    ]
