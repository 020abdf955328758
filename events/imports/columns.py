"""The columns of each importable list, with their Chinese and English headers.

A header matches a column when, after NFKC, case folding and removing spaces, ``_``, ``-``, a trailing unit in
brackets (``最低报价（元）``) and a ``*`` marking it required, it equals one of the column's names. Exports write
the first Chinese name with its unit, so an exported file imports again as it is. ``docs/import.md`` lists them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from events.vocabulary import ImportKind


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    zh: tuple[str, ...]  # Chinese names, the first is the one exported
    en: tuple[str, ...]  # English names, the first is the key
    required: bool = False
    unit: str = ""  # shown in exported headers: 元, YYYY-MM-DD
    help: str = ""  # what the column holds, for docs/import.md

    @property
    def header(self) -> str:
        """The header written by exports (Chinese, with its unit)."""
        return f"{self.zh[0]}（{self.unit}）" if self.unit else self.zh[0]

    @property
    def names(self) -> tuple[str, ...]:
        return (*self.zh, *self.en, self.key)


_UNIT = re.compile(r"[(（\[【].*?[)）\]】]\s*$")
_SPACES = re.compile(r"[\s_\-*]+")


def normalise_header(text: str) -> str:
    folded = unicodedata.normalize("NFKC", str(text)).casefold().strip()
    folded = _UNIT.sub("", folded).strip()
    return _SPACES.sub("", folded)


def _c(
    key: str,
    zh: str,
    en: str = "",
    *,
    required: bool = False,
    unit: str = "",
    help: str = "",
) -> Column:
    return Column(
        key=key,
        zh=tuple(zh.split("|")),
        en=tuple(n for n in (en or key.replace("_", " ")).split("|") if n),
        required=required,
        unit=unit,
        help=help,
    )


ENUM_HELP = "the value, its Chinese or its English label"
LIST_HELP = "several separated by 、 , ; or a new line"

COLUMNS: dict[ImportKind, tuple[Column, ...]] = {
    ImportKind.ORGANIZATIONS: (
        _c("name", "名称|机构名称|单位名称|单位", "name|organization", required=True),
        _c("kind", "类型|机构类型|单位类型", "kind|type", required=True, help=f"OrganizationKind: {ENUM_HELP}"),
        _c("credit_code", "统一社会信用代码|信用代码", "credit code", help="18 characters, check digit verified"),
        _c("district", "所在区县|区县|所在区", "district"),
        _c("name_en", "英文名称", "english name|name en"),
        _c("address", "地址", "address"),
        _c("website", "网址|网站", "website"),
        _c("description", "简介|机构简介", "description"),
    ),
    ImportKind.PEOPLE: (
        _c("name", "姓名|名字", "name", required=True),
        _c("organization", "单位|所在单位|单位名称", "organization", help="an organization already in the directory"),
        _c("credit_code", "单位统一社会信用代码|统一社会信用代码", "credit code", help="finds the organization"),
        _c("title", "职务|职称", "title|position"),
        _c("phone", "手机|手机号码|电话|联系电话", "phone|mobile", help="phone or e-mail required"),
        _c("email", "邮箱|电子邮箱", "email|e-mail"),
    ),
    ImportKind.ACHIEVEMENTS: (
        _c("title", "成果名称|名称", "title", required=True),
        _c("organization", "所属单位|完成单位|单位", "organization", required=True, help="created when new"),
        _c("credit_code", "单位统一社会信用代码|统一社会信用代码", "credit code"),
        _c("organization_kind", "单位类型", "organization kind", help="university (default) or institute, ..."),
        _c("fields", "技术领域|领域", "fields|field", required=True, help=f"Field, {LIST_HELP}; the first is primary"),
        _c("maturity", "成熟度|成熟阶段", "maturity", required=True, help=f"Maturity: {ENUM_HELP}"),
        _c("summary", "成果简介|简介", "summary|description"),
        _c("title_en", "英文名称", "english title|title en"),
        _c("keywords", "关键词", "keywords", help=LIST_HELP),
        _c("ip_type", "知识产权类型|知识产权", "ip type|ip", help=f"IPType: {ENUM_HELP}"),
        _c("patent_numbers", "专利号", "patent numbers|patents", help=LIST_HELP),
        _c("transfer_modes", "转化方式|合作方式", "transfer modes", help=f"TransferMode, {LIST_HELP}"),
        _c("price_low", "最低报价|报价下限", "price low", unit="元"),
        _c("price_high", "最高报价|报价上限", "price high", unit="元"),
        _c("price_note", "报价说明", "price note"),
        _c("evaluator", "评价机构|第三方评价机构", "evaluator"),
        _c("evaluated_value", "评估价值|评估金额", "evaluated value", unit="元"),
        _c("evaluated_on", "评价日期|评估日期", "evaluated on", unit="YYYY-MM-DD"),
        _c("team", "团队|课题组|团队名称", "team|team name"),
        _c("contact", "联系人", "contact"),
        _c("contact_phone", "联系人电话|联系电话", "contact phone"),
        _c("published", "是否公开|公开", "published", help="是/否, yes/no, 1/0 (default yes)"),
    ),
    ImportKind.DEMANDS: (
        _c("title", "需求名称|名称", "title", required=True),
        _c("organization", "企业名称|需求单位|单位", "organization|enterprise", required=True, help="created when new"),
        _c("credit_code", "统一社会信用代码|信用代码", "credit code"),
        _c("district", "所在区县|区县", "district"),
        _c("fields", "技术领域|领域", "fields|field", required=True, help=f"Field, {LIST_HELP}; the first is primary"),
        _c("summary", "需求描述|需求简介|描述", "summary|description"),
        _c("title_en", "英文名称", "english title|title en"),
        _c("keywords", "关键词", "keywords", help=LIST_HELP),
        _c("transfer_modes", "合作方式|转化方式", "transfer modes", help=f"TransferMode, {LIST_HELP}"),
        _c("budget_low", "预算下限|最低预算", "budget low", unit="元"),
        _c("budget_high", "预算上限|最高预算", "budget high", unit="元"),
        _c("wanted_by", "期望完成日期|期望时间", "wanted by", unit="YYYY-MM-DD"),
        _c("contact", "联系人", "contact"),
        _c("contact_phone", "联系人电话|联系电话", "contact phone"),
        _c("published", "是否公开|公开", "published", help="是/否, yes/no, 1/0 (default yes)"),
    ),
    ImportKind.REGISTRATIONS: (
        _c("role", "参会身份|身份|角色", "role", required=True, help=f"RegistrationRole: {ENUM_HELP}"),
        _c("organization", "单位名称|单位|企业名称", "organization", help="required for enterprises, teams, investors"),
        _c("credit_code", "统一社会信用代码|信用代码", "credit code"),
        _c("district", "所在区县|区县", "district"),
        _c("team", "团队名称|团队|课题组", "team|team name", help="required for teams"),
        _c("contact", "联系人|姓名", "contact|name", required=True),
        _c("title", "职务", "title|position"),
        _c("phone", "联系电话|手机|手机号码", "phone|mobile", required=True),
        _c("email", "邮箱|电子邮箱", "email|e-mail"),
        _c("status", "状态|审核状态", "status", help="RegistrationStatus (default pending)"),
        _c("note", "备注", "note"),
    ),
}


def columns_of(kind: ImportKind) -> tuple[Column, ...]:
    return COLUMNS[kind]


def column_for(kind: ImportKind, header: str) -> Column | None:
    wanted = normalise_header(header)
    if not wanted:
        return None
    for column in COLUMNS[kind]:
        if wanted in {normalise_header(n) for n in column.names}:
            return column
    return None
