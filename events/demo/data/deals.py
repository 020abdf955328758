"""What the deals of the finished fair look like: contract amounts by type and the notes kept at each stage."""

from __future__ import annotations

from events.vocabulary import DealStage, LicenceTerms, TransferMode

# Contract amounts in yuan, by contract type: (least, most, rounded to). Drawn log-uniformly, so most deals are
# modest and a few equity deals reach tens of millions.
AMOUNTS: dict[TransferMode, tuple[int, int, int]] = {
    TransferMode.DEVELOPMENT: (200_000, 6_000_000, 1_000),
    TransferMode.ASSIGNMENT: (300_000, 20_000_000, 10_000),
    TransferMode.LICENCE: (100_000, 3_000_000, 1_000),
    TransferMode.EQUITY: (8_000_000, 45_000_000, 100_000),
    TransferMode.CONSULTING: (30_000, 300_000, 1),
    TransferMode.SERVICE: (50_000, 800_000, 1),
}

LICENCE_TERMS: tuple[tuple[LicenceTerms, int], ...] = (
    (LicenceTerms.NON_EXCLUSIVE, 4),
    (LicenceTerms.SOLE, 2),
    (LicenceTerms.EXCLUSIVE, 2),
    (LicenceTerms.USE_FIRST_PAY_LATER, 3),
)

# The note a deal carries once it reaches a stage ({type} is the contract type in Chinese).
NOTES: dict[DealStage, tuple[str, ...]] = {
    DealStage.INTENT: (
        "洽谈会现场达成{type}意向，约定会后到企业现场考察。",
        "双方对技术路线基本认可，企业希望先看中试数据再谈价格。",
        "企业有明确应用场景，团队将在两周内提交{type}方案。",
        "现场交流后有合作意向，待企业内部立项。",
    ),
    DealStage.NEGOTIATING: (
        "已完成现场考察，正在商谈技术指标、验收标准和付款方式。",
        "合同文本已进入法务审核，分歧集中在知识产权归属。",
        "企业已提交立项申请，双方在谈分期付款安排。",
        "技术经理人介入，协助双方确定{type}价格。",
    ),
    DealStage.SIGNED: (
        "合同已签订，首期款30%已到账。",
        "合同已签订并完成技术合同认定登记，享受技术交易税收优惠。",
        "签约完成，团队已派驻工程师开始技术交底。",
    ),
    DealStage.LANDED: (
        "技术已在企业产线落地，进入小批量生产。",
        "项目已落地实施，企业新增产值预计年内体现。",
        "成果已转化应用，双方计划申报市级成果转化项目。",
    ),
    DealStage.DROPPED: (
        "企业年度预算调整，暂缓合作。",
        "技术指标与企业需求差距较大，双方同意终止洽谈。",
        "企业选择了其他技术方案。",
    ),
}
