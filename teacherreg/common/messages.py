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
    # Staff accounts (teacherreg.office.staff_services, staff_invitations; P21, P22)
    "staff_not_in_reach": _("这个机构或角色不在您的管理范围内。"),
    "staff_self": _("不能停用、启用自己的账号，也不能给自己授予或撤销角色。请联系其他管理员办理。"),
    "staff_account_outside_reach": _("此账号在您管理范围之外还有角色，只能由其上级管理员停用或启用。"),
    "staff_already_disabled": _("此账号已经停用。"),
    "staff_already_active": _("此账号已经是启用状态。"),
    "staff_role_already_held": _("此账号已有这个角色。"),
    "staff_role_already_revoked": _("这个角色已经撤销。"),
    "staff_exclusive_admin_roles": _(
        "系统管理员、安全管理员和审计管理员三个角色不能由同一人兼任（三员分立）。此账号已有“%(held)s”角色。"
    ),
    "staff_invitation_contact_required": _("请至少填写电子邮箱或手机号码中的一项，邀请链接会发送到这里。"),
    "staff_invitation_unknown": _(
        "邀请链接无效。请确认是否完整复制了短信或邮件中的链接；仍然打不开的，请联系邀请您的管理员重新发送邀请。"
    ),
    "staff_invitation_used": _("这个邀请链接已经用过，账号已经开通，请直接登录。忘记登录名的，请联系邀请您的管理员。"),
    "staff_invitation_expired": _("邀请链接已超过 72 小时的有效期。请联系邀请您的管理员重新发送邀请。"),
    "staff_invitation_cancelled": _("这个邀请已被管理员撤回。如有疑问，请联系邀请您的管理员。"),
    "staff_invitation_closed": _("这个邀请已被接受或已撤回。"),
    "staff_login_name_format": _(
        "登录名为 4–32 位，以小写英文字母开头，只能包含小写英文字母、数字、点（.）、下划线（_）和连字符（-）。"
    ),
    "staff_login_name_taken": _("这个登录名已被使用，请换一个。"),
    "staff_password_rejected": _("密码不符合工作人员账号的要求，请换一个。"),
    "staff_password_contains_login_name": _("密码不能包含登录名。"),
    "staff_password_too_short": _("密码至少要 %(min)s 个字符，现在只有 %(length)s 个。"),
    "staff_account_disabled": _(
        "此账号已停用。连续 90 天未登录的账号会被系统自动停用，管理员也可以停用账号。请联系所在机构的管理员重新启用。"
    ),
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
    # Confirmation-point desk (registration.services.confirmation, office desk views;
    # domain.md §2.4, P17). Our own sentences (P20).
    "desk_not_this_point": _("这份申请不由您所在的确认点办理，不能在这里确认或退回。"),
    "desk_not_awaiting": _("这份申请当前为“%(label)s”，只有网报待确认的申请才能确认或退回。"),
    "desk_already_returned": _("这份申请已退回修改，正等待申请人修改，不能再次退回。需要补充说明时请留言。"),
    "desk_materials_missing": _(
        "材料尚未核对齐全，还缺：%(missing)s。材料不全时请退回修改或留言告诉申请人，不要确认。"
    ),
    "desk_return_message_required": _("请写明需要申请人修改或补充的内容，这段话会作为留言发给申请人。"),
    "desk_confirmed": _("已确认 %(number)s，申请人看到的注册结论为“待注册审批”。"),
    "desk_returned": _("已将 %(number)s 退回修改，留言已发给申请人。"),
    "desk_message_sent": _("留言已发送给 %(number)s 的申请人。"),
    "desk_not_found": _("没有找到注册报名号为 %(number)s 的申请，或它不由您所在的确认点办理。"),
    "desk_bulk_nothing_selected": _("请先在列表中勾选要确认的申请。"),
    "desk_bulk_declaration_required": _("请先勾选“所选申请的材料均已核对齐全”，再批量确认。"),
    "desk_bulk_too_many": _("一次最多批量确认 %(max)s 份申请，请分批确认。"),
    "desk_bulk_done": _("批量确认已完成：确认 %(confirmed)s 份，未确认 %(refused)s 份。"),
    "desk_bulk_changed": _("这份申请在您勾选之后又有变动（申请人修改过或已有人办理），请打开核对后再确认。"),
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
    # Certificates added by hand ------------------------------------------------------------
    # 教师资格证添加说明 (manual §3.1.2 step 2; domain.md §5.1–5.3), the verification queue
    # (teacherreg.certificates.services.manual_add / verification). The old system's wording
    # (证书号码不规范, 无此教师资格, 请与发证机关确认) in our own sentences (P20).
    "cert_number_bad_shape": _(
        "教师资格证书号码不规范：应为 15 位或 17 位数字。请核对证书上的号码；"
        "号码本身不规范的，请先到发证机关规范证书号码，再办理定期注册。"
    ),
    "cert_number_no_such": _(
        "无此教师资格：证书号码表示的认定年度是 %(year)s 年，不在可以添加的范围（1996–2011 年）内，请与发证机关确认。"
    ),
    "cert_number_future_year": _("证书号码表示的认定年度是 %(year)s 年，晚于今年，请核对证书号码。"),
    "cert_number_sync_years": _(
        "%(year)s 年认定的证书由全国教师资格管理信息系统同步（2008 年起，广西 2012 年起），不能手动添加。"
        "列表中没有这本证书的，请用“我的证书为什么不在这里？”查找原因。"
    ),
    "cert_number_type_digit": _("证书号码不规范：第 10 位是资格种类代码，应为 1 到 7，这个号码是“%(digit)s”。"),
    "cert_number_higher_education": _(
        "这是高等学校教师资格证书（号码第 10 位为 7），不能用于中小学教师资格定期注册，无需添加。"
    ),
    "cert_in_register": _(
        "这本证书在全国教师资格管理信息系统中已有记录，由系统同步，不能手动添加。"
        "证书没有出现在您的列表中的，请用“我的证书为什么不在这里？”查找原因。"
    ),
    "cert_added_by_other": _(
        "这个证书号码已由其他账号添加，不能重复添加。如果这是您本人的证书，请携带证书原件联系认定机构核实。"
    ),
    "cert_already_yours": _("这本证书已在您的证书列表中，无需重复添加。"),
    "cert_issued_out_of_range": _("证书签发日期应在 1996-01-01 到 2012-01-01 之间。"),
    "cert_issued_after_sync_start": _(
        "2008-08-01 以后签发的证书（广西除外）由系统同步，不能手动添加。请核对证书签发日期。"
    ),
    "cert_issued_year_mismatch": _(
        "证书签发日期与证书号码表示的认定年度（%(year)s 年）不符：签发日期应在认定当年或次年。请核对。"
    ),
    "cert_province_mismatch": _("所选省份与证书号码第 5–6 位（省级行政区代码 %(province)s）不一致，请核对。"),
    "cert_type_mismatch": _("所选资格种类与证书号码第 10 位（资格种类代码 %(digit)s，%(name)s）不一致，请核对。"),
    "cert_city_not_in_province": _("所选的市不属于所选省份，请重新选择。"),
    "cert_subject_not_offered": _("所选任教学科不属于这个资格种类，请点“更新选项”后重新选择。"),
    "cert_agency_not_offered": _(
        "所选认定机构不在可选范围内：只能选择负责认定这一资格种类、位于所选省（市）、签发日期当天已设立的机构。"
        "请点“更新选项”后重新选择。"
    ),
    "cert_scan_required": _("请上传证书照片（JPG 格式，不超过 190 KB）。"),
    "cert_too_many_photos": _("补充照片最多 %(limit)s 张。"),
    "cert_extra_photo_bad": _("第 %(n)s 张补充照片：%(message)s"),
    "cert_added": _(
        "证书信息已提交，等待人工核验。核验结果会显示在证书列表中；"
        "核验期间也可以用这本证书报名，现场确认时请携带证书原件。"
    ),
    "cert_resubmitted": _("修改后的证书信息已重新提交核验。"),
    "cert_withdrawn": _("已删除证书 %(number)s。"),
    "cert_not_manual": _("只有您手动添加的证书可以这样操作。"),
    "cert_withdraw_verified": _("已核验通过的证书不能删除。证书信息有误的，请联系认定机构。"),
    "cert_withdraw_register": _(
        "这本证书来自全国教师资格管理信息系统原有的记录，不能删除。信息有误的，请联系认定机构。"
    ),
    "cert_in_live_application": _("这本证书正用于报名（报名号 %(number)s），不能删除。请先撤回报名。"),
    "cert_in_past_application": _("这本证书已有报名、注册或其他记录，这些记录需要保留，所以不能删除。"),
    "cert_resubmit_not_rejected": _("只有核验未通过的证书可以修改后重新提交。"),
    "cert_verify_not_pending": _("这本证书不是待核验状态，不能重复处理。"),
    "cert_verify_reason_required": _("核验不通过时必须填写原因，申请人会看到这个原因。"),
    "cert_verify_out_of_scope": _("您只能核验本省手动添加的证书。"),
    "cert_verified": _("证书 %(number)s 核验通过。"),
    "cert_rejected": _("证书 %(number)s 核验不通过。"),
    # end Certificates added by hand ---------------------------------------------------------
    # Graduation schools -----------------------------------------------------------------
    # 毕业学校 directory (teacherreg.reference.services: propose / merge); issue 4 item 6.
    "school_name_required": _("请填写学校名称。"),
    "school_name_length": _("学校名称应为 %(min)s 到 %(max)s 个字，现在是 %(length)s 个字。"),
    "school_name_no_letters": _("学校名称要包含汉字或字母，不能只有数字或符号。"),
    "school_name_bad_chars": _("学校名称中有不能使用的字符：%(chars)s。请按毕业证书上的学校全称填写。"),
    "school_name_rejected": _(
        "管理员核对后没有采用这个学校名称。请按毕业证书上的学校全称重新填写，或在查询结果中选择已有的学校。"
    ),
    "school_type_required": _("请选择办学类型。"),
    "school_type_invalid": _("办学类型无效，请重新选择。"),
    "school_province_required": _("请选择学校所在省份（境外学校可以不选）。"),
    "school_province_invalid": _("所在省份无效，请重新选择。"),
    "school_propose_limit": _(
        "您今天新增学校的次数已达上限（%(limit)s 次），请 %(hours)s 小时后再试。仍找不到学校的，可以联系注册机构。"
    ),
    "school_merge_too_few": _("请至少选择两所学校，并指定保留其中一所。"),
    "school_merge_keep_unusable": _("“%(name)s”已被驳回或已合并，不能作为保留的学校。"),
    "school_merge_already_merged": _("所选学校中有已经合并过的：%(names)s。请不要再选它们。"),
    "school_merge_conflict": _(
        "无法合并：%(model)s 中有记录不能同时指向这几所学校，请先处理这些记录。没有做任何修改。"
    ),
    # end Graduation schools -------------------------------------------------------------
    # Records ----------------------------------------------------------------------------
    # The personal centre's record modules (teacherreg.records.services; manual §2, §2.1).
    "records_locked": _(
        "这条记录已在提交的定期注册申请中使用，不能在这里修改或删除。如需更正，请联系受理该申请的注册机构。"
    ),
    "records_not_editable": _("来自全国系统或导入的记录不能在这里修改。信息有误的，请联系发证单位更正。"),
    "records_not_found": _("没有找到这条记录，可能已经删除。"),
    "records_applicant_only": _("只有申请人账号可以录入证书。"),
    "records_scan_required": _("请上传证书扫描件。"),
    "records_duplicate_entry": _("您已经录入过编号为 %(number)s 的证书，请直接修改那条记录。"),
    "records_in_national": _("全国系统中已有编号为 %(number)s 的证书记录，无需再录入。"),
    "records_date_future": _("日期不能晚于今天。"),
    "records_date_too_early": _("日期不能早于 1950 年 1 月 1 日。"),
    "records_not_staff": _("只有工作人员可以核验录入的证书。"),
    "records_already_decided": _("这条记录已经核验过，不能重复处理。"),
    "records_reason_required": _("核验不通过时必须填写原因，申请人会看到这个原因。"),
    "records_added": _("证书已录入，等待工作人员核验。核验完成前也可以在定期注册申请中选用，但会标明“待核验”。"),
    "records_updated": _("修改已保存，这条记录需要重新核验。"),
    "records_deleted": _("记录已删除。"),
    # end Records --------------------------------------------------------------------------
    # Registration windows and pre-check ---------------------------------------------------
    # 网上报名时间查询 (teacherreg.registration.services.windows; domain.md §3.2's official
    # messages) and the eligibility pre-check (registration.services.precheck; domain.md §1.4,
    # §1.8; P8, P14, P17, P19). Same official terms (注册机构, 网报时间, 确认点, 证书号码, 注册
    # 合格, 撤销注册 …) in our own sentences (P20). A "<code>_do" entry says what to do.
    "window_no_plan": _("%(agency)s目前没有开展定期注册工作。请向该注册机构了解本地注册工作的时间安排。"),
    "window_no_plan_do": _("可以换一个注册机构查询，或直接联系该注册机构。"),
    "window_finished": _("%(agency)s本次定期注册工作已经结束。"),
    "window_finished_do": _("请关注该注册机构发布的下一次定期注册通知。"),
    "window_not_open": _("%(agency)s还没有安排网上报名（网报）的时间。请向该注册机构了解本地注册工作的时间安排。"),
    "window_not_open_do": _("网报时间安排好后，这里会显示开始和结束日期。"),
    "window_not_yet": _("还没有到%(agency)s的网报时间。该注册机构的网报时间是：%(periods)s。"),
    "window_not_yet_do": _("请在网报时间内再来报名。网报时间从开始日 0 点起，到结束日 24 点止（北京时间）。"),
    "window_over": _("%(agency)s的网报时间已经截止。该注册机构的网报时间是：%(periods)s。"),
    "window_over_do": _("错过网报时间的，请联系该注册机构咨询。"),
    "window_no_point": _("%(agency)s目前还没有安排确认点，暂时不能报名。请与该注册机构联系。"),
    "window_no_point_do": _("确认点安排发布后即可选择确认点报名。"),
    "registration_choice_missing": _("请先在确认点列表中选择一个确认点，再点“定期注册报名”。"),
    "registration_choice_unavailable": _("所选的确认点现在不能报名，请重新查询并选择确认点。"),
    "registration_choice_unavailable_do": _("回到网上报名时间查询，重新选择注册机构和确认点。"),
    # Pre-check: cannot apply (blockers)
    "precheck_no_certificate": _("您的账号下还没有教师资格证书，暂时不能报名。"),
    "precheck_no_certificate_do": _(
        "请到“教师资格证书信息”查看。证书没有列出的，可以用“我的证书为什么不在这里？”查找原因，"
        "2008 年以前认定的证书可以手动添加。"
    ),
    "precheck_certificate_not_yours": _("证书号码为 %(certificate)s 的证书不在您的证书列表中，不能用于报名。"),
    "precheck_certificate_not_yours_do": _("请选择“教师资格证书信息”中列出的证书。"),
    "precheck_higher_education": _(
        "证书号码为 %(certificate)s 的证书是高等学校教师资格证书，不能用于中小学教师资格定期注册。"
    ),
    "precheck_higher_education_do": _("中小学教师资格定期注册只能使用中小学、幼儿园、中等职业学校的教师资格证书。"),
    "precheck_restricted_lost": _("证书号码为 %(certificate)s 的教师资格已被依法注销（丧失教师资格），不能定期注册。"),
    "precheck_restricted_lost_do": _("如有异议，请联系原发证机构。"),
    "precheck_restricted_revoked": _(
        "证书号码为 %(certificate)s 的教师资格已被依法撤销，自撤销之日起 5 年内不能定期注册。"
    ),
    "precheck_restricted_revoked_do": _("%(until)s 起才能重新申请。如有异议，请联系原发证机构。"),
    "precheck_restricted_cheating": _("因考试作弊，证书号码为 %(certificate)s 的教师资格无效，3 年内不能定期注册。"),
    "precheck_restricted_cheating_do": _("%(until)s 起才能重新申请。如有异议，请联系原发证机构。"),
    "precheck_restricted_other": _("证书号码为 %(certificate)s 的证书受到限制，不能定期注册。"),
    "precheck_restricted_other_do": _("请联系原发证机构了解限制的原因。"),
    "precheck_registration_revoked": _(
        "证书号码为 %(certificate)s 的证书已于 %(decided_on)s 被撤销注册，撤销注册后 5 年内不能再注册。"
    ),
    "precheck_registration_revoked_do": _("%(until)s 起才能重新申请定期注册。"),
    "precheck_registered_recently": _(
        "证书号码为 %(certificate)s 的证书已于 %(decided_on)s 注册合格，有效期到 %(valid_until)s，现在无需再注册。"
    ),
    "precheck_registered_recently_do": _(
        "本省在注册有效期届满前 %(months)s 个月内受理下一次注册，您可以从 %(earliest)s 起报名。"
    ),
    "precheck_certificate_rejected": _("证书号码为 %(certificate)s 的证书没有通过核验，不能用于报名。"),
    "precheck_certificate_rejected_do": _("请到“教师资格证书信息”查看核验意见，修改后重新提交核验。"),
    "precheck_certificate_in_application": _(
        "证书号码为 %(certificate)s 的证书在 %(year)s 年度已有一份定期注册申请。同一本证书每年只能报名一次。"
    ),
    "precheck_certificate_in_application_do": _(
        "这是您本人提交的申请的，请在“查询报名信息”中查看；不是的，请携带证书原件联系注册机构。"
    ),
    "precheck_live_application": _(
        "您在 %(year)s 年度已经提交过定期注册申请（注册报名号 %(number)s）。每人每年只能提交一份定期注册申请。"
    ),
    "precheck_live_application_do": _(
        "请在“查询报名信息”中查看或修改这份申请；确实需要换证书或换注册机构的，可以在网报待确认时撤回后重新报名。"
    ),
    # Pre-check: to do before submitting
    "precheck_identity_unverified": _(
        "您还没有通过实名核验。现在可以先填写报名信息，但提交定期注册申请前必须通过实名核验。"
    ),
    "precheck_identity_unverified_do": _("去实名核验"),
    "precheck_identity_in_review": _("您的人工身份审核还在进行中。审核通过后才能提交定期注册申请。"),
    "precheck_identity_in_review_do": _("审核结论会以短信和邮件通知您，期间可以先填写报名信息。"),
    # Pre-check: for your attention (passed to the reviewers)
    "precheck_training_short": _(
        "本注册周期（%(start_year)s 年起）记录的培训学时共 %(hours)s 学时，少于规定的 %(required)s 学时。"
    ),
    "precheck_training_short_do": _(
        "培训学时不足的，一般暂缓注册。已参加但没有记录的培训，请准备培训证明，现场确认时交给确认点。"
    ),
    "precheck_training_level_short": _(
        "本注册周期（%(start_year)s 年起）%(level)s及以上级别的培训记录为 %(hours)s 学时，"
        "少于本省规定的 %(required)s 学时。"
    ),
    "precheck_training_level_short_do": _("请准备相应级别的培训证明，现场确认时交给确认点。"),
    "precheck_assessment_failed": _("%(years)s 年度考核为不合格。注册周期内有一年年度考核不合格的，一般暂缓注册。"),
    "precheck_assessment_failed_do": _("注册机构会结合学校出具的考核证明作出结论。记录有误的，请联系学校更正。"),
    "precheck_assessment_failed_consecutive": _(
        "%(years)s 连续两年年度考核不合格。注册周期内连续两年年度考核不合格的，一般注册不合格。"
    ),
    "precheck_assessment_failed_consecutive_do": _("记录有误的，请联系学校更正；如有异议，可以向注册机构说明。"),
    "precheck_ethics_failed": _("%(years)s 年度师德考核为不合格。师德考核不合格的，不能注册合格。"),
    "precheck_ethics_failed_do": _("记录有误的，请联系学校更正。"),
    "precheck_suspension": _(
        "%(start)s 至 %(end)s 您中止了教育教学工作，时间超过一个学期，且没有登记经批准的原因。这种情况一般暂缓注册。"
    ),
    "precheck_suspension_do": _(
        "属于经批准的进修、培训、学术交流、病休、产假等情况的，请准备批准材料，现场确认时提交。"
    ),
    "precheck_post_not_established": _("您填写的岗位性质是“%(post)s”。定期注册的范围是在编在岗教师。"),
    "precheck_post_not_established_do": _("请核对岗位性质；不在注册范围内的，可以向注册机构咨询。"),
    "precheck_post_special": _("特岗教师须在入编之后再申请定期注册。"),
    "precheck_post_special_do": _("已经入编的，请把岗位性质改为在编在岗；尚未入编的，请向注册机构咨询。"),
    "precheck_private_school": _("您填写的任教学校是“%(school)s”。本省没有把民办学校教师纳入定期注册范围。"),
    "precheck_private_school_do": _("请核对任教学校性质，或向注册机构咨询。"),
    "precheck_stage_lower": _(
        "证书的资格种类（%(qualification)s）低于您现任教学段（%(stage)s）。持低学段证书在高学段任教的，可能被暂缓注册。"
    ),
    "precheck_stage_lower_do": _("有多本证书的，请选择与现任教学段相符的证书报名。"),
    "precheck_stage_mismatch": _("证书的资格种类（%(qualification)s）与您现任教学段（%(stage)s）不一致。"),
    "precheck_stage_mismatch_do": _("有多本证书的，请选择与现任教学段相符的证书报名。"),
    "precheck_subject_mismatch": _("证书上的任教学科（%(certificate_subject)s）与您现任教学科（%(subject)s）不一致。"),
    "precheck_subject_mismatch_do": _(
        "有多本证书的，请选择与现在任教学段和学科相符的证书；只有一本证书的，按证书上印的学科报名即可。"
    ),
    "precheck_probation_missing": _("没有找到您的试用期考核记录。首次注册要求试用期满且考核合格。"),
    "precheck_probation_missing_do": _("请准备学校出具的试用期考核合格证明，现场确认时提交。"),
    "precheck_probation_failed": _("您的试用期考核记录为不合格（%(assessed_on)s）。首次注册要求试用期满且考核合格。"),
    "precheck_probation_failed_do": _("记录有误的，请联系学校更正。"),
    "precheck_passed": _("预检通过：没有发现不能报名的情况，您选择的注册机构和确认点已保存。"),
    # end Registration windows and pre-check -----------------------------------------------
    # Plans and windows in the back office ------------------------------------------------
    # (teacherreg.registration.services.plan_rules / plan_saving; domain.md §3.2, P14, P17)
    "plan_dates_order": _("计划结束日期不能早于计划开始日期。"),
    "plan_year_taken": _("本省已有 %(year)s 年度的注册计划，请直接修改该计划。"),
    "plan_shrinks_start": _(
        "计划开始日期不能晚于已安排的最早网报开始日期（%(day)s）。如需推迟，请先让各注册机构调整网报时间。"
    ),
    "plan_shrinks_end": _(
        "计划结束日期不能早于已安排的最晚网报或现场确认结束日期（%(day)s）。"
        "如需提前，请先让各注册机构调整网报时间和确认点安排。"
    ),
    "plan_year_locked": _(
        "该计划已有 %(count)s 件报名，注册年度不能再修改（报名号和每年一次的限制都按注册年度计算）。"
    ),
    "plan_back_to_draft": _("该计划已有 %(count)s 件报名，不能改回“编制中”。需要停止报名时，请让注册机构关闭网报。"),
    "plan_city_review_in_use": _("还有 %(count)s 件申请正在复核，暂时不能取消市级复核环节。"),
    "plan_level_hours_above_total": _(
        "分级学时要求（%(hours)s 学时）不能超过注册有效期内应完成的总学时（%(total)s 学时）。"
    ),
    "plan_finished_locked": _("%(year)s 年度注册计划已结束，批次、网报时间和确认点安排不能再修改。"),
    "batch_takes_part_locked": _(
        "该批次已有 %(count)s 件报名，不能改为不参加本次计划。需要停止接受报名时，请取消“开通网报”。"
    ),
    "window_dates_order": _("网报结束日期不能早于网报开始日期。"),
    "window_outside_plan": _("网报时间必须在省级注册计划的时间范围内（%(start)s 至 %(end)s）。"),
    "window_overlap": _(
        "与本批次已有的网报时间 %(start)s 至 %(end)s 重叠。同一批次的网报时间不能重叠，首尾落在同一天也算重叠。"
    ),
    "window_start_locked": _("该网报时间已有 %(count)s 件报名，开始日期只能提前，不能推迟到 %(day)s 之后。"),
    "window_end_before_submissions": _("该网报时间最晚一件报名在 %(day)s 提交，结束日期不能早于这一天。"),
    "window_starts_after_confirmation": _(
        "确认点“%(point)s”从 %(day)s 开始现场确认，网报开始日期不能晚于这一天。请先调整该确认点的确认时间。"
    ),
    "window_outlasts_confirmation": _(
        "确认点“%(point)s”的确认结束日期是 %(day)s，网报结束日期不能晚于这一天（最后一天报名的人也要能现场确认）。"
        "请先推迟该确认点的确认结束日期。"
    ),
    "window_delete_has_applications": _(
        "该网报时间已有 %(count)s 件报名，不能删除。不再接受报名时，可以把结束日期提前，或取消批次的“开通网报”。"
    ),
    "arrangement_dates_order": _("确认结束日期不能早于确认开始日期。"),
    "arrangement_starts_before_window": _("确认开始日期不能早于网报开始日期（%(day)s）：那时还没有需要确认的报名。"),
    "arrangement_ends_before_window": _(
        "确认结束日期不能早于网报结束日期（%(day)s）：网报最后一天提交的报名也要能现场确认。"
    ),
    "arrangement_after_plan": _("确认结束日期不能晚于省级注册计划的结束日期（%(day)s）。"),
    "arrangement_start_locked": _(
        "该确认点安排已有 %(count)s 件报名，确认时间只能延长：开始日期不能推迟到 %(day)s 之后。"
    ),
    "arrangement_end_locked": _("该确认点安排已有 %(count)s 件报名，确认时间只能延长：结束日期不能早于 %(day)s。"),
    "arrangement_point_not_own": _("只能安排本注册机构下设的确认点。"),
    "arrangement_point_inactive": _("确认点“%(point)s”已停用，请先在确认点信息中启用。"),
    "arrangement_point_locked": _("该确认点安排已有 %(count)s 件报名，不能换成其他确认点。"),
    "arrangement_point_taken": _("确认点“%(point)s”在这个网报时间已有安排，请直接修改那条安排。"),
    "arrangement_delete_has_applications": _(
        "该确认点安排已有 %(count)s 件报名，不能删除。不再接受新报名时，可以取消“发布”。"
    ),
    "point_name_taken": _("本注册机构下已有名为“%(name)s”的确认点。"),
    # Saved (success messages on the next page)
    "plan_saved": _("注册计划已保存。"),
    "batch_saved": _("批次设置已保存。"),
    "window_saved": _("网报时间已保存。"),
    "window_deleted": _("网报时间已删除。"),
    "arrangement_saved": _("确认点安排已保存。"),
    "arrangement_deleted": _("确认点安排已删除。"),
    "point_saved": _("确认点信息已保存。"),
    # end Plans and windows in the back office --------------------------------------------
    # Application steps and submission -----------------------------------------------------
    # The seven steps with saved drafts (teacherreg.registration.services.steps / drafts) and
    # the submission service (registration.services.submission); domain.md §9's field rules
    # and the official duplicate messages in our own sentences (P14, P20).
    "application_no_draft": _("没有找到正在填写的报名信息，请从“报名”重新开始。"),
    "application_precheck_first": _("请先查询网报时间、选择确认点并通过资格预检，再填写报名信息。"),
    "application_step_locked": _("请按顺序填写：第 %(step)s 步还没有完成。"),
    "application_draft_conflict": _(
        "这份报名信息刚刚在另一个页面或设备上保存过（第 %(version)s 版），您这次填写的内容还没有保存。"
        "请对照下面已保存的内容核对，确认无误后再保存。"
    ),
    "application_saved": _("已保存。下次登录时可以从这里继续填写。"),
    "application_agreement_required": _("请阅读网上申报协议，并勾选“已阅读并完全同意”。"),
    "application_certificate_required": _("请选择本次参加定期注册的教师资格证书。"),
    "application_certificate_unusable": _("所选的证书现在不能用于定期注册：%(reason)s"),
    "application_photo_required": _("请先上传或制作个人照片，并确认使用。"),
    "application_date_future": _("%(field)s不能晚于今天。"),
    "application_date_too_early": _("%(field)s不能早于 %(earliest)s。"),
    "application_graduated_too_young": _("毕业时间应在出生日期 14 年以后（%(earliest)s 或以后），请核对。"),
    "application_work_too_young": _("开始参加工作时间应在出生日期 16 年以后（%(earliest)s 或以后），请核对。"),
    "application_employed_before_work": _("本单位聘用起始日期不能在开始参加工作时间之前。"),
    "application_postcode": _("通讯邮编应为 6 位数字。"),
    "application_major_leaf": _("请选择具体的所学专业（最末一级）。"),
    "application_major_mismatch": _("所选的所学专业不属于最高学历“%(level)s”对应的专业目录，请重新选择。"),
    "application_record_pending": _("%(label)s还在核验中，可以先用于报名，现场确认时请带上原件。"),
    "application_subject_required": _("请选择现任教学科。"),
    "application_subject_unknown": _("所选的现任教学科不属于该学段，请重新选择。"),
    "application_stage_not_handled": _("%(agency)s不负责%(stage)s教师的定期注册，请选择其他注册机构。"),
    "application_pledge_required": _("请选择“同意”或“不同意”个人承诺书。"),
    "application_decline_confirm": _(
        "您选择了不同意个人承诺书。再次提交“不同意”将放弃本次报名，已填写的报名信息会被删除，且不能恢复。"
    ),
    "application_abandoned": _("您已放弃本次报名，填写的报名信息已删除。"),
    "application_identity_required": _("提交定期注册申请前须通过实名核验。请先完成实名核验，已填写的报名信息会保留。"),
    "application_blocked": _("暂时不能提交：%(reason)s 已填写的报名信息已保留。"),
    "application_incomplete": _("第 %(step)s 步还没有完成，请完成后再提交。"),
    "application_stale_submit": _("报名信息在您打开本页后又修改过，请核对后重新提交。"),
    "application_certificate_taken": _(
        "证书号码为 %(certificate)s 的证书在 %(year)s 年度已经有一份定期注册申请，同一本证书每年只能报名一次。"
        "已填写的报名信息已保留；如果不是您本人报的名，请携带证书原件联系注册机构。"
    ),
    "application_person_taken": _(
        "该证件号码在 %(year)s 年度已经提交过定期注册申请，每人每年只能提交一份。请到“查询报名信息”查看。"
    ),
    "application_submitted": _("定期注册申请已提交，注册报名号为 %(number)s。"),
    # end Application steps and submission -------------------------------------------------
    # Applications and messages ----------------------------------------------------------
    # 查询报名信息, 修改, 撤回 and 留言 (teacherreg.registration.services.applications,
    # .edit_requests, .messages; manual §3.2, domain.md §3.4; P15, P17). Our own sentences (P20).
    "app_not_yours": _("没有找到这条报名信息。"),
    "app_edit_open": _("报名信息可以修改，截止到确认点的确认结束日期 %(end)s。证书和注册机构不能修改。"),
    "app_edit_confirmation_over": _(
        "确认点的确认时间已于 %(end)s 结束，报名信息不能再修改。如确需修改，请联系注册机构。"
    ),
    "app_edit_confirmed": _(
        "注册结论已不是“网报待确认”，报名信息不能再修改。如确需修改，可以请注册机构把注册结论调整为"
        "“网报待确认”，调整后即可修改。"
    ),
    "app_edit_closed": _("这条报名已经办结，不能修改。如需重新注册，请在网报时间内重新报名。"),
    "app_edit_fixed_parts": _("证书和注册机构不能修改；如需更换，请先撤回本次报名，再在网报时间内重新报名。"),
    "app_withdraw_not_allowed": _("只有注册结论为“网报待确认”的报名才能撤回。当前注册结论为“%(label)s”。"),
    "app_withdrawn": _("报名 %(number)s 已撤回。网报时间内可以重新报名。"),
    "app_send_back_not_allowed": _("当前注册结论下不能申请退回修改。"),
    "app_send_back_reason_required": _("请写明需要修改哪些信息以及原因。"),
    "app_send_back_already": _("您已就这条报名申请过退回修改，请等待注册机构处理。"),
    "app_send_back_sent": _("退回修改的申请已发送给 %(organisation)s，处理结果会通过留言和通知告诉您。"),
    "app_message_empty": _("请填写留言内容。"),
    "app_message_too_long": _("留言内容不能超过 %(max)s 个字。"),
    "app_message_closed": _("这条报名已撤回或逾期未确认，不能再留言。"),
    "app_message_sent": _("留言已发送。"),
    "app_message_staff_org_required": _("请选择以哪个机构的名义留言。"),
    "app_message_staff_org_not_acting": _(
        "这个机构不经办这份申请，不能以它的名义留言。请选择申请的确认点、注册机构或其上级审核机构。"
    ),
    "app_notices_saved": _("通知方式已保存。"),
    "app_notices_no_email": _("您还没有绑定电子邮箱，选择含电子邮件的通知方式前请先绑定邮箱。"),
    # end Applications and messages ------------------------------------------------------
    # Amending a submitted application (P17) -------------------------------------------------
    # teacherreg.registration.services.amend and teacherreg.applicant.views.application_amend.
    "amend_stale_version": _(
        "这条报名信息在您打开本页后已被修改或办理过。下面仍是您刚才填写的内容，请核对后再提交一次。"
    ),
    "amend_invalid": _("报名信息还有需要更正的地方，请按提示修改后再提交。"),
    "amend_unchanged": _("您没有修改任何内容，报名信息和申请表保持不变。"),
    "amend_saved": _(
        "报名信息已修改。申请表已按新内容重新生成，请重新下载并打印，现场确认时交新的申请表，旧的申请表作废。"
    ),
    "amend_photo_newer": _("您在个人照片中确认了一张新照片，与本次报名所用的照片不同。"),
    # end Amending ------------------------------------------------------------------------
    # Applicant photo ------------------------------------------------------------------------
    # The photo step (P13; teacherreg.documents.photo_fix, teacherreg.applicant.views.photo).
    # The strict check's own refusals are the upload_* codes above; "photo_do_<code>" says
    # how to put each one right.
    "photo_file_required": _("请选择照片文件。"),
    "photo_do_upload_empty": _("请重新选择照片文件。"),
    "photo_do_upload_too_large": _("可以点“帮我处理”，系统会裁剪成标准尺寸并压缩到合适大小。"),
    "photo_do_upload_too_small": _(
        "文件太小往往是压缩过度或照片太小造成的。请使用清晰的原图，或点“帮我处理”自动调整大小。"
    ),
    "photo_do_upload_not_jpeg": _("如果是 PNG 或苹果手机的 HEIC 照片，可以点“帮我处理”，系统会转换成 JPEG。"),
    "photo_do_upload_too_many_pixels": _("可以点“帮我处理”，系统会裁剪并缩小到 295×413 像素。"),
    "photo_do_upload_damaged": _("请重新拍摄或从原始照片重新导出后上传。"),
    "photo_do_upload_colour_mode": _("这通常是印刷用的 CMYK 图片。可以点“帮我处理”，系统会转换成普通彩色图片。"),
    "photo_do_upload_needs_colour": _("请换一张彩色照片。"),
    "photo_do_upload_width": _("可以点“帮我处理”，在照片上拖动裁剪框，系统会输出 295×413 像素的照片。"),
    "photo_do_upload_height": _("可以点“帮我处理”，在照片上拖动裁剪框，系统会输出 295×413 像素的照片。"),
    # "Fix it for me": what it accepts
    "photo_fix_too_large": _(
        "照片文件超过了 %(limit_mb)s MB（%(limit)s 字节），无法处理。请在手机上导出较小尺寸的照片后再上传。"
    ),
    "photo_fix_too_many_pixels": _("照片的像素过多（上限 %(limit)s 像素），无法处理。请导出较小尺寸的照片后再上传。"),
    "photo_fix_not_image": _("无法识别这个文件。“帮我处理”只接受 JPEG、PNG 或 HEIC（苹果手机）格式的照片。"),
    "photo_fix_heic_unavailable": _("暂时不能处理 HEIC 格式的照片。请在手机上把照片导出为 JPEG 后再上传。"),
    "photo_fix_damaged": _("照片文件不完整或已损坏，无法读取。请重新拍摄或从原始照片重新导出后上传。"),
    "photo_fix_needs_colour": _("这是一张黑白（灰度）照片，无法转成彩色。请换一张彩色照片。"),
    "photo_fix_image_too_small": _(
        "照片只有 %(width)s×%(height)s 像素，太小了，裁剪后会很模糊。"
        "请换一张宽至少 %(min_width)s 像素、高至少 %(min_height)s 像素的照片。"
    ),
    # The crop box
    "photo_crop_too_small": _(
        "裁剪框太小（宽 %(width)s 像素，至少要 %(min)s 像素），放大后照片会模糊。请把裁剪框放大一些。"
    ),
    "photo_crop_clamped": _("裁剪框超出了照片范围，已自动移回照片内，请查看效果。"),
    "photo_original_gone": _("暂存的原始照片已经删除（最长保留一天），请重新上传。"),
    # Results
    "photo_kept_for_fix": _(
        "我们已把这张照片暂存（最长一天，只有您本人能看到）。点“帮我处理”就可以在这张照片上裁剪，不用重新选择文件。"
    ),
    "photo_checked": _("照片符合要求。请查看后点“使用这张照片”。"),
    "photo_fixed": _("照片已处理好。请对比处理前后的效果，满意后点“使用这张照片”。"),
    "photo_dark_background": _(
        "照片背景偏暗（边缘平均亮度 %(value)s，浅色背景一般在 %(limit)s 以上）。"
        "证件照应使用白色或浅色背景，现场确认时可能要求您重新提供照片。可以换一张浅色背景的照片，也可以仍然使用这张。"
    ),
    "photo_accepted": _("照片已确认使用。"),
    "photo_not_pending": _("这张照片已经确认过或已被删除。"),
    # end Applicant photo --------------------------------------------------------------------
    # Review chain -----------------------------------------------------------------------------
    # 初审 / 公示 / 复核 / 终审, undo and 撤销注册 (teacherreg.registration.services.review,
    # review_notice, review_common; office review pages; domain.md §1.4, §2.2; P15, P18, P19).
    "review_not_this_agency": _("这份申请的%(level)s不由您所在的机构办理，只能查看。"),
    "review_not_at_level": _("这份申请当前为“%(label)s”，现在不能办理%(level)s。"),
    "review_note_required": _("请写明原因，这段话会记入审核记录。"),
    "review_note_too_long": _("意见不能超过 %(max)s 个字。"),
    "review_outcome_invalid": _("请选择注册意见：注册合格、暂缓注册或注册不合格。"),
    "review_reason_invalid": _("所选理由不适用于这项结论，请重新选择。"),
    "review_reasons_required": _("请至少选择一项理由。"),
    "review_other_note_required": _("选择了“其他”理由，请在意见中写明具体情形。"),
    "review_proposal_replaced": _("重新提出初审意见"),
    "review_nothing_to_undo": _("这份申请没有可以撤销的初审意见。"),
    "review_proposal_missing": _("初审还没有提出注册意见，请先提出意见。"),
    "review_province_skips_notice": _("本省注册计划没有设公示期，初审意见提出后直接报送上级，不需要公示。"),
    "review_notice_required": _("本省注册计划规定公示 %(days)s 天：初审意见须经公示，公示期满后才能报送上级。"),
    "review_notice_start_invalid": _("公示开始日期不能早于今天，也不能晚于 %(latest)s。"),
    "review_notice_nothing_selected": _("请先勾选要公示的申请。"),
    "review_batch_too_many": _("一次最多办理 %(max)s 份申请，请分批办理。"),
    "review_case_not_found": _("没有找到注册报名号为 %(number)s 的申请，或它不由您所在的机构办理。"),
    "review_objection_empty": _("请填写异议内容。"),
    "review_objection_too_long": _("异议内容不能超过 %(max)s 个字。"),
    "review_objection_not_on_notice": _("这份申请现在不在公示名单中，可能公示已经结束或已撤回。"),
    "review_objection_too_many": _("提交次数过多，请一小时后再试，或直接联系注册机构。"),
    # Done (success messages on the next page)
    "review_proposed": _("已提出 %(number)s 的初审意见。"),
    "review_proposed_waiting": _("已提出 %(number)s 的初审意见，请在“公示管理”中发布公示。"),
    "review_proposed_moved": _("已提出 %(number)s 的初审意见，已报送%(level)s。"),
    "review_proposal_undone": _("已撤销 %(number)s 尚未公示的初审意见，请重新提出。"),
    "review_sent_to_applicant": _("已将 %(number)s 退回申请人修改，留言已发给申请人。"),
    "review_notice_done": _("公示已发布：%(done)s 份，未发布 %(refused)s 份。"),
    "review_notice_ended": _("%(number)s 公示期满，已报送%(level)s。"),
    "review_notice_withdrawn": _("已将 %(number)s 撤出公示名单，请重新提出初审意见。"),
    "review_city_agreed": _("已同意 %(number)s 的初审意见，报送终审。"),
    "review_sent_back": _("已将 %(number)s 退回%(level)s。"),
    "review_decided": _("已作出 %(number)s 的注册结论：%(label)s。"),
    "review_undone": _("已撤销 %(number)s 的注册结论，申请回到终审中。"),
    "review_revoked": _("已撤销 %(number)s 的注册（撤销注册）。"),
    "review_revocation_undone": _("已撤销对 %(number)s 的撤销注册，恢复为注册合格。"),
    # 撤销注册 of an imported registration (registration.services.record_revocation)
    "record_other_province": _("这张证书不属于本省，不能在这里处理。"),
    "record_has_case": _("这条注册记录来自本系统的申请 %(number)s，请在该申请的审核页面撤销注册。"),
    "record_not_qualified": _("只能撤销注册结论为“注册合格”的记录。"),
    "record_already_revoked": _("这条注册记录已被撤销注册，不能重复撤销。"),
    "record_not_revoked": _("这条记录不是撤销注册记录。"),
    "record_revoked": _("已撤销证书 %(number)s 的注册（撤销注册），五年内不能再注册。"),
    "record_revocation_undone": _("已撤销对证书 %(number)s 的撤销注册。"),
    "review_objection_received": _("您的异议已提交给%(agency)s，谢谢。注册机构会核实处理。"),
    # end Review chain -------------------------------------------------------------------------
    # Exports (teacherreg.exports.services, teacherreg.office.views.exports; P23) -------------
    "export_not_allowed": _("您的角色不能导出这类数据。"),
    "export_full_not_allowed": _(
        "只有省级管理员可以完整导出（证件号码和手机号码不打码）。请取消勾选“完整导出”后再导出。"
    ),
    "export_reason_required": _(
        "完整导出须填写导出原因（至少 %(min)s 个字）。原因会记入审计日志，并写在导出的文件中。"
    ),
    "export_started": _("已开始生成导出文件。生成好后可在本页下载，文件保留 7 天。"),
    "export_not_ready": _("导出文件还没有生成好，请稍候再下载。"),
    "export_failed_build_failed": _("生成导出文件时出错。请重新导出；再次失败的，请联系系统管理员。"),
    "export_failed_stale": _("导出任务长时间没有完成，已经停止。请重新导出。"),
    # end Exports ----------------------------------------------------------------------------
    # Review queues in the office ------------------------------------------------------------
    # teacherreg.office.views.queue_* (issue 6 item 9) and the verdict on one proposed school
    # (teacherreg.reference.services.decide_school_proposal). Our own sentences (P20).
    "school_reject_reason_required": _("驳回时必须填写原因，方便其他管理员了解为什么没有采用这个学校名称。"),
    "school_not_pending": _("这所学校已经处理过（当前状态：%(status)s），不能重复处理。"),
    "queue_bad_filter": _("筛选条件有误，已按默认条件列出。"),
    "queue_identity_approved": _("人工审核 #%(pk)s 已通过，账号现为实名核验通过。"),
    "queue_identity_rejected": _("人工审核 #%(pk)s 未通过，申请人会收到通知和原因。"),
    "queue_record_verified": _("%(kind)s #%(pk)s 核验通过。"),
    "queue_record_rejected": _("%(kind)s #%(pk)s 核验不通过，申请人会在个人信息中心看到原因。"),
    "queue_school_verified": _("“%(name)s”已核实通过，所有申请人都可以选择这所学校。"),
    "queue_school_rejected": _("已驳回“%(name)s”，它不会再出现在学校查询结果中。"),
    "queue_school_merged": _("已将“%(name)s”合并到“%(keep)s”，改动了 %(references)s 条引用。"),
    "queue_contact_not_found": _(
        "没有找到这个证件号码的申请人账号，或者这个账号不在您的办理范围内。请核对号码后再查。"
    ),
    "queue_contact_changed": _("账号 #%(pk)s 的联系方式已修改，已通知原联系方式和新联系方式。"),
    # end Review queues in the office --------------------------------------------------------
    # Imports -------------------------------------------------------------------------------
    # Office imports with a dry run and a row-by-row report (teacherreg.imports; issue 6
    # item 6). Cell and row messages say what is wrong and what to write instead.
    # The file as a whole (imports.reading)
    "import_file_empty": _("文件是空的，请选择填好数据的文件。"),
    "import_file_too_big": _("文件太大，一次最多上传 %(limit)s MB。请把数据分成几个文件导入。"),
    "import_file_xls": _("这是旧版 Excel（.xls）文件，无法读取。请在 Excel 中另存为 .xlsx 或 CSV（UTF-8）后再上传。"),
    "import_file_not_xlsx": _("无法按 Excel（.xlsx）文件读取，文件可能已损坏。请重新保存为 .xlsx 或 CSV 后再上传。"),
    "import_file_no_header": _("文件里没有内容。第一行应为列名（可下载模板查看）。"),
    "import_file_no_rows": _("文件只有列名，没有数据行。"),
    "import_file_too_many_rows": _("文件有 %(rows)s 行数据，一次最多导入 %(limit)s 行。请分成几个文件导入。"),
    "import_file_utf16": _("文件是 UTF-16（Unicode 文本）编码，无法读取。请另存为“CSV UTF-8（逗号分隔）”或 .xlsx。"),
    "import_file_encoding": _("无法识别文件的文字编码。请另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再上传。"),
    "import_file_binary": _("文件中有无法识别的内容，不像是 CSV 文件。请上传 CSV 或 .xlsx 文件。"),
    "import_file_csv_broken": _("CSV 文件格式有误（例如引号没有成对出现），无法读取。请用 Excel 重新保存后再上传。"),
    "import_file_purged": _("这个批次的文件已超过保留期限并已删除，请重新上传。"),
    # The header row (imports.engine)
    "import_header_blank": _("第 %(position)s 列没有列名。请删除这一列，或填写模板中的列名。"),
    "import_header_unknown": _("无法识别这个列名。请使用模板中的列名（可下载模板对照）。"),
    "import_header_none_known": _(
        "第一行没有可以识别的列名。文件的第一行必须是列名（可下载模板对照）；如果第一行就是数据，请在它上面插入一行列名。"
    ),
    "import_header_repeated": _("这个列名出现了两次，请只保留一列。"),
    "import_header_missing": _("缺少这一必填列。请按模板补上这一列。"),
    # One cell (imports.parsers)
    "import_cell_required": _("必填，不能为空。"),
    "import_cell_invisible": _("含有看不见的字符（如零宽字符、控制字符），请删除后重新输入。"),
    "import_cell_too_long": _("太长了：最多 %(max)s 个字，现在有 %(length)s 个字。"),
    "import_cell_too_short": _("太短了：至少要 %(min)s 个字。"),
    "import_cell_year": _("年度应为四位数字，例如 2024。"),
    "import_cell_year_range": _("年度应在 %(earliest)s 到 %(latest)s 之间。"),
    "import_cell_date": _("日期格式不对。请写成 2024-09-01（也可以是 2024/9/1 或 2024年9月1日）。"),
    "import_cell_date_invalid": _("没有这一天，请核对月份和日期。"),
    "import_cell_date_too_early": _("日期不能早于 %(earliest)s。"),
    "import_cell_date_future": _("日期不能晚于今天。"),
    "import_cell_number": _("应为数字，例如 24 或 12.5。"),
    "import_cell_places": _("最多保留 %(places)s 位小数。"),
    "import_cell_number_range": _("应在 %(minimum)s 到 %(maximum)s 之间。"),
    "import_cell_whole_number": _("应为整数，例如 1。"),
    "import_cell_choice": _("不是可选的值。可以填写：%(choices)s。"),
    "import_cell_yes_no": _("请填写“是”或“否”。"),
    "import_cell_document": _("证件号码有误：%(reason)s"),
    "import_cell_document_shape": _(
        "证件号码格式不对。居民身份证号码为 18 位（末位可为 X）；其他证件为 5–20 位字母或数字。"
        "如果号码在 Excel 中变成了科学计数法或末几位变成 0，请把这一列设为文本格式后重新填写。"
    ),
    "import_cell_certificate_number": _("证书号码应为 17 位数字（早期证书为 15 位）。"),
    "import_cell_code": _("代码只能包含字母、数字、点和连字符。"),
    "import_cell_region_code": _("行政区划代码应为 6 位数字，例如 370102。"),
    # One row (imports.engine, imports.importers)
    "import_row_extra_cell": _("第 %(position)s 列没有列名，其中的内容无法导入。请删除，或补上列名。"),
    "import_row_repeated": _("与第 %(first)s 行是同一条记录，请只保留一行。"),
    "import_row_database": _("这一行无法保存（与已有数据冲突）。请核对后重新导入，仍有问题请联系系统管理员。"),
    "import_row_not_ours": _(
        "已有一条不同的记录，它不是本省导入的（来自其他省份、全国系统或人工录入），本省导入不能修改它。如需更正，请联系原录入单位。"
    ),
    "import_row_document": _("证件号码有误：%(reason)s"),
    "import_row_name": _("姓名有误：%(reason)s"),
    "import_row_certificate_not_here": _(
        "本省的教师资格证书中没有这个证书号码。请核对号码，或确认证书是否由本省认定。"
    ),
    "import_row_certificate_manual": _("这张证书是申请人手动添加的，不能用证书库数据覆盖。请在证书核验中处理。"),
    "import_row_certificate_holder_attached": _(
        "这张证书已关联到持证人的账号，不能通过导入更改持证人姓名或证件号码。如确需更正，请由认定机构核实后处理。"
    ),
    "import_row_qualification_digit": _("资格种类与证书号码第 10 位（%(digit)s）不一致。"),
    "import_row_province_digits": _("所属省份与证书号码第 5–6 位（%(digits)s）不一致。"),
    "import_row_issued_before_year": _("签发日期早于证书号码中的认定年度（%(year)s 年）。"),
    "import_row_unknown_qualification_type": _("没有这个资格种类。请填写资格种类名称（如“小学教师资格”）或代码 1–7。"),
    "import_row_unknown_province": _("没有这个省份代码。请填写省级行政区划代码，例如 370000。"),
    "import_row_school_province_required": _("请填写学校所在省份代码（境外学校可以不填）。"),
    "import_row_validity_order": _("有效期至不能早于有效期起。"),
    "import_row_only_when_qualified": _("只有“注册合格”的记录填写这一列，其他结论请留空。"),
    "import_row_restriction_holder": _("这张证书的持证人证件号码与本行的证件号码不一致。"),
    "import_row_end_before_start": _("截止日期应晚于生效日期。"),
    "import_row_unknown_code": _("“%(table)s”中没有这个值。请填写代码表中的名称或代码。"),
    "import_row_record_locked": _("这条记录已被报名使用，不能修改。"),
    "import_row_unknown_region": _("没有这个现行的行政区划代码。"),
    "import_row_email": _("电子邮箱格式不对。"),
    "import_row_province_parent": _("省级机构的上级是资格中心，这一列请留空。"),
    "import_row_parent_required": _("请填写上级机构的行政区划代码。"),
    "import_row_parent_unknown": _("这个行政区划没有比本行层级更高的注册机构。请先导入上级机构，或核对代码。"),
    "import_row_parent_ambiguous": _(
        "这个行政区划有多个同一层级的注册机构，无法确定上级。请联系系统管理员整理机构数据。"
    ),
    "import_row_agency_ambiguous": _(
        "这个行政区划已有多个同一层级的机构，无法确定要更新哪一个。请联系系统管理员整理机构数据。"
    ),
    "import_row_no_national_centre": _("系统中还没有资格中心（国家级机构），无法导入省级机构。"),
    "import_row_scope_for_points": _("只有确认点填写确认范围。"),
    "import_row_own_parent": _("上级代码不能是本行自己的代码。"),
    "import_row_tree_parent_unknown": _("找不到上级代码。上级须在文件中更靠前的行，或已在系统中。"),
    "import_row_unknown_stage": _("没有这个学段代码。"),
    # The batch (imports.services, office import pages)
    "import_not_committable": _("这个批次不能导入：只有检查通过、还没有导入的批次才能确认导入。"),
    "import_checked": _("检查通过，没有发现问题。请核对下面的结果，再点“确认导入”。"),
    "import_has_problems": _("检查发现问题，数据没有导入。请按错误明细修改文件后重新上传。"),
    "import_unreadable": _("文件无法读取，数据没有导入。"),
    "import_committed": _("已导入：新增 %(created)s 条，更新 %(updated)s 条，无变化 %(unchanged)s 条。"),
    "import_commit_refused": _(
        "确认导入时发现新的问题（数据可能在检查后有变化），已全部撤销，没有写入任何数据。请查看错误明细。"
    ),
    "import_file_required": _("请选择要上传的文件。"),
    # end Imports ---------------------------------------------------------------------------
    # 后台采集 (teacherreg.registration.services.office_entry; issue 6 item 4) ---------------
    "entry_no_agency": _("只有注册机构的初审人员可以后台采集。"),
    "entry_name_mismatch": _(
        "该证件号码已有账号，但姓名与账号中已登记的姓名不一致。请核对证件原件；确需更名的，请申请人先办理实名核验。"
    ),
    "entry_account_disabled": _("该证件号码的账号已停用，不能代为录入。请联系系统管理员。"),
    "entry_other_agency": _("只能录入到本机构的确认点。请重新选择确认点。"),
    "entry_identity_not_checked": _("请先当面核验申请人的身份证件原件，并勾选确认。"),
    "entry_pledge_not_signed": _("请让申请人在纸质《个人承诺书》上签字，并勾选确认。"),
    "entry_photo_required": _("申请人还没有照片，请上传一张照片。"),
    "entry_photo_unusable": _("照片无法处理：%(reason)s"),
    "entry_session_over": _("录入已超时或已完成，请重新查找教师。"),
    # end 后台采集 ---------------------------------------------------------------------------
}


def message_for(code: str, **params: Any) -> str:
    template = MESSAGES.get(code)
    if template is None:
        return code
    text = str(template)
    return text % params if params else text
