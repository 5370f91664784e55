from django.contrib import admin

from teacherreg.audit.admin import PersonalDataViewAuditMixin
from teacherreg.profiles.models import (
    AnnualAssessment,
    EthicsAssessment,
    ProbationAssessment,
    TeachingSuspension,
    TrainingRecord,
)

for model, columns in (
    (AnnualAssessment, ("year", "grade", "source")),
    (TrainingRecord, ("year", "level", "hours", "title")),
    (EthicsAssessment, ("year", "result", "source")),
    (TeachingSuspension, ("starts_on", "ends_on", "is_excused")),
    (ProbationAssessment, ("assessed_on", "passed")),
):
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (PersonalDataViewAuditMixin, admin.ModelAdmin),
            {"list_display": columns, "readonly_fields": ("person_index",), "search_fields": ("person_index",)},
        ),
    )
