"""Step ``directory``: enterprises, universities and institutes with their research teams, investors and
government bodies, and the people who represent them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from events.demo.context import AcademyRecord, Body, DemoContext, Enterprise, Team
from events.demo.data.organizations import ACADEMIES, BUSINESSES, GOVERNMENT, HONOURS, INVESTORS, OWNERSHIP, Academy
from events.demo.data.people import (
    ENTERPRISE_TITLES,
    GOVERNMENT_TITLES,
    INSTITUTE_LEAD_TITLES,
    INVESTOR_TITLES,
    UNIVERSITY_LEAD_TITLES,
)
from events.demo.data.places import CITY, DISTRICTS, STREETS
from events.demo.data.topics import GROUPS
from events.demo.identifiers import GOVERNMENT_ORGAN, PUBLIC_INSTITUTION, REGISTERED_ENTERPRISE, PhoneBook, credit_code
from events.demo.names import CompanyName, CompanyNames, PersonNames
from events.demo.plan import ENTERPRISES_PER_FIELD, GOVERNMENT_PEOPLE_EACH, TEAMS_PER_FIELD
from events.demo.rows import insert_rows
from events.tables import Organization, Person
from events.vocabulary import Field, OrganizationKind

# The enterprise whose personal link the demo prints: a fixed, recognisable name.
SHOWCASE = CompanyName(name="江城智造装备有限公司", name_en="Jiangcheng Zhizao Equipment Co., Ltd.", slug="zhizao")
SHOWCASE_FIELD = Field.INTELLIGENT_MANUFACTURING
SHOWCASE_DISTRICT = "高新区"
SHOWCASE_BUSINESS = "非标自动化设备"

UNIVERSITY_TEAM_SUFFIXES = ("课题组", "研究团队", "创新团队", "实验室")
INSTITUTE_TEAM_SUFFIXES = ("研究中心", "研究室", "创新团队")
INVESTOR_DOMAIN = "jcvc.example"
GOVERNMENT_DOMAINS = ("kjj.jiangcheng.example", "gxq.jiangcheng.example")
STAFF_SIZES = (30, 45, 60, 80, 120, 150, 220, 300, 450, 800, 1200)
SMALL_FIRM_STAFF = 300  # above this, a firm is not a 中小企业 (small or medium-sized enterprise)


@dataclass(frozen=True, slots=True)
class _PersonPlan:
    name: str
    title: str
    phone: str
    email: str


@dataclass(slots=True)
class _OrganizationPlan:
    row: Organization  # inserted first; its people follow once it has an id
    people: list[_PersonPlan] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _EnterprisePlan:
    organization: _OrganizationPlan
    field: Field
    business: str


@dataclass(frozen=True, slots=True)
class _TeamPlan:
    academy: int  # index into ACADEMIES
    field: Field
    group: int  # index into GROUPS[field]
    name: str
    lead: _PersonPlan


class _Drawing:
    """Draws the whole directory from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names = PersonNames(rng)
        self.phones = PhoneBook(rng)
        self.companies = CompanyNames(rng)
        self.codes: set[str] = set()
        self.divisions = {name: code for name, _, code, _ in DISTRICTS}

    def credit_code(self, *, prefix: str, district: str) -> str:
        while True:
            code = credit_code(self.rng, prefix=prefix, division=self.divisions[district])
            if code not in self.codes:
                self.codes.add(code)
                return code

    def person(self, *, title: str, domain: str) -> _PersonPlan:
        name = self.names.next()
        return _PersonPlan(name=name.name, title=title, phone=self.phones.next(), email=f"{name.pinyin}@{domain}")

    def district(self) -> str:
        return self.rng.choices([d[0] for d in DISTRICTS], weights=[d[3] for d in DISTRICTS])[0]

    def address(self, district: str) -> str:
        return f"{CITY}{district}{self.rng.choice(STREETS[district])}{self.rng.randint(1, 399)}号"

    def enterprise(self, *, number: int, field: Field) -> _EnterprisePlan:
        rng = self.rng
        if number == 0:
            company, district, business = SHOWCASE, SHOWCASE_DISTRICT, SHOWCASE_BUSINESS
        else:
            company, district, business = self.companies.next(field), self.district(), rng.choice(BUSINESSES[field])
        staff = rng.choice(STAFF_SIZES)
        honours = [h for h in HONOURS if staff <= SMALL_FIRM_STAFF or "中小企业" not in h]
        description = (
            f"{rng.randint(1998, 2021)}年成立，{rng.choice(OWNERSHIP)}，主营{business}，"
            f"员工约{staff}人，{rng.choice(honours)}。"
        )
        row = Organization(
            name=company.name,
            name_en=company.name_en,
            kind=OrganizationKind.ENTERPRISE.value,
            credit_code=self.credit_code(prefix=REGISTERED_ENTERPRISE, district=district),
            district=district,
            address=self.address(district),
            website=f"https://www.{company.slug}.example",
            description=description,
        )
        contact = self.person(title=rng.choice(ENTERPRISE_TITLES), domain=f"{company.slug}.example")
        return _EnterprisePlan(_OrganizationPlan(row, [contact]), field, business)

    def academy(self, spec: Academy) -> _OrganizationPlan:
        row = Organization(
            name=spec.name,
            name_en=spec.name_en,
            kind=spec.kind,
            credit_code=self.credit_code(prefix=PUBLIC_INSTITUTION, district=spec.district),
            district=spec.district,
            address=spec.address,
            website=f"https://www.{spec.domain}",
            description=spec.description,
        )
        return _OrganizationPlan(row)

    def body(
        self, *, name: str, name_en: str, kind: OrganizationKind, district: str, description: str
    ) -> _OrganizationPlan:
        prefix = GOVERNMENT_ORGAN if kind is OrganizationKind.GOVERNMENT else REGISTERED_ENTERPRISE
        row = Organization(
            name=name,
            name_en=name_en,
            kind=kind.value,
            credit_code=self.credit_code(prefix=prefix, district=district),
            district=district,
            address=self.address(district),
            description=description,
        )
        return _OrganizationPlan(row)

    def teams(self) -> list[_TeamPlan]:
        """Every team: its university or institute, its research direction, a name unique there, its lead."""
        names_used: dict[int, set[str]] = {index: set() for index in range(len(ACADEMIES))}
        teams: list[_TeamPlan] = []
        for field_, count in TEAMS_PER_FIELD.items():
            groups = GROUPS[field_]
            for number in range(count):
                academy = self.team_academy(field_)
                spec = ACADEMIES[academy]
                group = number % len(groups)
                name = self.team_name(spec=spec, cores=groups[group].teams, used=names_used[academy])
                names_used[academy].add(name)
                institute = spec.kind == OrganizationKind.INSTITUTE.value
                title = self.rng.choice(INSTITUTE_LEAD_TITLES if institute else UNIVERSITY_LEAD_TITLES)
                lead = self.person(title=title, domain=spec.domain)
                teams.append(_TeamPlan(academy=academy, field=field_, group=group, name=name, lead=lead))
        return teams

    def team_academy(self, field_: Field) -> int:
        """A university or institute for a team of this field, weighted by their strengths."""
        candidates = [(index, spec.fields[field_]) for index, spec in enumerate(ACADEMIES) if field_ in spec.fields]
        return self.rng.choices([c[0] for c in candidates], weights=[c[1] for c in candidates])[0]

    def team_name(self, *, spec: Academy, cores: tuple[str, ...], used: set[str]) -> str:
        """A name such as 先进电池材料课题组; a direction not yet named at this university is preferred."""
        institute = spec.kind == OrganizationKind.INSTITUTE.value
        suffixes = INSTITUTE_TEAM_SUFFIXES if institute else UNIVERSITY_TEAM_SUFFIXES
        fresh = [core for core in cores if not any(name.startswith(core) for name in used)]
        options = [core + suffix for core in (fresh or cores) for suffix in suffixes]
        return self.rng.choice([name for name in options if name not in used])


def _enterprise_fields(rng: random.Random) -> list[Field]:
    """One field per enterprise, the showcase's first, the rest in a seeded order."""
    fields = [field_ for field_, count in ENTERPRISES_PER_FIELD.items() for _ in range(count)]
    fields.remove(SHOWCASE_FIELD)
    rng.shuffle(fields)
    return [SHOWCASE_FIELD, *fields]


def _person_row(plan: _PersonPlan, organization_id: int) -> Person:
    return Person(name=plan.name, organization=organization_id, title=plan.title, phone=plan.phone, email=plan.email)


async def add_directory(demo: DemoContext) -> None:
    draw = _Drawing(demo.rng("directory"))
    rng = draw.rng
    draw.companies.reserve(SHOWCASE.name)
    enterprises = [draw.enterprise(number=n, field=f) for n, f in enumerate(_enterprise_fields(rng))]
    academies = [draw.academy(spec) for spec in ACADEMIES]
    investors = [
        draw.body(name=n, name_en=e, kind=OrganizationKind.INVESTOR, district="高新区", description=d)
        for n, e, d in INVESTORS
    ]
    for investor in investors:
        investor.people.append(draw.person(title=rng.choice(INVESTOR_TITLES), domain=INVESTOR_DOMAIN))
    government = [
        draw.body(name=n, name_en=e, kind=OrganizationKind.GOVERNMENT, district=district, description=d)
        for n, e, district, d in GOVERNMENT
    ]
    for body, domain in zip(government, GOVERNMENT_DOMAINS, strict=True):
        titles = rng.sample(GOVERNMENT_TITLES, GOVERNMENT_PEOPLE_EACH)
        body.people.extend(draw.person(title=title, domain=domain) for title in titles)
    teams = draw.teams()

    organizations = [e.organization for e in enterprises] + academies + investors + government
    organization_ids = await insert_rows(Organization, [o.row for o in organizations])
    people = [_person_row(p, oid) for o, oid in zip(organizations, organization_ids, strict=True) for p in o.people]
    academy_ids = organization_ids[len(enterprises) : len(enterprises) + len(academies)]
    people += [_person_row(team.lead, academy_ids[team.academy]) for team in teams]
    person_ids = iter(await insert_rows(Person, people))

    ids = dict(zip(map(id, organizations), organization_ids, strict=True))
    staff = {id(o): [next(person_ids) for _ in o.people] for o in organizations}
    demo.enterprises = [
        Enterprise(
            id=ids[id(e.organization)],
            name=e.organization.row.name,
            field=e.field,
            district=e.organization.row.district,
            business=e.business,
            contact_id=staff[id(e.organization)][0],
        )
        for e in enterprises
    ]
    demo.academies = [AcademyRecord(id=i, spec=spec) for i, spec in zip(academy_ids, ACADEMIES, strict=True)]
    demo.investors = [Body(ids[id(o)], o.row.name, staff[id(o)]) for o in investors]
    demo.government = [Body(ids[id(o)], o.row.name, staff[id(o)]) for o in government]
    demo.teams = [
        Team(
            academy=demo.academies[t.academy],
            name=t.name,
            field=t.field,
            group=GROUPS[t.field][t.group],
            lead_id=next(person_ids),
        )
        for t in teams
    ]
    demo.progress(
        f"organizations {len(organizations)} ({len(enterprises)} enterprises, {len(academies)} universities and "
        f"institutes, {len(investors)} investors, {len(government)} government bodies)"
    )
    demo.progress(f"people {len(people)}, research teams {len(demo.teams)}")
