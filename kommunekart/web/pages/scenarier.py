"""/scenarier: try a regional structure live. Start from a base (the deck's proposed
kommuneregioner, the regional councils, the 116117 or barnevernvakt regions, the subregions, or
nothing), choose or create a region, click municipalities to paint them into it; each region's
population and the registered arrangements it holds whole or splits follow at once, beside the
base's. The scenario lives in the link (`grunnlag=`, `s=`), so it can be shared, restored and put
in a story. Arithmetic in kommunekart/domain/scenario.py; a click answers with a Patch."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, dcc, html, no_update

from kommunekart.domain.scenario import Region
from kommunekart.figures.map import MAIN
from kommunekart.uploads.registers import Registries
from kommunekart.views.scenarier import (
    BASE_LABELS,
    COLOUR,
    DEFAULT_BASE,
    EMPTY,
    HISTORY,
    MAX_NAME,
    MAX_REGIONS,
    PATH,
    UNASSIGNED,
    VIEW,
    arrangement_members,
    arrangement_names,
    base_scenario,
    clicked,
    code_of,
    decode,
    encode,
    figure,
    map_props,
    next_colour,
    panel_texts,
    region_options,
    scenario_of,
    view_of,
)
from kommunekart.views.viewmodel import AppData
from kommunekart.web.components import filters
from kommunekart.web.components.downloads import table_links
from kommunekart.web.components.ids import Ids
from kommunekart.web.link import open_view
from kommunekart.web.pages.kart import GRAPH_CONFIG, PRESENTING

ID = Ids("scen")


# ---------------------------------------------------------------- the scenario and its link


# ---------------------------------------------------------------- numbers and drawing


# ---------------------------------------------------------------- layout and callbacks

def controls(data: AppData, base: str, regions: tuple[Region, ...], visning: str) -> dbc.Card:
    return dbc.Card(id=ID.controls, className="controls scen-controls", body=True, children=[
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
        html.Fieldset(className=f"mt-3 {filters.BAR}", children=[
            html.Legend("Mal inn i region (klikk kommuner i kartet)", className="form-label"),
            dbc.RadioItems(id=ID.active, options=region_options(regions),
                           value=regions[0].key if regions else None, className="scen-regions"),
        ]),
        filters.toggle(ID.filters, ID.controls, "Flere valg"),  # a phone shows the regions only
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
            *table_links(ID.csv, ID.xlsx, "Last ned (CSV)", "Last ned (XLSX)",
                         "Hver kommune og regionen den er i", "Kommunene, regionene og tallene"),
        ]),
        html.Small("Klikk en kommune for å legge den i valgt region; klikk igjen for å ta den ut. "
                   "En kommune er i høyst én region.", className="text-muted d-block mt-2"),
    ])


def layout(registry: Registries, /, **query: Any) -> html.Div:
    opened = open_view(registry, VIEW, query)
    data, state = opened.data, opened.state
    (regions, assignment), more = scenario_of(data, state)
    notices, base, visning = [*opened.notices, *more], state.base, state.visning
    view = view_of(data, base, regions, assignment, visning)
    return html.Div(className="scen-page", children=[
        dcc.Location(id=ID.nav, refresh="callback-nav"),
        dcc.Store(id=ID.state, data={"register": data.register_id, "base": base}),
        dcc.Store(id=ID.history, data=[]),
        dcc.Store(id=ID.view, data=view),
        dcc.Store(id=ID.names, data={"names": data.names, "none": UNASSIGNED,
                                    "texts": panel_texts(data), "arrangements": [
            [arrangement_names(data).get(a, a), list(m)] for a, m in arrangement_members(data).items()]}),
        dcc.Store(id=ID.url_sync),
        *[dbc.Alert(n, color="warning", dismissable=True, className="link-notice") for n in notices],
        dcc.Store(id=PRESENTING, data=opened.presenting),  # kept by assets/common.js
        html.H2("Scenarier: tegn en regioninndeling", className="scen-heading"),
        dbc.Row(className="g-3", children=[
            dbc.Col(controls(data, base, regions, visning), lg=3, className="controls-col"),
            dbc.Col(lg=5, className="map-col", children=[
                dcc.Graph(id=ID.map, figure=figure(data, regions, assignment, visning,
                                                   opened.presenting),
                          config=GRAPH_CONFIG,
                          className="map-graph", clear_on_unhover=True)]),
            dbc.Col(html.Div(id=ID.panel, className="panel scen-panel", role="region", tabIndex="0",
                             **{"aria-live": "polite", "aria-label": "Scenarioets tall"}), lg=4),
        ]),
    ])


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


def register(app: Dash, registry: Registries) -> None:
    dash.register_page(__name__, path=PATH, name=VIEW.name, title=VIEW.title,
                       layout=partial(layout, registry))
    filters.register(app, ID.filters)

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
                  Input(ID.visning, "value"), Input(PRESENTING, "data"), State(ID.state, "data"),
                  State(ID.view, "data"), prevent_initial_call=True)
    def switch_map(visning: str, presenting: bool | None, state: dict, view: dict) -> tuple:
        """The map or the tile map, and presenting either in two panels: another geometry, so a
        whole figure (the scenario kept)."""
        data, _ = registry.resolve(state.get("register"))
        base = state.get("base") or DEFAULT_BASE
        regions, assignment = decode(code_of(view), data) or base_scenario(data, base)
        visning = "ruter" if visning == "ruter" else "kart"
        return (figure(data, regions, assignment, visning, bool(presenting)),
                view_of(data, base, regions, assignment, visning))

    @app.callback(Output(ID.nav, "href"), Input(ID.base, "value"), State(ID.state, "data"),
                  State(ID.view, "data"), prevent_initial_call=True)
    def new_base(base: str, state: dict, view: dict) -> Any:
        """Another base is a new scenario: its own link and layout (on the same kind of map)."""
        params = {"register": state.get("register"), "grunnlag": base,
                  "visning": "ruter" if view.get("visning") == "ruter" else None}
        return f"{PATH}?{urlencode({k: v for k, v in params.items() if v})}"

    app.clientside_callback(ClientsideFunction("scenario", "panel"), Output(ID.panel, "children"),
                            Input(ID.view, "data"), State(ID.names, "data"))
    app.clientside_callback(ClientsideFunction("kart", "url"), Output(ID.url_sync, "data"),
                            Input(ID.view, "data"), prevent_initial_call=True)
