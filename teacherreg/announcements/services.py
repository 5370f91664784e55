"""The only functions that change announcements: save, publish, unpublish.

Each runs in one transaction, locks the row it changes (two administrators saving the same
announcement queue up, and each audit event's "old" values are the ones really replaced) and
writes one audit event with the values or the [old, new] pairs. Who may change which
announcement is decided before these are called (``reach``); these trust their caller.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from teacherreg.announcements.models import Announcement
from teacherreg.audit import services as audit

# Everything an administrator types; the audit keeps these so the log shows what was shown.
FIELDS = ("province_id", "title", "body", "starts_on", "ends_on", "is_pinned")


@dataclass(frozen=True)
class Editor:
    """Who changes an announcement, in which role and for which organisation (for the audit)."""

    user: Any
    role: str
    organisation_id: int | None
    ip: str | None = None


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _record(action: str, announcement: Announcement, by: Editor, data: dict[str, Any]) -> None:
    audit.record(
        f"announcement.{action}",
        announcement,
        actor=by.user,
        actor_role=by.role,
        actor_organisation_id=by.organisation_id,
        data=data,
        ip=by.ip,
    )


def save_announcement(announcement: Announcement, *, by: Editor) -> Announcement:
    """Create or change an announcement; its published flag is left as it was.

    Audit: ``announcement.created`` with the values, or ``announcement.updated`` with the
    changed fields as [old, new] (an edit that changes nothing still records who saved).
    """
    with transaction.atomic():
        old = None
        if announcement.pk is not None:
            old = Announcement.objects.select_for_update().get(pk=announcement.pk)
            # Publishing has its own function and its own audit event.
            announcement.is_published = old.is_published
            announcement.created_by_id = old.created_by_id
        else:
            announcement.created_by = by.user
        announcement.updated_by = by.user
        announcement.save()
        if old is None:
            _record("created", announcement, by, {"values": {f: _plain(getattr(announcement, f)) for f in FIELDS}})
        else:
            changes = {
                f: [_plain(getattr(old, f)), _plain(getattr(announcement, f))]
                for f in FIELDS
                if getattr(old, f) != getattr(announcement, f)
            }
            _record("updated", announcement, by, {"changes": changes})
    return announcement


def set_published(announcement: Announcement, published: bool, *, by: Editor) -> bool:
    """Publish or take down. Returns False (and records nothing) when it already was so, as
    when an administrator presses the button twice from two open tabs."""
    with transaction.atomic():
        current = Announcement.objects.select_for_update().get(pk=announcement.pk)
        if current.is_published == published:
            announcement.is_published = published
            return False
        current.is_published = published
        current.updated_by = by.user
        current.save(update_fields=["is_published", "updated_by", "updated_at"])
        _record("published" if published else "unpublished", current, by, {"title": current.title})
    announcement.is_published = published
    return True
