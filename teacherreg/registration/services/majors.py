"""所学专业 rules that step 2, the submission and 修改 share (domain.md §6.1, §9).

A major is offered when the catalogue of the 最高学历 and 资格种类 holds it; with
最高学历专业类别 = 师范教育类 it must also be a 师范/教育类 major, wherever the offered catalogue
has any (高中毕业及以下 offers only 无, which no category narrows).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from teacherreg.reference import services as reference
from teacherreg.reference.models import CodeItem, Major

# The code of 师范教育类 in reference/data/codes/major_category.csv.
NORMAL_CATEGORY = "normal"


def offered_majors(qualification_type: Any, education_level: CodeItem | None) -> QuerySet[Major]:
    """The leaves offered for a qualification type and education level (domain.md §6.1)."""
    if education_level is None:
        return Major.objects.none()
    return reference.selectable_majors(reference.majors_for(qualification_type, education_level))


def category_narrows(category: CodeItem | None, offered: QuerySet[Major]) -> bool:
    """Whether 最高学历专业类别 narrows ``offered``: 师范教育类 keeps the 师范/教育类 majors,
    unless the offered tree has none (高中毕业及以下 offers only 无)."""
    return (
        category is not None and category.code == NORMAL_CATEGORY and offered.filter(is_teaching_related=True).exists()
    )


def category_problem(major: Major | None, category: CodeItem | None, qualification_type: Any, level: Any) -> str:
    """The refusal of a major that does not belong to the chosen 专业类别, or ""."""
    if major is None or category is None or major.is_teaching_related:
        return ""
    if not category_narrows(category, offered_majors(qualification_type, level)):
        return ""
    return str(
        _(
            "最高学历专业类别选的是“%(category)s”，所学专业请在师范、教育类专业中选择。"
            "您学的不是师范类专业的，请把专业类别改为“非师范教育类”。"
        )
        % {"category": category.name}
    )
