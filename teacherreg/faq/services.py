"""The only functions that change 常见问题 entries (style.md §2): number, create, edit, publish.

Each runs in one transaction and writes its audit event in it, so an edit and its record
commit or roll back together. There is no delete: an entry that should go away is unpublished,
and its number stays taken (the public page then answers 404 for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import StaffRole
from teacherreg.audit import services as audit
from teacherreg.common.dates import today
from teacherreg.faq.models import Entry, Numbering
from teacherreg.faq.seed import SEED_HIGHEST

# P21: the system administrator keeps the FAQ (architecture.md "Who uses it").
EDITOR_ROLES = frozenset({StaffRole.SYSTEM_ADMIN})
# What an edit may change, in the order the audit event lists them. The English edition is
# part of the entry: changing it is an edit like any other (new version, "更新于" moves).
FIELDS = ("category", "question", "answer", "question_en", "answer_en", "sort_order")

# Our own sentences (P20). Kept here while the FAQ is the only user; they may move into
# teacherreg.common.messages with the same codes.
MESSAGES: dict[str, Any] = {
    "faq_stale": _(
        "这条常见问题在您打开本页之后已被其他管理员修改，您这次的修改没有保存。"
        "下面显示的是您填写的内容，请对照最新内容核对后再保存。"
    ),
    "faq_unchanged": _("您没有修改任何内容。"),
    "faq_already_published": _("这条常见问题已经是发布状态。"),
    "faq_already_unpublished": _("这条常见问题已经撤下，公众看不到它。"),
}


class FaqError(Exception):
    """A refusal with a code from ``MESSAGES``; views show ``message``."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])


@dataclass(frozen=True)
class Actor:
    """Who makes a change, in which role and for which organisation (for the audit event)."""

    user: Any
    role: str
    organisation_id: int | None = None
    ip: str | None = None


def _record(action: str, entry: Entry, by: Actor | None, data: dict[str, Any]) -> None:
    audit.record(
        action,
        entry,
        actor=by.user if by else None,
        actor_role=by.role if by else "system",
        actor_organisation_id=by.organisation_id if by else None,
        ip=by.ip if by else None,
        data={"number": entry.number, **data},
    )


def allocate_number() -> int:
    """The next number: above every number ever handed out and above the seeded ones.

    The seeded questions keep numbers 1..SEED_HIGHEST even where the loader has not run yet,
    so "常见问题 43" means the same question on every installation. The counter row is locked
    (PostgreSQL) or the write transaction is exclusive (SQLite, IMMEDIATE mode), so two
    administrators saving at once get two numbers.
    """
    with transaction.atomic():
        row = Numbering.objects.select_for_update().filter(pk=1).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = Numbering.objects.create(pk=1, last_number=0)
            except IntegrityError:  # another transaction created it first
                row = Numbering.objects.select_for_update().get(pk=1)
        highest = Entry.objects.aggregate(highest=Max("number"))["highest"] or 0
        number = max(row.last_number, SEED_HIGHEST, highest) + 1
        row.last_number = number
        row.save(update_fields=["last_number"])
    return number


def note_number_taken(number: int) -> None:
    """Raise the counter to ``number`` (the seed loader places entries at fixed numbers)."""
    if not Numbering.objects.filter(pk=1).exists():
        try:
            with transaction.atomic():
                Numbering.objects.create(pk=1, last_number=number)
            return
        except IntegrityError:
            pass
    Numbering.objects.filter(pk=1, last_number__lt=number).update(last_number=number)


def create_entry(
    *,
    category: str,
    question: str,
    answer: str,
    sort_order: int,
    is_published: bool,
    by: Actor,
    question_en: str = "",
    answer_en: str = "",
) -> Entry:
    """A new entry with the next number. Audited as ``faq.created`` with every field."""
    with transaction.atomic():
        entry = Entry.objects.create(
            number=allocate_number(),
            category=category,
            question=question,
            answer=answer,
            question_en=question_en,
            answer_en=answer_en,
            sort_order=sort_order,
            is_published=is_published,
            updated_on=today(),
        )
        values = {name: getattr(entry, name) for name in FIELDS}
        _record("faq.created", entry, by, {**values, "is_published": is_published})
    return entry


def update_entry(number: int, *, version: int, by: Actor, **values: Any) -> Entry:
    """Change the fields in ``values`` (names from ``FIELDS``) of entry ``number``.

    Guard: ``version`` must be the version the editor opened (else ``faq_stale``); something
    must change (else ``faq_unchanged``, nothing written). A changed question, answer (in either
    edition) or category moves "更新于" to today; a new sort order alone does not. Audited as
    ``faq.updated`` with the old and new value of each changed field.
    """
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(number=number)
        if entry.version != version:
            raise FaqError("faq_stale")
        changes = {
            name: [getattr(entry, name), value] for name, value in values.items() if getattr(entry, name) != value
        }
        if not changes:
            raise FaqError("faq_unchanged")
        for name, (_old, new) in changes.items():
            setattr(entry, name, new)
        if set(changes) - {"sort_order"}:
            entry.updated_on = today()
        entry.version += 1
        entry.save(update_fields=[*changes, "updated_on", "version", "changed_at"])
        _record("faq.updated", entry, by, {"changes": changes, "version": entry.version})
    return entry


def set_published(number: int, published: bool, *, by: Actor) -> Entry:
    """Publish or unpublish (the FAQ's only way to take an entry away; the number stays).

    A conditional update, so a double click or two administrators at once change the state
    once and write one ``faq.published`` / ``faq.unpublished`` event; the second is refused
    with ``faq_already_published`` / ``faq_already_unpublished``.
    """
    with transaction.atomic():
        changed = Entry.objects.filter(number=number, is_published=not published).update(
            is_published=published, version=F("version") + 1, changed_at=timezone.now()
        )
        entry = Entry.objects.get(number=number)
        if not changed:
            raise FaqError("faq_already_published" if published else "faq_already_unpublished")
        _record("faq.published" if published else "faq.unpublished", entry, by, {"version": entry.version})
    return entry
