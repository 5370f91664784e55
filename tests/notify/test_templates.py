"""The message catalogue (P20): what other apps rely on, and the texts in both languages."""

from __future__ import annotations

import pytest

from teacherreg.notify.templates import TEMPLATES, normalise_language, render_email, render_sms

# What other apps send (accounts, identity, notify.codes), written out by hand.
EXPECTED = {
    "support_reply": (("sms", "email"), ("number",)),
    "support_reply_anonymous": (("sms",), ("number",)),
    "sms_code": (("sms",), ("code", "minutes", "purpose_label")),
    "password_reset_link": (("email",), ("name_masked", "link", "hours")),
    "password_changed": (("sms", "email"), ()),
    "wechat_bound": (("sms", "email"), ()),
    "wechat_unbound": (("sms", "email"), ()),
    "phone_changed_old_contact": (("sms", "email"), ("new_masked",)),
    "email_changed_old_contact": (("sms", "email"), ("new_masked",)),
    "email_change_confirm": (("email",), ("link", "hours")),
    "identity_review_approved": (("sms", "email"), ()),
    "identity_review_rejected": (("sms", "email"), ("reason",)),
    "identity_review_received": (("sms", "email"), ("due_by",)),
    "contact_changed_by_staff": (("sms", "email"), ("what",)),
    "sign_up_welcome": (("sms", "email"), ()),
    "application_message": (("sms", "email"), ("number",)),
    "application_status_changed": (("sms", "email"), ("number", "status_label")),
    "application_amended": (("sms", "email"), ("number", "version")),
    "application_submitted": (("sms", "email"), ("number", "agency", "point", "confirm_from", "confirm_until")),
    "staff_invitation": (("sms", "email"), ("organisation", "role", "link", "hours")),
}
SAMPLE = {
    "code": "482916",
    "minutes": "5",
    "purpose_label": "账号注册",
    "name_masked": "张*",
    "link": "https://jszg.example/x/token/",
    "hours": "24",
    "new_masked": "139****88",
    "reason": "照片不清晰",
    "due_by": "2026-12-08",
    "what": "手机号码",
    "number": "202611010100001",
    "status_label": "待注册审批（初审中）",
    "version": "2",
    "agency": "北京市海淀区教育委员会",
    "point": "海淀区第一确认点",
    "confirm_from": "2026-12-01",
    "confirm_until": "2026-12-10",
    "organisation": "济南市历下区教育局",
    "role": "确认点工作人员",
}


def test_the_catalogue_has_exactly_the_expected_templates():
    assert {code: (t.channels, t.params) for code, t in TEMPLATES.items()} == EXPECTED


@pytest.mark.parametrize("code", sorted(EXPECTED))
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_template_renders_in_both_languages(code, language):
    template = TEMPLATES[code]
    params = {p: SAMPLE[p] for p in template.params}
    if template.sms:
        text = render_sms(code, params, language)
        assert text.startswith("【教师资格定期注册】")
        assert "{" not in text
        assert len(text) <= 70 if language == "zh-hans" else len(text) <= 200  # one Chinese SMS segment
    if template.body:
        email = render_email(code, params, language)
        assert "{" not in email.subject + email.text + email.html
        assert email.subject.startswith("【教师资格定期注册】" if language == "zh-hans" else "Teacher qualification")


def test_the_sms_code_text_in_chinese_and_english():
    params = {"code": "482916", "minutes": "5", "purpose_label": "找回密码"}
    assert render_sms("sms_code", params, "zh-hans") == (
        "【教师资格定期注册】验证码482916，用于找回密码，5分钟内有效。请勿将验证码告诉任何人。"
    )
    params["purpose_label"] = "password reset"
    assert render_sms("sms_code", params, "en") == (
        "【教师资格定期注册】Your password reset code is 482916. It is valid for 5 minutes. "
        "Do not share it with anyone."
    )


def test_the_signature_comes_from_the_settings(settings):
    settings.TEACHERREG_SMS_SIGN_NAME = "某省教师资格"
    assert render_sms("sign_up_welcome", {}, "zh-hans").startswith("【某省教师资格】您的账号已注册成功")


def test_the_reset_email_in_english():
    email = render_email(
        "password_reset_link", {"name_masked": "Z*", "link": "https://jszg.example/r/t/", "hours": "24"}, "en"
    )
    assert email.subject == "Teacher qualification registration: Reset your password"
    assert email.text == (
        "Dear Z*,\n\n"
        "Someone asked to reset the password of your account. Open the link below within 24 hours to choose a new "
        "password. The link works only once.\n\n"
        "https://jszg.example/r/t/\n\n"
        "If you did not ask for this, ignore this e-mail: your current password stays valid.\n\n"
        "This e-mail was sent automatically; replies to it are not read.\n"
    )
    assert '<html lang="en">' in email.html
    assert '<p><a href="https://jszg.example/r/t/">https://jszg.example/r/t/</a></p>' in email.html


def test_an_email_without_a_name_greets_plainly():
    assert render_email("sign_up_welcome", {}, "zh-hans").text.startswith("您好：\n\n您的账号已注册成功")


def test_html_escapes_what_staff_typed():
    email = render_email("identity_review_rejected", {"reason": '<script>alert("x")</script>'}, "zh-hans")
    assert "<script>" not in email.html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in email.html
    assert '<script>alert("x")</script>' in email.text  # plain text is not HTML


def test_a_missing_parameter_names_itself():
    with pytest.raises(KeyError, match="'reason'"):
        render_sms("identity_review_rejected", {}, "zh-hans")


@pytest.mark.parametrize(
    ("given", "expected"),
    [(None, "zh-hans"), ("", "zh-hans"), ("zh-hans", "zh-hans"), ("zh-CN", "zh-hans"), ("en", "en"), ("en-us", "en")],
)
def test_languages_are_normalised(given, expected):
    assert normalise_language(given) == expected
