"""The confirmation-point desk (issue 6 item 3): only a confirmation point's operators use it.

Every other role gets a 404, reviewers and the national viewer included: they read cases
elsewhere in the office. A case, its photo, its 申请表 and its actions belong to a region, so
another region's operator gets a 404 there too. The POSTs carry what a refusal still answers
below 400 for (the world's dates are long past, so nothing is confirmed here).
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from teacherreg.accounts.models import StaffRole
from tests.office.matrix import Row
from tests.registration.steps_world import jpeg_bytes

OPERATOR = frozenset({StaffRole.CONFIRMATION_OPERATOR})


def _case(world: Any) -> dict[str, str]:
    return {"number": world.ours.application.number}


def _case_with_photo(world: Any) -> dict[str, str]:
    # The world's applications carry no photo; the photo row needs one to answer 200.
    app = world.ours.application
    if not app.photo:
        app.photo.save("photo.jpg", ContentFile(jpeg_bytes()), save=True)
    return _case(world)


def _selected(world: Any) -> dict[str, str]:
    app = world.ours.application
    return {"selected": f"{app.number}:{app.version}"}


ROWS = [
    Row("office:desk_queue", OPERATOR),
    Row("office:desk_roster", OPERATOR),
    Row("office:desk_bulk_confirm", OPERATOR, methods=("POST",), data=_selected),
    Row("office:desk_case", OPERATOR, kwargs=_case, regional=True),
    Row("office:desk_photo", OPERATOR, kwargs=_case_with_photo, regional=True),
    Row("office:desk_form", OPERATOR, kwargs=_case, regional=True),
    Row("office:desk_confirm", OPERATOR, methods=("POST",), kwargs=_case, regional=True),
    Row("office:desk_return", OPERATOR, methods=("POST",), kwargs=_case, regional=True),
    Row(
        "office:desk_message",
        OPERATOR,
        methods=("POST",),
        kwargs=_case,
        regional=True,
        data=lambda world: {"message-body": "请带证书原件到确认点核对。"},
    ),
]
