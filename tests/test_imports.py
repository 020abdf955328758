"""Importing lists: dry run with each row's problems, all rows or none, Chinese and English headers, exports."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from events import fairs, imports
from events.errors import DomainError
from events.tables import Achievement, Demand, EventDemand, Organization, Person, Registration
from events.vocabulary import EventStatus, ImportKind
from tests.factories import make_fair, make_organization
from tests.signup_helpers import credit_code

LIMIT = 10 * 1024 * 1024


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(lines: list[str], encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


async def run(kind: ImportKind, filename: str, content: bytes, **options: Any) -> imports.ImportReport:
    return await imports.run_import(kind=kind, filename=filename, content=content, max_bytes=LIMIT, **options)


ACHIEVEMENTS = [
    [
        "成果名称",
        "所属单位",
        "技术领域",
        "成熟度",
        "成果简介",
        "转化方式",
        "最低报价（元）",
        "最高报价（元）",
        "评价机构",
        "评估价值（元）",
        "评价日期",
        "专利号",
    ],
    [
        "磷酸铁锂电池低温电解液",
        "江城理工大学",
        "新能源汽车、新材料",
        "中试阶段",
        "零下30℃放电容量80%",
        "技术许可；作价入股",
        500000,
        "1,500,000",
        "江城技术评估中心",
        1200000,
        "2026-05-20",
        "ZL202310123456.7",
    ],
    [
        "水肥一体化智能灌溉系统",
        "江城农业科学院",
        "现代农业",
        "industrialized",
        "",
        "licence",
        None,
        None,
        "",
        None,
        None,
        "",
    ],
    [
        "电池极片涂布缺陷视觉检测",
        "江城理工大学",
        "intelligent_manufacturing",
        "Pilot",
        "",
        "",
        None,
        None,
        "",
        None,
        None,
        "",
    ],
]


async def test_a_good_workbook_is_checked_then_imported_then_recognised() -> None:
    content = xlsx(ACHIEVEMENTS)
    dry = await run(ImportKind.ACHIEVEMENTS, "成果.xlsx", content)
    assert dry.ok, dry.problems
    assert (dry.rows, dry.created, dry.existing, dry.new_organizations, dry.committed) == (3, 3, 0, 2, False)
    assert await Achievement.count() == 0
    assert await Organization.count() == 0

    done = await run(ImportKind.ACHIEVEMENTS, "成果.xlsx", content, dry_run=False)
    assert (done.created, done.committed) == (3, True)
    stored = await Achievement.objects().where(Achievement.title == "磷酸铁锂电池低温电解液").first()
    assert stored is not None
    assert stored.fields == ["new_energy_vehicles", "new_materials"]
    assert stored.maturity == "pilot"
    assert stored.transfer_modes == ["licence", "equity"]
    assert (stored.price_low_fen, stored.price_high_fen, stored.evaluated_value_fen) == (
        50_000_000,
        150_000_000,
        120_000_000,
    )
    assert str(stored.evaluated_on) == "2026-05-20"
    assert stored.evaluator == "江城技术评估中心"
    assert stored.patent_numbers == ["ZL202310123456.7"]
    assert stored.search_terms.startswith("terms-v1 ")
    university = await Organization.objects().where(Organization.name == "江城理工大学").first()
    assert university is not None
    assert university.kind == "university"

    again = await run(ImportKind.ACHIEVEMENTS, "成果.xlsx", content, dry_run=False)
    assert (again.created, again.existing) == (0, 3)
    assert await Achievement.count() == 3


async def test_every_problem_is_reported_by_row_and_column_and_nothing_is_written() -> None:
    bad_code = credit_code()[:17] + ("0" if credit_code()[17] != "0" else "1")
    content = csv_bytes(
        [
            "名称,类型,统一社会信用代码,所在区县,序号",
            f"江城智造装备有限公司,企业,{credit_code()},东湖高新区,1",
            ",企业,,洪山区,2",
            f"江城光电科技有限公司,企业,{bad_code},洪山区,3",
            "江城理工大学,大学,,洪山区,4",
        ]
    )
    report = await run(ImportKind.ORGANIZATIONS, "机构.csv", content, dry_run=False)
    assert [(p.row, p.column, p.code) for p in report.problems] == [
        (3, "名称", "required"),
        (4, "统一社会信用代码", "invalid_credit_code"),
        (5, "类型", "unknown_value"),
    ]
    assert report.problems[2].message.startswith("'大学' 不是以下之一：企业、高校")
    assert report.ignored_columns == ["序号"]
    assert not report.committed
    assert await Organization.count() == 0


async def test_a_row_refused_by_the_database_rolls_the_whole_file_back() -> None:
    await make_organization(name="江城理工大学", kind="university")
    content = csv_bytes(
        [
            "name,organization,phone,email",
            "Zhang Wei,江城理工大学,13800138000,",
            "Li Na,江城不存在大学,13800138001,",
            "Wang Fang,,,wang@example.com",
        ]
    )
    report = await run(ImportKind.PEOPLE, "people.csv", content, dry_run=False)
    assert [(p.row, p.column, p.code) for p in report.problems] == [(3, "organization", "unknown_organization")]
    assert (report.created, report.committed) == (0, False)
    assert await Person.count() == 0


async def test_english_json_lines_bring_demands_to_a_fair() -> None:
    event = await make_fair(slug="winter-fair")
    content = "\n".join(
        [
            '{"title": "冷藏车冬季续航下降", "enterprise": "江城冷链物流有限公司", "fields": ["new_energy_vehicles"],'
            ' "budget_low": 300000, "budget_high": "1000000", "wanted_by": "2027/06/30", "district": "东西湖区"}',
            "",
            '{"title": "Greenhouse irrigation", "organization": "Jiangcheng Farms", "field": "Modern agriculture",'
            ' "transfer_modes": "Licence, Development", "published": "no"}',
        ]
    ).encode()
    report = await run(ImportKind.DEMANDS, "demands.jsonl", content, event_id=event.id, dry_run=False)
    assert report.ok, report.problems
    assert report.created == 2
    van = await Demand.objects(Demand.organization).where(Demand.title == "冷藏车冬季续航下降").first()
    assert van is not None
    assert (van.budget_low_fen, van.budget_high_fen, str(van.wanted_by)) == (30_000_000, 100_000_000, "2027-06-30")
    assert van.organization.district == "东西湖区"
    farm = await Demand.objects().where(Demand.title == "Greenhouse irrigation").first()
    assert farm is not None
    assert (farm.published, farm.transfer_modes) == (False, ["licence", "development"])
    assert await EventDemand.count().where(EventDemand.event == event.id) == 2


async def test_registrations_need_a_fair_and_skip_people_already_registered() -> None:
    event = await fairs.change_status(event_id=(await make_fair()).id, status=EventStatus.OPEN)
    content = xlsx(
        [
            ["参会身份", "单位名称", "统一社会信用代码", "团队名称", "联系人", "联系电话", "状态"],
            ["企业", "江城智造装备有限公司", credit_code(), None, "李经理", 13800138000, "已通过"],
            ["科研团队", "江城理工大学", None, "先进电池材料课题组", "张教授", "13800138001", None],
            ["guest", None, None, None, "钱老师", "13700137000", None],
        ]
    )
    with pytest.raises(DomainError) as refused:
        await run(ImportKind.REGISTRATIONS, "报名.xlsx", content)
    assert refused.value.code == "event_required"
    report = await run(ImportKind.REGISTRATIONS, "报名.xlsx", content, event_id=event.id, dry_run=False)
    assert report.ok, report.problems
    rows = await Registration.select(Registration.role, Registration.status, Registration.team_name).order_by(
        Registration.id
    )
    assert [(r["role"], r["status"]) for r in rows] == [
        ("enterprise", "approved"),
        ("team", "pending"),
        ("guest", "pending"),
    ]
    again = await run(ImportKind.REGISTRATIONS, "报名.xlsx", content, event_id=event.id, dry_run=False)
    assert (again.created, again.existing) == (0, 3)


async def test_a_team_without_its_team_name_and_missing_columns_are_problems() -> None:
    event = await make_fair()
    content = csv_bytes(["参会身份,单位名称,联系人,联系电话", "科研团队,江城理工大学,张教授,13800138001"])
    report = await run(ImportKind.REGISTRATIONS, "r.csv", content, event_id=event.id)
    assert [(p.row, p.column, p.code) for p in report.problems] == [(2, "团队名称", "required")]
    missing = await run(ImportKind.ACHIEVEMENTS, "a.csv", csv_bytes(["title,organization", "x,y"]))
    assert [(p.row, p.column, p.code) for p in missing.problems] == [
        (1, "技术领域", "missing_column"),
        (1, "成熟度", "missing_column"),
    ]


async def test_chinese_csv_from_excel_in_gb18030_with_semicolons() -> None:
    content = csv_bytes(["名称;类型;所在区县", "江城理工大学;高校;洪山区"], encoding="gb18030")
    report = await run(ImportKind.ORGANIZATIONS, "机构.csv", content, dry_run=False)
    assert report.ok, report.problems
    assert await Organization.count() == 1


@pytest.mark.parametrize(
    ("filename", "content", "code"),
    [
        ("list.xlsx", b"PK\x03\x04 this is not really a workbook", "malformed_file"),
        ("list.xlsx", b"plain text", "malformed_file"),
        ("list.txt", b"name\nx\n", "unsupported_file"),
        ("list.jsonl", b'{"name": "ok"}\n{"name": broken}\n', "malformed_file"),
        ("list.jsonl", b'["not", "an", "object"]\n', "malformed_file"),
        ("list.csv", b"", "empty_file"),
        ("list.csv", b"\xff\xfe\x00\x00\xff", "malformed_file"),
    ],
)
async def test_files_that_cannot_be_read_are_refused_cleanly(filename: str, content: bytes, code: str) -> None:
    with pytest.raises(imports.ImportFileError) as refused:
        await run(ImportKind.ORGANIZATIONS, filename, content)
    assert refused.value.code == code


async def test_oversize_files_are_refused_before_reading() -> None:
    with pytest.raises(imports.ImportFileError) as refused:
        await imports.run_import(
            kind=ImportKind.ORGANIZATIONS,
            filename="big.csv",
            content=b"name,kind\n" + b"x,enterprise\n" * 100,
            max_bytes=64,
        )
    assert (refused.value.code, refused.value.kind) == ("file_too_large", "too_large")


async def test_exports_use_the_import_headers_and_round_trip() -> None:
    await run(ImportKind.ACHIEVEMENTS, "成果.xlsx", xlsx(ACHIEVEMENTS), dry_run=False)
    exported = await imports.export_list(kind=ImportKind.ACHIEVEMENTS)
    sheet = load_workbook(io.BytesIO(exported)).active
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["成果名称", "所属单位", "单位统一社会信用代码", "单位类型", "技术领域", "成熟度"]
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert first["成果名称"] == "磷酸铁锂电池低温电解液"
    assert first["技术领域"] == "新能源汽车、新材料"
    assert first["成熟度"] == "中试阶段"
    assert (first["最低报价（元）"], first["评估价值（元）"]) == (500000, 1200000)
    again = await run(ImportKind.ACHIEVEMENTS, "export.xlsx", exported, dry_run=False)
    assert again.ok, again.problems
    assert (again.created, again.existing) == (0, 3)
    organizations = await imports.export_list(kind=ImportKind.ORGANIZATIONS)
    back = await run(ImportKind.ORGANIZATIONS, "orgs.xlsx", organizations, dry_run=False)
    assert (back.created, back.existing) == (0, 2)
