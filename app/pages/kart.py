"""/kart: the map view. Its layout is a function of the link's query string, so any view can be
shared as a link; its callbacks send only what changes (Patch), and the side panel is drawn in the
browser from the register copy sent once with the page."""

from __future__ import annotations

import base64
from functools import cache
from typing import Any

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, dcc, html, no_update

from app.export import csv_bytes, file_stem, municipality_table, view_tables, xlsx_bytes
from app.figures.map import MAIN, border_props, colour_props, hover_props
from app.geometry import MissingGeometryError
from app.register import RegisterError
from app.registry import Registries
from app.viewmodel import (
    LAYER_LABELS,
    MEASURE_LABELS,
    SCOPE_LABELS,
    AppData,
    ViewState,
    parse_query,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a full register is well under 1 MB

GRAPH_CONFIG = {
    "topojsonURL": "/assets/topojson/",  # plotly's geo subplot would fetch it from a CDN
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "toImageButtonOptions": {"filename": "kommunekart-nordland", "scale": 2},
}


def _nb_sort_key(name: str) -> str:
    return name.lower().translate(str.maketrans({"æ": "{", "ø": "|", "å": "}"}))


@cache
def task_options(data: AppData) -> list[dict[str, Any]]:
    """The 41 task areas in the deck's two groups, searchable by number or name."""
    options: list[dict[str, Any]] = []
    for group, label in (("vanlig", "Vanlige samarbeidsområder (1–22)"),
                         ("sjelden", "Sjeldne samarbeidsområder (23–41)")):
        options.append({"label": f"— {label} —", "value": f"__{group}", "disabled": True})
        rows = data.task_options[data.task_options["group"] == group]
        options += [{"label": f"{r['number']}. {r['name']}", "value": r["task_area_id"]}
                    for _, r in rows.iterrows()]
    return options


@cache
def kommune_options(data: AppData) -> list[dict[str, str]]:
    """Nordland's municipalities in Norwegian alphabetical order (æ, ø, å last)."""
    return sorted(({"label": data.names[k], "value": k} for k in data.nordland),
                  key=lambda o: _nb_sort_key(o["label"]))


def controls(data: AppData, state: ViewState) -> dbc.Card:
    return dbc.Card(className="controls", body=True, children=[
        html.Label("Kommune", htmlFor="kommune", className="form-label"),
        dcc.Dropdown(id="kommune", options=kommune_options(data), value=state.kommune,
                     placeholder="Søk eller klikk i kartet …", clearable=True),
        html.Label("Oppgaveområde", htmlFor="task", className="form-label mt-3"),
        dcc.Dropdown(id="task", options=task_options(data), value=state.task,
                     placeholder="Alle oppgaveområder (søk) …", clearable=True),
        html.Fieldset(className="mt-3", children=[
            html.Legend("Fargelegg etter", className="form-label"),
            dbc.RadioItems(id="measure", value=state.measure,
                           options=[{"label": v, "value": k} for k, v in MEASURE_LABELS.items()]),
            html.Small("Med et oppgaveområde valgt viser kartet hvem som deltar; med en kommune "
                       "valgt, hvor mange ordninger hver kommune deler med den.",
                       className="text-muted"),
        ]),
        html.Fieldset(className="mt-3", children=[
            html.Legend("Hvilke ordninger", className="form-label"),
            dbc.RadioItems(id="scope", value=state.scope,
                           options=[{"label": v, "value": k} for k, v in SCOPE_LABELS.items()]),
        ]),
        html.Fieldset(className="mt-3", children=[
            html.Legend("Regioner i kartet", className="form-label"),
            dbc.Checklist(id="layers", value=list(state.layers),
                          options=[{"label": LAYER_LABELS[k], "value": k} for k in data.overlays]),
        ]),
        html.Div(className="actions mt-3", children=[
            dbc.Button("Nullstill", id="clear", color="secondary", outline=True, size="sm"),
            html.Span(className="copy-link btn btn-outline-secondary btn-sm", children=[
                dcc.Clipboard(id="copy-link", title="Kopier lenke til denne visningen",
                              className="d-inline"),
                " Kopier lenke"]),
            dbc.Button("Presentasjon", id="present", color="primary", outline=True, size="sm",
                       title="Fullskjerm med kart og panel; Esc avslutter"),
        ]),
        html.Div(className="actions mt-2", children=[
            dbc.Button("Last ned kartdata (CSV)", id="download-csv", color="secondary",
                       outline=True, size="sm",
                       title="Verdiene per kommune i kartet slik det vises nå"),
            dbc.Button("Last ned tabeller (XLSX)", id="download-xlsx", color="secondary",
                       outline=True, size="sm",
                       title="Kommuner, ordningene i panelet og hva utvalget er, med kilder"),
            dcc.Download(id="download"),
        ]),
        upload_box(),
    ])


def upload_box() -> html.Div:
    return html.Div(className="upload mt-3", children=[
        dcc.Upload(id="upload", multiple=True, accept=".xlsx,.xlsm,.csv", className="upload-box",
                   max_size=MAX_UPLOAD_BYTES,
                   children=html.Div(["Last inn eget register: ",
                                      html.A("velg en XLSX-arbeidsbok eller CSV-filene")])),
        html.Small("Samme tabeller som data/ (se data/README.md). Registeret kontrolleres før "
                   "det vises; det som vises nå, beholdes hvis noe er galt.",
                   className="text-muted"),
    ])


def layout(registry: Registries, **query: str) -> html.Div:
    rid = query.pop("register", None)
    data = registry.get(rid)
    notices = []
    if data is None:
        notices.append(f"Fant ikke registeret «{rid}» fra lenken; viser standardregisteret.")
        data = registry.default
    state, more = parse_query(data, query)
    notices += more
    return html.Div(className="kart-page", children=[
        dcc.Location(id="nav", refresh=True),
        dcc.Store(id="register", data=data.client_register),
        dcc.Store(id="view", data=data.view(state)),
        dcc.Store(id="overlay-state", data={"loaded": list(state.layers),
                                            "visible": list(state.layers)}),
        dcc.Store(id="url-sync"),
        *[dbc.Alert(n, color="warning", dismissable=True, className="link-notice")
          for n in notices],
        html.Div(id="upload-status"),
        dbc.Row(className="g-3", children=[
            dbc.Col(controls(data, state), lg=3, className="controls-col"),
            dbc.Col(lg=5, className="map-col", children=[
                dbc.Button("Avslutt presentasjon (Esc)", id="present-exit", size="sm",
                           color="secondary", className="present-exit"),
                dcc.Graph(id="map", figure=data.figure(state), config=GRAPH_CONFIG,
                          className="map-graph", clear_on_unhover=True),
                html.Details(className="map-table", children=[
                    html.Summary("Vis kartet som tabell"),
                    html.Div(id="map-table"),
                ]),
            ]),
            dbc.Col(html.Div(id="panel", className="panel", role="region",
                             **{"aria-live": "polite", "aria-labelledby": "panel-title"}), lg=4),
        ]),
    ])


def view_change(data: AppData, trigger: str | None, *, measure: str, task: str | None, scope: str,
                kommune: str | None, click: dict | None, view: dict) -> tuple[Any, Any, Any]:
    """(figure patch, new view, kommune dropdown value) after one control changed or a click.

    A click on a municipality selects it, a second click on it clears the selection; a click on
    a region label opens that region in the panel without touching the map."""
    if trigger == "clear":
        kommune = None
    elif trigger == "map":
        point = ((click or {}).get("points") or [{}])[0]
        curve = point.get("curveNumber")
        if curve in data.label_layers:
            region = {"layer": data.label_layers[curve], "id": point.get("customdata")}
            return no_update, {**view, "region": region}, no_update
        if curve != MAIN or point.get("location") not in data.nordland:
            return no_update, no_update, no_update
        kommune = None if point["location"] == view.get("kommune") else point["location"]
    state = ViewState(measure or "ordninger", task or None, scope or "alle", kommune or None)
    values = data.values(state.measure, state.task, state.scope, state.kommune)
    patch = Patch()
    main = patch["data"][MAIN]
    main["z"] = values.z
    for key, value in hover_props(values.hover, values.text).items():
        main[key] = value
    colours = colour_props(values.kind, values.z, values.title)
    if values.kind != view.get("kind"):  # the scale only travels when the kind of measure changes
        main["colorscale"] = colours["colorscale"]
        main["colorbar"]["tickvals"] = colours["colorbar"]["tickvals"]
        main["colorbar"]["ticktext"] = colours["colorbar"]["ticktext"]
    main["zmax"] = colours["zmax"]
    main["colorbar"]["title"]["text"] = colours["colorbar"]["title"]["text"]
    if state.kommune != view.get("kommune"):
        main["marker"]["line"] = border_props(data.nordland, state.kommune)
    return patch, data.view(state), state.kommune


def layer_change(data: AppData, layers: list[str] | None, overlay: dict) -> tuple[Any, dict]:
    """(figure patch, overlay state): a layer's coordinates travel the first time it is shown;
    after that, switching it only flips `visible`."""
    wanted = [x for x in (layers or []) if x in data.overlays]
    loaded, visible = set(overlay["loaded"]), set(overlay["visible"])
    patch = Patch()
    for layer, indices in data.overlay_index.items():
        on = layer in wanted
        if on and layer not in loaded:
            for index, coords in zip(indices, data.overlay_payloads[layer], strict=True):
                for key, value in coords.items():
                    patch["data"][index][key] = value
            loaded.add(layer)
        if on != (layer in visible):
            for index in indices:
                patch["data"][index]["visible"] = on
    return patch, {"loaded": sorted(loaded), "visible": wanted}


def decode_upload(contents: list[str], names: list[str]) -> list[tuple[str, bytes]]:
    """dcc.Upload's data URLs as (file name, bytes)."""
    return [(name, base64.b64decode(content.split(",", 1)[1]))
            for content, name in zip(contents, names, strict=True)]


def upload_result(registry: Registries, files: list[tuple[str, bytes]]) -> tuple[Any, Any]:
    """(link to the uploaded register's map, or no_update; a message). A register with any
    problem changes nothing: the page keeps showing what it showed."""
    names = ", ".join(name for name, _ in files)
    try:
        rid = registry.add_upload(files)
    except RegisterError as err:
        shown = err.problems[:30]
        more = len(err.problems) - len(shown)
        return no_update, dbc.Alert(color="danger", dismissable=True, className="upload-error",
                                    children=[
            html.Strong(f"{names} ble ikke lastet inn: {len(err.problems)} feil. "
                        "Kartet viser fortsatt registeret det viste."),
            html.Ul([html.Li(str(p)) for p in shown]),
            html.P(f"… og {more} feil til.") if more else None,
        ])
    except (MissingGeometryError, UnicodeDecodeError, ValueError, OSError) as err:
        return no_update, dbc.Alert(f"{names} ble ikke lastet inn: {err}", color="danger",
                                    dismissable=True, className="upload-error")
    return f"/kart?register={rid}", dbc.Alert(f"{names} er kontrollert og lastet inn.",
                                              color="success", className="upload-ok")


def register_callbacks(app: Dash, registry: Registries) -> None:
    def data_of(view: dict | None) -> AppData:
        return registry.get((view or {}).get("register")) or registry.default

    @app.callback(
        Output("map", "figure"), Output("view", "data"), Output("kommune", "value"),
        Input("measure", "value"), Input("task", "value"), Input("scope", "value"),
        Input("kommune", "value"), Input("map", "clickData"), Input("clear", "n_clicks"),
        State("view", "data"),
        prevent_initial_call=True,
    )
    def update_view(measure: str, task: str | None, scope: str, kommune: str | None,
                    click: dict | None, _clear: int | None, view: dict) -> tuple:
        return view_change(data_of(view), ctx.triggered_id, measure=measure, task=task,
                           scope=scope, kommune=kommune, click=click, view=view)

    @app.callback(
        Output("map", "figure", allow_duplicate=True), Output("overlay-state", "data"),
        Input("layers", "value"), State("overlay-state", "data"), State("view", "data"),
        prevent_initial_call=True,
    )
    def toggle_layers(layers: list[str] | None, overlay: dict, view: dict) -> tuple:
        return layer_change(data_of(view), layers, overlay)

    @app.callback(
        Output("download", "data"),
        Input("download-csv", "n_clicks"), Input("download-xlsx", "n_clicks"),
        State("view", "data"),
        prevent_initial_call=True,
    )
    def download(_csv: int | None, _xlsx: int | None, view: dict) -> dict:
        data = data_of(view)
        state = ViewState(view["measure"], view["task"], view["scope"], view["kommune"])
        stem = file_stem(state)
        if ctx.triggered_id == "download-csv":
            return dcc.send_bytes(csv_bytes(municipality_table(data, state)), f"{stem}.csv")
        return dcc.send_bytes(xlsx_bytes(view_tables(data, state)), f"{stem}.xlsx")

    @app.callback(
        Output("nav", "href"), Output("upload-status", "children"),
        Input("upload", "contents"), State("upload", "filename"),
        prevent_initial_call=True,
    )
    def upload(contents: list[str] | None, names: list[str] | None) -> tuple:
        if not contents:
            return no_update, no_update
        return upload_result(registry, decode_upload(contents, names or []))

    app.clientside_callback(ClientsideFunction("kart", "header"),
                            Output("coverage-badge", "children"), Output("coverage-badge", "title"),
                            Output("register-source", "children"), Input("register", "data"))
    app.clientside_callback(ClientsideFunction("kart", "panel"), Output("panel", "children"),
                            Input("view", "data"), Input("layers", "value"),
                            State("register", "data"))
    app.clientside_callback(ClientsideFunction("kart", "table"), Output("map-table", "children"),
                            Input("view", "data"), State("register", "data"))
    app.clientside_callback(ClientsideFunction("kart", "url"), Output("url-sync", "data"),
                            Input("view", "data"), Input("layers", "value"),
                            prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("kart", "link"), Output("copy-link", "content"),
                            Input("copy-link", "n_clicks"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("kart", "present"), Output("present", "active"),
                            Input("present", "n_clicks"), Input("present-exit", "n_clicks"),
                            prevent_initial_call=True)
