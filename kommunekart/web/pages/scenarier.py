"""/scenarier: try a regional structure live. Start from a base (the deck's proposed
kommuneregioner, the regional councils, the 116117 or barnevernvakt regions, the subregions, or
nothing), choose or create a region, click municipalities to paint them into it; each region's
population and the registered arrangements it holds whole or splits follow at once, beside the
base's. The scenario lives in the link (`grunnlag=`, `s=`), so it can be shared, restored and put
in a story. Arithmetic in kommunekart/domain/scenario.py; a click answers with a Patch."""

from __future__ import annotations

import re
from functools import partial
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, dcc, html, no_update

from kommunekart.domain import measures, scenario, wording
from kommunekart.domain.linkcodec import pack, unpack
from kommunekart.domain.scenario import Region
from kommunekart.figures import maplabels
from kommunekart.figures.map import MAIN, with_view
from kommunekart.figures.text import plot_text
from kommunekart.outputs.export import csv_bytes, xlsx_bytes
from kommunekart.uploads.registers import Registries
from kommunekart.views.state import read_link
from kommunekart.views.viewmodel import AppData
from kommunekart.web.components.ids import Ids
from kommunekart.web.pages.kart import GRAPH_CONFIG, kart_base

ID = Ids("scen")
PATH = "/scenarier"
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
MAX_REGIONS, MAX_NAME, MAX_CODE, HISTORY = len(PALETTE), 40, 4000, 30
COLOUR = re.compile(r"^#[0-9a-f]{6}$")
NOT_READ = "Scenarioet i lenken kunne ikke leses; viser grunnlaget."

Scenario = tuple[tuple[Region, ...], dict[str, str]]


# ---------------------------------------------------------------- the scenario and its link

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


# ---------------------------------------------------------------- numbers and drawing

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
    """Everything the panel shows (computed here, drawn as it is)."""
    members, known = arrangement_members(data), known_population(data)
    figures = scenario.region_figures(regions, assignment, members, known, data.alphabetical)
    mine = scenario.congruence(assignment, members)
    base_assignment = base_scenario(data, base)[1]
    theirs = data.memo(f"scenario_base_congruence_{base}",
                       lambda: scenario.congruence(base_assignment, members))
    rows = []
    for r, f in zip(regions, figures, strict=True):
        people = f"{f.population:,}".replace(",", " ")
        if f.unknown:
            people = f"minst {people} – {len(f.unknown)} kommuner uten tall" if len(f.unknown) > 1 \
                else f"minst {people} – 1 kommune uten tall"
        rows.append({"key": r.key, "name": r.name, "colour": r.colour, "members": list(f.members),
                     "population": people if f.members else "–",
                     "inside": f.inside, "crossing": f.crossing})
    unassigned = [k for k in data.alphabetical if k not in assignment]
    # The arrangements split, as places in the page's arrangement list (sent once with the
    # page, each with its Nordland members): the panel colours each member by the region this
    # view puts it in, which keeps a click's answer small.
    place = {a: i for i, a in enumerate(members)}
    split = [place[s.arrangement_id] for s in scenario.splits(assignment, members)]
    return {"base": base, "rows": rows, "unassigned": ", ".join(data.names[k] for k in unassigned),
            "share": share_text(mine.share), "membership_share": share_text(mine.membership_share),
            "within": mine.within, "arrangements": mine.arrangements,
            "base_share": share_text(theirs.share), "base_label": BASE_LABELS.get(base, base),
            "splits": split,
            "coverage": data.client_register["coverage"]["badge"],
            "url": url_of(data, base, regions, assignment, visning), "visning": visning,
            "register": data.register_id}


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


def figure(data: AppData, regions: tuple[Region, ...], assignment: dict[str, str],
           geometry: str = "kart") -> dict[str, Any]:
    """The map («kart») or the tile map («ruter», every municipality as easy to click) in the
    scenario's colours; the same traces in the same order, so a paint click's Patch fits both."""
    geometry = geometry if geometry == "ruter" and data.tiles[0] is not None else "kart"
    update = {**map_props(data, regions, assignment), "colorbar": {}}
    names = {} if geometry == "ruter" else {
        maplabels.NAMES: {"text": maplabels.names_text(data, (), None)}}
    return with_view(kart_base(data, geometry), update, names)


# ---------------------------------------------------------------- layout and callbacks

def controls(data: AppData, base: str, regions: tuple[Region, ...], visning: str) -> dbc.Card:
    return dbc.Card(className="controls scen-controls", body=True, children=[
        html.Fieldset(className="mb-2", children=[
            html.Legend("Kartvisning", className="form-label"),
            dbc.RadioItems(id=ID.visning, value=visning, inline=True, options=[
                {"label": "Kart", "value": "kart"},
                {"label": "Rutekart", "value": "ruter", "disabled": data.tiles[0] is None}]),
        ]),
        html.Label("Start fra", htmlFor=ID.base, className="form-label"),
        dcc.Dropdown(id=ID.base, value=base, clearable=False, searchable=False,
                     options=[{"label": v, "value": k} for k, v in BASE_LABELS.items()
                              if k == EMPTY or k in data.overlays]),
        html.Fieldset(className="mt-3", children=[
            html.Legend("Mal inn i region (klikk kommuner i kartet)", className="form-label"),
            dbc.RadioItems(id=ID.active, options=region_options(regions),
                           value=regions[0].key if regions else None, className="scen-regions"),
        ]),
        html.Div(className="d-flex gap-2 mt-2 align-items-center", children=[
            html.Label([html.Span("Navn på ny region", className="visually-hidden"),
                        dbc.Input(id=ID.new_name, placeholder="Navn på ny region",
                                  maxLength=MAX_NAME)], className="flex-grow-1 mb-0"),
            html.Label([html.Span("Farge", className="visually-hidden"),
                        dbc.Input(id=ID.new_colour, type="color", className="scen-colour",
                                  value=next_colour(regions))], className="mb-0",
                       title="Farge på den nye regionen"),
            dbc.Button("Ny region", id=ID.add, color="secondary", outline=True),
        ]),
        html.Div(className="actions mt-3", children=[
            dbc.Button("Angre", id=ID.undo, color="secondary", outline=True, size="sm"),
            dbc.Button("Last ned (CSV)", id=ID.csv, color="secondary", outline=True, size="sm"),
            dbc.Button("Last ned (XLSX)", id=ID.xlsx, color="secondary", outline=True, size="sm"),
            dcc.Download(id=ID.download),
        ]),
        html.Small("Klikk en kommune for å legge den i valgt region; klikk igjen for å ta den ut. "
                   "En kommune er i høyst én region.", className="text-muted d-block mt-2"),
    ])


def next_colour(regions: tuple[Region, ...]) -> str:
    """The first palette colour no region has yet."""
    used = {r.colour for r in regions}
    return next((c for c in PALETTE if c not in used), PALETTE[len(regions) % len(PALETTE)])


def region_options(regions: tuple[Region, ...]) -> list[dict[str, Any]]:
    return [{"label": html.Span([html.Span(className="swatch", style={"background": r.colour}),
                                 f" {r.name}"]), "value": r.key} for r in regions]


def layout(registry: Registries, /, **query: Any) -> html.Div:
    query, link = read_link(query, ("grunnlag", "s", "visning"))  # one value each; notices
    data, notices = registry.resolve(query.get("register"))
    notices = [*link, *notices]
    base = str(query.get("grunnlag") or DEFAULT_BASE)
    if base not in BASE_LABELS or (base != EMPTY and base not in data.overlays):
        notices.append(f"Ukjent grunnlag «{base[:40]}» i lenken; starter fra de foreslåtte "
                       "kommuneregionene.")
        base = DEFAULT_BASE
    regions, assignment = base_scenario(data, base)
    if query.get("s"):
        read = decode(str(query["s"]), data)
        if read is None:
            notices.append(NOT_READ)
        else:
            regions, assignment = read
    visning = "ruter" if query.get("visning") == "ruter" and data.tiles[0] is not None else "kart"
    view = view_of(data, base, regions, assignment, visning)
    return html.Div(className="scen-page", children=[
        dcc.Location(id=ID.nav, refresh="callback-nav"),
        dcc.Store(id=ID.state, data={"register": data.register_id, "base": base}),
        dcc.Store(id=ID.history, data=[]),
        dcc.Store(id=ID.view, data=view),
        dcc.Store(id=ID.names, data={"names": data.names, "none": UNASSIGNED, "arrangements": [
            [arrangement_names(data).get(a, a), list(m)] for a, m in arrangement_members(data).items()]}),
        dcc.Store(id=ID.url_sync),
        *[dbc.Alert(n, color="warning", dismissable=True, className="link-notice") for n in notices],
        html.H2("Scenarier: tegn en regioninndeling"),
        dbc.Row(className="g-3", children=[
            dbc.Col(controls(data, base, regions, visning), lg=3, className="controls-col"),
            dbc.Col(lg=5, className="map-col", children=[
                dcc.Graph(id=ID.map, figure=figure(data, regions, assignment, visning),
                          config=GRAPH_CONFIG,
                          className="map-graph", clear_on_unhover=True)]),
            dbc.Col(html.Div(id=ID.panel, className="panel scen-panel", role="region", tabIndex="0",
                             **{"aria-live": "polite", "aria-label": "Scenarioets tall"}), lg=4),
        ]),
    ])


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


def change(data: AppData, trigger: str | None, state: dict, view: dict, history: list[str],
           click: dict | None, active: str | None, new_name: str | None,
           new_colour: str | None = None) -> tuple[Any, ...]:
    """(figure Patch, history Patch, region options, active region, view, name field, colour
    field) after a click on the map, a new region (its name and colour as the user chose, the
    colour checked) or an undo. The undo history grows and shrinks by Patch."""
    base = state.get("base") or DEFAULT_BASE
    code = code_of(view)
    current = decode(code, data) or base_scenario(data, base)
    regions, assignment = current[0], dict(current[1])
    steps = Patch()
    if trigger != ID.undo and len(history) >= HISTORY:  # undo reaches back HISTORY steps
        del steps[0]
    if trigger == ID.undo:
        if not history:
            return (no_update,) * 7
        restored = decode(history[-1], data) or current
        regions, assignment = restored[0], dict(restored[1])
        del steps[-1]
    elif trigger == ID.add:
        name = " ".join(str(new_name or "").split())[:MAX_NAME] or f"Region {len(regions) + 1}"
        if len(regions) >= MAX_REGIONS:
            return (no_update,) * 7
        chosen = str(new_colour or "").lower()
        colour = chosen if COLOUR.match(chosen) else next_colour(regions)
        key = f"ny{len(regions) + 1}"
        while key in {r.key for r in regions}:
            key += "x"
        steps.append(code or encode(regions, assignment))
        regions = (*regions, Region(key, name, colour))
        active = key
    else:
        kommune = clicked(click)
        if kommune not in data.nordland or not active or active not in {r.key for r in regions}:
            return (no_update,) * 7
        steps.append(code or encode(regions, assignment))
        if assignment.get(kommune) == active:
            assignment.pop(kommune)
        else:
            assignment[kommune] = active
    props = map_props(data, regions, assignment)
    patch = Patch()
    patch["data"][MAIN]["z"] = props["z"]
    patch["data"][MAIN]["text"] = props["text"]
    if trigger != ID.map:  # the regions themselves changed: their colours too
        for key in ("colorscale", "zmax"):
            patch["data"][MAIN][key] = props[key]
    view = view_of(data, base, regions, assignment, view.get("visning") or "kart")
    options = region_options(regions) if trigger != ID.map else no_update
    return (patch, steps, options, active if trigger != ID.map else no_update, view,
            "" if trigger == ID.add else no_update,
            next_colour(regions) if trigger != ID.map else no_update)


def tables(data: AppData, view: dict) -> dict[str, pd.DataFrame]:
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
    about = pd.DataFrame([("Grunnlag", view["base_label"]),
                          ("Ordninger innenfor én region", f"{view['within']} av {view['arrangements']} "
                                                           f"({view['share']})"),
                          ("Grunnlagets andel", view["base_share"]), ("Dekning", view["coverage"]),
                          *(("Kreditering", c) for c in wording.credit_lines())],
                         columns=["", "verdi"])
    return {"kommuner": kommuner, "regioner": regioner, "om": about}


def register(app: Dash, registry: Registries) -> None:
    dash.register_page(__name__, path=PATH, name="Scenarier", title="Scenarier – Kommunekart Nordland",
                       layout=partial(layout, registry), nav=True, order=4)

    @app.callback(
        Output(ID.map, "figure"), Output(ID.history, "data"),
        Output(ID.active, "options"), Output(ID.active, "value"), Output(ID.view, "data"),
        Output(ID.new_name, "value"), Output(ID.new_colour, "value"),
        Input(ID.map, "clickData"), Input(ID.add, "n_clicks"), Input(ID.undo, "n_clicks"),
        State(ID.state, "data"), State(ID.view, "data"), State(ID.history, "data"),
        State(ID.active, "value"), State(ID.new_name, "value"), State(ID.new_colour, "value"),
        prevent_initial_call=True,
    )
    def paint(click: dict | None, _add: int | None, _undo: int | None, state: dict, view: dict,
              history: list[str] | None, active: str | None, new_name: str | None,
              new_colour: str | None) -> tuple:
        data, _ = registry.resolve(state.get("register"))
        return change(data, ctx.triggered_id, state, view, history or [], click, active, new_name,
                      new_colour)

    @app.callback(Output(ID.map, "figure", allow_duplicate=True),
                  Output(ID.view, "data", allow_duplicate=True),
                  Input(ID.visning, "value"), State(ID.state, "data"), State(ID.view, "data"),
                  prevent_initial_call=True)
    def switch_map(visning: str, state: dict, view: dict) -> tuple:
        """The map or the tile map: another geometry, so a whole figure (the scenario kept)."""
        data, _ = registry.resolve(state.get("register"))
        base = state.get("base") or DEFAULT_BASE
        regions, assignment = decode(code_of(view), data) or base_scenario(data, base)
        visning = "ruter" if visning == "ruter" else "kart"
        return (figure(data, regions, assignment, visning),
                view_of(data, base, regions, assignment, visning))

    @app.callback(Output(ID.nav, "href"), Input(ID.base, "value"), State(ID.state, "data"),
                  State(ID.view, "data"), prevent_initial_call=True)
    def new_base(base: str, state: dict, view: dict) -> Any:
        """Another base is a new scenario: its own link and layout (on the same kind of map)."""
        params = {"register": state.get("register"), "grunnlag": base,
                  "visning": "ruter" if view.get("visning") == "ruter" else None}
        return f"{PATH}?{urlencode({k: v for k, v in params.items() if v})}"

    @app.callback(Output(ID.download, "data"), Input(ID.csv, "n_clicks"), Input(ID.xlsx, "n_clicks"),
                  State(ID.view, "data"), State(ID.state, "data"), prevent_initial_call=True)
    def download(_csv: int | None, _xlsx: int | None, view: dict, state: dict) -> dict:
        data, _ = registry.resolve(state.get("register"))
        parts = tables(data, view)
        stem = f"kommunekart-scenario-{view['base']}"
        if ctx.triggered_id == ID.csv:
            return dcc.send_bytes(csv_bytes(parts["kommuner"]), f"{stem}.csv")
        return dcc.send_bytes(xlsx_bytes(parts), f"{stem}.xlsx")

    app.clientside_callback(ClientsideFunction("scenario", "panel"), Output(ID.panel, "children"),
                            Input(ID.view, "data"), State(ID.names, "data"))
    app.clientside_callback(ClientsideFunction("kart", "url"), Output(ID.url_sync, "data"),
                            Input(ID.view, "data"), prevent_initial_call=True)
