"""The structured reasons of the review chain (domain.md §1.4; issue 6 item 4).

A proposal or conclusion of 暂缓注册 or 注册不合格 names at least one reason from the national
text; 撤销注册 names why the registration is revoked. "其他" needs the opinion to say what.
Codes are stored on the decision record (``Decision.reasons``); the words live here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from teacherreg.registration.models import DecisionOutcome

OTHER = "other"

# 暂缓注册: any one of these (暂行办法 第九条).
DEFERRED_REASONS: dict[str, str] = {
    "training_hours_short": _("注册有效期内未完成规定的培训学时（学分）"),
    "teaching_suspended": _(
        "中止教育教学（或教育教学管理）工作一学期以上（经批准的进修、培训、学术交流、病休、产假等除外）"
    ),
    "annual_assessment_failed": _("注册有效期内有一年年度考核不合格"),
    OTHER: _("其他（请在意见中写明）"),
}

# 注册不合格: any one of these (暂行办法 第十条); some provinces add 无故逾期不注册.
UNQUALIFIED_REASONS: dict[str, str] = {
    "ethics_violation_serious": _("违反《中小学教师职业道德规范》或师德考核评价标准，影响恶劣"),
    "assessment_failed_twice": _("注册有效期内连续两年以上年度考核不合格"),
    "qualification_revoked_or_lost": _("教师资格被依法撤销或丧失"),
    "overdue_without_reason": _("无故逾期不申请定期注册（按本省规定视为注册不合格）"),
    OTHER: _("其他（请在意见中写明）"),
}

# 撤销注册 of a registration already made.
REVOKE_REASONS: dict[str, str] = {
    "fraudulent_materials": _("以弄虚作假、欺骗等不正当手段取得注册"),
    "registered_in_error": _("不符合注册条件而被错误注册"),
    "qualification_revoked_or_lost": _("注册后教师资格被依法撤销或丧失"),
    OTHER: _("其他（请在意见中写明）"),
}

REASONS_BY_OUTCOME: dict[str, dict[str, str]] = {
    DecisionOutcome.QUALIFIED: {},
    DecisionOutcome.DEFERRED: DEFERRED_REASONS,
    DecisionOutcome.UNQUALIFIED: UNQUALIFIED_REASONS,
    DecisionOutcome.REVOKED: REVOKE_REASONS,
}

ALL_REASONS: dict[str, str] = {**DEFERRED_REASONS, **UNQUALIFIED_REASONS, **REVOKE_REASONS}


def reason_choices(outcome: str) -> list[tuple[str, str]]:
    return list(REASONS_BY_OUTCOME.get(outcome, {}).items())


def reason_labels(codes: list[str] | tuple[str, ...]) -> list[str]:
    """The words of stored codes; a code no longer listed shows as it is rather than failing."""
    return [str(ALL_REASONS.get(code, code)) for code in codes or ()]
