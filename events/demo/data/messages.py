"""What participants write when they ask for a meeting.

Placeholders: ``{business}`` the firm's line of business, ``{title}`` the achievement or demand asked about,
``{keyword}`` one of its keywords, ``{district}`` the firm's district, ``{team}`` the team's name.
"""

from __future__ import annotations

# An enterprise asks a research team about one of its achievements.
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

# A research team approaches an enterprise about a demand it posted.
TEAM_TO_ENTERPRISE: tuple[str, ...] = (
    "看到贵公司发布的「{title}」需求，我们团队在{keyword}方向有多年积累，已有中试样品，希望当面交流。",
    "关于「{title}」，我们有相近的成果已在同类企业应用，可以先到现场看看具体情况。",
    "贵公司的需求和我们正在做的项目高度相关，愿意以合作开发的方式一起解决「{title}」的问题。",
    "我们可以先提供一次免费的技术诊断，帮贵公司把「{title}」的原因查清楚。",
)

# The organizer's notes on registrations that are not approved (empty: no note).
REGISTRATION_NOTES: dict[str, tuple[str, ...]] = {
    "pending": ("营业执照待补充", "请确认参会人数", "需核实是否为本区企业", ""),
    "waitlisted": ("名额已满，列入候补", "如有企业取消将优先递补"),
    "rejected": ("不符合本次对接会邀请范围", "重复报名", "报名信息不完整，联系未果"),
}
