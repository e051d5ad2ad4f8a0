"""/scenarier, a regional structure painted by hand, as pure content: the scenario and its link
(`s=`, checked: Nordland only, each municipality once, bounded names, #rrggbb colours), its link
state, what the panel shows with its sentences (population known and unknown, arrangements held
whole and split), the map in the scenario's colours, its tables, its handout and its `VIEW`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlencode, urlsplit

import pandas as pd
from dash import html

from kommunekart.domain import measures, scenario, wording
from kommunekart.domain.linkcodec import pack, unpack
from kommunekart.domain.scenario import Region
from kommunekart.figures import maplabels, mapnames
from kommunekart.figures.canvas import HEIGHT, WIDTH, Box, Canvas, Content
from kommunekart.figures.map import MAIN, with_view
from kommunekart.figures.printed import for_print, map_aspect, panel_text
from kommunekart.figures.text import plot_text
from kommunekart.views.kart import kart_base
from kommunekart.views.scenario_fit import fit_rows, short_population
from kommunekart.views.state import VISNING, Param, ViewState
from kommunekart.views.view import Query, Tables, View
from kommunekart.views.viewmodel import AppData


def scenarier_content(data: AppData, query: Mapping[str, str]) -> Content:
    """/scenarier: the map in the scenario's colours, and beside it each region's numbers and
    how much of today's cooperation the regions hold whole."""

    state, _ = ScenarioState.from_query(data, query)
    (regions, assignment), _ = scenario_of(data, state)
    base = state.base
    fig = for_print(figure(data, regions, assignment, state.visning))
    view = view_of(data, base, regions, assignment)
    heading, lines = view["title"], [view["score"], *(
        f"{r['name']}: {len(r['members'])} kommuner, folketall {r['population']}; "
        f"hele {r['inside']}, delt {r['crossing']}" for r in view["rows"])]

    def draw(canvas: Canvas, box: Box) -> None:
        x0, x1, y0, y1 = box
        wide = min((x1 - x0) * WIDTH, (y1 - y0) * HEIGHT * map_aspect(fig))
        right = x0 + wide / WIDTH
        canvas.place(fig, (x0, right, y0, y1), legend=False)
        if x1 - right > 320 / WIDTH:
            panel_text(canvas, (right + 24 / WIDTH, x1, y0, y1), heading, lines)

    return Content("Scenario: regioninndeling", [BASE_LABELS[base]], draw, name_parts(state))


EMPTY = "tom"


BASE_LABELS = {"kommuneregion_forslag": "Foreslåtte kommuneregioner (kartleggingen)",
               "regionraad": "Regionrådene", "legevaktsentral": "Legevaktsentraler (116117)",
               "barnevernvakt": "Barnevernvakter", "delregion": "Delregioner", EMPTY: "Tomt kart"}


DEFAULT_BASE = "kommuneregion_forslag"


# Okabe–Ito and Paul Tol's muted scheme: qualitative, safe for the common colour-vision deficiencies.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
           "#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677",
           "#882255", "#aa4499", "#000000", "#666666")


UNASSIGNED = "#e4e4e4"


COLOUR = re.compile(r"^#[0-9a-f]{6}$")


NOT_READ = "Scenarioet i lenken kunne ikke leses; viser grunnlaget."


Scenario = tuple[tuple[Region, ...], dict[str, str]]


def base_scenario(data: AppData, base: str) -> Scenario:
    """A layer's regions (those with members) as a scenario; `tom`: no regions. Once per
    register and base (a copy of the assignment, so a caller may change it)."""
    regions, assignment = data.memo(f"scenario_base_{base}", lambda: _base_scenario(data, base))
    return regions, dict(assignment)


def _base_scenario(data: AppData, base: str) -> Scenario:
    if base == EMPTY or base not in data.overlays:
        return (), {}
    rows = measures.regions_of_layer(data.register, base)
    layer = [(rid, members) for rid, members in zip(rows["region_id"], rows["members"], strict=True)
             if any(k in data.nordland for k in members)]
    names = dict(zip(rows["region_id"], rows["region_name"], strict=True))
    regions = tuple(Region(rid, names[rid][:MAX_NAME], PALETTE[i % len(PALETTE)])
                    for i, (rid, _) in enumerate(layer[:MAX_REGIONS]))
    keep = {r.key for r in regions}
    assignment = {k: v for k, v in scenario.base_assignment(layer, data.nordland).items() if v in keep}
    return regions, assignment


def encode(regions: tuple[Region, ...], assignment: dict[str, str]) -> str:
    by_region = {r.key: [k for k, v in sorted(assignment.items()) if v == r.key] for r in regions}
    return pack([[r.key, r.name, r.colour, by_region[r.key]] for r in regions])


def decode(code: str | None, data: AppData) -> Scenario | None:
    """The scenario a link holds, checked: at most MAX_REGIONS regions with plain names of at
    most MAX_NAME characters and #rrggbb colours; only Nordland's municipalities, each once."""
    items = unpack(code or "", MAX_CODE)
    if not isinstance(items, list) or len(items) > MAX_REGIONS:
        return None
    regions, assignment, keys = [], {}, set()
    nordland = set(data.nordland)
    for item in items:
        if not (isinstance(item, list) and len(item) == 4 and all(isinstance(x, str) for x in item[:3])
                and isinstance(item[3], list)):
            return None
        key, name, colour, members = item
        if not key or len(key) > 40 or key in keys or not COLOUR.match(colour):
            return None
        keys.add(key)
        regions.append(Region(key, " ".join(name.split())[:MAX_NAME] or "Uten navn", colour))
        for k in members:
            if isinstance(k, str) and k in nordland and k not in assignment:
                assignment[k] = key
    return tuple(regions), assignment


def url_of(data: AppData, base: str, regions: tuple[Region, ...], assignment: dict[str, str],
           visning: str = "kart") -> str:
    params = {"register": data.register_id, "grunnlag": base if base != DEFAULT_BASE else None,
              "s": encode(regions, assignment), "visning": visning if visning == "ruter" else None}
    return f"{PATH}?{urlencode({k: v for k, v in params.items() if v})}"


def known_population(data: AppData) -> dict[str, int | None]:
    def build() -> dict[str, int | None]:
        mun = data.register.municipalities
        if "population_2020" not in mun:
            return {}
        return {k: None if pd.isna(v) else int(v)
                for k, v in zip(mun["kommunenummer"], mun["population_2020"], strict=True)}
    return data.memo("scenario_population", build)


def arrangement_members(data: AppData) -> dict[str, tuple[str, ...]]:
    """Registered arrangements with at least two Nordland members (their Nordland members)."""
    def build() -> dict[str, tuple[str, ...]]:
        groups = data.register.memberships.groupby("arrangement_id", sort=True)["kommunenummer"]
        return scenario.nordland_members({a: list(m) for a, m in groups}, data.nordland)
    return data.memo("scenario_members", build)


def arrangement_names(data: AppData) -> dict[str, str]:
    arr = data.register.arrangements
    return data.memo("scenario_arr_names", lambda: dict(zip(arr["arrangement_id"], arr["name"],
                                                            strict=True)))


def share_text(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)} %"


def view_of(data: AppData, base: str, regions: tuple[Region, ...],
            assignment: dict[str, str], visning: str = "kart") -> dict[str, Any]:
    """Everything the panel shows, its sentences finished here (scenario.js only draws them)."""
    members = arrangement_members(data)
    mine = scenario.congruence(assignment, members)
    theirs = data.memo(f"scenario_base_congruence_{base}", lambda: scenario.congruence(
        base_scenario(data, base)[1], members))
    unassigned = [data.names[k] for k in data.alphabetical if k not in assignment]
    # The arrangements split, as places in the page's arrangement list (sent once with the
    # page, each with its Nordland members): the panel colours each member by the region this
    # view puts it in, which keeps a click's answer small.
    place = {a: i for i, a in enumerate(members)}
    split = [place[s.arrangement_id] for s in scenario.splits(assignment, members)]
    score = (f"{mine.within} av {mine.arrangements} registrerte ordninger med minst to "
             "Nordland-kommuner ligger helt innenfor én region "
             f"({share_text(mine.membership_share)} av medlemskapene). Grunnlaget "
             f"({BASE_LABELS.get(base, base)}): {share_text(theirs.share)}.")
    rows = region_rows(data, regions, assignment)
    fits, more = fit_rows(rows, score)  # presenting: the rows that fit beside the map
    return {"rows": [{**r, "fit": fit} for r, fit in zip(rows, fits, strict=True)],
            "more": more, "within": mine.within, "splits": split,
            "title": f"Innenfor én region: {share_text(mine.share)}", "score": score,
            "unassigned": f"Uten region: {', '.join(unassigned)}" if unassigned else None,
            "split_title": f"Ordninger grensene deler ({len(split)})",
            "url": url_of(data, base, regions, assignment, visning),
            **({"visning": visning} if visning != "kart" else {})}  # the register: in the link


def region_rows(data: AppData, regions: tuple[Region, ...],
                assignment: dict[str, str]) -> list[dict[str, Any]]:
    """Each region's row of the panel: members, population 2020 (known values summed, the
    municipalities without one counted, never guessed), arrangements held whole and split."""
    figures = scenario.region_figures(regions, assignment, arrangement_members(data),
                                      known_population(data), data.alphabetical)
    rows = []
    for r, f in zip(regions, figures, strict=True):
        people = f"{f.population:,}".replace(",", " ")
        if f.unknown:
            people = f"minst {people} – {len(f.unknown)} kommuner uten tall" if len(f.unknown) > 1 \
                else f"minst {people} – 1 kommune uten tall"
        rows.append({"key": r.key, "name": r.name, "colour": r.colour, "members": list(f.members),
                     "population": people if f.members else "–",
                     # what a narrow column shows of it, and the note it leaves out
                     "short": short_population(people) if f.members else "–",
                     "note": people[len(short_population(people)):] if f.members else "",
                     "inside": f.inside, "crossing": f.crossing})
    return rows


def panel_texts(data: AppData) -> dict[str, str]:
    """The panel's sentences that do not change with the scenario (sent once with the page)."""
    return {"note": "Hele: ordninger med alle Nordland-medlemmer i regionen. Delt: med medlemmer "
                    "både i og utenfor den.",
            "none": "Ingen.", "no_region": "uten region",
            "coverage": f"Tallene gjelder registrerte ordninger: {data.coverage_badge}. Folketall "
                        "2020 der en kilde oppgir det; der ingen gjør det, står kommunen uten tall."}


def map_props(data: AppData, regions: tuple[Region, ...], assignment: dict[str, str]) -> dict[str, Any]:
    """The municipality trace: each municipality in its region's colour, the unassigned grey."""
    index = {r.key: i + 1 for i, r in enumerate(regions)}
    n = len(regions) + 1
    scale = []
    for i, colour in enumerate([UNASSIGNED, *(r.colour for r in regions)]):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    names = {r.key: plot_text(r.name) for r in regions}  # a user's names, drawn literally
    return {"z": [index.get(assignment.get(k, ""), 0) for k in data.nordland], "zmin": -0.5,
            "zmax": n - 0.5, "colorscale": scale, "showscale": False,
            "text": [names.get(assignment.get(k, ""), "uten region") for k in data.nordland],
            "hovertemplate": "<b>%{customdata}</b> (%{location})<br>%{text}<extra></extra>"}


def geometry_of(data: AppData, visning: str, presenting: bool = False) -> str:
    """The map or the tile map (where the register has one), presenting in two panels as /kart
    draws them (the credit line then in the bottom bar, not on the map)."""
    if visning == "ruter" and data.tiles[0] is not None:
        return "ruter-delt" if presenting and data.split else "ruter"
    return "delt" if presenting else "kart"


def figure(data: AppData, regions: tuple[Region, ...], assignment: dict[str, str],
           visning: str = "kart", presenting: bool = False) -> dict[str, Any]:
    """The map («kart») or the tile map («ruter», every municipality as easy to click) in the
    scenario's colours; the same traces in the same order, so a paint click's Patch fits both."""
    geometry = geometry_of(data, visning, presenting)
    update = {**map_props(data, regions, assignment), "colorbar": {}}
    names = {} if geometry.startswith("ruter") else mapnames.name_traces(
        data, (), None, geometry=geometry)
    return with_view(kart_base(data, geometry), update, names)


def next_colour(regions: tuple[Region, ...]) -> str:
    """The first palette colour no region has yet."""
    used = {r.colour for r in regions}
    return next((c for c in PALETTE if c not in used), PALETTE[len(regions) % len(PALETTE)])


def region_options(regions: tuple[Region, ...]) -> list[dict[str, Any]]:
    return [{"label": html.Span([html.Span(className="swatch", style={"background": r.colour}),
                                 f" {r.name}"]), "value": r.key} for r in regions]


def clicked(point: dict | None) -> str | None:
    """The municipality a click on the map means (the map or a small island's hit area)."""
    p = ((point or {}).get("points") or [{}])[0]
    if p.get("curveNumber") == MAIN:
        return p.get("location")
    if p.get("curveNumber") == maplabels.HITS:
        return p.get("customdata")
    return None


def code_of(view: dict) -> str | None:
    """The scenario a view shows, from its link (the one place the page keeps it)."""
    return (parse_qs(urlsplit(str(view.get("url") or "")).query).get("s") or [None])[-1]


def scenario_tables(data: AppData, base: str, view: dict) -> dict[str, pd.DataFrame]:
    """municipality → region, and the per-region table, as the panel shows them."""
    regions, assignment = decode(code_of(view), data) or ((), {})
    names = {r.key: r.name for r in regions}
    known = known_population(data)
    kommuner = pd.DataFrame([{"kommunenummer": k, "kommune": data.names[k],
                              "region": names.get(assignment.get(k, ""), ""),
                              "folketall_2020": known.get(k)} for k in data.alphabetical])
    regioner = pd.DataFrame([{"region": r["name"], "kommuner": len(r["members"]),
                              "folketall_2020": r["population"], "ordninger_hele": r["inside"],
                              "ordninger_delt": r["crossing"],
                              "medlemmer": ", ".join(data.names[k] for k in data.alphabetical
                                                     if assignment.get(k) == r["key"])}
                             for r in view["rows"]])
    about = pd.DataFrame([("Grunnlag", BASE_LABELS.get(base, base)),
                          ("Ordninger innenfor én region", view["score"]),
                          ("Dekning", data.coverage_badge),
                          *(("Kreditering", c) for c in wording.credit_lines())],
                         columns=["", "verdi"])
    return {"kommuner": kommuner, "regioner": regioner, "om": about}


MAX_REGIONS, MAX_NAME, MAX_CODE, HISTORY = len(PALETTE), 40, 4000, 30


PATH = "/scenarier"


class AnyCode:
    """What a scenario code may be before `decode` reads it: anything (a code it cannot read
    gives the notice NOT_READ, in `scenario_of`)."""

    def __contains__(self, value: object) -> bool:
        return True


BASE = Param("grunnlag", lambda c: [b for b in BASE_LABELS if b == EMPTY or b in c.overlays],
             "Ukjent grunnlag «{value}» i lenken; starter fra de foreslåtte kommuneregionene.",
             words=lambda c, v: f"Grunnlag: {BASE_LABELS[v]}")
CODE = Param("s", lambda c: AnyCode(), NOT_READ, words=lambda c, v: "egen inndeling")


@dataclass(frozen=True)
class ScenarioState(ViewState):
    """/scenarier: the base painted from, the scenario (`s=`, compressed) and the kind of map."""

    base: str = DEFAULT_BASE
    code: str | None = None
    visning: str = "kart"

    PARAMS: ClassVar[Mapping[str, Param]] = {"base": BASE, "code": CODE, "visning": VISNING}

    @classmethod
    def from_query(cls, catalogue: Any, query: Mapping[str, Any]) -> tuple[Any, list[str]]:
        """As every view's, on the map where the register has no tile map."""
        state, notices = super().from_query(catalogue, query)
        if state.visning == "ruter" and catalogue.tiles[0] is None:
            state = state.with_(visning="kart")
        return state, notices


def scenario_of(data: AppData, state: ScenarioState) -> tuple[Scenario, list[str]]:
    """The scenario a state shows: its code read, else its base's; a notice if the code cannot
    be read."""
    if state.code:
        read = decode(state.code, data)
        if read is not None:
            return read, []
        return base_scenario(data, state.base), [NOT_READ]
    return base_scenario(data, state.base), []


def name_parts(state: ScenarioState) -> list[str]:
    """The words of this view's file names (handouts and tables alike)."""
    return ["scenario", state.base]


def tables(data: AppData, query: Query) -> Tables:
    """Municipality → region (the CSV), the per-region table and what it is."""
    state, _ = ScenarioState.from_query(data, query)
    (regions, assignment), _ = scenario_of(data, state)
    view = view_of(data, state.base, regions, assignment, state.visning)
    return Tables(name_parts(state), scenario_tables(data, state.base, view), csv="kommuner")


VIEW = View(PATH, "Scenarier", "Scenarier – Kommunekart Nordland", order=4, state=ScenarioState,
            handout=scenarier_content, tables=tables)
