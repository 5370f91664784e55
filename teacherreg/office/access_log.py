"""Staff views of personal data leave a trace (security.md §1.9; issue 6: "every staff view of an
applicant's personal data writes an access event").

One function for every office page that shows a case, a photo, a document or an export, so the
events read the same on the case timeline and in the audit log.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from teacherreg.audit import services as audit
from teacherreg.audit.models import AuditEvent
from teacherreg.audit.services import PERSONAL_DATA_VIEW
from teacherreg.common.session_flow import client_ip
from teacherreg.documents.serving import private_bytes
from teacherreg.documents.storage import private_storage


def record_view(request: HttpRequest, obj: models.Model, what: str) -> AuditEvent:
    """Record that the signed-in staff member saw ``what`` (e.g. "case", "photo") of ``obj``.

    The role and organisation are those the member acts with on this page: the first of their
    memberships the scope found (``request.scope``), so the event names an organisation even
    for staff holding several roles.
    """
    scope = getattr(request, "scope", None)
    membership = scope.memberships[0] if scope is not None and scope.memberships else None
    return audit.record(
        PERSONAL_DATA_VIEW,
        obj,
        actor=request.user,
        actor_role=membership.role if membership else "",
        actor_organisation_id=membership.organisation_id if membership else None,
        data={"what": what},
        ip=client_ip(request) or None,
    )


def application_photo(request: HttpRequest, application: models.Model) -> HttpResponse:
    """The photo a case carries, for staff comparing it with the person or the paper form.

    Read whole (a photo is under 200 KB) rather than streamed, so the file is closed here and
    not whenever the client finishes reading; served no-store and recorded as a view.
    """
    name = application.photo.name if application.photo else ""  # type: ignore[attr-defined]
    if not name or not private_storage.exists(name):
        raise Http404
    with private_storage.open(name, "rb") as handle:
        data = handle.read()
    record_view(request, application, "photo")
    return private_bytes(data, content_type="image/jpeg", filename="photo.jpg", attachment=False)
