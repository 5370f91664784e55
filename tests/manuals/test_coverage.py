"""Every page a user opens is documented by some manual (keeping the manuals current).

Each manual section names the pages it documents with a marker such as
``<!-- page: office:desk_queue -->``. This test collects the URL names of the applicant's,
the public and the office's pages from the resolver and fails with the names no manual
mentions. A new page therefore needs a manual section (or, if it is not a page a person
opens, an entry below with the reason).
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from teacherreg.manuals.catalogue import CHINESE, all_manuals

# The namespaces whose pages people open: the applicant (sign-up and login, the personal
# centre and the registration), the public portal and its 公示 lists, notices, FAQ and support,
# WeChat binding and the office. ``admin`` (Django's admin, described in prose), ``captcha``
# (a widget inside other pages) and ``manuals`` (these pages) are not in the list.
NAMESPACES = ("accounts", "applicant", "portal", "notices", "wechat", "office", "announcements", "faq", "support")

# Not pages: each named with why. POST-only actions answer with a redirect to the page that
# documents them; downloads and fragments are parts of a documented page.
NOT_PAGES: dict[str, str] = {
    # POST-only actions (a button on a documented page)
    "accounts:logout": "退出 button in the header",
    "wechat:unbind": "解除绑定 button on wechat:bind",
    "office:logout": "退出登录 button on office:home",
    "office:session_extend": "继续使用 button in the timeout dialog",
    "office:desk_confirm": "确认通过 on office:desk_case",
    "office:desk_return": "退回修改 on office:desk_case",
    "office:desk_message": "发送留言 on office:desk_case",
    "office:review_message": "发送留言 on office:review_case",
    "office:review_propose": "提出初审意见 on office:review_case",
    "office:review_undo_proposal": "撤销初审意见 on office:review_case",
    "office:review_send_to_applicant": "退回申请人修改 on office:review_case",
    "office:review_start_notice": "发布公示 on office:review_case",
    "office:review_end_notice": "报送复核/终审 on office:review_case",
    "office:review_withdraw_notice": "撤出公示 on office:review_case",
    "office:review_city_agree": "同意初审意见 on office:review_case",
    "office:review_city_send_back": "退回初审 on office:review_case",
    "office:review_decide": "作出注册结论 on office:review_case",
    "office:review_province_send_back": "退回 on office:review_case",
    "office:review_undo": "撤销注册结论 on office:review_case",
    "office:review_revoke": "撤销注册 on office:review_case",
    "office:review_undo_revocation": "撤销“撤销注册” on office:review_case",
    "office:review_notices_start": "发布所选申请的公示 on office:review_notices",
    "office:review_record_revoke": "撤销注册 on office:review_records",
    "office:review_record_undo": "撤销这条撤销注册记录 on office:review_records",
    "office:staff_invitation_cancel": "撤回邀请 on office:staff_list",
    "office:staff_disable": "停用账号 on office:staff_detail",
    "office:staff_enable": "启用账号 on office:staff_detail",
    "office:staff_grant": "授予 on office:staff_detail",
    "office:staff_revoke": "撤销 on office:staff_detail",
    "office:import_commit": "确认导入 on office:import_batch",
    "office:queue_identity_approve": "审核通过 on office:queue_identity_item",
    "office:queue_identity_reject": "审核不通过 on office:queue_identity_item",
    "office:queue_certificate_verify": "核验通过 on office:queue_certificate",
    "office:queue_certificate_reject": "核验不通过 on office:queue_certificate",
    "office:queue_record_verify": "核验通过 on office:queue_record",
    "office:queue_record_reject": "核验不通过 on office:queue_record",
    "office:queue_school_verify": "核实通过 on office:queue_school",
    "office:queue_school_reject": "驳回 on office:queue_school",
    "office:queue_school_merge": "合并 on office:queue_school",
    "office:queue_contact_change": "确认修改 on office:queue_contact",
    "applicant:photo_accept": "使用这张照片 on applicant:photo_review",
    "applicant:school_propose": "新增确认 on applicant:schools (and the step-2 picker)",
    "office:entry_school_propose": "新增确认 in the picker of office:entry_application",
    "office:announcement_publish": "发布 on office:announcements",
    "office:announcement_unpublish": "撤下 on office:announcements",
    "office:faq_publish": "发布 on office:faq_list",
    "office:faq_unpublish": "撤下 on office:faq_list",
    "office:support_reply": "发送回复 on office:support_ticket",
    "office:support_close": "关闭咨询 on office:support_ticket",
    "office:support_reopen": "重新打开 on office:support_ticket",
    "support:my_ticket_reply": "提交补充说明 on support:my_ticket",
    # File downloads (links on documented pages)
    "applicant:application_pdf": "申请表下载/预览 on applicant:applications",
    "applicant:application_photo": "the photo shown on applicant:application_detail",
    "applicant:photo_image": "the photo shown on applicant:photo_review",
    "applicant:photo_original_image": "the uploaded original shown on applicant:photo_fix",
    "applicant:certificate_photo": "the scan shown on applicant:certificate_detail",
    "applicant:certificate_extra_photo": "the extra photos shown on applicant:certificate_detail",
    "applicant:record_scan": "扫描件 link on applicant:record_list",
    "office:desk_photo": "the photo on office:desk_case",
    "office:desk_form": "查看申请表 on office:desk_case",
    "office:review_photo": "the photo on office:review_case",
    "office:queue_identity_photo": "the ID photos on office:queue_identity_item",
    "office:queue_certificate_photo": "the scans on office:queue_certificate",
    "office:queue_record_scan": "the scan on office:queue_record",
    "office:import_template": "下载模板 on office:import_kind",
    "office:import_report": "下载全部错误明细（CSV） on office:import_batch",
    "office:export_download": "下载文件 on office:export_job",
    "office:statistics_csv": "下载 CSV on office:statistics",
    "office:support_screenshot": "the screenshots shown on office:support_ticket",
    "support:my_screenshot": "the screenshots shown on support:my_ticket",
    # Fragments and machine endpoints
    "office:session_status": "JSON read by the session-timeout script",
    "wechat:scene_status": "the QR scene's status fragment, polled by wechat:bind and wechat:reset",
    "wechat:callback": "called by WeChat's servers, not by a person",
    "wechat:dev_phone": "development stand-in for a phone, absent in production",
}


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    found: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else pattern.namespace or namespace
            )
            found |= _names(pattern, inner or "")
        elif isinstance(pattern, URLPattern) and pattern.name and namespace:
            found.add(f"{namespace}:{pattern.name}")
    return found


def page_names() -> set[str]:
    names = _names(get_resolver())
    return {name for name in names if name.split(":", 1)[0] in NAMESPACES}


def documented() -> set[str]:
    # The Chinese originals: the English editions carry the same markers (test_english.py).
    return {name for manual in all_manuals(CHINESE) for name in manual.document.pages}


def test_it_finds_the_pages_it_checks():
    names = page_names()

    # A few known pages by hand, so a broken collector cannot pass by finding nothing.
    assert {
        "office:desk_queue",
        "applicant:identity:verify",
        "accounts:login",
        "notices:objection",
        "support:contact",
        "faq:detail",
        "announcements:index",
        "office:support_queue",
    } <= names


def test_every_page_is_documented_by_a_manual():
    wanted = {name for name in page_names() if name not in NOT_PAGES}

    missing = sorted(wanted - documented())

    assert not missing, "No manual documents these pages (add a section with <!-- page: … -->):\n" + "\n".join(missing)


def test_every_marker_names_a_real_page():
    unknown = sorted(documented() - page_names())

    assert not unknown, "Manual markers name pages that do not exist:\n" + "\n".join(unknown)


def test_nothing_listed_as_not_a_page_has_disappeared():
    gone = sorted(set(NOT_PAGES) - page_names())

    assert not gone, "NOT_PAGES lists URL names that no longer exist:\n" + "\n".join(gone)
