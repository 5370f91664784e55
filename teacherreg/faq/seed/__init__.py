"""The questions this project wrote for its own system (P20: the manual's facts, our words).

Each seeded entry has a fixed number, so "常见问题 N" means the same question on every
installation; numbers run through the categories in the manual's order (§4), as the official
site's do. ``services.allocate_number`` hands out numbers above ``SEED_HIGHEST`` only, so an
entry an administrator adds never takes a seeded number, even before the loader has run.

Add new questions through the office, not here: a number added here later may already belong
to an administrator's entry on a running installation (the loader then skips it and says so).
The text is data, not interface strings, so it is not marked for translation: each question
carries its own English edition instead (``Seed.question_en`` / ``answer_en``).
"""

from __future__ import annotations

from teacherreg.faq.seed.accounts import ACCOUNT, CERTIFICATION
from teacherreg.faq.seed.base import Seed
from teacherreg.faq.seed.certificates import CERTIFICATE, EXAM, RARE_CHARACTERS
from teacherreg.faq.seed.registration import REGISTRATION

SEED: tuple[Seed, ...] = (*ACCOUNT, *CERTIFICATION, *CERTIFICATE, *REGISTRATION, *EXAM, *RARE_CHARACTERS)
SEED_HIGHEST = max(seed.number for seed in SEED)

__all__ = ["SEED", "SEED_HIGHEST", "Seed"]
