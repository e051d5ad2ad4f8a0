"""/kart: the map view. Its layout is a function of the link's query string, so any view can be
shared as a link; its one callback sends only what changes (Patch), and the side panel is drawn
in the browser from the register copy sent once with the page."""

from __future__ import annotations

import base64
from functools import partial
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, dcc, html, no_update

from kommunekart.domain import limits
from kommunekart.domain.register import RegisterError
from kommunekart.domain.wording import LAYER_LABELS, MEASURE_LABELS, SCOPE_LABELS
from kommunekart.figures import maplabels
from kommunekart.figures.map import (
    MAIN,
    fill_opacity,
    main_changes,
)
from kommunekart.figures.overlays import overlay_payload
from kommunekart.figures.style import GRAPH_CONFIG
from kommunekart.geo.geometry import MissingGeometryError
from kommunekart.uploads import jobs
from kommunekart.uploads.registers import Registries, precheck
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
from kommunekart.web.components.downloads import table_links
from kommunekart.web.components.ids import Ids
from kommunekart.web.components.notices import notices_of
from kommunekart.web.link import open_view

ID = Ids("kart")
PRESENTING = "presenting"  # whether presentation mode is on: set by assets/common.js
MAX_UPLOAD_BYTES = limits.MAX_UPLOAD_BYTES  # a full register is well under 1 MB
UPLOAD_POLL_MS = 500  # how often the browser asks after an upload being checked


def controls(data: AppData, state: KartState) -> dbc.Card:
    """The controls, most used first: the service-region layers sit above the fold at 1280×720."""
    return dbc.Card(className="controls", body=True, children=[
        html.Fieldset(className="visning mb-2", children=[
            html.Legend("Kartvisning", className="form-label"),
            dbc.RadioItems(id=ID.visning, value=state.visning, inline=True, options=[
                {"label": "Kart", "value": "kart"},
                {"label": "Rutekart", "value": "ruter", "disabled": data.tiles[0] is None}]),
        ]),
        html.Label("Kommune", htmlFor=ID.kommune, className="form-label"),
        dcc.Dropdown(id=ID.kommune, options=kommune_options(data), value=state.kommune,
                     placeholder="Søk eller klikk i kartet …", clearable=True),
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
        upload_box(data),
    ])


def upload_box(data: AppData | None = None) -> html.Div:
    """«Last inn eget register», what is being checked while it is, and for an uploaded register
    shown, what it is and «Fjern dette registeret». The 20 MB limit is checked in the browser
    before anything is sent (assets/upload.js reads data-max-bytes), and again on the server."""
    uploaded = data is not None and data.register_id is not None
    limit = {"data-max-bytes": str(MAX_UPLOAD_BYTES), "data-status": ID.upload_status}
    return html.Div(className="upload mt-3", **limit, children=[
        dcc.Upload(id=ID.upload, multiple=True, accept=".xlsx,.xlsm,.csv,.xls,.ods,.xlsb,.numbers",
                   className="upload-box", max_size=MAX_UPLOAD_BYTES,
                   children=html.Div(["Last inn eget register: ",
                                      html.A("velg en XLSX-arbeidsbok eller CSV-filene")])),
        # Where an upload's or a removal's answer sends the browser (assets/upload.js: a plain
        # navigation; a dcc.Location would also restore the query it was mounted with).
        dcc.Store(id=ID.goto), dcc.Store(id=ID.gone),
        html.Div(id=ID.upload_busy, className="upload-busy mt-2", hidden=True, role="status",
                 children=[html.Span(className="spinner-border spinner-border-sm me-2",
                                     **{"aria-hidden": "true"}),
                           html.Span("Kontrollerer registeret …", id=ID.upload_progress)]),
        html.Small("Samme tabeller som data/ (se data/README.md): én XLSX-arbeidsbok, eller CSV-filene "
                   "(semikolon eller komma, UTF-8 eller Windows-1252), til sammen høyst 20 MB. "
                   "Registeret kontrolleres før det vises; det som vises nå, beholdes hvis noe er galt.",
                   className="text-muted"),
        *([html.Div(className="upload-current mt-2", children=[
            html.Small(f"Viser et opplastet register ({data.client_register['source_name']}; "
                       f"leste {data.register.read_as}).", className="d-block"),
            dbc.Button("Fjern dette registeret", id=ID.remove, color="danger", outline=True,
                       size="sm", className="mt-1",
                       title="Sletter det opplastede registeret fra serveren og viser "
                             "standardregisteret"),
        ])] if uploaded else []),
    ])


def layout(registry: Registries, /, **query: Any) -> html.Div:
    opened = open_view(registry, VIEW, query)
    data, state, notices = opened.data, opened.state, opened.notices
    more = [data.tiles[1]] if state.visning == "ruter" and data.tiles[1] else []  # no tile layout
    if state.visning == "ruter" and data.tiles[0] is None:  # of its own, or none that fits
        state = state.with_(visning="kart")
    presenting = opened.presenting
    geometry = geometry_of(data, state, presenting)
    return html.Div(className="kart-page", children=[
        dcc.Store(id=ID.register, data=data.client_register),
        dcc.Store(id=ID.view, data=(view := data.view(state))),
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
            "geometry": geometry}


def view_change(data: AppData, trigger: str | None, state: KartState, click: dict | None,
                shown: dict, overlay: dict, presenting: bool = False) -> tuple[Any, Any, Any, Any, Any]:
    """(figure patch, new view, what is shown, kommune dropdown value, overlay state) after one
    control changed or a click. A click on a municipality selects it, a second click clears it;
    a click on a region label opens that region in the panel without touching the map. A layer's
    coordinates travel the first time it is shown; after that, switching it flips `visible`."""
    if trigger == ID.clear:
        state = state.with_(kommune=None, region=None)
    elif trigger == ID.map:
        what, value = clicked(data, click, shown)
        if what == "none":
            return no_update, no_update, no_update, no_update, no_update
        if what == "region":  # its members lit, the region first in the panel, region= in the link
            state = state.with_(region=value["id"], kommune=None)
        else:
            state = state.with_(kommune=value, region=None)
    if state.visning == "ruter" and data.tiles[0] is None:
        state = state.with_(visning="kart")
    geometry = geometry_of(data, state, presenting)
    if geometry != shown.get("geometry"):  # another geometry: a whole figure
        view = data.view(state)
        return (figure(data, state, geometry), view, shown_of(view, geometry), state.kommune,
                {"loaded": list(state.layers)})
    patch = Patch()
    values = data.state_values(state)
    update = kart_update(data, state)
    region_before = (shown.get("region") or {}).get("id")
    rescale = values.kind == "partners" or bool(state.region or region_before)
    for path, value in main_changes(update, kind_changed=rescale or values.scale != shown.get("scale"),
                                    selection_changed=state.kommune != shown.get("kommune")):
        target = patch["data"][MAIN]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    loaded = set(overlay.get("loaded", []))
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
    overlay_out = {"loaded": sorted(loaded)} if loaded != set(overlay.get("loaded", [])) else no_update
    layers_changed = list(state.layers) != list(shown.get("layers") or [])
    if bool(state.layers) != bool(shown.get("layers")):
        patch["data"][MAIN]["marker"]["opacity"] = fill_opacity(state.layers)
    for index, coords in text_payload(data, state, geometry, names=trigger != ID.measure,
                                      regions=layers_changed).items():
        for key, value in coords.items():
            if key == "textfont":
                patch["data"][index][key]["color"] = value["color"]
            else:
                patch["data"][index][key] = value
    view = data.view(state)
    return patch, view, shown_of(view, geometry), state.kommune, overlay_out


class UploadRefusedError(Exception):
    """An upload refused before it is read (too big, not what Dash sends)."""


def decode_upload(contents: list[str], names: list[str]) -> list[tuple[str, bytes]]:
    """dcc.Upload's data URLs as (file name, bytes); refused before decoding when together they
    are over the 20 MB limit (the browser checks first; this holds for any client)."""
    encoded = sum(len(c) - c.find(",") - 1 for c in contents)
    if encoded * 3 // 4 > MAX_UPLOAD_BYTES:
        raise UploadRefusedError(f"{limits.TOO_BIG}.")
    try:
        return [(name, base64.b64decode(content.split(",", 1)[1], validate=True))
                for content, name in zip(contents, names, strict=True)]
    except (ValueError, IndexError, TypeError) as err:
        raise UploadRefusedError("Filene kom ikke fram slik nettleseren sender dem; prøv igjen.") from err


def _refused(message: str) -> Any:
    return dbc.Alert(message, color="danger", dismissable=True, className="upload-error")


def upload_result(registry: Registries, files: list[tuple[str, bytes]],
                  progress: Any = None, precheck_only: bool = False) -> tuple[Any, Any]:
    """(link to the uploaded register's map, or no_update; a message). A register with any
    problem changes nothing: the page keeps showing what it showed. `precheck_only`: only what
    is told without reading the files (registry.precheck); (None, None) when that passes."""
    names = ", ".join(name for name, _ in files)
    try:
        if precheck_only:
            problems = precheck(files)
            if not problems:
                return None, None
            raise RegisterError(names, problems)
        rid = registry.add_upload(files, progress)
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
        detail = err.strerror if isinstance(err, OSError) and err.strerror else type(err).__name__
        return no_update, _refused(f"{names} ble ikke lastet inn ({detail}). Kartet viser fortsatt "
                                   "registeret det viste.")
    return f"{PATH}?register={rid}", dbc.Alert(f"{names} er kontrollert og lastet inn.",
                                               color="success", className="upload-ok")


def upload_job(registry: Registries, contents: list[str] | None, names: list[str] | None,
               set_progress: Any = None, seconds: float | None = None,
               in_job: bool = False) -> tuple[Any, Any]:
    """The check of an upload as it runs off the request workers (a background callback's job):
    size and what the zip's directory says first (at once: a zip bomb is refused here), then,
    at a lower priority (`in_job`: this process is the job's own) and in its turn (one check
    per slot), the register with each stage told to the page («Kontrollerer …: leser arkene»),
    stopped with a message when it takes longer than the time limit."""
    if not contents:
        return no_update, no_update
    names = list(names or [])
    label = ", ".join(names)

    def told(stage: str) -> None:
        if set_progress is not None:
            set_progress(f"Kontrollerer {label}: {stage} …")

    try:
        files = decode_upload(contents, names)
    except UploadRefusedError as err:
        return no_update, _refused(f"{label} ble ikke lastet inn. {err}")
    refused = upload_result(registry, files, precheck_only=True)  # a zip bomb ends here, at once
    if refused[1] is not None:
        return refused
    if in_job:
        jobs.lower_priority()  # the request workers come first
    seconds = limits.time_limit() if seconds is None else seconds
    try:
        with jobs.check_slot(registry.folder / jobs.JOBS_FOLDER,
                             waiting=lambda: told("venter på tur (andre opplastinger kontrolleres)")):
            told("pakker ut")
            with jobs.time_limit(seconds):
                return upload_result(registry, files, told)
    except jobs.BusyError:
        return no_update, _refused(f"{label} ble ikke lastet inn: serveren er opptatt med andre "
                                   "opplastinger. Prøv igjen om litt.")
    except jobs.TimeLimitError:
        return no_update, _refused(
            f"{label} ble ikke lastet inn: kontrollen tok mer enn {seconds:g} sekunder og ble "
            "stoppet. Er registeret mye større enn vanlig? Kartet viser fortsatt registeret det viste.")


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

    manager = jobs.manager(registry.folder)  # diskcache on this machine, or Celery with Redis

    @app.callback(
        Output(ID.goto, "data"), Output(ID.upload_status, "children"),
        Input(ID.upload, "contents"), State(ID.upload, "filename"),
        prevent_initial_call=True, background=True, manager=manager, interval=UPLOAD_POLL_MS,
        progress=Output(ID.upload_progress, "children"),
        progress_default="Kontrollerer registeret …",
        running=[(Output(ID.upload, "disabled"), True, False),
                 (Output(ID.upload_busy, "hidden"), False, True)],
        cache_args_to_ignore=[0, 1],  # every job has a key of its own (jobs.manager)
    )
    def upload(set_progress: Any, contents: list[str] | None, names: list[str] | None) -> tuple:
        # Runs in a job's own process (or a Celery worker), never in the worker that received it:
        # at a lower priority, one check per slot (jobs.check_slot), within the time limit.
        return upload_job(registry, contents, names, set_progress, in_job=True)

    @app.callback(
        Output(ID.goto, "data", allow_duplicate=True),
        Output(ID.upload_status, "children", allow_duplicate=True),
        Input(ID.remove, "n_clicks"), State(ID.view, "data"),
        prevent_initial_call=True,
    )
    def remove(clicks: int | None, view: dict | None) -> tuple:
        rid = (view or {}).get("register")
        if not clicks or not rid:
            return no_update, no_update
        registry.remove(rid)
        return PATH, no_update  # the shipped register, whatever happened to the upload

    app.clientside_callback(ClientsideFunction("upload", "go"), Output(ID.gone, "data"),
                            Input(ID.goto, "data"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("kart", "panel"), Output(ID.panel, "children"),
                            Input(ID.view, "data"), State(ID.register, "data"))
    app.clientside_callback(ClientsideFunction("kart", "table"), Output(ID.map_table, "children"),
                            Input(ID.view, "data"), State(ID.register, "data"))
    app.clientside_callback(ClientsideFunction("kart", "url"), Output(ID.url_sync, "data"),
                            Input(ID.view, "data"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("kart", "link"), Output(ID.copy_link, "content"),
                            Input(ID.copy_link, "n_clicks"), State(ID.view, "data"),
                            prevent_initial_call=True)
