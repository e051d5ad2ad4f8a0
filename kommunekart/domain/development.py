"""The survey's development 2010–2020 as the register holds it: pure functions from a validated
register to plain rows, no Dash, no figures (kommunekart/figures/development.py draws them).

Every number here is a row of the register (survey_figures, regions, region_layers, survey_lists,
memberships), never typed in code; what the register lacks stays absent (None or an empty list),
so a user's register with other or fewer figures shows its own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from kommunekart.domain.register import Register

TOTAL = "ordninger_totalt"
NEW_SINCE_2014 = "nye_ordninger_siden_2014"
DISCONTINUED_PREFIX = "nedlagt_"  # survey figures listed under «nedlagt»
CW_INTER, CW_SINGLE, CW_TOTAL = ("barneverntjenester_interkommunale",
                                 "barneverntjenester_enhetskommunale", "barneverntjenester_totalt")
CW_SIZE_PREFIX = "barneverntjenester_under_"  # …_under_5_arsverk: the dimensioning figures
REGIONS_FIGURE, REGIONS_LAYER = "kommuneregioner_forslag", "kommuneregion_forslag"
DERIVED = "derived-from-population"


@dataclass(frozen=True)
class SurveyFigure:
    """One row of survey_figures.csv."""

    figure_id: str
    year: int
    value: float
    unit: str
    qualifier: str  # "" when the deck states the number plainly
    label: str
    source: str
    counted_from_list: bool

    @property
    def number(self) -> int | float:
        return int(self.value) if float(self.value).is_integer() else float(self.value)


@dataclass(frozen=True)
class Finding:
    """One row of survey_findings.csv: a statement of the deck in words."""

    finding_id: str
    kind: str
    number: int | None
    topic: str
    text: str
    details: tuple[str, ...]  # the detail column split on "; "
    source: str


@dataclass(frozen=True)
class ChildWelfareYear:
    year: int
    inter: SurveyFigure | None
    single: SurveyFigure | None
    total: SurveyFigure | None


@dataclass(frozen=True)
class ListedArrangement:
    arrangement_id: str
    name: str
    members: tuple[str, ...]  # kommunenummer, in the register's order
    member_names: tuple[str, ...]


@dataclass(frozen=True)
class SurveyList:
    """The lines of one list on a slide (survey_lists.csv), with the figures that belong to it."""

    list_id: str
    name: str
    arrangements: tuple[ListedArrangement, ...]
    figures: tuple[SurveyFigure, ...]  # survey figures whose id starts with "<list_id>_"
    source: str


@dataclass(frozen=True)
class ProposedRegion:
    region_id: str
    name: str
    population: int | None
    stated_members: int | None
    members: tuple[str, ...]  # registered members (derived or stated); () when not known
    member_names: tuple[str, ...]
    status: str  # "avledet" (every member derived from population), "registrert", "ukjent"
    source: str


@dataclass(frozen=True)
class Development:
    """Everything /utvikling draws, from one register."""

    totals: tuple[SurveyFigure, ...]
    discontinued: tuple[SurveyFigure, ...]
    new_since_2014: SurveyFigure | None
    child_welfare: tuple[ChildWelfareYear, ...]
    sizes: tuple[SurveyFigure, ...]  # dimensioning: services under N årsverk
    lists: tuple[SurveyList, ...]
    regions: tuple[ProposedRegion, ...]
    regions_figure: SurveyFigure | None  # "maks 10"
    findings: tuple[Finding, ...] = field(default=())
    figure_count: int = 0  # rows in survey_figures.csv

    def findings_of(self, topic: str, *kinds: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings
                     if f.topic == topic and (not kinds or f.kind in kinds))


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def survey_figures(register: Register) -> list[SurveyFigure]:
    """Every survey figure, in the register's order."""
    return [SurveyFigure(
        figure_id=r["figure_id"], year=int(r["year"]), value=float(r["value"]), unit=r["unit"],
        qualifier=_text(r["qualifier"]), label=r["label"], source=r["source"],
        counted_from_list=bool(r["counted_from_list"]),
    ) for _, r in register.survey_figures.iterrows()]


def figure_series(figures: list[SurveyFigure], figure_id: str) -> tuple[SurveyFigure, ...]:
    """One figure over the years, oldest first."""
    return tuple(sorted((f for f in figures if f.figure_id == figure_id), key=lambda f: f.year))


def latest(figures: list[SurveyFigure], figure_id: str) -> SurveyFigure | None:
    series = figure_series(figures, figure_id)
    return series[-1] if series else None


def child_welfare(figures: list[SurveyFigure]) -> tuple[ChildWelfareYear, ...]:
    """Child-welfare services per year the register has any of the three figures for."""
    by = {(f.figure_id, f.year): f for f in figures if f.figure_id in (CW_INTER, CW_SINGLE, CW_TOTAL)}
    years = sorted({year for _, year in by})
    return tuple(ChildWelfareYear(y, by.get((CW_INTER, y)), by.get((CW_SINGLE, y)),
                                  by.get((CW_TOTAL, y))) for y in years)


def service_sizes(figures: list[SurveyFigure]) -> tuple[SurveyFigure, ...]:
    """The dimensioning figures («6 under 5 åv»), smallest threshold first."""
    sizes = [f for f in figures if f.figure_id.startswith(CW_SIZE_PREFIX)]
    if sizes:  # one year's figures: the latest the register has
        year = max(f.year for f in sizes)
        sizes = [f for f in sizes if f.year == year]

    def threshold(f: SurveyFigure) -> tuple[float, int]:
        found = re.search(r"\d+", f.figure_id[len(CW_SIZE_PREFIX):])
        return (float(found.group()) if found else float("inf"), f.year)

    return tuple(sorted(sizes, key=threshold))


def findings(register: Register) -> tuple[Finding, ...]:
    """The deck's statements in the register's order."""
    return tuple(Finding(
        finding_id=r["finding_id"], kind=r["kind"],
        number=None if pd.isna(r["number"]) else int(r["number"]), topic=r["topic"],
        text=r["text"], details=tuple(d.strip() for d in _text(r["detail"]).split(";") if d.strip()),
        source=r["source"],
    ) for _, r in register.survey_findings.iterrows())


def survey_lists(register: Register, figures: list[SurveyFigure]) -> tuple[SurveyList, ...]:
    """The slide lists (kommunepsykolog, ettervern …), lists in order of first appearance, lines
    by position, each with its members from memberships.csv."""
    lists = register.survey_lists
    if lists.empty:
        return ()
    names = dict(zip(register.municipalities["kommunenummer"], register.municipalities["name"],
                     strict=True))
    arr_names = dict(zip(register.arrangements["arrangement_id"], register.arrangements["name"],
                         strict=True))
    mem = register.memberships
    out = []
    for list_id in dict.fromkeys(lists["list_id"]):
        rows = lists[lists["list_id"] == list_id].sort_values("position", kind="stable")
        lines = []
        for arrangement_id in rows["arrangement_id"]:
            members = tuple(mem.loc[mem["arrangement_id"] == arrangement_id, "kommunenummer"])
            lines.append(ListedArrangement(arrangement_id, arr_names[arrangement_id], members,
                                           tuple(names[k] for k in members)))
        own = tuple(f for f in figures if f.figure_id.startswith(f"{list_id}_"))
        out.append(SurveyList(list_id, rows["list_name"].iloc[0], tuple(lines), own,
                              "; ".join(dict.fromkeys(rows["source"]))))
    return tuple(out)


def list_participation(lists: tuple[SurveyList, ...], nordland: list[str]) -> list[int]:
    """Per Nordland municipality (in the given order): 1 + the index of the first list it takes
    part in, 0 for none (a municipality on two lists shows the first)."""
    first: dict[str, int] = {}
    for i, survey_list in enumerate(lists):
        for line in survey_list.arrangements:
            for k in line.members:
                first.setdefault(k, i + 1)
    return [first.get(k, 0) for k in nordland]


def proposed_regions(register: Register) -> tuple[ProposedRegion, ...]:
    """The proposed kommuneregioner, most populous first (as the deck lists them), with the
    members the register holds and how they are known."""
    regions = register.regions[register.regions["layer"] == REGIONS_LAYER]
    layer = register.region_layers[register.region_layers["layer"] == REGIONS_LAYER]
    names = dict(zip(register.municipalities["kommunenummer"], register.municipalities["name"],
                     strict=True))
    listed = list(regions.itertuples(index=False))
    # regions with members but no row in regions.csv are still drawn, by their region_name
    extra = [rid for rid in dict.fromkeys(layer["region_id"]) if rid not in set(regions["region_id"])]
    out = []
    for r in listed:
        g = layer[layer["region_id"] == r.region_id]
        out.append(_region(r.region_id, r.name, r.population_2020, r.stated_member_count, g,
                           names, r.source))
    for rid in extra:
        g = layer[layer["region_id"] == rid]
        out.append(_region(rid, g["region_name"].iloc[0], None, None, g, names, g["source"].iloc[0]))
    return tuple(sorted(out, key=lambda x: -(x.population if x.population is not None else -1)))


def _region(region_id: str, name: str, population: object, stated: object, members: pd.DataFrame,
            names: dict[str, str], source: str) -> ProposedRegion:
    ks = tuple(members["kommunenummer"])
    if not ks:
        status = "ukjent"
    elif set(members["confidence"]) == {DERIVED}:
        status = "avledet"
    else:
        status = "registrert"
    return ProposedRegion(region_id, name, None if pd.isna(population) else int(population),
                          None if pd.isna(stated) else int(stated), ks,
                          tuple(names[k] for k in ks), status, source)


def development(register: Register) -> Development:
    figures = survey_figures(register)
    return Development(
        totals=figure_series(figures, TOTAL),
        discontinued=tuple(f for f in figures if f.figure_id.startswith(DISCONTINUED_PREFIX)),
        new_since_2014=latest(figures, NEW_SINCE_2014),
        child_welfare=child_welfare(figures),
        sizes=service_sizes(figures),
        lists=survey_lists(register, figures),
        regions=proposed_regions(register),
        regions_figure=latest(figures, REGIONS_FIGURE),
        findings=findings(register),
        figure_count=len(figures),
    )
