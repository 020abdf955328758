"""Chinese personal names (with pinyin for e-mail addresses) and job titles."""

from __future__ import annotations

# Common surnames, most frequent first (the generator favours the front of the list), with pinyin.
SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("高", "gao"),
    ("林", "lin"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
    ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
    ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"), ("袁", "yuan"),
    ("潘", "pan"), ("蒋", "jiang"), ("蔡", "cai"), ("余", "yu"), ("杜", "du"), ("叶", "ye"),
    ("程", "cheng"), ("苏", "su"), ("魏", "wei"), ("吕", "lv"), ("丁", "ding"), ("任", "ren"),
    ("沈", "shen"), ("姚", "yao"), ("卢", "lu"), ("姜", "jiang"), ("崔", "cui"), ("钟", "zhong"),
    ("谭", "tan"), ("陆", "lu"), ("汪", "wang"), ("范", "fan"), ("金", "jin"), ("石", "shi"),
    ("廖", "liao"), ("贾", "jia"), ("夏", "xia"), ("付", "fu"), ("方", "fang"), ("邹", "zou"),
    ("熊", "xiong"), ("秦", "qin"), ("邱", "qiu"), ("江", "jiang"), ("尹", "yin"), ("薛", "xue"),
    ("段", "duan"), ("雷", "lei"), ("侯", "hou"), ("龙", "long"), ("陶", "tao"), ("黎", "li"),
    ("贺", "he"), ("顾", "gu"), ("毛", "mao"), ("龚", "gong"), ("邵", "shao"), ("万", "wan"),
    ("严", "yan"), ("覃", "qin"), ("戴", "dai"), ("孔", "kong"), ("向", "xiang"), ("汤", "tang"),
)  # fmt: skip

# Characters used in given names, with pinyin; a given name has one or two of them.
GIVEN_NAME_CHARACTERS: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"),
    ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"),
    ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"),
    ("英", "ying"), ("华", "hua"), ("建", "jian"), ("国", "guo"), ("文", "wen"), ("辉", "hui"),
    ("鹏", "peng"), ("宇", "yu"), ("浩", "hao"), ("晨", "chen"), ("欣", "xin"), ("怡", "yi"),
    ("佳", "jia"), ("思", "si"), ("雨", "yu"), ("婷", "ting"), ("博", "bo"), ("志", "zhi"),
    ("海", "hai"), ("波", "bo"), ("斌", "bin"), ("鑫", "xin"), ("飞", "fei"), ("峰", "feng"),
    ("亮", "liang"), ("红", "hong"), ("玲", "ling"), ("琳", "lin"), ("雪", "xue"), ("梅", "mei"),
    ("慧", "hui"), ("颖", "ying"), ("晓", "xiao"), ("俊", "jun"), ("凯", "kai"), ("帆", "fan"),
    ("然", "ran"), ("瑞", "rui"), ("楠", "nan"), ("昊", "hao"), ("睿", "rui"), ("子", "zi"),
    ("轩", "xuan"), ("泽", "ze"), ("宁", "ning"), ("远", "yuan"), ("毅", "yi"), ("立", "li"),
    ("新", "xin"), ("春", "chun"), ("东", "dong"), ("云", "yun"), ("清", "qing"), ("振", "zhen"),
    ("德", "de"), ("永", "yong"), ("光", "guang"), ("成", "cheng"), ("天", "tian"), ("嘉", "jia"),
    ("雅", "ya"), ("璐", "lu"), ("倩", "qian"), ("蕾", "lei"), ("琪", "qi"), ("萌", "meng"),
    ("阳", "yang"), ("旭", "xu"), ("彬", "bin"), ("健", "jian"), ("岩", "yan"), ("松", "song"),
)  # fmt: skip

# What the person who registers an enterprise usually is.
ENTERPRISE_TITLES: tuple[str, ...] = (
    "总经理", "副总经理", "技术总监", "研发部经理", "总工程师", "董事长",
    "技术中心主任", "生产部经理", "项目经理", "战略发展部经理",
)  # fmt: skip

# Titles of research-team leads at universities and at institutes.
UNIVERSITY_LEAD_TITLES: tuple[str, ...] = ("教授", "教授", "教授", "副教授", "研究员")
INSTITUTE_LEAD_TITLES: tuple[str, ...] = ("研究员", "研究员", "副研究员", "高级工程师")

INVESTOR_TITLES: tuple[str, ...] = ("投资总监", "合伙人", "高级投资经理", "副总裁")
GOVERNMENT_TITLES: tuple[str, ...] = ("副局长", "成果转化科科长", "科技创新局局长", "产业促进处处长", "一级主任科员")
