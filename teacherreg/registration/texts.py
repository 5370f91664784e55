"""The 网上申报协议 (step 1) and the 个人承诺书 (step 6), written by this project (P20): the
same points the official texts make, in our own sentences.

Each text has a version. The version the applicant accepted is kept in the draft and, at
submission, in a ``ConsentRecord``; change the version whenever the wording changes so that
what each applicant agreed to can be told apart.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AGREEMENT_VERSION = "2026.1"
PLEDGE_VERSION = "2026.1"

AGREEMENT_TITLE = _("教师资格定期注册网上申报协议")
# Seven clauses, as in the manual §3.1.2 step 1, each in our own words.
AGREEMENT_CLAUSES = (
    _("本网上申报系统只能用于办理教师资格定期注册，不得修改、复制或挪作他用；违反的，将依法追究责任。"),
    _("申请人在报名前已经阅读并理解了定期注册“须知”中的全部内容。"),
    _("申请人应当在公布的网报时间内登录本系统办理报名。因本人原因未能按时、按要求报名的，后果由申请人自行承担。"),
    _("因不可抗力（如自然灾害、通信或电力中断等）导致一时无法正常报名的，本系统不承担由此产生的直接或间接责任。"),
    _("申请人保证所填写和提交的个人信息真实、准确、完整。因信息虚假、错误、隐瞒或遗漏造成的一切后果，由申请人承担。"),
    _("申请人同意本系统在线核对所填报的信息，包括但不限于教师资格证书、师德表现、年度考核和继续教育培训学时等记录。"),
    _(
        "本系统依法保护申请人在网上报名中留下的个人信息。除法律法规规定或者司法机关等有权机关依照法定程序要求提供的以外，"
        "未经申请人本人同意，不会公开、修改、披露或向他人提供这些信息。"
    ),
)
AGREEMENT_CONSENT = _("已阅读并完全同意")

PLEDGE_TITLE = _("个人承诺书")
PLEDGE_TEXT = _(
    "本人承诺：本次填写的定期注册信息和将要提交的注册材料都真实、有效。如有虚假或弄虚作假的情形，"
    "本人愿意承担由此引起的一切法律责任。"
)
