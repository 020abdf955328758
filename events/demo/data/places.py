"""The fictional city of 江城 (Jiangcheng): its districts, streets and administrative codes."""

from __future__ import annotations

CITY = "江城市"
CITY_EN = "Jiangcheng"

# (district, English name, 6-digit administrative division code used in credit codes, share of enterprises)
DISTRICTS: tuple[tuple[str, str, str, float], ...] = (
    ("高新区", "High-tech Zone", "420171", 0.30),
    ("经开区", "Economic Development Zone", "420172", 0.16),
    ("江北区", "Jiangbei District", "420102", 0.10),
    ("江南区", "Jiangnan District", "420103", 0.10),
    ("滨江区", "Binjiang District", "420104", 0.08),
    ("城东区", "Chengdong District", "420105", 0.07),
    ("临港区", "Lingang District", "420112", 0.08),
    ("青溪县", "Qingxi County", "420122", 0.06),
    ("云岭县", "Yunling County", "420123", 0.05),
)

# Streets of enterprise addresses, by district; a house number is added.
STREETS: dict[str, tuple[str, ...]] = {
    "高新区": ("科创大道", "高新二路", "智慧谷路", "创业街", "光电园路", "软件园路"),
    "经开区": ("车城大道", "兴业路", "工业园一路", "经开大道", "东风南路"),
    "江北区": ("北湖路", "长青路", "江北大道", "汉兴街"),
    "江南区": ("学府路", "南湖大道", "珞瑜东路", "文华路"),
    "滨江区": ("滨江大道", "临江路", "沿河北路"),
    "城东区": ("振兴路", "东环路", "建设大道"),
    "临港区": ("港城大道", "物流园路", "临港一路"),
    "青溪县": ("青溪大道", "产业园路"),
    "云岭县": ("云岭大道", "农科路"),
}
