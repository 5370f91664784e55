"""The statistics page's choice of registration year, agency and confirmation point.

The choices come from the member's own cases (the view passes them in), so a year, agency or
point outside the scope is simply not among them: the form refuses it like any wrong value
and reveals nothing about it. The agency and point lists depend on the year and the agency
asked for, which the form reads from the raw data before it validates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teacherreg.common.forms import StyledForm

Choices = Sequence[tuple[int, str]]
NOT_LISTED = _("请从列表中选择。")


def _as_int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


class StatisticsFilterForm(StyledForm, forms.Form):
    year = forms.TypedChoiceField(
        label=_("注册年度"), coerce=int, error_messages={"invalid_choice": NOT_LISTED, "required": NOT_LISTED}
    )
    agency = forms.TypedChoiceField(label=_("注册机构"), coerce=int, required=False, empty_value=None)
    point = forms.TypedChoiceField(
        label=_("确认点"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("只统计在这个确认点确认的申请。"),
    )

    def __init__(
        self,
        data: Any,
        *,
        years: Sequence[int],
        agencies_for: Callable[[int], Choices],
        points_for: Callable[[int, int], Choices],
    ) -> None:
        """``years`` newest first (the newest is the default); ``agencies_for(year)`` and
        ``points_for(year, agency)`` list the scope's agencies and points with cases then."""
        data = data.copy() if hasattr(data, "copy") else dict(data)
        if years and not data.get("year"):
            data["year"] = str(years[0])
        super().__init__(data)
        self.notes: list[str] = []
        self.fields["year"].choices = [(year, _("%(year)s 年度") % {"year": year}) for year in years]
        asked_year = _as_int(data.get("year"))
        year = asked_year if asked_year in years else (years[0] if years else None)
        agencies = list(agencies_for(year)) if year is not None else []
        self.fields["agency"].choices = [("", _("全部注册机构")), *agencies]
        asked_agency = self._keep_listed(
            data, "agency", agencies, _("所选注册机构在这一年度没有申请，已改为统计全部注册机构。")
        )
        # With one agency in reach there is nothing to choose: its points are listed at once.
        self.points_agency = asked_agency or (agencies[0][0] if len(agencies) == 1 else None)
        points = list(points_for(year, self.points_agency)) if year is not None and self.points_agency else []
        self.fields["point"].choices = [("", _("全部确认点")), *points]
        self._keep_listed(
            data, "point", points, _("所选确认点不在所选注册机构之下或这一年度没有申请，已改为统计全部确认点。")
        )
        self.show_agency = len(agencies) > 1
        self.show_point = len(points) > 1
        if self.show_agency and not self.points_agency:
            self.fields["agency"].help_text = _("选择一个注册机构并查看后，还可以再选择它的确认点。")

    def _keep_listed(self, data: Any, name: str, choices: Choices, note: Any) -> int | None:
        """The agency or point asked for, if listed. One that is not (another year's, or a point
        left selected when the agency changed) is dropped with a note rather than refused: the
        page then shows the wider count and says so. A value outside the scope is never listed,
        so it is dropped the same way and the note tells nothing about it."""
        raw = data.get(name)
        if not raw:
            return None
        wanted = _as_int(raw)
        if wanted in {pk for pk, _label in choices}:
            return wanted
        data[name] = ""
        self.notes.append(str(note))
        return None
