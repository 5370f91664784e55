"""The message catalogue (P20): every message a rule can show, in one place.

Where the official system has a message for the same case (domain.md §1.8, §3.2, §5.3,
§9) ours uses the same official terms (证书号码, 网报时间, 注册机构 …) so applicants and
staff recognise it, in this project's own sentences. Codes are stable: tests, logs and
the API refer to them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    # Accounts (teacherreg.accounts.services)
    "link_invalid": _("链接无效，请确认是否完整复制了邮件中的链接。"),
    "link_used": _("该链接已使用过。如需再次操作，请重新申请。"),
    "link_superseded": _("您之后又申请过新的链接，此链接已作废，请使用最新邮件中的链接。"),
    "link_expired": _("链接已超过有效期，请重新申请。"),
    "phone_unchanged": _("新手机号码与当前号码相同。"),
    "email_unchanged": _("新邮箱与当前邮箱相同。"),
    "staff_change_reason_required": _("请填写修改原因。"),
    "staff_change_nothing": _("没有需要修改的联系方式。"),
    # Captcha (teacherreg.captcha; P11)
    # CaptchaFormMixin (non-field errors)
    "captcha_missing": _("请先完成图形验证。"),
    "captcha_invalid": _("图形验证已过期，请重新验证。"),
    "captcha_unavailable": _("图形验证暂时无法使用，请稍后再试。"),
    # The JSON API, shown in the widget's status line
    "captcha_passed": _("验证通过"),
    "captcha_wrong_position": _("没有对准缺口，已换一张图片，请再试一次。"),
    "captcha_synthetic": _("拖动过快或不连贯，已换一张图片，请按住滑块平稳拖到缺口处。"),
    "captcha_wrong_digits": _("数字不正确，已换一组新的数字，请再试一次。"),
    "captcha_expired": _("图片已过期，已换一张新的，请重新验证。"),
    "captcha_rate_limited": _("获取验证图片过于频繁，请 %(minutes)s 分钟后再试。"),
    "captcha_bad_request": _("请求无效，请刷新页面后重试。"),
    # SMS codes (teacherreg.notify.codes; P12)
    # issue_code
    "sms_sent": _("验证码已发送至%(phone)s，%(minutes)s分钟内有效。"),
    "sms_phone_invalid": _("请输入正确的11位手机号码。"),
    "sms_cooldown": _("获取验证码过于频繁，请%(seconds)s秒后再试。"),
    "sms_phone_hourly_limit": _("该手机号码获取验证码的次数已达每小时上限，请%(minutes)s分钟后再试。"),
    "sms_phone_daily_limit": _("该手机号码今天获取验证码的次数已达上限，请明天再试。"),
    "sms_session_limit": _("本次访问获取验证码的次数已达上限，请稍后再试。"),
    "sms_daily_budget": _("短信服务暂时繁忙，请稍后再试。"),
    # check_code
    "sms_verified": _("验证码正确。"),
    "sms_code_format": _("请输入短信中的6位数字验证码。"),
    "sms_code_wrong": _("验证码不正确，还可以再输入%(left)s次。"),
    "sms_too_many_attempts": _("验证码输错次数过多，已经失效，请重新获取。"),
    "sms_code_expired": _("验证码已过期，请重新获取。"),
    "sms_code_missing": _("验证码无效，请重新获取。"),
    # WeChat (teacherreg.wechat)
    "wechat_bound": _("微信绑定成功。以后忘记密码时，可以选择“微信验证重置密码”。"),
    "wechat_already_bound": _("您的账号已绑定微信。如需绑定其他微信号，请先解除绑定。"),
    "wechat_unbound": _("已解除微信绑定。"),
    "wechat_not_bound": _("您的账号没有绑定微信。"),
    "wechat_openid_taken": _(
        "该微信号已绑定其他账号，不能再绑定本账号。请换一个微信号扫码，或先在另一个账号中解除绑定。"
    ),
    "wechat_account_bound": _("您的账号已绑定微信。如需绑定其他微信号，请先解除绑定。"),
    "wechat_openid_mismatch": _(
        "扫码的微信号不是该账号绑定的微信号，不能用它重置密码。请用绑定的微信扫码，或选择其他重置方式。"
    ),
    "wechat_scene_expired": _("二维码已过期，请重新获取。"),
    "wechat_scene_used": _("该二维码已使用过，请重新获取。"),
    "wechat_unavailable": _("微信服务暂时无法连接，请稍后再试，或选择其他方式。"),
    "wechat_too_many": _("获取二维码的次数过多，请 1 小时后再试。"),
    "wechat_scene_invalid": _("验证已失效，请重新扫码。"),
    "wechat_not_available": _("微信服务号功能暂未开通，请选择其他方式。"),
    # Workflow (registration.services.transitions)
    "transition_unknown": _("不存在名为“%(name)s”的操作。"),
    "transition_not_from_status": _("当前状态为“%(status)s”，不能执行“%(name)s”。"),
    "transition_role_not_allowed": _("您的角色不能对该申请执行“%(name)s”。"),
    "transition_note_required": _("执行“%(name)s”需要填写说明或留言。"),
    "stale_version": _("该申请已被他人更新，请刷新页面后再操作，您填写的内容已保留。"),
    # Guards
    "outside_confirmation_dates": _("当前不在确认点的确认时间内（%(start)s 至 %(end)s）。"),
    "confirmation_dates_not_over": _("确认点的确认时间尚未结束（截止 %(end)s）。"),
    "window_closed": _("当前不在网报时间内。"),
    "province_has_city_review": _("本省设有复核环节，初审通过后应提交复核。"),
    "province_skips_city_review": _("本省不设复核环节，初审通过后直接提交终审。"),
    "notice_not_over": _("公示期尚未结束（截止 %(end)s）。"),
    "notice_conclusion_mismatch": _("该操作与公示的注册结论不一致。"),
    # Identity ---------------------------------------------------------------------------
    # 实名核验 and 人工审核 (teacherreg.identity) and the P13 upload checks
    # (teacherreg.documents.uploads). Our own sentences with the official terms (P20).
    "identity_verified": _("实名核验通过。"),
    "identity_verified_name_changed": _(
        "实名核验通过，账号姓名已更新为“%(new)s”。已经现场确认的报名仍使用确认时的姓名，如需更改请联系注册机构。"
    ),
    "identity_mismatch": _("姓名与证件号码不一致，实名核验未通过。请逐字核对姓名（包括生僻字和间隔号“·”）后再试。"),
    "identity_not_found": _("公安身份信息中没有查到该证件号码的有效记录，实名核验未通过。"),
    "identity_kept_verified": _("账号的姓名没有更改，实名状态仍为核验通过，可以照常办理业务。"),
    "identity_tries_left": _("今天还可以核验 %(count)s 次。"),
    "identity_provider_unavailable": _("公安身份核验服务暂时无法连接，本次不计入核验次数，请稍后再试。"),
    "identity_no_tries_left": _(
        "今天的 3 次实名核验机会已经用完，请明天再试。如果确认填写无误仍未通过，可以申请人工审核。"
    ),
    "identity_review_pending": _("您的人工审核申请正在审核中，审核期间不能进行实名核验。"),
    "identity_already_verified": _("您已通过实名核验，姓名与账号一致，无需再次核验。"),
    "identity_document_needs_review": _("您的证件类型是%(document_type)s，不能通过公安系统在线核验，请申请人工审核。"),
    "identity_not_applicant": _("只有申请人账号需要实名核验。"),
    "identity_review_submitted": _("人工审核申请已提交，预计在 %(due)s 前给出结论。"),
    "identity_review_not_yet": _("请先进行实名核验；核验未通过的，可以再申请人工审核。"),
    "identity_review_consent_required": _("请阅读并同意身份证件照片的收集和使用说明。"),
    "identity_review_consent_outdated": _("收集和使用说明已经更新，请重新阅读并同意。"),
    "identity_review_front_required": _("请上传证件正面（人像面）的照片。"),
    "identity_review_back_required": _("请上传证件反面（国徽面）的照片。"),
    "identity_review_already_decided": _("该人工审核已经处理过，不能重复处理。"),
    "identity_review_reason_required": _("审核不通过时必须填写原因，申请人会看到这个原因。"),
    "identity_review_not_staff": _("只有工作人员可以处理人工审核。"),
    "identity_import_bad_header": _("CSV 文件的第一行必须是表头 document_number,name。"),
    "identity_import_bad_row": _("第 %(line)s 行缺少证件号码或姓名，已跳过。"),
    "identity_import_done": _("导入完成：新增 %(created)s 条，更新 %(updated)s 条，跳过 %(skipped)s 条。"),
    "upload_empty": _("文件是空的，请重新选择。"),
    "upload_too_large": _("文件超过了 %(limit_kb)s KB（%(limit)s 字节）的上限，请压缩后再上传。"),
    "upload_too_small": _("文件小于 %(limit_kb)s KB（%(limit)s 字节）的下限。"),
    "upload_not_jpeg": _("文件不是 JPEG 格式的图片。请上传 JPG 图片；只改文件扩展名不能改变格式。"),
    "upload_too_many_pixels": _("图片的像素过多（上限 %(limit)s 像素），请缩小后再上传。"),
    "upload_damaged": _("图片文件不完整或已损坏，无法读取，请重新拍摄或扫描后上传。"),
    "upload_colour_mode": _("不支持这种颜色模式（%(mode)s）的图片，请上传普通的彩色 JPEG 图片。"),
    "upload_needs_colour": _("请上传彩色照片，不能使用黑白（灰度）照片。"),
    "upload_width": _("照片宽度是 %(value)s 像素，应在 %(min)s 到 %(max)s 像素之间。"),
    "upload_height": _("照片高度是 %(value)s 像素，应在 %(min)s 到 %(max)s 像素之间。"),
    # end Identity -----------------------------------------------------------------------
}


def message_for(code: str, **params: Any) -> str:
    template = MESSAGES.get(code)
    if template is None:
        return code
    text = str(template)
    return text % params if params else text
