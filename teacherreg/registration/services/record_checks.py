"""The pre-check's warnings for the reviewers (domain.md §1.3, §1.4): the person's records
over the registration cycle, and the draft's answers about the post and what is taught.

Records are keyed by the person's document blind index (``profiles``); none of these checks
refuses an application, each tells the applicant what the reviewers will weigh.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from teacherreg.certificates.models import Certificate
from teacherreg.common.dates import add_months
from teacherreg.profiles.models import (
    AnnualAssessment,
    AssessmentGrade,
    EthicsAssessment,
    EthicsResult,
    ProbationAssessment,
    TeachingSuspension,
    TrainingLevel,
    TrainingRecord,
)
from teacherreg.reference.models import CodeItem, CodeKind, Subject, SubjectTree, TeachingStage
from teacherreg.registration.rules import SUSPENSION_LIMIT_MONTHS, ProvinceRules, levels_at_or_above
from teacherreg.registration.services.findings import WARNING, Finding

# 岗位性质 codes (reference/data/codes/post_nature.csv): 在编在岗 and 特岗教师.
POST_ESTABLISHED = "1"
POST_SPECIAL = "3"
# Stages outside the 幼儿园 → 高中 ladder: a 中职 certificate is neither higher nor lower.
VOCATIONAL_STAGES = frozenset({"voc"})
# Subject names that changed with the curricula: the same subject for this check.
SUBJECT_SYNONYMS = {
    "生物学": "生物",
    "信息科技": "信息技术",
    "体育与健康": "体育",
    "思想品德": "道德与法治",
    "品德与生活": "道德与法治",
    "品德与社会": "道德与法治",
}
FOREIGN_LANGUAGE = "外语"  # old certificates say 外语 for any foreign language
UNSPECIFIC_SUBJECTS = frozenset({"其他", "全科"})


def draft_stage(draft: dict[str, Any]) -> TeachingStage | None:
    code = draft_code(draft.get("current_stage"))
    return TeachingStage.objects.filter(code=code).first() if code else None


def draft_code(value: Any) -> str:
    """Draft values are codes; a model instance is accepted too."""
    if value is None:
        return ""
    return str(getattr(value, "code", value)).strip()


# --- the person's records ---------------------------------------------------------------


def training_findings(person: str, start: datetime.date, today: datetime.date, rules: ProvinceRules) -> list[Finding]:
    records = TrainingRecord.objects.filter(person_index=person, year__gte=start.year, year__lte=today.year)
    findings = []
    total = records.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if total < rules.training_hours:
        params = {"start_year": start.year, "hours": _hours(total), "required": rules.training_hours}
        findings.append(Finding("precheck_training_short", WARNING, params))
    for level, required in rules.training_hours_by_level.items():
        hours = records.filter(level__in=levels_at_or_above(level)).aggregate(total=Sum("hours"))["total"] or 0
        if hours < required:
            params = {
                "start_year": start.year,
                "level": str(TrainingLevel(level).label),
                "hours": _hours(Decimal(hours)),
                "required": required,
            }
            findings.append(Finding("precheck_training_level_short", WARNING, params))
    return findings


def _hours(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def _years(years: list[int]) -> str:
    return "、".join(str(y) for y in years)


def assessment_findings(person: str, years: range) -> list[Finding]:
    failed = sorted(
        AnnualAssessment.objects.filter(
            person_index=person, year__in=list(years), grade=AssessmentGrade.FAIL
        ).values_list("year", flat=True)
    )
    if not failed:
        return []
    consecutive = [y for y in failed if y + 1 in failed or y - 1 in failed]
    if consecutive:
        # 暂行办法: two consecutive 不合格 years make the registration 不合格.
        return [Finding("precheck_assessment_failed_consecutive", WARNING, {"years": _years(consecutive)})]
    return [Finding("precheck_assessment_failed", WARNING, {"years": _years(failed)})]


def ethics_findings(person: str, start: datetime.date, today: datetime.date) -> list[Finding]:
    failed = sorted(
        EthicsAssessment.objects.filter(
            person_index=person, year__gte=start.year, year__lte=today.year, result=EthicsResult.FAIL
        ).values_list("year", flat=True)
    )
    return [Finding("precheck_ethics_failed", WARNING, {"years": _years(failed)})] if failed else []


def suspension_findings(person: str, start: datetime.date, today: datetime.date) -> list[Finding]:
    """Teaching suspended for more than one semester in the cycle, without an approved reason."""
    findings = []
    rows = TeachingSuspension.objects.filter(person_index=person, is_excused=False).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )
    for row in rows.order_by("starts_on"):
        end = row.ends_on or today
        if end > add_months(row.starts_on, SUSPENSION_LIMIT_MONTHS):
            findings.append(Finding("precheck_suspension", WARNING, {"start": row.starts_on, "end": end}))
    return findings


def probation_findings(person: str) -> list[Finding]:
    latest = ProbationAssessment.objects.filter(person_index=person).order_by("-assessed_on", "-pk").first()
    if latest is None:
        return [Finding("precheck_probation_missing", WARNING)]
    if not latest.passed:
        return [Finding("precheck_probation_failed", WARNING, {"assessed_on": latest.assessed_on})]
    return []


# --- the answers in the draft ----------------------------------------------------------------


def post_scope_findings(draft: dict[str, Any], rules: ProvinceRules) -> list[Finding]:
    """公办 在编在岗 are in scope; 民办 only where the province includes them; 特岗 only
    after 入编 (domain.md §1.3). Checked only when the draft carries the answers."""
    findings = []
    school = _code_item(CodeKind.SCHOOL_NATURE, draft.get("school_nature"))
    post = _code_item(CodeKind.POST_NATURE, draft.get("post_nature"))
    private = school is not None and school.extra.get("ownership") == "private"
    if private and not rules.includes_private_schools:
        findings.append(Finding("precheck_private_school", WARNING, {"school": school.name}))
    if post is not None:
        if post.code == POST_SPECIAL:
            findings.append(Finding("precheck_post_special", WARNING))
        elif post.code != POST_ESTABLISHED and not (private and rules.includes_private_schools):
            # 民办 teachers are on contracts; where the province includes them that is expected.
            findings.append(Finding("precheck_post_not_established", WARNING, {"post": post.name}))
    return findings


def _code_item(kind: str, value: Any) -> CodeItem | None:
    code = draft_code(value)
    return CodeItem.objects.filter(kind=kind, code=code).first() if code else None


def _same_subject(printed: str, current: Subject) -> bool:
    def norm(name: str) -> str:
        name = name.strip()
        return SUBJECT_SYNONYMS.get(name, name)

    names = {norm(current.name)}
    if current.parent_id is not None:
        names.add(norm(current.parent.name))
    return norm(printed) in names


def match_findings(certificate: Certificate, draft: dict[str, Any]) -> list[Finding]:
    """The certificate against the current stage and subject (domain.md §1.3: register the
    certificate that matches the post; Hebei defers a lower-stage certificate)."""
    stage = draft_stage(draft)
    cert_stage = certificate.qualification_type.stage
    if stage is None or cert_stage is None:
        return []
    qualification = certificate.qualification_type.name
    if cert_stage.pk != stage.pk:
        params = {"qualification": qualification, "stage": stage.name}
        ladder = cert_stage.code not in VOCATIONAL_STAGES and stage.code not in VOCATIONAL_STAGES
        lower = ladder and cert_stage.sort_order < stage.sort_order
        return [Finding("precheck_stage_lower" if lower else "precheck_stage_mismatch", WARNING, params)]
    subject_code = draft_code(draft.get("current_subject"))
    printed = certificate.subject_as_printed or (certificate.subject.name if certificate.subject_id else "")
    if not subject_code or not printed or printed.strip() in UNSPECIFIC_SUBJECTS:
        return []
    current = Subject.objects.filter(tree=SubjectTree.CURRENT, code=subject_code).select_related("parent").first()
    if current is None or current.name in UNSPECIFIC_SUBJECTS:
        return []
    if printed.strip() == FOREIGN_LANGUAGE and current.parent_id and current.parent.name == FOREIGN_LANGUAGE:
        return []
    if _same_subject(printed, current):
        return []
    return [Finding("precheck_subject_mismatch", WARNING, {"certificate_subject": printed, "subject": current.name})]
