"""Saved drafts of the seven steps (style.md lesson 5; domain.md §8.3).

One draft per applicant. Its payload is one JSON document (stored encrypted):

    {"answers": {"<step slug>": {...}}, "done": ["agreement", ...],
     "idempotency_key": "<uuid>", "declined_once": false}

Every save names the version the page was rendered with. When another tab or device has
saved since, the save is refused with ``DraftConflict`` carrying the newer draft, so the page
can show both the saved data and what the user typed: nothing is overwritten silently.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from teacherreg.common.errors import DomainError
from teacherreg.registration.models import ApplicationDraft


class DraftConflict(DomainError):
    """The draft changed since the page was rendered; ``draft`` is the newer one."""

    def __init__(self, draft: ApplicationDraft) -> None:
        super().__init__("application_draft_conflict", version=draft.version)
        self.draft = draft


def payload(draft: ApplicationDraft | None) -> dict[str, Any]:
    if draft is None:
        return {"answers": {}, "done": []}
    try:
        data = json.loads(draft.payload or "{}")
    except ValueError:
        data = {}
    data.setdefault("answers", {})
    data.setdefault("done", [])
    return data


def answers(draft: ApplicationDraft | None, slug: str) -> dict[str, Any]:
    return dict(payload(draft)["answers"].get(slug) or {})


def load(user: Any) -> ApplicationDraft | None:
    return ApplicationDraft.objects.filter(applicant=user).first()


def start(user: Any, seed: dict[str, dict[str, Any]] | None = None) -> ApplicationDraft:
    """The applicant's draft, created with ``seed`` answers (the window-query choice) when new."""
    draft, _created = ApplicationDraft.objects.get_or_create(
        applicant=user, defaults={"payload": json.dumps({"answers": seed or {}, "done": []}, ensure_ascii=False)}
    )
    return draft


def save(
    user: Any,
    version: int | str | None,
    *,
    slug: str | None = None,
    values: dict[str, Any] | None = None,
    done: bool | None = None,
    reset: Iterable[str] = (),
    **extra: Any,
) -> ApplicationDraft:
    """Save one step's answers (and whether the step is complete) if ``version`` is current.

    ``reset`` names steps that must be done again because these answers changed (editing
    step 2 after the review of step 4 makes the review stale). ``extra`` sets top-level keys
    (``idempotency_key``, ``declined_once``). Raises ``DraftConflict`` on a stale version and
    ``DomainError("application_no_draft")`` when there is no draft.
    """
    with transaction.atomic():
        draft = ApplicationDraft.objects.select_for_update().filter(applicant=user).first()
        if draft is None:
            raise DomainError("application_no_draft")
        if str(version) != str(draft.version):
            raise DraftConflict(draft)
        data = payload(draft)
        done_steps = [s for s in data["done"] if s not in set(reset)]
        if slug is not None:
            if values is not None:
                data["answers"][slug] = values
            if done is True and slug not in done_steps:
                done_steps.append(slug)
            elif done is False and slug in done_steps:
                done_steps.remove(slug)
        data["done"] = done_steps
        data.update(extra)
        draft.payload = json.dumps(data, ensure_ascii=False, default=str)
        draft.version += 1
        draft.save(update_fields=["payload", "version", "current_step", "updated_at"])
    return draft


def set_current_step(draft: ApplicationDraft, number: int) -> None:
    """Remember where the applicant is (shown on the platform page); not a versioned change."""
    if draft.current_step != number:
        ApplicationDraft.objects.filter(pk=draft.pk).update(current_step=number)
        draft.current_step = number


def idempotency_key(user: Any) -> str:
    """The key step 6 carries in its form: made once per draft, so two tabs, a reload or the
    back button all submit with the same key and get the same application."""
    draft = load(user)
    if draft is None:
        raise DomainError("application_no_draft")
    key = payload(draft).get("idempotency_key")
    if key:
        return str(key)
    key = str(uuid.uuid4())
    with transaction.atomic():
        locked = ApplicationDraft.objects.select_for_update().get(pk=draft.pk)
        data = payload(locked)
        if data.get("idempotency_key"):  # another tab made it first
            return str(data["idempotency_key"])
        data["idempotency_key"] = key
        locked.payload = json.dumps(data, ensure_ascii=False, default=str)
        # Not a change of the answers: the version stays so that open tabs stay current.
        locked.save(update_fields=["payload", "updated_at"])
    return key


def discard(user: Any) -> None:
    ApplicationDraft.objects.filter(applicant=user).delete()
