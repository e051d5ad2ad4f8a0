"""/kart: the map view. Its layout is a function of the link's query string, so any view can be
shared as a link; its one callback sends only what changes (Patch), and the side panel is drawn
in the browser from the register copy sent once with the page."""

from __future__ import annotations

from functools import partial
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, dcc, html, no_update

from kommunekart.domain.wording import LAYER_LABELS, MEASURE_LABELS, SCOPE_LABELS
from kommunekart.figures import maplabels
from kommunekart.figures.map import (
    MAIN,
    fill_opacity,
    main_changes,
)
from kommunekart.figures.overlays import overlay_payload
from kommunekart.figures.style import GRAPH_CONFIG
from kommunekart.uploads.registers import Registries
from kommunekart.views import kart_panel, story
from kommunekart.views.client import client_register
from kommunekart.views.kart import (
    LABEL_LAYERS,
    OVERLAY_INDEX,
    PATH,
    VIEW,
    figure,
    geometry_of,
    kart_update,
    text_payload,
)
from kommunekart.views.options import kommune_options, task_options
from kommunekart.views.state import KartState
from kommunekart.views.viewmodel import AppData
from kommunekart.web.components import filters
from kommunekart.web.components.downloads import table_links
from kommunekart.web.components.ids import Ids
from kommunekart.web.components.notices import notices_of
from kommunekart.web.components.upload import register_callbacks, upload_box
from kommunekart.web.link import open_view

ID = Ids("kart")
PRESENTING = "presenting"  # whether presentation mode is on: set by assets/common.js


def controls(data: AppData, state: KartState) -> dbc.Card:
    """The controls, most used first: the service-region layers sit above the fold at 1280×720.
    On a phone only the municipality search and «Filtre» show until «Filtre» opens the rest."""
    return dbc.Card(id=ID.controls, className="controls", body=True, children=[
        html.Fieldset(className="visning mb-2", children=[
            html.Legend("Kartvisning", className="form-label"),
            dbc.RadioItems(id=ID.visning, value=state.visning, inline=True, options=[
                {"label": "Kart", "value": "kart"},
                {"label": "Rutekart", "value": "ruter", "disabled": data.tiles[0] is None}]),
            *([html.Small(data.tiles[1], id=ID.no_tiles, className="text-muted d-block")]
              if data.tiles[0] is None else []),
        ]),
        html.Div(className=f"kommune-field {filters.BAR}", children=[
            html.Label("Kommune", htmlFor=ID.kommune, className="form-label"),
            dcc.Dropdown(id=ID.kommune, options=kommune_options(data), value=state.kommune,
                         placeholder="Søk eller klikk i kartet …", clearable=True),
        ]),
        filters.toggle(ID.filters, ID.controls),
        html.Label("Oppgaveområde", htmlFor=ID.task, className="form-label mt-3"),
        dcc.Dropdown(id=ID.task, options=task_options(data), value=state.task,
                     placeholder="Alle oppgaveområder (søk) …", clearable=True),
        html.Fieldset(className="mt-3 layers", children=[
            html.Legend("Regioner i kartet", className="form-label"),
            dbc.Checklist(id=ID.layers, value=list(state.layers),
                          options=[{"label": LAYER_LABELS[k], "value": k} for k in data.overlays]),
        ]),
        html.Fieldset(className="mt-3", children=[
            html.Legend("Fargelegg etter", className="form-label"),
            dbc.RadioItems(id=ID.measure, value=state.measure,
                           options=[{"label": v, "value": k} for k, v in MEASURE_LABELS.items()]),
            html.Small("Med et oppgaveområde valgt viser kartet hvem som deltar; med en kommune "
                       "valgt, hvor mange ordninger hver kommune deler med den.",
                       className="text-muted"),
        ]),
        html.Fieldset(className="mt-3", children=[
            html.Legend("Hvilke ordninger", className="form-label"),
            dbc.RadioItems(id=ID.scope, value=state.scope,
                           options=[{"label": v, "value": k} for k, v in SCOPE_LABELS.items()]),
        ]),
        html.Div(className="actions mt-3", children=[
            dbc.Button("Nullstill", id=ID.clear, color="secondary", outline=True, size="sm"),
            html.Span(className="copy-link btn btn-outline-secondary btn-sm", children=[
                dcc.Clipboard(id=ID.copy_link, title="Kopier lenke til denne visningen",
                              className="d-inline"),
                " Kopier lenke"]),
        ]),
        html.Div(className="actions mt-2", children=table_links(
            ID.download_csv, ID.download_xlsx, "Last ned kartdata (CSV)", "Last ned tabeller (XLSX)",
            "Verdiene per kommune i kartet slik det vises nå",
            "Kommuner, ordningene i panelet og hva utvalget er, med kilder")),
        upload_box(data, ID),
    ])


def layout(registry: Registries, /, **query: Any) -> html.Div:
    opened = open_view(registry, VIEW, query)
    data, state, notices = opened.data, opened.state, opened.notices
    more = [data.tiles[1]] if state.visning == "ruter" and data.tiles[1] else []  # no tile layout
    if state.visning == "ruter" and data.tiles[0] is None:  # of its own, or none that fits
        state = state.with_(visning="kart")
    presenting = opened.presenting
    step = story.step_of_link(opened.query, PATH) is not None  # the panel opens on the step
    geometry = geometry_of(data, state, presenting)
    return html.Div(className="kart-page", children=[
        dcc.Store(id=ID.register, data=client_register(data)),
        dcc.Store(id=ID.view, data=(view := kart_panel.view(data, state, story=step))),
        dcc.Store(id=ID.shown, data=shown_of(view, geometry)),
        dcc.Store(id=ID.overlay_state, data={"loaded": list(state.layers)}),
        dcc.Store(id=ID.url_sync),
        dcc.Store(id=PRESENTING, data=presenting),  # kept by assets/common.js
        *notices_of(notices + more),
        html.Div(id=ID.upload_status),
        dbc.Row(className="g-3", children=[
            dbc.Col(controls(data, state), lg=3, className="controls-col"),
            dbc.Col(lg=5, className="map-col", children=[
                dcc.Graph(id=ID.map, figure=figure(data, state, geometry), config=GRAPH_CONFIG,
                          className="map-graph", clear_on_unhover=True),
                html.Details(className="map-table", children=[
                    html.Summary("Vis kartet som tabell"),
                    html.Div(id=ID.map_table),
                ]),
            ]),
            dbc.Col(html.Div(id=ID.panel, className="panel", role="region", tabIndex="0",
                             **{"aria-live": "polite", "aria-labelledby": "panel-title"}), lg=4),
        ]),
    ])


def clicked(data: AppData, click: dict | None, view: dict) -> tuple[str, Any]:
    """What a click on the map means: ("region", {layer, id}), ("kommune", number or None to
    clear a second click on the selected one), or ("none", None) outside Nordland."""
    point = ((click or {}).get("points") or [{}])[0]
    curve = point.get("curveNumber")
    if curve in LABEL_LAYERS:
        return "region", {"layer": LABEL_LAYERS[curve], "id": point.get("customdata")}
    if curve == maplabels.HITS:  # the hit area of a small municipality
        point, curve = {"location": point.get("customdata")}, MAIN
    if curve != MAIN or point.get("location") not in data.nordland:
        return "none", None
    location = point["location"]
    if location == view.get("kommune"):
        return "kommune", None
    # With regions drawn, a click in a region's area chooses the region; a click in the chosen
    # region chooses the municipality clicked (a second click goes one level down).
    current = (view.get("region") or {}).get("id")
    chosen = maplabels.region_of(data, current) if current else None
    if not (chosen and location in chosen[1]):
        region = maplabels.region_at(data, location, view.get("layers") or [])
        if region:
            return "region", {"layer": maplabels.region_of(data, region)[0], "id": region}  # type: ignore[index]
    return "kommune", location


def shown_of(view: dict[str, Any], geometry: str | None = None) -> dict[str, Any]:
    """What the server needs to know of the view on screen to answer the next interaction (sent
    back with every request, so kept to a few keys; the panel's view is much larger). The
    geometry drawn is the normal view's unless said."""
    geometry = geometry or ("ruter" if view.get("visning") == "ruter" else "kart")
    return {**{key: view.get(key) for key in ("register", "scale", "kommune", "layers", "region")},
            "geometry": geometry, **({"story": True} if view.get("story") else {})}


def view_change(data: AppData, trigger: str | None, state: KartState, click: dict | None,
                shown: dict, overlay: dict, presenting: bool = False) -> tuple[Any, Any, Any, Any, Any]:
    """(figure patch, new view, what is shown, kommune dropdown value, overlay state) after one
    control changed or a click. A click on a municipality selects it, a second click clears it;
    a click on a region label opens that region in the panel without touching the map. A layer's
    coordinates travel the first time it is shown; after that, switching it flips `visible`."""
    state = after_trigger(data, trigger, state, click, shown)
    if state is None:  # a click outside Nordland
        return no_update, no_update, no_update, no_update, no_update
    geometry = geometry_of(data, state, presenting)
    step = bool(shown.get("story"))  # opened as a story step: the panel keeps its order
    if geometry != shown.get("geometry"):  # another geometry: a whole figure
        view = kart_panel.view(data, state, story=step)
        return (figure(data, state, geometry), view, shown_of(view, geometry), state.kommune,
                {"loaded": list(state.layers)})
    patch = Patch()
    patch_main(patch, data, state, shown)
    loaded = patch_layers(patch, data, state, shown, set(overlay.get("loaded", [])), geometry)
    overlay_out = {"loaded": sorted(loaded)} if loaded != set(overlay.get("loaded", [])) else no_update
    layers_changed = list(state.layers) != list(shown.get("layers") or [])
    for index, coords in text_payload(data, state, geometry, regions=layers_changed).items():
        for key, value in coords.items():
            if key == "textfont":
                patch["data"][index][key]["color"] = value["color"]
            else:
                patch["data"][index][key] = value
    view = kart_panel.view(data, state, story=step)
    return patch, view, shown_of(view, geometry), state.kommune, overlay_out


def after_trigger(data: AppData, trigger: str | None, state: KartState, click: dict | None,
                  shown: dict) -> KartState | None:
    """The state after «Nullstill» or a click on the map (None: a click that means nothing)."""
    if trigger == ID.clear:
        state = state.with_(kommune=None, region=None)
    elif trigger == ID.map:
        what, value = clicked(data, click, shown)
        if what == "none":
            return None
        if what == "region":  # its members lit, the region first in the panel, region= in the link
            state = state.with_(region=value["id"], kommune=None)
        else:
            state = state.with_(kommune=value, region=None)
    return state.with_(visning="kart") if state.visning == "ruter" and data.tiles[0] is None else state


def patch_main(patch: Patch, data: AppData, state: KartState, shown: dict) -> None:
    """The municipality trace's changes (values, scale, selection, fill opacity) into `patch`."""
    values = data.state_values(state)
    region_before = (shown.get("region") or {}).get("id")
    rescale = values.kind == "partners" or bool(state.region or region_before)
    for path, value in main_changes(kart_update(data, state),
                                    kind_changed=rescale or values.scale != shown.get("scale"),
                                    selection_changed=state.kommune != shown.get("kommune")):
        target = patch["data"][MAIN]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    if bool(state.layers) != bool(shown.get("layers")):
        patch["data"][MAIN]["marker"]["opacity"] = fill_opacity(state.layers)


def patch_layers(patch: Patch, data: AppData, state: KartState, shown: dict, loaded: set[str],
                 geometry: str) -> set[str]:
    """The region layers switched on or off into `patch`, a layer's coordinates sent the first
    time it is shown; returns the layers the figure now holds."""
    loaded = set(loaded)
    layers = data.geography(geometry)[1]
    for layer, indices in OVERLAY_INDEX.items():
        on = layer in state.layers
        if on and layer not in loaded:
            for index, coords in zip(indices, overlay_payload(layers[layer]), strict=True):
                for key, value in coords.items():
                    patch["data"][index][key] = value
            loaded.add(layer)
        if on != (layer in shown.get("layers", [])):
            for index in indices:
                patch["data"][index]["visible"] = on
    return loaded


def register(app: Dash, registry: Registries) -> None:
    """Register /kart (and / as its start page) and its callbacks with the app. The shipped
    register's map is drawn once here, in both geometries, so the first view of a process (and
    a story's first step onto the map, presenting) does not pay for placing its names."""
    page_layout = partial(layout, registry)
    shipped = registry.resolve(None)[0]
    for geometry in ("kart", "delt"):
        figure(shipped, KartState(), geometry)
    dash.register_page(__name__, path=PATH, name=VIEW.name, title=VIEW.title, layout=page_layout)
    # "/" shows the map too (Flask already owns "/", so a redirect rule cannot be added there).
    dash.register_page("start", path="/", name="Start", title="Kommunekart Nordland",
                       layout=page_layout)

    @app.callback(
        Output(ID.map, "figure"), Output(ID.view, "data"), Output(ID.shown, "data"),
        Output(ID.kommune, "value"), Output(ID.overlay_state, "data"),
        Input(ID.measure, "value"), Input(ID.task, "value"), Input(ID.scope, "value"),
        Input(ID.kommune, "value"), Input(ID.layers, "value"), Input(ID.map, "clickData"),
        Input(ID.clear, "n_clicks"), Input(ID.visning, "value"), Input(PRESENTING, "data"),
        State(ID.shown, "data"), State(ID.overlay_state, "data"),
        prevent_initial_call=True,
    )
    def update_view(measure: str, task: str | None, scope: str, kommune: str | None,
                    layers: list[str] | None, click: dict | None, _clear: int | None,
                    visning: str | None, presenting: bool | None, shown: dict,
                    overlay: dict) -> tuple:
        data = registry.of(shown)
        state, _ = KartState.from_query(data, {"maal": measure, "oppgave": task, "utvalg": scope,
                                               "kommune": kommune, "lag": ",".join(layers or []),
                                               "visning": visning,
                                               "region": None if ctx.triggered_id in (
                                                   ID.kommune, ID.clear) else
                                               ((shown or {}).get("region") or {}).get("id")})
        return view_change(data, ctx.triggered_id, state, click, shown, overlay or {},
                           bool(presenting))

    register_callbacks(app, registry, ID)
    filters.register(app, ID.filters)
    app.clientside_callback(ClientsideFunction("kart", "panel"), Output(ID.panel, "children"),
                            Input(ID.view, "data"), State(ID.register, "data"))
    app.clientside_callback(ClientsideFunction("kart", "table"), Output(ID.map_table, "children"),
                            Input(ID.view, "data"), State(ID.register, "data"))
    app.clientside_callback(ClientsideFunction("kart", "url"), Output(ID.url_sync, "data"),
                            Input(ID.view, "data"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("kart", "link"), Output(ID.copy_link, "content"),
                            Input(ID.copy_link, "n_clicks"), State(ID.view, "data"),
                            prevent_initial_call=True)
