"""The paper materials a confirmation point checks before it confirms (domain.md §1.5, §2.4).

定期注册 brings the 申请表 in two signed copies, the certificate's original, the 聘用合同, the
school's 师德表现证明, the annual assessments of the cycle, the 培训证明 and what the province
adds. 首次注册 has no cycle behind it: no assessments or training hours, but the
试用期考核合格证明 instead (暂行办法 第十一条; domain.md §1.5 [S8]).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from teacherreg.registration.models import Application, RegistrationKind


@dataclass(frozen=True)
class Material:
    code: str  # stable: stored on the confirmation decision
    label: str


APPLICATION_FORM = Material("application_form", _("《教师资格定期注册申请表》（本人签字，2 份）"))
CERTIFICATE_ORIGINAL = Material("certificate_original", _("《教师资格证书》原件"))
EMPLOYMENT_CONTRACT = Material("employment_contract", _("聘用合同"))
ETHICS_PROOF = Material("ethics_proof", _("任教学校出具的师德表现证明"))
ASSESSMENT_PROOF = Material("assessment_proof", _("注册有效期内的年度考核证明"))
TRAINING_PROOF = Material("training_proof", _("培训证明（学时或学分）"))
PROBATION_PROOF = Material("probation_proof", _("试用期考核合格证明"))

_COMMON = (APPLICATION_FORM, CERTIFICATE_ORIGINAL, EMPLOYMENT_CONTRACT, ETHICS_PROOF)
_BY_KIND = {
    RegistrationKind.PERIODIC: (*_COMMON, ASSESSMENT_PROOF, TRAINING_PROOF),
    RegistrationKind.FIRST: (*_COMMON, PROBATION_PROOF),
}


def province_extras(plan: Any) -> list[Material]:
    """What the province asks for on top (domain.md §1.5 item 7: 身心健康证明, 病休证明 …).

    The provincial plan has no field for these yet; when it gains one named ``extra_materials``
    (a list of texts), its items appear here and on every checklist without other changes.
    """
    texts: Iterable[Any] = getattr(plan, "extra_materials", None) or ()
    return [Material(f"province_{i}", str(text).strip()) for i, text in enumerate(texts, 1) if str(text).strip()]


def materials_for(application: Application) -> list[Material]:
    """The checklist for this application, in the order the point works through the pile."""
    kind = RegistrationKind(application.registration_kind)
    return [*_BY_KIND[kind], *province_extras(application.window.batch.plan)]


def missing(application: Application, checked: Iterable[str]) -> list[Material]:
    """The items of the checklist not among ``checked`` (codes)."""
    ticked = set(checked)
    return [item for item in materials_for(application) if item.code not in ticked]
