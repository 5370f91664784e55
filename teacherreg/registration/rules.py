"""The province's registration rules, read once from its plan (domain.md §1.3, §1.4; P19).

A province adds to the national conditions: how early a 合格 registration may be renewed,
how many training hours a cycle needs (and at which levels), and whether teachers of
民办 schools are in scope. Where no plan is known the national defaults stand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from teacherreg.registration.models import ProvincialPlan
from teacherreg.registration.models.plans import DEFAULT_TRAINING_HOURS, TRAINING_LEVEL_ORDER

# P19: the real system lets a 合格 registration be renewed within 6 months of its end
# (54 months after it, domain.md §1.2).
DEFAULT_RENEWAL_MONTHS = 6
# 撤销注册 blocks a new registration for five years (domain.md §1.8).
REVOKED_REGISTRATION_YEARS = 5
# A cycle is five years (暂行办法 第二条).
CYCLE_YEARS = 5
# "中止教育教学工作一学期以上": a school year is two semesters, so more than half a year.
SUSPENSION_LIMIT_MONTHS = 6


@dataclass(frozen=True)
class ProvinceRules:
    renewal_months: int = DEFAULT_RENEWAL_MONTHS
    training_hours: int = DEFAULT_TRAINING_HOURS
    # {level: hours}: at least ``hours`` at ``level`` or any level above it.
    training_hours_by_level: dict[str, int] = field(default_factory=dict)
    includes_private_schools: bool = False

    @classmethod
    def of(cls, plan: ProvincialPlan | None) -> ProvinceRules:
        if plan is None:
            return cls()
        by_level = {
            level: int(hours)
            for level, hours in (plan.training_hours_by_level or {}).items()
            if level in TRAINING_LEVEL_ORDER
        }
        return cls(
            renewal_months=plan.renewal_months_before_expiry,
            training_hours=plan.training_hours_required,
            training_hours_by_level=by_level,
            includes_private_schools=plan.includes_private_schools,
        )


def levels_at_or_above(level: str) -> tuple[str, ...]:
    """``provincial`` → (national, provincial): hours at a higher level count for a lower rule."""
    return TRAINING_LEVEL_ORDER[: TRAINING_LEVEL_ORDER.index(level) + 1]
