"""What participants write when they ask for a meeting.

Placeholders: ``{business}`` the firm's line of business, ``{title}`` the achievement or demand asked about,
``{keyword}`` one of its keywords, ``{district}`` the firm's district, ``{team}`` the team's name.
"""

from __future__ import annotations

# An enterprise asks a research team of its own or a neighbouring field about one of its achievements.
ENTERPRISE_TO_TEAM: tuple[str, ...] = (
    "我们是{district}一家做{business}的企业，对贵团队的「{title}」很感兴趣，想当面了解中试情况和授权方式。",
    "贵团队的「{title}」和我们{business}的升级方向很契合，希望了解技术指标、专利状态和转让报价。",
    "我司主营{business}，正在规划新产线，想请教{keyword}的工程化问题，有合作开发的意向。",
    "看了「{title}」的介绍，想问问在我们这种中小企业能不能用、投入大概多少，方便的话带样品来看看。",
    "我们一直在找{keyword}方面的技术，想和老师聊聊能否先小批量试用，先使用后付费也可以考虑。",
    "公司今年有技改资金，「{title}」是我们重点关注的方向，希望约时间详细交流。",
    "想了解「{title}」目前的成熟度，能否派技术人员到我们厂里做一次现场评估。",
    "我们是{team}的老朋友了，这次想谈谈「{title}」的独家许可。",
    "做{business}十几年，{keyword}一直是我们的短板，希望能和贵团队建立长期合作。",
    "对「{title}」有兴趣，想先做技术咨询，再决定要不要转让。",
)

# An enterprise asks a team whose achievement answers a demand it brought ({demand}).
ENTERPRISE_WITH_DEMAND: tuple[str, ...] = (
    "我们发布的「{demand}」一直没找到合适的方案，贵团队的「{title}」看起来正对路，想当面请教。",
    "「{title}」能不能解决我们「{demand}」的问题？想约老师详细聊聊，有合作开发的意向。",
    "为了「{demand}」这件事找了很久，看到「{title}」很受启发，想了解能否先做小范围试用。",
)

# An enterprise looks beyond its own field.
ENTERPRISE_EXPLORING: tuple[str, ...] = (
    "公司在考虑向新领域拓展业务，想先了解「{title}」的产业化前景和大概投入。",
    "朋友推荐了「{title}」，想了解能不能用在我们{business}的产品上。",
    "我们想做一些跨界尝试，「{title}」看起来有机会，想请团队介绍一下。",
)

# An investor asks a team about an achievement it might fund.
INVESTOR_TO_TEAM: tuple[str, ...] = (
    "我们关注这个方向的早期项目，想了解「{title}」的产业化计划和团队的融资意向。",
    "「{title}」很有市场前景，想聊聊成立公司或者作价入股的可能性。",
    "我们管理的基金支持“先使用后付费”等转化方式，想与老师交流「{title}」的落地路径。",
    "",
)

# A research team approaches an enterprise about a demand it posted.
TEAM_TO_ENTERPRISE: tuple[str, ...] = (
    "看到贵公司发布的「{title}」需求，我们团队在{keyword}方向有多年积累，已有中试样品，希望当面交流。",
    "关于「{title}」，我们有相近的成果已在同类企业应用，可以先到现场看看具体情况。",
    "贵公司的需求和我们正在做的项目高度相关，愿意以合作开发的方式一起解决「{title}」的问题。",
    "我们可以先免费上门做一次技术诊断，再一起商量「{title}」的解决方案。",
)

# The organizer's notes on registrations that are not approved (empty: no note).
REGISTRATION_NOTES: dict[str, tuple[str, ...]] = {
    "pending": ("营业执照待补充", "请确认参会人数", "需核实是否为本区企业", ""),
    "waitlisted": ("名额已满，列入候补", "如有企业取消将优先递补"),
    "rejected": ("不符合本次对接会邀请范围", "重复报名", "报名信息不完整，联系未果"),
}
