from teacherreg.registration.models.applications import (
    Application,
    ApplicationCounter,
    ApplicationDraft,
    ApplicationSource,
    RegistrationKind,
)
from teacherreg.registration.models.decisions import (
    ConsentDocument,
    ConsentRecord,
    Decision,
    DecisionLevel,
    DecisionOutcome,
    Message,
)
from teacherreg.registration.models.notices import NoticeObjection
from teacherreg.registration.models.plans import (
    AgencyBatch,
    ApplicationWindow,
    ConfirmationArrangement,
    PlanStatus,
    ProvincialPlan,
    ReviewLevel,
)

__all__ = [
    "AgencyBatch",
    "Application",
    "ApplicationCounter",
    "ApplicationDraft",
    "ApplicationSource",
    "ApplicationWindow",
    "ConfirmationArrangement",
    "ConsentDocument",
    "ConsentRecord",
    "Decision",
    "DecisionLevel",
    "DecisionOutcome",
    "Message",
    "NoticeObjection",
    "PlanStatus",
    "ProvincialPlan",
    "RegistrationKind",
    "ReviewLevel",
]
