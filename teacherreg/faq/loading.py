"""Loading the seeded questions (``manage.py load_faq``): idempotent, never overwrites.

An entry whose number already exists is left alone, whether it is the seeded text or an
administrator's edit of it, so running the loader again (every ``make reference``) keeps every
change made in the office.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from teacherreg.audit import services as audit
from teacherreg.common.dates import today
from teacherreg.faq.models import Entry
from teacherreg.faq.seed import SEED, Seed
from teacherreg.faq.services import note_number_taken


@dataclass(frozen=True)
class Loaded:
    created: list[int]
    kept: list[int]


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
                is_published=True,
                sort_order=100,
                updated_on=day,
            )
            for s in new
        )
        if new:
            note_number_taken(max(s.number for s in new))
            audit.record(
                "faq.seeded",
                actor_role="system",
                object_type="faq.entry",
                data={"numbers": [s.number for s in new]},
            )
    return Loaded(created=[s.number for s in new], kept=sorted(existing))
