"""A pre-check finding: a catalogue code, its severity and parameters (P20: the words are
in ``common.messages``; ``<code>_do`` says what to do)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format

from teacherreg.common.messages import MESSAGES, message_for

BLOCKER = "blocker"  # 不能报名
TODO = "todo"  # 需要先完成 (before submitting)
WARNING = "warning"  # 请注意 (passed to the reviewers)
SEVERITY_ORDER = (BLOCKER, TODO, WARNING)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Finding:
    """One result of the pre-check. ``params`` may hold dates; they are formatted when shown."""

    code: str
    severity: str
    params: dict[str, Any] = field(default_factory=dict)

    def _shown_params(self) -> dict[str, Any]:
        return {
            key: date_format(value, "DATE_FORMAT") if isinstance(value, datetime.date) else value
            for key, value in self.params.items()
        }

    @property
    def message(self) -> str:
        return message_for(self.code, **self._shown_params())

    @property
    def action(self) -> str:
        key = f"{self.code}_do"
        return message_for(key, **self._shown_params()) if key in MESSAGES else ""

    def as_json(self) -> dict[str, Any]:
        params = {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in self.params.items()}
        return {"code": self.code, "severity": self.severity, "params": params}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        """Back from ``Application.precheck_findings``: ISO dates become dates again."""
        params = {k: _date_or_value(v) for k, v in (data.get("params") or {}).items()}
        return cls(data["code"], data["severity"], params)


def _date_or_value(value: Any) -> Any:
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value
