"""The eligibility pre-check (资格预检): run before step 1 and again at submission.

``precheck(user, today, certificate=…, agency=…, draft=…)`` returns findings of three
severities, each with a catalogue code, its parameters, the reason and what to do:

- **blocker** (不能报名): the P19 rules, a live application this registration year (P14),
  no usable certificate, no open window at the chosen agency (P17);
- **todo** (需要先完成): identity not yet verified (P8) — a draft may start, a submission not;
- **warning** (请注意): what the reviewers will look at (domain.md §1.4): training hours,
  annual assessments, ethics, teaching suspended, post outside the province's scope, a
  certificate that does not match the current stage or subject, the probation assessment.

It also decides 首次注册 or 定期注册 from the registration records. At submission the
next slice calls it again with the draft's certificate, agency and answers; the findings
can be stored on the application with ``PrecheckResult.as_json()``.

``draft`` keys read here (all optional; missing keys skip their check): ``current_stage``
(TeachingStage code), ``current_subject`` (Subject code in the 现任教学科 tree),
``post_nature`` and ``school_nature`` (CodeItem codes), ``arrangement`` (the chosen
ConfirmationArrangement's id).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from teacherreg.accounts.models import IdentityStatus, User
from teacherreg.certificates.models import Certificate, Conclusion, VerificationState
from teacherreg.certificates.services.sync import own_certificates
from teacherreg.common.dates import add_months, add_years
from teacherreg.common.masking import mask
from teacherreg.organisations.models import Organisation
from teacherreg.reference.models import TeachingStage
from teacherreg.registration.models import Application, ProvincialPlan, RegistrationKind
from teacherreg.registration.rules import CYCLE_YEARS, REVOKED_REGISTRATION_YEARS, ProvinceRules
from teacherreg.registration.services import record_checks as checks
from teacherreg.registration.services.findings import BLOCKER, SEVERITY_ORDER, TODO, WARNING, Finding
from teacherreg.registration.services.restrictions import restriction_finding
from teacherreg.registration.services.windows import Availability, availability, current_plan, registration_year
from teacherreg.registration.workflow import LIVE

__all__ = [
    "BLOCKER",
    "TODO",
    "WARNING",
    "Finding",
    "PrecheckResult",
    "Usability",
    "certificate_usability",
    "earliest_renewal",
    "last_qualified",
    "precheck",
]


@dataclass(frozen=True)
class Usability:
    """``certificate_usability``'s answer; unpacks as ``(usable, reason)``."""

    usable: bool
    reason: Finding | None = None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter((self.usable, self.reason))


@dataclass
class PrecheckResult:
    findings: list[Finding]
    kind: str | None = None  # RegistrationKind value, or None without a usable certificate
    ordinal: int | None = None  # 第 N 次注册 this would be (counts 合格 registrations only)
    certificate: Certificate | None = None  # the certificate the findings were judged on
    usable_certificates: list[Certificate] = field(default_factory=list)
    plan: ProvincialPlan | None = None
    year: int | None = None
    window: Availability | None = None

    def of(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def blockers(self) -> list[Finding]:
        return self.of(BLOCKER)

    @property
    def todos(self) -> list[Finding]:
        return self.of(TODO)

    @property
    def warnings(self) -> list[Finding]:
        return self.of(WARNING)

    @property
    def can_continue(self) -> bool:
        return not self.blockers

    @property
    def kind_label(self) -> str:
        return str(RegistrationKind(self.kind).label) if self.kind else ""

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def as_json(self) -> list[dict[str, Any]]:
        return [f.as_json() for f in self.findings]


# --- the certificate -------------------------------------------------------------------


def _number(certificate: Certificate) -> str:
    return mask("certificate_number", certificate.number_as_printed)


def _validity_end(record: Any) -> datetime.date:
    """P18 records carry their end; imported history may not — five years from its start."""
    if record.valid_until:
        return record.valid_until
    start = record.valid_from or record.decided_on
    return add_years(start, CYCLE_YEARS) - datetime.timedelta(days=1)


def earliest_renewal(valid_until: datetime.date, months: int) -> datetime.date:
    """P19: the first day a 合格 registration ending ``valid_until`` may be renewed — ``months``
    before its end (a month end clamps: 6 months before 31 Aug is 28/29 Feb)."""
    return add_months(valid_until, -months)


def last_qualified(certificate: Certificate) -> Any:
    return certificate.registrations.filter(conclusion=Conclusion.QUALIFIED).order_by("-decided_on", "-pk").first()


def certificate_usability(
    certificate: Certificate,
    today: datetime.date,
    *,
    rules: ProvinceRules | None = None,
    year: int | None = None,
) -> Usability:
    """Whether ``certificate`` can be registered now, and if not, why (a blocker finding).

    Checked in order: 高等学校; a restriction in force (丧失 for life, 撤销 5 years, 考试作弊
    3 years; domain.md §1.8); a 撤销注册 less than 5 years old; a 合格 registration whose
    validity ends more than the province's N months from today (P19; a 暂缓注册 does not
    block); verification refused; already in a live application this registration year (P14).
    """
    rules = rules or ProvinceRules()
    year = year or today.year
    number = _number(certificate)
    if not certificate.qualification_type.usable_for_registration:
        return Usability(False, Finding("precheck_higher_education", BLOCKER, {"certificate": number}))
    restricted = restriction_finding(certificate, today)
    if restricted is not None:
        code, params = restricted
        return Usability(False, Finding(code, BLOCKER, {"certificate": number, **params}))
    records = certificate.registrations.all()
    revoked = [r for r in records if r.conclusion == Conclusion.REVOKED]
    if revoked:
        latest = max(revoked, key=lambda r: r.decided_on)
        until = add_years(latest.decided_on, REVOKED_REGISTRATION_YEARS)
        if today < until:
            params = {"certificate": number, "decided_on": latest.decided_on, "until": until}
            return Usability(False, Finding("precheck_registration_revoked", BLOCKER, params))
    qualified = last_qualified(certificate)
    if qualified is not None:
        valid_until = _validity_end(qualified)
        earliest = earliest_renewal(valid_until, rules.renewal_months)
        if today < earliest:
            params = {
                "certificate": number,
                "decided_on": qualified.decided_on,
                "valid_until": valid_until,
                "months": rules.renewal_months,
                "earliest": earliest,
            }
            return Usability(False, Finding("precheck_registered_recently", BLOCKER, params))
    if certificate.verification_state == VerificationState.REJECTED:
        return Usability(False, Finding("precheck_certificate_rejected", BLOCKER, {"certificate": number}))
    in_use = Application.objects.filter(certificate_key=certificate.number, registration_year=year, status__in=LIVE)
    if in_use.exists():
        params = {"certificate": number, "year": year}
        return Usability(False, Finding("precheck_certificate_in_application", BLOCKER, params))
    return Usability(True)


def _primary(usable: list[Certificate], stage: TeachingStage | None) -> Certificate | None:
    """Without a chosen certificate, judge the one most likely registered: one matching the
    current stage (one certificate a year, the one that matches the post; domain.md §1.3),
    then the one registered most recently, then the newest."""
    if not usable:
        return None
    if stage is not None:
        matching = [c for c in usable if c.qualification_type.stage_id == stage.pk]
        usable = matching or usable

    def key(c: Certificate) -> tuple[datetime.date, datetime.date]:
        record = last_qualified(c)
        return (record.decided_on if record else datetime.date.min, c.issued_on)

    return max(usable, key=key)


# --- the person's records ---------------------------------------------------------------


def _live_application(user: User, year: int) -> Application | None:
    person = Q(applicant=user)
    if user.document_number_index:
        person |= Q(document_number_index=user.document_number_index)
    return Application.objects.filter(person, registration_year=year, status__in=LIVE).order_by("submitted_at").first()


def _identity(user: User) -> Finding | None:
    if user.identity_status == IdentityStatus.VERIFIED:
        return None
    if user.identity_status == IdentityStatus.MANUAL_REVIEW:
        return Finding("precheck_identity_in_review", TODO)
    return Finding("precheck_identity_unverified", TODO)


# --- the whole check ---------------------------------------------------------------------


def precheck(
    user: User,
    today: datetime.date,
    *,
    certificate: Certificate | None = None,
    agency: Organisation | None = None,
    draft: dict[str, Any] | None = None,
) -> PrecheckResult:
    """Check whether ``user`` may apply now; read-only, no side effects.

    ``agency`` (the chosen 注册机构) gives the province's plan, hence the registration year
    and the province's rules; without one the national defaults and today's year stand and
    no window is checked. ``certificate`` is the draft's certificate; without one every
    certificate of the account is weighed and the findings are judged on the likeliest.
    """
    draft = draft or {}
    findings: list[Finding] = []
    plan = current_plan(agency.province(), today) if agency is not None else None
    rules = ProvinceRules.of(plan)
    year = registration_year(plan, today)
    result = PrecheckResult(findings, plan=plan, year=year)

    # Not applicable at all: the window (P17) and an application already made (P14).
    if agency is not None:
        result.window = availability(agency, today, plan=plan)
        if not result.window.ok:
            findings.append(Finding(result.window.reason_code, BLOCKER, result.window.params))
        elif draft.get("arrangement") and str(draft["arrangement"]) not in {
            str(a.pk) for a in result.window.arrangements
        }:
            findings.append(Finding("registration_choice_unavailable", BLOCKER))
    live = _live_application(user, year)
    if live is not None:
        findings.append(Finding("precheck_live_application", BLOCKER, {"year": year, "number": live.number}))

    # The certificate: the one chosen, or the best of the account's usable ones.
    if certificate is not None:
        if certificate.holder_id != user.pk:
            findings.append(Finding("precheck_certificate_not_yours", BLOCKER, {"certificate": _number(certificate)}))
        else:
            reason = certificate_usability(certificate, today, rules=rules, year=year).reason
            if reason is not None:
                findings.append(reason)
            else:
                result.usable_certificates = [certificate]
                result.certificate = certificate
    else:
        owned = own_certificates(user)
        if not owned:
            findings.append(Finding("precheck_no_certificate", BLOCKER))
        checked = [(c, certificate_usability(c, today, rules=rules, year=year)) for c in owned]
        result.usable_certificates = [c for c, answer in checked if answer.usable]
        if owned and not result.usable_certificates:
            findings.extend(answer.reason for _, answer in checked if answer.reason is not None)
        result.certificate = _primary(result.usable_certificates, checks.draft_stage(draft))

    # Identity comes before submitting (P8).
    identity = _identity(user)
    if identity is not None:
        findings.append(identity)

    # What the reviewers will weigh, judged on the certificate and the records.
    if result.certificate is not None:
        findings.extend(_records_and_kind(result, user, today, rules))
        findings.extend(checks.match_findings(result.certificate, draft))
    findings.extend(checks.post_scope_findings(draft, rules))
    findings.sort(key=lambda f: SEVERITY_ORDER.index(f.severity))
    return result


def _records_and_kind(result: PrecheckResult, user: User, today: datetime.date, rules: ProvinceRules) -> list[Finding]:
    """首次注册 when the certificate has no 合格 registration yet (it then needs the probation
    assessment passed); otherwise 定期注册 over the cycle that began with the last one."""
    person = user.document_number_index or ""
    previous = last_qualified(result.certificate)
    qualified_count = result.certificate.registrations.filter(conclusion=Conclusion.QUALIFIED).count()
    result.ordinal = qualified_count + 1
    findings: list[Finding] = []
    if previous is None:
        result.kind = RegistrationKind.FIRST.value
        start = add_years(today, -CYCLE_YEARS)
        findings.extend(checks.probation_findings(person))
    else:
        result.kind = RegistrationKind.PERIODIC.value
        start = previous.valid_from or previous.decided_on
        findings.extend(checks.training_findings(person, start, today, rules))
    # The assessment years of the cycle that are over, at most the last five.
    first_year = max(start.year, today.year - CYCLE_YEARS)
    findings.extend(checks.assessment_findings(person, range(first_year, today.year)))
    findings.extend(checks.ethics_findings(person, start, today))
    findings.extend(checks.suspension_findings(person, start, today))
    return findings
