"""«Last inn eget register»: the upload box of a page and its callbacks. The check itself runs
off the request workers (kommunekart.uploads.pipeline, as a Dash background callback); this
module only turns its plain answer into the page's components and navigation. The ids are the
page's own (`Ids("kart")`), so the page's CSS, assets/upload.js and the browser tests find them."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from kommunekart.domain.wording import register_label
from kommunekart.uploads import jobs, pipeline
from kommunekart.uploads.intake import MAX_UPLOAD_BYTES, Files
from kommunekart.uploads.pipeline import UploadMessage, UploadOutcome
from kommunekart.uploads.problem_report import HEADINGS, ProblemTable
from kommunekart.uploads.registers import Registries
from kommunekart.views.viewmodel import AppData
from kommunekart.web.components.downloads import REGISTER_XLSX, download_link
from kommunekart.web.components.ids import Ids
from kommunekart.web.files import PROBLEMS_CSV

UPLOAD_POLL_MS = 500  # how often the browser asks after an upload being checked
REGISTER_TITLE = ("Registeret som vises, som XLSX-arbeidsbok med «Les meg» og nedtrekkslister: "
                  "endre det i Excel og last det inn igjen her")
# The two shapes an upload may have, each with its template (routes of web/files.py).
TEMPLATE_SIMPLE, TEMPLATE_FULL = "/last-ned/mal-enkel-liste.xlsx", "/last-ned/mal-fullt-register.xlsx"
SHAPES = (  # what it is, in one sentence; its template's route, link text and title
    ("En enkel liste: én rad per ordning med navn og deltakerkommuner (navnene skilt med komma, "
     "semikolon eller linjeskift), og om du vil oppgaveområde, organisering, vertskommune, kilde "
     "og år.",
     TEMPLATE_SIMPLE, "Mal: enkel liste", "Last ned en tom enkel liste (XLSX) med overskriftene"),
    ("Et fullt register: arbeidsboken du laster ned her, med alle tabellene; endre den i Excel og "
     "last den inn igjen.",
     TEMPLATE_FULL, "Mal: fullt register", "Last ned et tomt fullt register (XLSX) med «Les meg»-ark"),
)


def upload_box(data: AppData | None, ids: Ids) -> html.Div:
    """«Last inn eget register», what is being checked while it is, and for an uploaded register
    shown, what it is and «Fjern dette registeret». The 20 MB limit is checked in the browser
    before anything is sent (assets/upload.js reads data-max-bytes), and again on the server."""
    limit = {"data-max-bytes": str(MAX_UPLOAD_BYTES), "data-status": ids.upload_status}
    return html.Div(className="upload mt-3", **limit, children=[
        dcc.Upload(id=ids.upload, multiple=True, accept=".xlsx,.xlsm,.csv,.xls,.ods,.xlsb,.numbers",
                   className="upload-box", max_size=MAX_UPLOAD_BYTES,
                   children=html.Div(["Last inn eget register: ",
                                      html.A("velg en XLSX-arbeidsbok eller CSV-filene")])),
        html.Div(download_link(REGISTER_XLSX, "Last ned registeret (XLSX)", REGISTER_TITLE,
                               ids.register_xlsx, class_name="btn btn-link btn-sm px-0"),
                 className="upload-register"),
        # Where an upload's or a removal's answer sends the browser (assets/upload.js: a plain
        # navigation; a dcc.Location would also restore the query it was mounted with).
        dcc.Store(id=ids.goto), dcc.Store(id=ids.gone),
        html.Div(id=ids.upload_busy, className="upload-busy mt-2", hidden=True, role="status",
                 children=[html.Span(className="spinner-border spinner-border-sm me-2",
                                     **{"aria-hidden": "true"}),
                           html.Span("Kontrollerer registeret …", id=ids.upload_progress)]),
        upload_help(ids),
        *([current_upload(data, ids)] if data is not None and data.register_id is not None else []),
    ])


def upload_help(ids: Ids) -> html.Div:
    """The two shapes an upload may have, a sentence and a template each, and what is accepted:
    said for a person in a browser (no repository path)."""
    return html.Div(className="upload-help text-muted", children=[
        *(html.P(className="upload-shape", children=[
            text, " ", download_link(route, link, title, f"{ids.template}-{i + 1}",
                                     class_name="upload-template")])
          for i, (text, route, link, title) in enumerate(SHAPES)),
        html.P("Én XLSX-arbeidsbok eller CSV-filer (semikolon eller komma, UTF-8 eller "
               "Windows-1252), til sammen høyst 20\u00a0MB. Registeret kontrolleres før det vises; det "
               "som vises nå, beholdes hvis noe er galt."),
    ])


def current_upload(data: AppData, ids: Ids) -> html.Div:
    """What the uploaded register shown is, and the button that removes it."""
    name = register_label(data.register.source, data.register_id)  # as the header names it
    return html.Div(className="upload-current mt-2", children=[
        html.Small(f"Viser et opplastet register ({name}; leste {data.register.read_as}).",
                   className="d-block"),
        dbc.Button("Fjern dette registeret", id=ids.remove, color="danger", outline=True,
                   size="sm", className="mt-1",
                   title="Sletter det opplastede registeret fra serveren og viser "
                         "standardregisteret"),
    ])


def problem_table(table: ProblemTable) -> list[Any]:
    """The count per kind, the CSV of every problem, the whole files' and sheets' problems as
    sentences, and the table of the first located ones. Every cell is a text child, so a problem
    quoting «<script>» is shown as written."""
    link = ([html.A("Last ned alle feilene (CSV)", href=f"{PROBLEMS_CSV}?id={table.csv_id}",
                    className="btn btn-outline-danger btn-sm upload-problems-csv", rel="nofollow",
                    title="Alle feilene som CSV-fil (semikolon), til å rette registeret etter")]
            if table.csv_id else [])
    return [
        html.Div(className="upload-counts", children=[
            html.Span(table.count_text, className="me-2"), *link]),
        *([html.Ul([html.Li(s) for s in table.whole], className="upload-whole")]
          if table.whole else []),
        *([_cells(table)] if table.rows else []),
        *([html.P(table.more_text, className="upload-more mb-0")] if table.more else []),
    ]


def _cells(table: ProblemTable) -> html.Div:
    """The located problems' table, in a box that scrolls (and takes focus, so a keyboard can
    scroll it); each row's hover text is its problem as one sentence."""
    return html.Div(className="problem-table-wrap", tabIndex="0", role="region",
                    **{"aria-label": "Feilene i registeret"}, children=html.Table(
                        className="table table-sm problem-table mb-0", children=[
                            html.Thead(html.Tr([html.Th(h, scope="col") for h in HEADINGS])),
                            html.Tbody([html.Tr([html.Td(c) for c in row.cells()],
                                                title=row.sentence) for row in table.rows]),
                        ]))


def alert(message: UploadMessage) -> dbc.Alert:
    """An upload's message as the page shows it: a success, a refusal, or its problems (a table
    with their count per kind and CSV; a plain list of lines when the model has no table)."""
    if message.kind == "ok":
        return dbc.Alert(message.text, color="success", className="upload-ok")
    if not message.listed:
        return dbc.Alert(message.text, color="danger", dismissable=True, className="upload-error")
    if message.table is not None:
        return dbc.Alert(color="danger", dismissable=True, className="upload-error upload-problems",
                         children=[html.Strong(message.text), *problem_table(message.table)])
    return dbc.Alert(color="danger", dismissable=True, className="upload-error", children=[
        html.Strong(message.text),
        html.Ul([html.Li(p) for p in message.problems]),
        html.P(f"… og {message.more} feil til.") if message.more else None,
    ])


def answer(outcome: UploadOutcome | None) -> tuple[Any, Any]:
    """(where the browser goes, or no_update; the message) of a pipeline outcome."""
    if outcome is None:
        return no_update, no_update
    return (no_update if outcome.link is None else outcome.link,
            None if outcome.message is None else alert(outcome.message))


def upload_result(registry: Registries, files: Files, progress: Any = None) -> tuple[Any, Any]:
    """pipeline.upload_result as the page answers it: (link or no_update, dbc.Alert)."""
    return answer(pipeline.upload_result(registry, files, progress))


def upload_job(registry: Registries, contents: list[str] | None, names: list[str] | None,
               set_progress: Any = None, seconds: float | None = None,
               in_job: bool = False) -> tuple[Any, Any]:
    """pipeline.upload_job as the page answers it: (link or no_update, dbc.Alert or no_update)."""
    return answer(pipeline.upload_job(registry, contents, names, set_progress, seconds, in_job))


def register_callbacks(app: Dash, registry: Registries, ids: Ids) -> None:
    """The upload's background callback, «Fjern» (it reads the page's `ids.view` store) and the
    clientside navigation to where either answer sends the browser."""
    manager = jobs.manager(registry.folder)  # diskcache on this machine, or Celery with Redis

    @app.callback(
        Output(ids.goto, "data"), Output(ids.upload_status, "children"),
        Input(ids.upload, "contents"), State(ids.upload, "filename"),
        prevent_initial_call=True, background=True, manager=manager, interval=UPLOAD_POLL_MS,
        progress=Output(ids.upload_progress, "children"),
        progress_default="Kontrollerer registeret …",
        running=[(Output(ids.upload, "disabled"), True, False),
                 (Output(ids.upload_busy, "hidden"), False, True)],
        cache_args_to_ignore=[0, 1],  # every job has a key of its own (jobs.manager)
    )
    def upload(set_progress: Any, contents: list[str] | None, names: list[str] | None) -> tuple:
        # Runs in a job's own process (or a Celery worker), never in the worker that received it:
        # at a lower priority, one check per slot (jobs.check_slot), within the time limit.
        return upload_job(registry, contents, names, set_progress, in_job=True)

    @app.callback(
        Output(ids.goto, "data", allow_duplicate=True),
        Output(ids.upload_status, "children", allow_duplicate=True),
        Input(ids.remove, "n_clicks"), State(ids.view, "data"),
        prevent_initial_call=True,
    )
    def remove(clicks: int | None, view: dict | None) -> tuple:
        rid = (view or {}).get("register")
        if not clicks or not rid:
            return no_update, no_update
        registry.remove(rid)
        return pipeline.MAP_PAGE, no_update  # the shipped register, whatever happened to the upload

    app.clientside_callback(ClientsideFunction("upload", "go"), Output(ids.gone, "data"),
                            Input(ids.goto, "data"), prevent_initial_call=True)
