"""证书相关问题 (13–18), 考试相关问题 (33–36) and 姓名生僻字问题 (37–42). Facts: domain.md §5,
P5, P13; the certificate pages, the third-party query, the name rules in
``accounts.validation`` and the application form's fonts (``registration.pdf.fonts``)."""

from __future__ import annotations

from teacherreg.faq.seed.base import C, Seed, answer

CERTIFICATE: tuple[Seed, ...] = (
    Seed(
        13,
        C.CERTIFICATE,
        "“教师资格证书信息”里为什么没有我的证书？",
        answer(
            "这里自动列出全国教师资格管理信息系统中、姓名和证件号码都与您的账号一致的证书：2008 年起认定的证书"
            "（广西壮族自治区从 2012 年起），以及更早认定但已经做过首次注册的证书。",
            "更早认定、又没有做过首次注册的证书不会自动出现，需要您手动添加（见常见问题 14）。",
            "应该出现却没有出现的，请在同一页面点“我的证书为什么不在这里？”，输入证书号码，"
            "系统会对照全国系统的记录告诉您原因，例如证书上的姓名或证件号码与账号不一致。",
        ),
        'Why is my certificate missing from "Teacher qualification certificates"?',
        answer(
            "This page automatically lists the certificates in the national teacher qualification information "
            "system whose name and document number both match your account: certificates granted from 2008 (from "
            "2012 in the Guangxi Zhuang Autonomous Region), and older certificates that have already had a first "
            "registration.",
            "Older certificates that have not had a first registration do not appear automatically; you need to "
            "add them yourself (see Common question 14).",
            'If a certificate should be there but is not, click "Why isn\'t my certificate here?" on the same '
            "page and enter the certificate number. The system compares it with the national records and tells "
            "you why, for example that the name or document number on the certificate does not match your "
            "account.",
        ),
    ),
    Seed(
        14,
        C.CERTIFICATE,
        "2008 年以前认定的证书怎样添加？",
        answer(
            "在“教师资格证书信息”页面点“添加教师资格证书信息”，按证书上印的内容填写证书号码、资格种类、任教学科、"
            "认定机构和签发日期，并上传一张证书照片（JPG 格式，不超过 190 KB）。",
            "提交后证书显示为“待核验”，由工作人员核对。"
            "核验期间也可以用这本证书报名定期注册，现场确认时请带上证书原件。",
            "核验不通过的，页面会写明原因，修改后可以重新提交。"
            "2008 年 8 月 1 日以后签发的证书（广西除外）由系统同步，不能手动添加。",
        ),
        "How do I add a certificate granted before 2008?",
        answer(
            'On the "Teacher qualification certificates" page, click "Add a teacher qualification certificate". '
            "Enter the certificate number, qualification type, teaching subject, certifying authority and issue "
            "date as printed on the certificate, and upload a photo of the certificate (JPG format, no more than "
            "190 KB).",
            'After you submit, the certificate shows as "Awaiting check" while staff check it. During the check '
            "you can already apply for periodic registration with this certificate; bring the original "
            "certificate to on-site confirmation.",
            "If the check fails, the page says why; correct the details and submit again. Certificates issued "
            "after 1 August 2008 (except in Guangxi) are synced by the system and cannot be added by hand.",
        ),
    ),
    Seed(
        15,
        C.CERTIFICATE,
        "添加证书时提示证书号码“不规范”或“无此教师资格”，怎么办？",
        answer(
            "教师资格证书号码应为 15 位或 17 位数字，号码中还包含认定年度、省份和资格种类等信息，系统会逐项核对。",
            "提示“不规范”的，请先核对是否抄错；证书上的号码本身就不符合规则的，"
            "需要先到发证机关规范证书号码，再办理定期注册。",
            "提示“无此教师资格”或号码年度不在可添加范围内的，请带上证书原件向发证机关确认。",
        ),
        ('When I add a certificate, I am told the number is invalid or "No such teacher qualification". What do I do?'),
        answer(
            "A teacher qualification certificate number has 15 or 17 digits, and it also encodes the year of "
            "certification, the province, the qualification type and more, which the system checks one by one.",
            "If you are told the number is invalid, first check that you copied it correctly. If the number "
            "printed on the certificate itself breaks the rules, ask the issuing authority to correct the "
            "certificate number before you apply for periodic registration.",
            'If you are told "No such teacher qualification", or that the year in the number is outside the '
            "years that can be added, take the original certificate to the issuing authority and check with "
            "them.",
        ),
    ),
    Seed(
        16,
        C.CERTIFICATE,
        "证书上的姓名、学科等信息有错，怎么更正？",
        answer(
            "从全国系统同步来的证书信息，以认定机构的记录为准，"
            "本平台和注册机构都不能直接修改。请向颁发证书的认定机构申请更正，"
            "更正后的信息会重新同步过来。",
            "您手动添加的证书核验未通过的，可以按页面写明的原因修改后重新提交；还在核验中、又发现填错的，"
            "可以先删除再重新添加（已经用于报名的除外）；已经核验通过的，请联系认定机构。",
        ),
        "The name, subject or other details on my certificate are wrong. How do I get them corrected?",
        answer(
            "For certificate details synced from the national system, the certifying authority's records are "
            "what count; neither this platform nor the registration agency can change them directly. Ask the "
            "certifying authority that issued the certificate to correct them; the corrected details will then "
            "be synced here again.",
            "If a certificate you added yourself fails the check, correct it as the page explains and submit it "
            "again. If it is still being checked and you find a mistake, you can delete it and add it again "
            "(unless it has already been used in an application). If it has already passed the check, contact "
            "the certifying authority.",
        ),
    ),
    Seed(
        17,
        C.CERTIFICATE,
        "学校或用人单位怎样核对一本教师资格证书？",
        answer(
            "使用“证书查询”中的“其他查询”，不需要注册账号。需要填写持证人的姓名、身份证件号码和教师资格证书号码，"
            "完成图形验证，再用查询人自己的手机接收短信验证码。",
            "三项信息全部一致时才显示证书信息。能查到的范围与常见问题 13 所说的相同；"
            "更早认定的证书，请向发证的认定机构核实。",
            "持证人查询自己的证书，请登录后使用“本人查询”。",
        ),
        "How can a school or employer check a teacher qualification certificate?",
        answer(
            'Use "Third-party query" under "Certificate query"; no account is needed. Enter the holder\'s name, '
            "identity document number and teacher qualification certificate number, complete the security check, "
            "and receive an SMS code on the mobile phone of the person making the query.",
            "Certificate details are shown only when all three items match. The certificates that can be found "
            "are the same as described in Common question 13; for older certificates, check with the "
            "certifying authority that issued them.",
            'Holders checking their own certificates should sign in and use "Own query".',
        ),
    ),
    Seed(
        18,
        C.CERTIFICATE,
        "高等学校教师资格证书能用来定期注册吗？证书遗失了怎么办？",
        answer(
            "不能。中小学教师资格定期注册只适用于幼儿园、小学、初级中学、高级中学和中等职业学校的教师资格证书；"
            "高等学校教师资格证书（证书号码第 10 位为 7）不需要、也不能在这里添加或报名。",
            "证书遗失或损坏的，请向原认定机构申请补发或换发。"
            "现场确认时一般要出示证书原件，补发期间如何办理，请事先咨询确认点。",
        ),
        (
            "Can a higher education teacher qualification certificate be used for periodic registration? What if "
            "my certificate is lost?"
        ),
        answer(
            "No. Periodic registration of school teacher qualifications covers only teacher qualification "
            "certificates for kindergartens, primary schools, junior secondary schools, senior secondary schools "
            "and secondary vocational schools. A higher education teacher qualification certificate (the 10th "
            "digit of the certificate number is 7) neither needs to be nor can be added or used to apply here.",
            "If your certificate is lost or damaged, ask the original certifying authority to reissue or replace "
            "it. You normally have to show the original certificate at on-site confirmation; ask the "
            "confirmation point in advance what to do while the replacement is being issued.",
        ),
    ),
)

EXAM: tuple[Seed, ...] = (
    Seed(
        33,
        C.EXAM,
        "教师资格考试在哪里报名、查成绩？",
        answer(
            "不在本平台。中小学教师资格考试的报名、缴费、准考证和成绩查询，都在教师资格考试的专门网站办理，"
            "有关问题请咨询考试的组织机构。",
        ),
        "Where do I register for the teacher qualification examination and check my results?",
        answer(
            "Not on this platform. Registration, payment, admission tickets and results for the school teacher "
            "qualification examination are all handled on the examination's own website; please ask the "
            "examination organisers about them.",
        ),
    ),
    Seed(
        34,
        C.EXAM,
        "定期注册需要提供考试成绩或考试合格证明吗？",
        answer(
            "不需要。考试合格是申请认定的条件之一；定期注册面对的是已经取得证书的教师，"
            "注册机构看的是注册有效期内的师德表现、年度考核和培训学时等情况。",
        ),
        "Do I need to provide examination results or proof of passing the examination for periodic registration?",
        answer(
            "No. Passing the examination is one of the conditions for applying for certification. Periodic "
            "registration is for teachers who already hold a certificate; the registration agency looks at "
            "professional ethics, annual assessments, training hours and the like during the period of validity "
            "of the registration.",
        ),
    ),
    Seed(
        35,
        C.EXAM,
        "考试作弊会影响定期注册吗？",
        answer(
            "会。因考试作弊被认定教师资格无效的，3 年内不能申请定期注册。报名前的资格预检会提示这种情况，"
            "并显示可以重新申请的日期。",
            "对记录有异议的，请联系原发证机构。",
        ),
        "Does cheating in the examination affect periodic registration?",
        answer(
            "Yes. If your teacher qualification was declared invalid because of cheating in the examination, you "
            "cannot apply for periodic registration for 3 years. The eligibility pre-check before you apply "
            "points this out and shows the date from which you can apply again.",
            "If you disagree with the record, contact the authority that originally issued the certificate.",
        ),
    ),
    Seed(
        36,
        C.EXAM,
        "考试报名网站的账号能登录这个平台吗？",
        answer(
            "不能。本平台的账号只在本平台使用，与考试报名网站的账号互不相通。"
            "第一次使用本平台，请先注册账号（见常见问题 1）。",
        ),
        "Can I sign in here with my account from the examination registration website?",
        answer(
            "No. Accounts on this platform are used only on this platform and are separate from accounts on the "
            "examination registration website. If you are using this platform for the first time, create an "
            "account first (see Common question 1).",
        ),
    ),
)

RARE_CHARACTERS: tuple[Seed, ...] = (
    Seed(
        37,
        C.RARE_CHARACTERS,
        "姓名里有生僻字，系统能输入和保存吗？",
        answer(
            "能。姓名栏接受国际标准字符集中的全部汉字，包括扩展 A 到扩展 I 区的生僻字，"
            "其中有公安部门为人口信息补充的用字。",
            "姓名必须与证件上的写法逐字一致，不要用同音字、近形字或拼音代替，否则实名核验和现场确认时会对不上。",
        ),
        "My name has a rare character. Can the system take it and save it?",
        answer(
            "Yes. The name field accepts every Chinese character in the international standard character set, "
            "including the rare characters in Extensions A to I, among them the characters the public security "
            "authorities added for population records.",
            "Your name must match your identity document character by character. Do not use a character with the "
            "same sound or a similar shape, or pinyin, instead; otherwise it will not match at real-name "
            "verification and on-site confirmation.",
        ),
    ),
    Seed(
        38,
        C.RARE_CHARACTERS,
        "输入法打不出姓名里的字，怎么办？",
        answer(
            "可以试试这几种办法：用输入法的手写功能写出这个字；用输入法的部件拆字或笔画输入；"
            "在其他文档或网页中找到这个字，复制后粘贴到姓名栏。",
            "粘贴后请放大页面看清楚，确认和证件上的字完全相同。"
            "实在输入不了的，请通过咨询服务联系我们，说明是哪一个字。",
        ),
        "My input method cannot type a character in my name. What do I do?",
        answer(
            "Try one of these: write the character with your input method's handwriting feature; build it from "
            "its components or strokes in your input method; or find the character in another document or web "
            "page, copy it and paste it into the name field.",
            "After pasting, zoom in on the page and check that it is exactly the same as the character on your "
            'document. If you really cannot enter it, contact us through "Help and contact" and tell us which '
            "character it is.",
        ),
    ),
    Seed(
        39,
        C.RARE_CHARACTERS,
        "提示“姓名中含有不可见字符或专用区字符”，是什么原因？",
        answer(
            "有两种常见原因。一是从别处复制姓名时带进了看不见的控制字符，删掉姓名后重新输入即可。",
            "二是这个字是某些单位自己“造”的字，存放在字库的专用区，只有装了同一套字库的电脑才能显示，"
            "换一台电脑就会变成乱码，所以不能使用。"
            "请改用标准字符集中的同一个字（见常见问题 38）；找不到的，请通过咨询服务联系我们。",
        ),
        'I am told my name "contains hidden or private-use characters". Why?',
        answer(
            "There are two common reasons. One is that invisible control characters came along when you copied "
            "your name from somewhere else; delete the name and type it again.",
            'The other is that the character was "made up" by some organisation and stored in the private use '
            "area of a font. Only computers with the same font installed can show it, and on another computer it "
            "turns into garbled text, so it cannot be used. Use the same character from the standard character "
            'set instead (see Common question 38); if you cannot find it, contact us through "Help and contact".',
        ),
    ),
    Seed(
        40,
        C.RARE_CHARACTERS,
        "可以用“⿰”这样的拆字写法代替生僻字吗？",
        answer(
            "不可以。“⿰”“⿱”等是描述汉字结构的符号，用它们拼出来的只是一串符号，不是那个字本身，"
            "无法与公安部门和证书上的姓名核对。请输入这个字本身，方法见常见问题 38。",
        ),
        'Can I write a rare character as a description such as "⿰" instead?',
        answer(
            'No. "⿰", "⿱" and the like are symbols that describe how a Chinese character is built. What they '
            "make is only a string of symbols, not the character itself, and it cannot be checked against the "
            "name held by the public security authorities or printed on your certificate. Enter the character "
            "itself; Common question 38 explains how.",
        ),
    ),
    Seed(
        41,
        C.RARE_CHARACTERS,
        "少数民族姓名中的间隔号怎么输入？",
        answer(
            "请输入间隔号“·”。如果输入的是外形相近的圆点，例如“•”“・”“．”，系统会自动换成标准的“·”。",
            "间隔号只能放在姓名中间，不能放在开头或结尾，也不能连续输入两个。",
            "使用护照或外国人永久居留身份证的，姓名中还可以使用英文字母、空格、撇号（'）和连字符（-）。",
        ),
        "How do I type the separator dot in ethnic minority names?",
        answer(
            'Type the separator dot "·". If you type a similar-looking dot instead, such as "•", "・" or "．", the '
            'system changes it to the standard "·" automatically.',
            "The separator dot can only go between parts of a name: not at the start or the end, and never two "
            "in a row.",
            "If you use a passport or a foreign permanent resident ID card, your name may also contain English "
            "letters, spaces, apostrophes (') and hyphens (-).",
        ),
    ),
    Seed(
        42,
        C.RARE_CHARACTERS,
        "申请表上姓名中的某个字显示成带叉的方框，怎么办？",
        answer(
            "这说明打印申请表所用的字体里暂时没有这个字，系统中保存的姓名并没有错。"
            "系统会有意画出方框，而不是把这个字悄悄省略。",
            "照常打印申请表即可。现场确认时请告诉确认点工作人员，他们会对照您的身份证件核对姓名。",
        ),
        "A character in my name shows as a box with a cross on the application form. What do I do?",
        answer(
            "It means that the font used to print the application form does not have that character yet; the "
            "name saved in the system is not wrong. The system draws the box on purpose rather than quietly "
            "leaving the character out.",
            "Print the application form as usual. At on-site confirmation, tell the staff at the confirmation "
            "point; they will check your name against your identity document.",
        ),
    ),
)
