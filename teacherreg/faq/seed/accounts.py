"""账号问题 (1–8) and 认定申请问题 (9–12). Facts: P1, P3, P4, P6–P9, P12; the sign-up, login,
password-reset, identity and personal-centre pages of this system."""

from __future__ import annotations

from teacherreg.faq.seed.base import C, Seed, answer

ACCOUNT: tuple[Seed, ...] = (
    Seed(
        1,
        C.ACCOUNT,
        "怎样注册账号？需要准备什么？",
        answer(
            "点页面顶部的“登录”，再在登录页点“注册账号”。注册分三步：先填写一个能收短信的中国大陆手机号码并输入收到的验证码，"
            "再填写证件类型、证件号码、姓名、民族、电子邮箱和登录密码，最后提交即可。",
            "可以使用的证件有居民身份证、港澳台居民居住证、港澳居民来往内地通行证、台湾居民来往大陆通行证、"
            "外国人永久居留身份证和护照。"
            "使用 18 位证件号码的，性别和出生日期由号码自动得出，不用填写。",
            "一个证件号码只能注册一个账号，注册以后证件号码不能再改，提交前请逐位核对。",
        ),
        "How do I create an account, and what do I need?",
        answer(
            'Click "Sign in" at the top of the page, then "Create an account" on the sign-in page. Signing up '
            "takes three steps: first enter a mainland China mobile number that can receive text messages and "
            "type in the code sent to it; then fill in your document type, document number, name, ethnic group, "
            "e-mail address and a password; finally, submit.",
            "You can use a resident identity card, a residence permit for Hong Kong, Macao and Taiwan residents, "
            "a mainland travel permit for Hong Kong and Macao residents, a mainland travel permit for Taiwan "
            "residents, a foreign permanent resident ID card or a passport. With an 18-digit document number, "
            "your sex and date of birth are worked out from the number, so you do not enter them.",
            "One document number can have only one account, and the document number cannot be changed after you "
            "sign up, so check it digit by digit before you submit.",
        ),
    ),
    Seed(
        2,
        C.ACCOUNT,
        "登录时账号填什么？密码连续输错会怎样？",
        answer(
            "账号就是注册时填写的证件号码，末位的字母 X 大写、小写都可以。",
            "同一个账号连续输错 5 次密码，会被锁定 15 分钟，之后可以再试。记不清密码时，"
            "建议直接用“忘记密码”重新设置，不要反复猜测（见常见问题 3）。",
        ),
        "What do I enter as my account when I sign in? What happens if I get the password wrong several times?",
        answer(
            "Your account is the document number you gave when you signed up. A final letter X can be typed in "
            "upper or lower case.",
            "After 5 wrong passwords in a row, the account is locked for 15 minutes; then you can try again. If "
            'you are not sure of your password, set a new one with "Forgot password" rather than guessing again '
            "and again (see Common question 3).",
        ),
    ),
    Seed(
        3,
        C.ACCOUNT,
        "忘记密码了怎么办？",
        answer(
            "在登录页点“忘记密码”，选择证件类型，填写证件号码和姓名。三项都与账号一致，才能进入下一步。",
            "然后可以任选一种方式重新设置密码：向注册邮箱发送重置链接（24 小时内有效），"
            "或向注册手机发送短信验证码；已经在个人信息中心绑定微信的，还可以用绑定的微信扫码。",
            "手机号码和邮箱都已经不能使用的，请通过咨询服务联系我们，核实身份后协助处理。",
        ),
        "I have forgotten my password. What do I do?",
        answer(
            'On the sign-in page, click "Forgot password", choose your document type and enter your document '
            "number and name. You can go on to the next step only if all three match your account.",
            "Then choose any one way to set a new password: have a reset link sent to your account e-mail (valid "
            "for 24 hours), or have an SMS code sent to your account mobile. If you have linked WeChat in the "
            "personal information centre, you can also scan a code with the linked WeChat.",
            "If neither your mobile number nor your e-mail address can be used any more, contact us through "
            '"Help and contact"; we will help once we have confirmed who you are.',
        ),
    ),
    Seed(
        4,
        C.ACCOUNT,
        "2019 年 3 月 1 日以前注册的账号，为什么找不回密码？",
        answer(
            "这些旧账号当年注册时没有验证手机号码，系统无法确认找回密码的人就是账号本人，所以不为它们重置密码。",
            "请用同一个证件号码重新注册：验证手机号码后，系统会发现这个证件号码已有旧账号，"
            "请您通过实名核验。核验通过后，新注册的信息接管旧账号，旧账号中的证书和办理记录都会保留。",
        ),
        "Why can't I reset the password of an account created before 1 March 2019?",
        answer(
            "The mobile number was not verified when these old accounts were created, so the system cannot be "
            "sure that the person asking for a new password is the account holder. Their passwords are therefore "
            "not reset.",
            "Sign up again with the same document number: after your mobile number is verified, the system finds "
            "that this document number already has an old account and asks you to pass real-name verification. "
            "Once you pass, the new sign-up details take over the old account, and the certificates and records "
            "in the old account are kept.",
        ),
    ),
    Seed(
        5,
        C.ACCOUNT,
        "收不到短信验证码，或者提示获取太频繁，怎么办？",
        answer(
            "短信验证码是 6 位数字，5 分钟内有效，只能用一次；输错 5 次后作废，需要重新获取。",
            "两次获取之间至少间隔 60 秒。同一个手机号码每小时最多获取 5 次、"
            "每天最多 10 次，超过后请按页面提示的时间再试。",
            "一直收不到的，请确认号码填写正确、手机能正常接收短信，并查看短信是否被手机的安全软件拦截。",
        ),
        "I do not receive the SMS code, or I am told I am asking for codes too often. What do I do?",
        answer(
            "An SMS code has 6 digits, is valid for 5 minutes and can be used only once; after 5 wrong tries it "
            "stops working and you need a new one.",
            "Wait at least 60 seconds between two requests. One mobile number can get at most 5 codes an hour "
            "and 10 a day; after that, try again at the time the page shows.",
            "If codes never arrive, check that the number is right and that your phone receives text messages "
            "normally, and see whether a security app on the phone has blocked them.",
        ),
    ),
    Seed(
        6,
        C.ACCOUNT,
        "什么是实名核验？必须做吗？核验不通过怎么办？",
        answer(
            "实名核验是用公安部门的身份信息核对您的姓名和居民身份证号码。登录和填写报名草稿不需要先核验，"
            "但提交定期注册申请之前，账号必须已经通过实名核验。",
            "每天最多核验 3 次；核验服务暂时连不上的，不计次数。不通过时，请先逐字核对姓名，"
            "特别是生僻字和少数民族姓名中的间隔号“·”。",
            "姓名和号码都正确却仍不通过，可能是公安系统中的信息还没有更新。可以先开通居民身份证网上功能凭证（网证）"
            "后再核验；仍不通过的，请申请人工审核（见常见问题 7）。",
        ),
        "What is real-name verification? Do I have to do it? What if it fails?",
        answer(
            "Real-name verification checks your name and resident identity card number against the identity "
            "records of the public security authorities. You do not need it to sign in or to fill in a draft "
            "application, but your account must have passed it before you submit a periodic registration "
            "application.",
            "You can try at most 3 times a day; tries made while the verification service cannot be reached do "
            "not count. If it fails, first check your name character by character, especially rare characters "
            'and the separator dot "·" in ethnic minority names.',
            "If both your name and your number are right and it still fails, the public security records may not "
            "have been updated yet. You can first activate the online ID credential (网证) and then try again; if "
            "it still fails, ask for a manual review (see Common question 7).",
        ),
    ),
    Seed(
        7,
        C.ACCOUNT,
        "人工审核怎样申请？要等多久？",
        answer(
            "在线实名核验不通过，或者您的证件不是居民身份证（这类证件无法在线核验），可以在实名核验页面申请人工审核，"
            "上传证件正面和反面的照片各一张（JPG 格式）。",
            "工作人员在 7 个工作日内给出结论，法定节假日不计算在内。"
            "结论会通过短信和电子邮件通知，也可以回到实名核验页面查看。",
            "审核期间不能再做在线实名核验，但可以先填写报名草稿，审核通过后再提交。未通过的，页面会写明原因，"
            "按原因处理后可以重新提交。",
        ),
        "How do I ask for a manual review, and how long does it take?",
        answer(
            "If online real-name verification fails, or your document is not a resident identity card (such "
            "documents cannot be verified online), you can ask for a manual review on the real-name verification "
            "page and upload one photo of the front and one of the back of your document (JPG format).",
            "Staff reach a decision within 7 working days; public holidays do not count. You are told the "
            "decision by text message and e-mail, and you can also see it on the real-name verification page.",
            "During the review you cannot try online real-name verification again, but you can fill in a draft "
            "application and submit it once the review has passed. If the review does not pass, the page says "
            "why; deal with the reason and you can submit again.",
        ),
    ),
    Seed(
        8,
        C.ACCOUNT,
        "手机号码、电子邮箱或姓名需要修改，怎么办？",
        answer(
            "手机号码和电子邮箱在个人信息中心修改，修改前要再输入一次当前密码。新手机号码需要接收短信验证码，"
            "新邮箱需要点击确认邮件中的链接（24 小时内有效）才会生效。",
            "姓名只能通过实名核验更改：用新姓名重新核验，通过后账号姓名自动更新，尚未现场确认的报名也会随之更新；"
            "已经现场确认的报名仍使用确认时的姓名，如需更改请联系注册机构。",
            "证件号码、性别和出生日期不能修改。",
        ),
        "How do I change my mobile number, e-mail address or name?",
        answer(
            "Change your mobile number and e-mail address in the personal information centre; you need to enter "
            "your current password again first. A new mobile number takes effect once it has received an SMS "
            "code, and a new e-mail address once you click the link in the confirmation e-mail (valid for 24 "
            "hours).",
            "Your name can be changed only through real-name verification: verify again with the new name, and "
            "once it passes, the name on your account is updated automatically, as are your applications that "
            "have not yet had on-site confirmation. Applications already confirmed on site keep the name used at "
            "confirmation; to change it, contact the registration agency.",
            "Your document number, sex and date of birth cannot be changed.",
        ),
    ),
)

CERTIFICATION: tuple[Seed, ...] = (
    Seed(
        9,
        C.CERTIFICATION,
        "可以在这个平台申请教师资格认定吗？",
        answer(
            "不可以。本平台办理的是中小学教师资格定期注册，以及与它相关的证书查询。",
            "教师资格认定有单独的申报系统，由各地认定机构受理。"
            "认定的申报时间、条件和材料，请以当地认定机构发布的公告为准。",
        ),
        "Can I apply for teacher qualification certification on this platform?",
        answer(
            "No. This platform handles periodic registration of school teacher qualifications, and the "
            "certificate queries that go with it.",
            "Teacher qualification certification has its own application system, and applications are accepted "
            "by the local certifying authorities. For when to apply, the conditions and the materials, follow "
            "the notices published by your local certifying authority.",
        ),
    ),
    Seed(
        10,
        C.CERTIFICATION,
        "教师资格认定和定期注册有什么区别？",
        answer(
            "认定解决的是“能不能取得教师资格”：申请人符合条件，认定机构颁发教师资格证书。",
            "定期注册针对已经持证、正在学校任教的教师：入职试用期满后首次注册，以后每 5 年注册一次，"
            "由注册机构根据师德、年度考核和培训等情况作出注册结论。定期注册时使用的就是认定时取得的证书。",
        ),
        "What is the difference between teacher qualification certification and periodic registration?",
        answer(
            'Certification answers the question "can you hold a teacher qualification?": if the applicant meets '
            "the conditions, the certifying authority issues a teacher qualification certificate.",
            "Periodic registration is for teachers who already hold a certificate and teach in a school: a first "
            "registration once the probation period of the new post is over, then a registration every 5 years. "
            "The registration agency reaches a registration conclusion from professional ethics, annual "
            "assessments, training and the like. Periodic registration uses the certificate obtained at "
            "certification.",
        ),
    ),
    Seed(
        11,
        C.CERTIFICATION,
        "刚取得教师资格证书，什么时候能在这里看到？",
        answer(
            "通过全国教师资格管理信息系统认定的证书，会同步到本平台。登录后在个人信息中心的“教师资格证书信息”中查看。",
            "只有证书上的姓名和证件号码与您的账号一致，证书才会列在您的名下。"
            "没有看到的，可以在同一页面用“我的证书为什么不在这里？”输入证书号码查找原因。",
        ),
        "I have just got my teacher qualification certificate. When will I see it here?",
        answer(
            "Certificates granted through the national teacher qualification information system are synced to "
            'this platform. Sign in and look under "Teacher qualification certificates" in the personal '
            "information centre.",
            "A certificate is listed under your name only if the name and document number on it match your "
            'account. If you cannot see it, use "Why isn\'t my certificate here?" on the same page and enter the '
            "certificate number to find out why.",
        ),
    ),
    Seed(
        12,
        C.CERTIFICATION,
        "认定时登记的信息有误，会影响定期注册吗？",
        answer(
            "会。定期注册使用证书上登记的信息，例如姓名、证件号码、资格种类和任教学科，这些信息在本平台不能修改。",
            "发现有误的，请先向颁发证书的认定机构申请更正；做过首次注册的，也请告知当时的注册机构。更正完成后再报名，"
            "以免现场确认时因信息不一致而被退回。",
        ),
        "The details recorded at certification are wrong. Does that affect periodic registration?",
        answer(
            "Yes. Periodic registration uses the details recorded on the certificate, such as name, document "
            "number, qualification type and teaching subject, and they cannot be changed on this platform.",
            "If you find a mistake, first ask the certifying authority that issued the certificate to correct "
            "it; if you have had a first registration, also tell the registration agency that handled it. Apply "
            "only once the correction is done, so that your application is not returned at on-site confirmation "
            "because the details do not match.",
        ),
    ),
)
