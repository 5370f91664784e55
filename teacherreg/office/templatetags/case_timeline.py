"""``{% case_timeline application %}``: the case's timeline (registration.services.case_timeline)
as one section, for every office page that shows a case (review, desk)."""

from __future__ import annotations

from typing import Any

from django import template

from teacherreg.registration.models import Application
from teacherreg.registration.services.case_timeline import case_timeline as build

register = template.Library()


@register.inclusion_tag("office/_case_timeline.html")
def case_timeline(application: Application) -> dict[str, Any]:
    return {"timeline": build(application)}
