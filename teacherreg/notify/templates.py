"""The catalogue of SMS and e-mail texts (P20): every message the service sends, in Chinese
and English, written by this project.

A message is rendered in the recipient's language, not the language of whoever caused it
(a reviewer's decision reaches the applicant in the applicant's language), so the two
languages live side by side here rather than in the gettext catalogue.

Each template names the parameters its caller must pass. ``name_masked`` is accepted by
every template and greets the recipient in e-mails. Parameters listed as ``secret`` (a code,
a link carrying a token) are replaced by ``******`` once the message is final.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html, format_html_join

from teacherreg.notify import conf

ZH = "zh-hans"
EN = "en"
LANGUAGES = (ZH, EN)
OPTIONAL_PARAMS = ("name_masked",)


@dataclass(frozen=True)
class MessageTemplate:
    code: str
    params: tuple[str, ...] = ()
    secret: tuple[str, ...] = ()
    # language → text, without the 【signature】 (added when rendering; the gateway adds its own)
    sms: dict[str, str] = field(default_factory=dict)
    subject: dict[str, str] = field(default_factory=dict)
    # language → paragraphs; a paragraph that is exactly "{link}" becomes a clickable link
    body: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(c for c, present in (("sms", self.sms), ("email", self.body)) if present)


def _both(zh: str, en: str) -> dict[str, str]:
    return {ZH: zh, EN: en}


def _same_in_email(code: str, zh_subject: str, en_subject: str, zh: str, en: str, **kw: Any) -> MessageTemplate:
    """A notice whose SMS text is also the whole e-mail body."""
    return MessageTemplate(
        code, sms=_both(zh, en), subject=_both(zh_subject, en_subject), body={ZH: (zh,), EN: (en,)}, **kw
    )


_TEMPLATES = [
    MessageTemplate(
        "sms_code",
        params=("code", "minutes", "purpose_label"),
        secret=("code",),
        sms=_both(
            "验证码{code}，用于{purpose_label}，{minutes}分钟内有效。请勿将验证码告诉任何人。",
            "Your {purpose_label} code is {code}. It is valid for {minutes} minutes. Do not share it with anyone.",
        ),
    ),
    MessageTemplate(
        "password_reset_link",
        params=("name_masked", "link", "hours"),
        secret=("link",),
        subject=_both("重置登录密码", "Reset your password"),
        body={
            ZH: (
                "有人申请找回您账号的登录密码。请在{hours}小时内打开下面的链接设置新密码，该链接只能使用一次：",
                "{link}",
                "如果不是您本人申请的，请忽略本邮件，原密码继续有效。",
            ),
            EN: (
                "Someone asked to reset the password of your account. Open the link below within {hours} hours "
                "to choose a new password. The link works only once.",
                "{link}",
                "If you did not ask for this, ignore this e-mail: your current password stays valid.",
            ),
        },
    ),
    _same_in_email(
        "password_changed",
        "登录密码已修改",
        "Your password was changed",
        "您账号的登录密码刚刚被修改。如果不是您本人操作，请立即找回密码并联系注册机构。",
        "The password of your account has just been changed. If this was not you, reset it now "
        "and contact your registration agency.",
    ),
    _same_in_email(
        "wechat_bound",
        "已绑定微信",
        "WeChat linked to your account",
        "您的账号刚刚绑定了微信，今后可以用这个微信重置密码。如果不是您本人操作，请立即登录解除绑定并修改密码。",
        "A WeChat account has just been linked to your account and can now be used to reset your password. "
        "If this was not you, sign in now, remove the link and change your password.",
    ),
    _same_in_email(
        "wechat_unbound",
        "已解除微信绑定",
        "WeChat unlinked from your account",
        "您的账号已解除微信绑定，不能再用微信重置密码。如果不是您本人操作，请立即修改密码。",
        "The WeChat account linked to your account has been removed and can no longer reset your password. "
        "If this was not you, change your password now.",
    ),
    _same_in_email(
        "phone_changed_old_contact",
        "绑定的手机号码已更换",
        "Your mobile number was changed",
        "您账号绑定的手机号码已更换为{new_masked}。如果不是您本人操作，请立即联系注册机构。",
        "The mobile number linked to your account has been changed to {new_masked}. If this was not you, "
        "contact your registration agency now.",
        params=("new_masked",),
    ),
    _same_in_email(
        "email_changed_old_contact",
        "绑定的电子邮箱已更换",
        "Your e-mail address was changed",
        "您账号绑定的电子邮箱已更换为{new_masked}。如果不是您本人操作，请立即联系注册机构。",
        "The e-mail address linked to your account has been changed to {new_masked}. If this was not you, "
        "contact your registration agency now.",
        params=("new_masked",),
    ),
    MessageTemplate(
        "email_change_confirm",
        params=("link", "hours"),
        secret=("link",),
        subject=_both("请确认新的电子邮箱", "Confirm your new e-mail address"),
        body={
            ZH: (
                "请在{hours}小时内打开下面的链接，确认将本邮箱绑定到您的教师资格定期注册账号：",
                "{link}",
                "如果您没有申请更换电子邮箱，请忽略本邮件。",
            ),
            EN: (
                "Open the link below within {hours} hours to link this address to your teacher qualification "
                "registration account:",
                "{link}",
                "If you did not ask to change your e-mail address, ignore this e-mail.",
            ),
        },
    ),
    _same_in_email(
        "identity_review_approved",
        "身份信息人工审核已通过",
        "Identity review accepted",
        "您的身份信息已通过人工审核，现在可以提交定期注册申请。",
        "Your identity documents have passed the manual review. You can now submit your registration application.",
    ),
    _same_in_email(
        "identity_review_rejected",
        "身份信息人工审核未通过",
        "Identity review not accepted",
        "您的身份信息未通过人工审核，原因：{reason}。请登录系统查看详情后重新提交。",
        "Your identity documents did not pass the manual review. Reason: {reason}. Please sign in "
        "to see the details and submit them again.",
        params=("reason",),
    ),
    _same_in_email(
        "identity_review_received",
        "已收到身份信息人工审核申请",
        "Identity review request received",
        "我们已收到您的身份信息人工审核申请，将在{due_by}前完成审核，结果会另行通知您。",
        "We have received your identity documents for manual review. The review will be finished by "
        "{due_by} and we will tell you the result.",
        params=("due_by",),
    ),
    _same_in_email(
        "contact_changed_by_staff",
        "账号信息已由工作人员更新",
        "Your account details were updated",
        "工作人员已按您的申请更新了账号的{what}。如有疑问，请联系注册机构。",
        "Staff have updated the {what} of your account at your request. If you have any question, "
        "contact your registration agency.",
        params=("what",),
    ),
    _same_in_email(
        "sign_up_welcome",
        "账号注册成功",
        "Your account is ready",
        "您的账号已注册成功，欢迎使用教师资格定期注册系统。请妥善保管登录密码，不要告诉他人。",
        "Your account has been created. Welcome to the teacher qualification registration service. "
        "Keep your password to yourself.",
    ),
    # Applications (registration.services.messages). An SMS only says there is news and to
    # sign in: no number, no status, nothing personal (issue 5 item 8).
    MessageTemplate(
        "application_message",
        params=("number",),
        sms=_both(
            "您的教师资格定期注册报名有一条新留言，请登录系统查看。",
            "There is a new message about your teacher registration application. Please sign in to read it.",
        ),
        subject=_both("报名有新留言", "New message about your application"),
        body={
            ZH: (
                "确认点或注册机构给您的定期注册报名（注册报名号 {number}）留了言。",
                "请登录系统，在“查询报名信息”中查看留言并按要求办理。",
            ),
            EN: (
                "The confirmation point or registration agency has left a message about your application "
                "(application number {number}).",
                "Please sign in and open 查询报名信息 to read it and do what it asks.",
            ),
        },
    ),
    MessageTemplate(
        "application_status_changed",
        params=("number", "status_label"),
        sms=_both(
            "您的教师资格定期注册报名有新进展，请登录系统查看。",
            "There is news about your teacher registration application. Please sign in to see it.",
        ),
        subject=_both("报名办理进度有更新", "Your application has moved on"),
        body={
            ZH: (
                "您的定期注册报名（注册报名号 {number}）的注册结论已更新为：{status_label}。",
                "请登录系统，在“查询报名信息”中查看详情。",
            ),
            EN: (
                "The status of your application (application number {number}) is now: {status_label}.",
                "Please sign in and open 查询报名信息 to see the details.",
            ),
        },
    ),
    MessageTemplate(
        "application_amended",
        params=("number", "version"),
        sms=_both(
            "您的教师资格定期注册报名信息已修改。如非本人操作，请立即登录系统修改密码。",
            "Your teacher registration application was changed. If it was not you, sign in and change your "
            "password now.",
        ),
        subject=_both("报名信息已修改", "Your application was changed"),
        body={
            ZH: (
                "您的定期注册报名（注册报名号 {number}）已修改并保存，现为第 {version} 版。",
                "现场确认时请携带按新版本打印的申请表。如果这次修改不是您本人所做，请立即登录系统修改密码，并联系确认点。",
            ),
            EN: (
                "Your application (application number {number}) was changed and saved; it is now version {version}.",
                "Bring the application form printed from this version to on-site confirmation. If you did not make "
                "this change, sign in and change your password at once, and contact the confirmation point.",
            ),
        },
    ),
    MessageTemplate(
        "application_submitted",
        params=("number", "agency", "point", "confirm_from", "confirm_until"),
        sms=_both(
            "您的教师资格定期注册申请已提交成功，请登录系统查看注册报名号和现场确认安排。",
            "Your teacher registration application has been submitted. Please sign in to see the application "
            "number and the on-site confirmation dates.",
        ),
        subject=_both("定期注册申请已提交", "Registration application submitted"),
        body={
            ZH: (
                "您的定期注册申请已提交，注册报名号 {number}，注册机构：{agency}。",
                "请在 {confirm_from} 至 {confirm_until} 期间，携带打印的申请表和教师资格证书原件到{point}现场确认。",
            ),
            EN: (
                "Your periodic registration application has been submitted. Application number {number}, "
                "registration agency: {agency}.",
                "Between {confirm_from} and {confirm_until}, bring the printed application form and your "
                "certificate to {point} for on-site confirmation.",
            ),
        },
    ),
    # Staff accounts (office.staff_invitations, P22): the link opens the account, once.
    MessageTemplate(
        "staff_invitation",
        params=("organisation", "role", "link", "hours"),
        secret=("link",),
        sms=_both(
            "{organisation}邀请您开通工作人员账号，{hours}小时内有效：{link}",
            "{organisation} invites you to open a staff account. The link works for {hours} hours: {link}",
        ),
        subject=_both("开通工作人员账号的邀请", "Invitation to open a staff account"),
        body={
            ZH: (
                "{organisation}邀请您开通教师资格定期注册系统的工作人员账号，角色为“{role}”。",
                "请在{hours}小时内打开下面的链接，设置登录名和密码，并绑定手机上的身份验证器。该链接只能使用一次：",
                "{link}",
                "如果您不认识邀请机构，请忽略本邮件。",
            ),
            EN: (
                "{organisation} invites you to open a staff account of the teacher qualification registration "
                "service, with the role “{role}”.",
                "Within {hours} hours, open the link below to choose a login name and a password and to set up "
                "an authenticator app on your phone. The link works only once:",
                "{link}",
                "If you do not know the inviting organisation, ignore this e-mail.",
            ),
        },
    ),
    # Support tickets (teacherreg.support, issue 8 item 2). The SMS says only that a reply is
    # there and where to read it; the reply itself stays in the system.
    MessageTemplate(
        "support_reply",
        params=("number",),
        sms=_both(
            "您提交的咨询有新的回复，请登录系统在个人信息中心的“我的咨询”中查看。",
            "There is a reply to your question. Please sign in and open My questions in your personal centre.",
        ),
        subject=_both("您的咨询有新的回复", "A reply to your question"),
        body={
            ZH: (
                "工作人员回复了您提交的咨询（咨询编号 {number}）。",
                "请登录系统，在个人信息中心的“我的咨询”中查看回复；还有疑问的，可以在那里继续补充说明。",
            ),
            EN: (
                "Staff have replied to your question (reference {number}).",
                "Please sign in and open My questions in your personal centre to read the reply; you can add "
                "to your question there if anything is still unclear.",
            ),
        },
    ),
    # Sent without signing in: the reply waits in the account of the document given, or the
    # sender calls the agency (help/contacts/ lists the numbers).
    MessageTemplate(
        "support_reply_anonymous",
        params=("number",),
        sms=_both(
            "您的咨询{number}已有回复，请用所填证件号码登录系统查看，或致电注册机构。",
            "Your question {number} has a reply. Sign in with the document number you gave to read it, "
            "or call your registration agency.",
        ),
    ),
]

TEMPLATES: dict[str, MessageTemplate] = {t.code: t for t in _TEMPLATES}

# Shown inside sms_code ("用于账号注册"); keys are notify.models.CodePurpose values.
PURPOSE_LABELS: dict[str, dict[str, str]] = {
    "sign_up": _both("账号注册", "sign-up"),
    "reset": _both("找回密码", "password reset"),
    "phone_change": _both("更换手机号码", "phone number change"),
    "certificate_query": _both("证书查询", "certificate query"),
    "login": _both("登录验证", "sign-in"),
}

_GREETING = {ZH: ("{name_masked}，您好：", "您好："), EN: ("Dear {name_masked},", "Hello,")}
_FOOTER = _both(
    "本邮件由系统自动发送，请勿直接回复。",
    "This e-mail was sent automatically; replies to it are not read.",
)
_SUBJECT_PREFIX = _both("【教师资格定期注册】", "Teacher qualification registration: ")


class UnknownTemplate(ValueError):
    pass


def get_template(code: str) -> MessageTemplate:
    try:
        return TEMPLATES[code]
    except KeyError:
        raise UnknownTemplate(f"No message template {code!r}.") from None


def normalise_language(language: str | None) -> str:
    """``en``, ``en-us`` → ``en``; anything else (including ``None``) → ``zh-hans``."""
    return EN if (language or "").lower().split("-")[0] == "en" else ZH


def render_sms(code: str, params: dict[str, str], language: str | None) -> str:
    template = get_template(code)
    language = normalise_language(language)
    if not template.sms:
        raise UnknownTemplate(f"Template {code!r} has no SMS text.")
    return f"【{conf.sms_sign_name()}】" + template.sms[language].format_map(_Params(params))


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_email(code: str, context: dict[str, str], language: str | None) -> RenderedEmail:
    template = get_template(code)
    language = normalise_language(language)
    if not template.body:
        raise UnknownTemplate(f"Template {code!r} has no e-mail text.")
    values = _Params(context)
    with_name, without_name = _GREETING[language]
    greeting = with_name.format_map(values) if context.get("name_masked") else without_name
    paragraphs = [greeting, *(p.format_map(values) for p in template.body[language]), _FOOTER[language]]
    text = "\n\n".join(paragraphs) + "\n"
    html_paragraphs = format_html_join(
        "\n",
        "{}",
        (
            (format_html('<p><a href="{}">{}</a></p>', p, p) if raw == "{link}" else format_html("<p>{}</p>", p),)
            for raw, p in zip(["", *template.body[language], ""], paragraphs, strict=True)
        ),
    )
    html = format_html(
        '<!DOCTYPE html>\n<html lang="{}"><head><meta charset="utf-8"></head><body>\n{}\n</body></html>\n',
        "zh-Hans" if language == ZH else "en",
        html_paragraphs,
    )
    subject = _SUBJECT_PREFIX[language] + template.subject[language]
    return RenderedEmail(subject=subject, text=text, html=str(html))


class _Params(dict):
    """A missing parameter is a programming error: say which one instead of a bare KeyError."""

    def __missing__(self, key: str) -> str:
        raise KeyError(f"Message parameter {key!r} is missing.")
