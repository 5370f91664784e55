"""Loading the seeded questions (``manage.py load_faq``): idempotent, never overwrites.

An entry whose number already exists is left alone, whether it is the seeded text or an
administrator's edit of it, so running the loader again (every ``make reference``) keeps every
change made in the office. One exception fills a gap and changes nothing anyone wrote: an
installation that loaded the seed before it had an English edition gets the seeded English
added to an entry whose Chinese is still exactly the seeded text and whose English is empty
and has never been set (by this loader or in the office); if an administrator cleared the
English on purpose, it stays cleared.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from teacherreg.audit import services as audit
from teacherreg.audit.models import AuditEvent
from teacherreg.common.dates import today
from teacherreg.faq.models import Entry
from teacherreg.faq.seed import SEED, Seed
from teacherreg.faq.services import note_number_taken

SEEDED = "faq.seeded"
SEEDED_ENGLISH = "faq.seeded_english"
ENGLISH_FIELDS = frozenset({"question_en", "answer_en"})


@dataclass(frozen=True)
class Loaded:
    created: list[int]
    kept: list[int]
    # Existing entries that got the seeded English (they are not in ``kept``).
    translated: list[int]


def _english_ever_set(entries: list[Entry]) -> set[int]:
    """Numbers of ``entries`` whose English this loader or an administrator has set before.

    Read from the audit trail, the one record that survives a later clearing: the loader's own
    events name the numbers it filled, and an office edit lists the fields it changed.
    """
    numbers = {entry.number for entry in entries}
    refs = {str(entry.pk): entry.number for entry in entries}
    ever: set[int] = set()
    for data in AuditEvent.objects.filter(action=SEEDED_ENGLISH).values_list("data", flat=True):
        ever |= numbers & set(data.get("numbers", []))
    edits = AuditEvent.objects.filter(action="faq.updated", object_type="faq.entry", object_ref__in=list(refs))
    for ref, data in edits.values_list("object_ref", "data"):
        if ENGLISH_FIELDS & set(data.get("changes", {})):
            ever.add(refs[ref])
    return ever


def _add_english(seeds: dict[int, Seed], day: datetime.date) -> list[int]:
    """Give the untouched seeded entries their English; see the module docstring for the rule."""
    candidates = list(
        Entry.objects.filter(number__in=list(seeds), question_en="", answer_en="").only(
            "pk", "number", "question", "answer"
        )
    )
    untouched = [e for e in candidates if (e.question, e.answer) == (seeds[e.number].question, seeds[e.number].answer)]
    if not untouched:  # the usual run: every seeded entry has its English or was edited
        return []
    ever = _english_ever_set(untouched)
    filled: list[int] = []
    for entry in untouched:
        if entry.number in ever:
            continue
        seed = seeds[entry.number]
        # Conditional, like an office save: an edit committed since the read above wins. A new
        # version makes a form opened before this run stale, so it cannot blank the English again;
        # "更新于" moves because the English page now reads differently.
        changed = Entry.objects.filter(
            pk=entry.pk, question=seed.question, answer=seed.answer, question_en="", answer_en=""
        ).update(
            question_en=seed.question_en,
            answer_en=seed.answer_en,
            updated_on=day,
            version=F("version") + 1,
            changed_at=timezone.now(),
        )
        if changed:
            filled.append(entry.number)
    return filled


def load_seed(seeds: Iterable[Seed] = SEED) -> Loaded:
    seeds = list(seeds)
    with transaction.atomic():
        existing = set(Entry.objects.filter(number__in=[s.number for s in seeds]).values_list("number", flat=True))
        new = [s for s in seeds if s.number not in existing]
        day = today()
        Entry.objects.bulk_create(
            Entry(
                number=s.number,
                category=s.category,
                question=s.question,
                answer=s.answer,
                question_en=s.question_en,
                answer_en=s.answer_en,
                is_published=True,
                sort_order=100,
                updated_on=day,
            )
            for s in new
        )
        if new:
            note_number_taken(max(s.number for s in new))
            audit.record(
                SEEDED,
                actor_role="system",
                object_type="faq.entry",
                data={"numbers": [s.number for s in new]},
            )
        translated = _add_english({s.number: s for s in seeds if s.number in existing}, day)
        if translated:
            audit.record(
                SEEDED_ENGLISH,
                actor_role="system",
                object_type="faq.entry",
                data={"numbers": translated},
            )
    return Loaded(
        created=[s.number for s in new],
        kept=sorted(existing - set(translated)),
        translated=translated,
    )
