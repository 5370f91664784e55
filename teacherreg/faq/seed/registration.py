"""定期注册相关问题 (19–32). Facts: domain.md §1, §2.2, §3, §7.3, §8; P2, P8, P13–P19; the
business platform, the seven steps, the applications pages and the public 公示 pages."""

from __future__ import annotations

from teacherreg.faq.seed.base import C, Seed, answer

REGISTRATION: tuple[Seed, ...] = (
    Seed(
        19,
        C.REGISTRATION,
        "哪些教师需要定期注册？多久注册一次？",
        answer(
            "公办幼儿园、中小学和中等职业学校中在编在岗的教师需要注册；民办学校的教师是否注册，按本省规定办理。"
            "特岗教师在入编之后再注册。不在注册范围内的人不办理定期注册，手中的证书仍然有效。",
            "新教师在试用期满、考核合格之日起 60 日内申请首次注册，以后每 5 年注册一次。",
        ),
        "Which teachers need periodic registration, and how often?",
        answer(
            "Teachers on the staff establishment and in post at public kindergartens, primary and secondary "
            "schools and secondary vocational schools need to register; whether teachers at private schools "
            "register follows the rules of the province. Special-post teachers register once they are placed on "
            "the establishment. People outside the scope of registration do not go through periodic "
            "registration, and their certificates remain valid.",
            "A new teacher applies for first registration within 60 days of the day the probation period ends "
            "with a satisfactory appraisal, and then registers every 5 years.",
        ),
    ),
    Seed(
        20,
        C.REGISTRATION,
        "什么时候可以报名？在哪里查网报时间？",
        answer(
            "网上报名（网报）的时间由各地注册机构安排，各地不同。请从“网上办事”进入“中小学教师资格定期注册”，"
            "用“网报时间查询”依次选择省、市、现任教学段和注册机构，页面会显示网报时间和可以选择的确认点。",
            "网报时间从开始日 0 点起，到结束日 24 点止，按北京时间计算。查询结果提示注册机构没有开展注册工作、"
            "还没有安排网报时间或确认点的，请关注当地通知或直接联系该注册机构。",
        ),
        "When can I apply, and where do I find the application window?",
        answer(
            "The times for online applications are set by each registration agency and differ from place to "
            'place. Go from "Online services" to "School Teacher Qualification Periodic Registration" and use '
            '"Application window search": choose the province, city, current teaching stage and registration '
            "agency in turn, and the page shows the application window and the confirmation points you can "
            "choose.",
            "An application window runs from 0:00 on its first day to 24:00 on its last day, Beijing time. If "
            "the search says that the registration agency is not carrying out registration, or has not yet set "
            "an application window or confirmation points, watch for local notices or contact that registration "
            "agency directly.",
        ),
    ),
    Seed(
        21,
        C.REGISTRATION,
        "网上报名分几步？中途退出，填好的内容会丢失吗？",
        answer(
            "先查询网报时间、选择确认点并通过资格预检，然后依次完成七步：网上申报协议、填写注册信息、选择注册机构、"
            "确认申报信息、注意事项、提交注册申请、申报提醒。",
            "不会丢失。每一步保存后都记在您的账号里，关掉浏览器、换一台电脑或者第二天再登录，"
            "都会回到第一个还没有完成的步骤接着填。",
            "提交时账号必须已经通过实名核验（见常见问题 6）。看到注册报名号，才表示申请已经提交成功。",
        ),
        "How many steps does the online application have? If I stop halfway, do I lose what I have entered?",
        answer(
            "First look up the application window, choose a confirmation point and pass the eligibility "
            'pre-check, then complete seven steps in order: "Online application agreement", "Enter registration '
            'details", "Choose a registration agency", "Check your answers", "Notes", "Submit registration '
            'application" and "What to do next".',
            "No. Each step is kept in your account once saved. If you close the browser, use another computer or "
            "sign in again the next day, you go back to the first step you have not finished and carry on from "
            "there.",
            "Your account must have passed real-name verification when you submit (see Common question 6). "
            "Your application has been submitted only when you see your application number.",
        ),
    ),
    Seed(
        22,
        C.REGISTRATION,
        "报名照片有什么要求？照片不合格怎么办？",
        answer(
            "请使用近期免冠、正面、白色或浅色背景的彩色证件照，头部和双肩完整。文件要求：JPG 格式，宽 290 到 300 像素、"
            "高 408 到 418 像素，大小在 50 KB 到 200 KB 之间。",
            "照片不符合要求时，可以点“帮我处理”：上传手机拍的 JPG、"
            "PNG 或 HEIC 照片（不超过 15 MB），拖动裁剪框对准头肩，"
            "系统会把照片裁成 295×413 像素、压缩到合适大小，"
            "并去掉拍摄时间、地点等信息。处理结果要您看过并确认后才会使用。",
            "黑白照片无法转成彩色，请换一张彩色照片。",
        ),
        "What are the requirements for the application photo, and what if my photo does not meet them?",
        answer(
            "Use a recent colour ID photo, without a hat, facing the camera, on a white or light background, "
            "showing your whole head and both shoulders. File requirements: JPG format, 290 to 300 pixels wide "
            "and 408 to 418 pixels high, between 50 KB and 200 KB in size.",
            'If your photo does not meet the requirements, click "Fix my photo": upload a JPG, PNG or HEIC photo '
            "taken with your phone (up to 15 MB) and drag the crop frame over your head and shoulders. The "
            "system crops the photo to 295 x 413 pixels, compresses it to a suitable size and removes details "
            "such as when and where it was taken. The result is used only after you have looked at it and "
            "confirmed it.",
            "A black-and-white photo cannot be turned into colour; please use a colour photo instead.",
        ),
    ),
    Seed(
        23,
        C.REGISTRATION,
        "提交以后还能修改或撤回吗？",
        answer(
            "注册结论为“网报待确认”时，可以在“查询报名信息”中修改第二步填写的信息和照片，截止到确认点的确认结束日期。"
            "所选的证书和注册机构不能修改；需要更换的，可以先撤回这份申请，再在网报时间内重新报名。",
            "确认点确认以后就不能自己修改了。确实需要修改的，"
            "可以在报名详情中点“申请退回修改”，写明原因，由注册机构处理。",
            "修改后申请表会按新内容重新生成，请重新下载打印，旧的申请表作废。",
        ),
        "Can I still change or withdraw my application after submitting it?",
        answer(
            'While the registration conclusion is "Awaiting confirmation", you can change the details you '
            'entered in the second step and your photo under "My applications", up to the confirmation end date '
            "of the confirmation point. The chosen certificate and registration agency cannot be changed; to "
            "change them, withdraw this application first and apply again within the application window.",
            "Once the confirmation point has confirmed it, you can no longer change it yourself. If a change is "
            'really needed, click "Ask to make changes" in the application details, give the reason, and the '
            "registration agency will deal with it.",
            "After a change, the application form is generated again with the new details. Download and print it "
            "again; the old form is no longer valid.",
        ),
    ),
    Seed(
        24,
        C.REGISTRATION,
        "申请表在哪里下载？打印几份？",
        answer(
            "提交成功后，在“申报提醒”页面或“查询报名信息”中点“申请表下载”即可，也可以先点“申请表预览”在浏览器中查看。"
            "申请表在您下载时按最新的报名信息生成，提交或修改之后马上就能下载，不需要等待。",
            "请打印一式两份，交任教学校填写意见并盖章，现场确认时带到确认点。",
        ),
        "Where do I download the application form, and how many copies do I print?",
        answer(
            'After submitting, click "Download application form" on the "What to do next" page or under "My '
            'applications"; you can also click "Preview application form" first to view it in the browser. The '
            "form is generated from your latest application details when you download it, so you can download it "
            "straight after submitting or changing your application, without waiting.",
            "Print two copies, give them to the school where you teach to add its comments and stamp, and bring "
            "them to the confirmation point for on-site confirmation.",
        ),
    ),
    Seed(
        25,
        C.REGISTRATION,
        "现场确认要带什么？错过确认时间会怎样？",
        answer(
            "请在所选确认点的确认时间内，带上申请表、教师资格证书原件和身份证件，以及确认点注意事项中要求的其他材料，"
            "例如年度考核、师德考核和培训学时的证明。确认点和确认时间写在“申报提醒”页面和报名详情中。",
            "材料不齐或信息有误的，确认点会退回修改并留言说明，按留言改好后再确认。",
            "到确认结束日期仍未确认的申请，会变为“逾期未确认”，不再办理；需要注册的，请在以后的网报时间重新报名。",
        ),
        "What do I bring to on-site confirmation, and what if I miss the confirmation dates?",
        answer(
            "Within the confirmation dates of the confirmation point you chose, bring the application form, your "
            "original teacher qualification certificate and your identity document, plus any other materials "
            "required in the confirmation point's notes, such as proof of annual assessments, professional "
            'ethics assessments and training hours. The confirmation point and dates are shown on the "What to '
            'do next" page and in the application details.',
            "If materials are missing or details are wrong, the confirmation point returns the application for "
            "changes and leaves a message saying why; make the changes the message asks for and then have it "
            "confirmed.",
            'An application still not confirmed by the confirmation end date becomes "Not confirmed in time" and '
            "is not processed any further; if you need to register, apply again in a later application window.",
        ),
    ),
    Seed(
        26,
        C.REGISTRATION,
        "报名信息中显示的注册结论分别是什么意思？",
        answer(
            "网报待确认：已经网上提交，等待您到确认点现场确认；其中“已退回修改”表示确认点请您修改或补充。",
            "待注册审批：确认点已经确认，正在由注册机构逐级审核（初审、复核、终审，有的省不设复核）。",
            "公示中：注册机构的初审意见正在公示。注册合格：本次注册通过，页面会显示有效期。"
            "暂缓注册、注册不合格：页面会写明原因。已撤回、逾期未确认：这份申请不再办理。",
        ),
        "What do the registration conclusions shown in my application details mean?",
        answer(
            "Awaiting confirmation: submitted online and waiting for you to go to the confirmation point for "
            'on-site confirmation; "Returned for changes" means the confirmation point has asked you to change '
            "or add something.",
            "Awaiting review: the confirmation point has confirmed it, and the registration agencies are "
            "reviewing it level by level (first review, second review and final review; some provinces have no "
            "second review).",
            "In public notice: the registration agency's first-review opinion is on public notice. Qualified: "
            "this registration has passed, and the page shows how long it is valid. Deferred, Unqualified: the "
            "page states the reasons. Withdrawn, Not confirmed in time: this application is not processed any "
            "further.",
        ),
    ),
    Seed(
        27,
        C.REGISTRATION,
        "什么是公示？对公示名单有异议怎么办？",
        answer(
            "设有公示环节的省份，注册机构提出初审意见后，会在“网上办事”的“定期注册公示”中公布名单，公示天数由省里规定。"
            "名单上的姓名只显示姓。公示期结束后，申请才进入上一级审核。",
            "对名单中的申请有异议的，请在公示期内点“提出异议”，写明事实和依据。"
            "异议只发给该注册机构核实处理，不会公开，也不会转给被公示的人。",
        ),
        "What is the public notice, and what if I object to an application on the list?",
        answer(
            "In provinces with a public notice stage, once the registration agency has given its first-review "
            'opinion, the list is published under "Periodic registration public notice" in "Online services"; '
            "the province sets how many days it runs. Names on the list show the family name only. Applications "
            "go on to review at the next level only after the notice period ends.",
            'If you object to an application on the list, click "Raise an objection" during the notice period '
            "and state the facts and your grounds. An objection goes only to that registration agency to check "
            "and deal with; it is not made public and is not passed on to the person on the list.",
        ),
    ),
    Seed(
        28,
        C.REGISTRATION,
        "注册合格后有效期多长？什么时候办理下一次注册？",
        answer(
            "每次注册合格的有效期为 5 年，"
            "从作出结论之日和上一次有效期结束的次日中较晚的一天算起，所以提前办理不会吃亏。",
            "下一次注册在有效期届满前的几个月内受理，具体月数由各省规定。"
            "太早报名的，资格预检会告诉您最早可以报名的日期。",
        ),
        "How long is a qualified registration valid, and when do I register next?",
        answer(
            "Each qualified registration is valid for 5 years, counted from the later of the day of the "
            "conclusion and the day after the previous period of validity ends, so applying early costs you "
            "nothing.",
            "The next registration is accepted in the last few months before the period of validity ends; each "
            "province sets how many months. If you apply too early, the eligibility pre-check tells you the "
            "earliest date you can apply.",
        ),
    ),
    Seed(
        29,
        C.REGISTRATION,
        "被暂缓注册或注册不合格，怎么办？",
        answer(
            "结论和原因会显示在报名详情中，并通过短信或邮件通知您。",
            "暂缓注册的，等造成暂缓的情况消除后（例如补足了培训学时），在以后的网报时间重新报名，并带上相关证明。"
            "暂缓注册不影响重新报名。",
            "对结论有疑问的，请联系作出结论的注册机构。",
        ),
        'My registration was "Deferred" or "Unqualified". What do I do?',
        answer(
            "The conclusion and the reasons are shown in the application details, and you are told by text "
            "message or e-mail.",
            "If registration is deferred, apply again in a later application window once whatever caused the "
            "deferral has been resolved (for example, you have made up your training hours), and bring the "
            "relevant proof. A deferral does not stop you from applying again.",
            "If you have questions about the conclusion, contact the registration agency that reached it.",
        ),
    ),
    Seed(
        30,
        C.REGISTRATION,
        "提示“已经提交过定期注册申请”或“证书已有一份申请”，怎么办？",
        answer(
            "同一个注册年度，每人只能提交一份定期注册申请，"
            "同一本证书也只能报名一次。请到“查询报名信息”查看已经提交的申请。",
            "需要换一本证书或换注册机构的，可以在申请还是“网报待确认”时先撤回，再在网报时间内重新报名。",
            "如果那份申请不是您本人提交的，请带上证书原件联系注册机构。",
        ),
        (
            'I am told I have "already submitted a periodic registration application", or that there is "already '
            'a periodic registration application" for the certificate. What do I do?'
        ),
        answer(
            "Each person can submit only one periodic registration application per registration year, and each "
            'certificate can be used to apply only once. See the application already submitted under "My '
            'applications".',
            "If you need to use another certificate or another registration agency, withdraw the application "
            'while it is still "Awaiting confirmation" and then apply again within the application window.',
            "If that application was not submitted by you, take the original certificate and contact the "
            "registration agency.",
        ),
    ),
    Seed(
        31,
        C.REGISTRATION,
        "我有多本教师资格证书，用哪一本报名？",
        answer(
            "请选择与您现在任教的学段和学科相符的那一本；每年只注册一本。",
            "所选证书的资格种类或学科与现任教情况不一致时，"
            "资格预检和确认申报信息页面会提示您。只有一本证书的，按证书上的学科报名即可。",
        ),
        "I have several teacher qualification certificates. Which one do I apply with?",
        answer(
            "Choose the one that matches the teaching stage and subject you teach now; only one certificate is "
            "registered each year.",
            "If the qualification type or subject of the chosen certificate does not match what you teach now, "
            'the eligibility pre-check and the "Check your answers" page point it out. If you have only one '
            "certificate, apply with the subject on it.",
        ),
    ),
    Seed(
        32,
        C.REGISTRATION,
        "怎样知道确认点给我留言，或者注册结论有了变化？",
        answer(
            "确认点或注册机构给您留言、或者注册结论发生变化时，系统会按您选择的通知方式发短信或电子邮件。"
            "短信只提醒您有新消息，不含个人信息，请登录查看。",
            "通知方式和留言都在“查询报名信息”中：留言可以查看和回复；通知方式可以选择短信、电子邮件或两者都要。",
        ),
        "How do I know when a confirmation point has left me a message, or my registration conclusion has changed?",
        answer(
            "When a confirmation point or registration agency leaves you a message, or your registration "
            "conclusion changes, the system sends a text message or an e-mail, as you chose. Text messages only "
            "tell you there is something new and contain no personal information; sign in to read it.",
            'Both "How to notify me" and "Messages" are under "My applications": you can read and reply to '
            "messages, and choose to be notified by text message, by e-mail or both.",
        ),
    ),
)
