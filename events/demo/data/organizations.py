# ruff: noqa: E501 - descriptions in Chinese read better unwrapped
"""Parts of enterprise names, the universities and institutes, investors, government bodies and evaluators."""

from __future__ import annotations

from dataclasses import dataclass

from events.vocabulary import Field

# Brand words (字号) of company names, with the pinyin an English company name uses.
BRANDS: tuple[tuple[str, str], ...] = (
    ("瑞达", "Ruida"), ("鼎新", "Dingxin"), ("汇智", "Huizhi"), ("星辰", "Xingchen"), ("华创", "Huachuang"),
    ("博远", "Boyuan"), ("恒通", "Hengtong"), ("科美", "Kemei"), ("精工", "Jinggong"), ("天衡", "Tianheng"),
    ("盛华", "Shenghua"), ("宏图", "Hongtu"), ("启航", "Qihang"), ("卓越", "Zhuoyue"), ("立信", "Lixin"),
    ("诺威", "Nuowei"), ("泰和", "Taihe"), ("德润", "Derun"), ("金桥", "Jinqiao"), ("楚天", "Chutian"),
    ("云帆", "Yunfan"), ("明德", "Mingde"), ("凯瑞", "Kairui"), ("嘉诚", "Jiacheng"), ("安泰", "Antai"),
    ("弘毅", "Hongyi"), ("润泽", "Runze"), ("赛诺", "Sainuo"), ("英诺", "Yingnuo"), ("科瑞", "Kerui"),
    ("锐思", "Ruisi"), ("智远", "Zhiyuan"), ("天擎", "Tianqing"), ("蓝海", "Lanhai"), ("青禾", "Qinghe"),
    ("同创", "Tongchuang"), ("合众", "Hezhong"), ("华腾", "Huateng"), ("翔宇", "Xiangyu"), ("振华", "Zhenhua"),
    ("朗坤", "Langkun"), ("微纳", "Weina"), ("优控", "Youkong"), ("迈拓", "Maituo"), ("芯源", "Xinyuan"),
    ("清源", "Qingyuan"), ("绿洲", "Lüzhou"), ("凌云", "Lingyun"), ("聚能", "Juneng"), ("驰骋", "Chicheng"),
    ("峰岚", "Fenglan"), ("恒信", "Hengxin"), ("长盈", "Changying"), ("九章", "Jiuzhang"), ("新元", "Xinyuan"),
    ("中拓", "Zhongtuo"), ("联丰", "Lianfeng"), ("海川", "Haichuan"), ("正和", "Zhenghe"), ("远图", "Yuantu"),
    ("华信", "Huaxin"), ("捷诚", "Jiecheng"), ("冠宇", "Guanyu"), ("睿博", "Ruibo"), ("松禾", "Songhe"),
    ("源创", "Yuanchuang"), ("铭泰", "Mingtai"), ("金鼎", "Jinding"), ("科达", "Keda"), ("东研", "Dongyan"),
)  # fmt: skip

# The industry part of a company name, by field: (Chinese, English).
INDUSTRIES: dict[Field, tuple[tuple[str, str], ...]] = {
    Field.INTELLIGENT_MANUFACTURING: (
        ("智能装备", "Intelligent Equipment"),
        ("精密机械", "Precision Machinery"),
        ("机器人", "Robotics"),
        ("数控机床", "CNC Machine Tool"),
        ("自动化设备", "Automation Equipment"),
        ("智造装备", "Smart Equipment"),
        ("传动科技", "Transmission Technology"),
        ("激光设备", "Laser Equipment"),
        ("工业软件", "Industrial Software"),
        ("液压科技", "Hydraulics Technology"),
        ("模具", "Mould"),
    ),
    Field.NEW_ENERGY_VEHICLES: (
        ("新能源汽车零部件", "New Energy Auto Parts"),
        ("电驱动", "Electric Drive"),
        ("动力电池", "Power Battery"),
        ("汽车电子", "Automotive Electronics"),
        ("热管理科技", "Thermal Management Technology"),
        ("充电设备", "Charging Equipment"),
        ("汽车轻量化", "Automotive Lightweighting"),
        ("电动车", "Electric Vehicle"),
    ),
    Field.BIOMEDICINE: (
        ("生物医药", "Biopharmaceutical"),
        ("生物科技", "Biotechnology"),
        ("医疗器械", "Medical Devices"),
        ("制药", "Pharmaceutical"),
        ("诊断技术", "Diagnostics"),
        ("基因科技", "Gene Technology"),
        ("药业", "Pharma"),
        ("医疗科技", "Medical Technology"),
    ),
    Field.NEW_MATERIALS: (
        ("新材料", "New Materials"),
        ("高分子材料", "Polymer Materials"),
        ("特种陶瓷", "Advanced Ceramics"),
        ("复合材料", "Composites"),
        ("涂层科技", "Coating Technology"),
        ("金属材料", "Metal Materials"),
        ("精细化工", "Fine Chemicals"),
        ("电子材料", "Electronic Materials"),
    ),
    Field.ELECTRONIC_INFORMATION: (
        ("电子", "Electronics"),
        ("微电子", "Microelectronics"),
        ("光电", "Optoelectronics"),
        ("通信技术", "Communication Technology"),
        ("半导体", "Semiconductor"),
        ("传感技术", "Sensing Technology"),
        ("信息技术", "Information Technology"),
        ("仪器仪表", "Instruments"),
    ),
    Field.ARTIFICIAL_INTELLIGENCE: (
        ("智能科技", "Intelligent Technology"),
        ("数据科技", "Data Technology"),
        ("视觉科技", "Vision Technology"),
        ("软件", "Software"),
        ("智能系统", "Intelligent Systems"),
        ("数智科技", "Digital Intelligence"),
    ),
    Field.NEW_ENERGY: (
        ("新能源", "New Energy"),
        ("光伏科技", "Photovoltaic Technology"),
        ("储能科技", "Energy Storage Technology"),
        ("氢能科技", "Hydrogen Technology"),
        ("电力科技", "Power Technology"),
        ("风电设备", "Wind Power Equipment"),
    ),
    Field.ENERGY_CONSERVATION: (
        ("环保科技", "Environmental Technology"),
        ("节能科技", "Energy Saving Technology"),
        ("水处理", "Water Treatment"),
        ("环境工程", "Environmental Engineering"),
        ("资源再生", "Resource Recycling"),
        ("热能科技", "Thermal Energy Technology"),
    ),
    Field.MODERN_AGRICULTURE: (
        ("农业科技", "Agricultural Technology"),
        ("种业", "Seed"),
        ("生态农业", "Ecological Agriculture"),
        ("食品科技", "Food Technology"),
        ("农牧", "Agriculture and Animal Husbandry"),
    ),
    Field.AEROSPACE: (
        ("航空科技", "Aviation Technology"),
        ("航天科技", "Space Technology"),
        ("无人机", "UAV"),
        ("卫星应用", "Satellite Applications"),
        ("航空装备", "Aviation Equipment"),
    ),
}

# Legal forms: (Chinese, English, share).
LEGAL_FORMS: tuple[tuple[str, str, float], ...] = (
    ("有限公司", "Co., Ltd.", 0.72),
    ("股份有限公司", "Co., Ltd.", 0.18),
    ("科技有限公司", "Technology Co., Ltd.", 0.10),
)

# What firms of a field make, as they would write it in a profile or a message.
BUSINESSES: dict[Field, tuple[str, ...]] = {
    Field.INTELLIGENT_MANUFACTURING: (
        "数控机床及功能部件",
        "工业机器人系统集成",
        "汽车焊装生产线",
        "精密减速器",
        "激光切割设备",
        "注塑模具",
        "液压元件",
        "非标自动化设备",
        "工程机械结构件",
    ),
    Field.NEW_ENERGY_VEHICLES: (
        "动力电池模组",
        "新能源汽车电驱动总成",
        "电池包结构件",
        "车载充电机和DC/DC",
        "汽车热管理系统",
        "充电桩",
        "低速电动车",
        "汽车线束和连接器",
    ),
    Field.BIOMEDICINE: (
        "体外诊断试剂",
        "化学原料药及中间体",
        "医用耗材",
        "康复医疗设备",
        "生物发酵产品",
        "医学影像设备",
        "中成药",
        "动物疫苗",
    ),
    Field.NEW_MATERIALS: (
        "改性工程塑料",
        "工业防腐涂料",
        "铝合金型材",
        "电子陶瓷",
        "锂电池隔膜",
        "碳纤维制品",
        "湿电子化学品",
        "导热界面材料",
    ),
    Field.ELECTRONIC_INFORMATION: (
        "工业传感器",
        "光通信器件",
        "智能电表",
        "PCB及SMT贴片加工",
        "安防监控设备",
        "电源模块",
        "物联网终端",
        "工控网络设备",
    ),
    Field.ARTIFICIAL_INTELLIGENCE: (
        "视频智能分析软件",
        "企业数字化解决方案",
        "智能客服系统",
        "物流调度软件",
        "工业大数据平台",
        "智慧园区系统",
    ),
    Field.NEW_ENERGY: (
        "光伏电站开发与运维",
        "储能系统集成",
        "光伏组件",
        "电解水制氢设备",
        "风电场运维服务",
        "配电自动化设备",
    ),
    Field.ENERGY_CONSERVATION: (
        "工业废水处理工程",
        "VOCs废气治理设备",
        "余热回收装置",
        "农村污水处理设备",
        "固废资源化利用",
        "工业热泵",
    ),
    Field.MODERN_AGRICULTURE: (
        "水稻种植和大米加工",
        "柑橘种植和电商销售",
        "生猪养殖",
        "设施蔬菜种植",
        "淡水鱼加工",
        "茶叶种植和加工",
    ),
    Field.AEROSPACE: (
        "工业级无人机",
        "航空复合材料零件",
        "北斗导航终端",
        "卫星遥感数据服务",
        "通用航空维修",
    ),
}

HONOURS: tuple[str, ...] = (
    "国家高新技术企业",
    "专精特新“小巨人”企业",
    "省级专精特新中小企业",
    "科技型中小企业",
    "省级企业技术中心",
    "国家知识产权优势企业",
    "瞪羚企业",
)

OWNERSHIP: tuple[str, ...] = ("民营企业", "民营企业", "民营企业", "国有控股企业", "中外合资企业")


@dataclass(frozen=True, slots=True)
class Academy:
    """A university or research institute whose teams bring achievements."""

    name: str
    name_en: str
    kind: str  # OrganizationKind value
    domain: str  # for e-mail addresses; under the reserved .example top-level domain
    district: str
    address: str
    fields: dict[Field, int]  # how many teams of a field it tends to have, relatively
    description: str


HOST_UNIVERSITY = "江城理工大学"

ACADEMIES: tuple[Academy, ...] = (
    Academy(
        HOST_UNIVERSITY, "Jiangcheng University of Technology", "university", "jcut.example", "江南区",
        "江城市江南区学府路88号",
        {Field.INTELLIGENT_MANUFACTURING: 4, Field.NEW_ENERGY_VEHICLES: 4, Field.NEW_MATERIALS: 3,
         Field.ELECTRONIC_INFORMATION: 1, Field.NEW_ENERGY: 2, Field.AEROSPACE: 1, Field.ENERGY_CONSERVATION: 1},
        "以工为主、理工结合的省属重点大学，设有机械工程、材料科学与工程、汽车工程、能源与动力工程等学院，"
        "建有省级智能制造装备工程技术研究中心和新能源汽车动力系统重点实验室。",
    ),
    Academy(
        "江城大学", "Jiangcheng University", "university", "jcu.example", "江南区", "江城市江南区文华路1号",
        {Field.ARTIFICIAL_INTELLIGENCE: 2, Field.ELECTRONIC_INFORMATION: 2, Field.BIOMEDICINE: 1,
         Field.NEW_MATERIALS: 2, Field.ENERGY_CONSERVATION: 2, Field.NEW_ENERGY: 1, Field.INTELLIGENT_MANUFACTURING: 1},
        "学科门类齐全的综合性大学，在计算机、化学、环境科学等学科方向形成了较强的科研实力。",
    ),
    Academy(
        "江城医科大学", "Jiangcheng Medical University", "university", "jcmu.example", "江北区", "江城市江北区北湖路66号",
        {Field.BIOMEDICINE: 5},
        "以医学为主的省属高校，拥有三所直属附属医院和省级创新药物研究中心，临床资源丰富。",
    ),
    Academy(
        "江城农业大学", "Jiangcheng Agricultural University", "university", "jcau.example", "城东区",
        "江城市城东区农大路9号",
        {Field.MODERN_AGRICULTURE: 5, Field.BIOMEDICINE: 1, Field.ENERGY_CONSERVATION: 1},
        "以农业科学和生命科学为特色的高校，建有作物遗传改良、农产品加工等省级重点实验室和多个试验基地。",
    ),
    Academy(
        "江城信息工程大学", "Jiangcheng University of Information Engineering", "university", "jcuie.example", "高新区",
        "江城市高新区软件园路12号",
        {Field.ELECTRONIC_INFORMATION: 4, Field.ARTIFICIAL_INTELLIGENCE: 4, Field.INTELLIGENT_MANUFACTURING: 1},
        "以电子信息为特色的工科大学，在集成电路、光电子、通信与人工智能方向建有多个省级科研平台。",
    ),
    Academy(
        "江城交通大学", "Jiangcheng Jiaotong University", "university", "jcjtu.example", "滨江区",
        "江城市滨江区临江路200号",
        {Field.NEW_ENERGY_VEHICLES: 3, Field.INTELLIGENT_MANUFACTURING: 2, Field.AEROSPACE: 2,
         Field.ARTIFICIAL_INTELLIGENCE: 1},
        "以交通运输、车辆工程和航空工程见长的大学，与区内整车及零部件企业长期开展产学研合作。",
    ),
    Academy(
        "江城先进制造研究院", "Jiangcheng Institute of Advanced Manufacturing", "institute", "jciam.example", "经开区",
        "江城市经开区兴业路18号",
        {Field.INTELLIGENT_MANUFACTURING: 3, Field.ARTIFICIAL_INTELLIGENCE: 1, Field.AEROSPACE: 1},
        "由市政府与高校共建的新型研发机构，面向区域制造企业提供中试验证、工艺开发和技术服务。",
    ),
    Academy(
        "江城新能源与材料研究院", "Jiangcheng Institute of New Energy and Materials", "institute", "jcinem.example",
        "高新区", "江城市高新区光电园路66号",
        {Field.NEW_ENERGY: 3, Field.NEW_MATERIALS: 3, Field.NEW_ENERGY_VEHICLES: 1},
        "聚焦新型储能、氢能和先进材料的新型研发机构，建有公斤级材料中试线和电池测试平台。",
    ),
)  # fmt: skip

# (name, English name, what they invest in)
INVESTORS: tuple[tuple[str, str, str], ...] = (
    ("江城科创投资基金管理有限公司", "Jiangcheng Sci-Tech Venture Capital Management Co., Ltd.",
     "专注早期硬科技项目，重点关注智能制造、新材料和新能源领域。"),
    ("江城高新产业投资集团有限公司", "Jiangcheng High-tech Industrial Investment Group Co., Ltd.",
     "高新区国有产业投资平台，通过直投和基金参与区内成果转化项目。"),
    ("楚江天使投资合伙企业（有限合伙）", "Chujiang Angel Investment Partnership (LP)",
     "投资高校科研团队创办的初创企业，单个项目投资额100万至800万元。"),
    ("江城成果转化引导基金管理有限公司", "Jiangcheng Technology Transfer Guidance Fund Management Co., Ltd.",
     "管理市级科技成果转化引导基金，支持“先使用后付费”等转化模式。"),
)  # fmt: skip

# (name, English name, district, description); the science bureau comes first.
GOVERNMENT: tuple[tuple[str, str, str, str], ...] = (
    ("江城市科学技术局", "Jiangcheng Municipal Science and Technology Bureau", "江南区",
     "负责全市科技创新、成果转化和技术市场管理，主办全市科技成果对接系列活动。"),
    ("江城高新技术产业开发区管理委员会", "Administrative Committee of Jiangcheng High-tech Zone", "高新区",
     "负责高新区产业促进、企业服务和科技创新工作。"),
)  # fmt: skip

# Third parties that evaluate achievements (科技成果评价 / 资产评估).
EVALUATORS: tuple[str, ...] = (
    "江城衡信资产评估有限公司",
    "江城市科技成果评价中心",
    "江城德正资产评估事务所",
    "江城技术产权交易所评估中心",
)
