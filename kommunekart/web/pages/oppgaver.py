"""/oppgaver: the survey's 41 task areas, 2014 against 2020, and beside each what the register
holds. Sorted and grouped in Python (the link keeps both); a click on an area opens /kart
filtered to it, with the area's service-region layer on where it has one."""

from __future__ import annotations

from functools import partial
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from kommunekart.domain.wording import (
    NOTHING_REGISTERED,
    SCOPE_LABELS,
    SHARE_BASE,
    SHARE_DEFINITION,
    TASK_GROUP_CHOICES,
    TASK_SORT_LABELS,
    number_text,
    register_held,
    share_base_note,
    signed_text,
)
from kommunekart.figures.style import chart_config
from kommunekart.figures.task_areas import (
    TaskRow,
    arrange,
    dumbbell_figure,
    group_heading,
    has_shares,
    picked,
    slide_figure,
)
from kommunekart.uploads.registers import Registries
from kommunekart.views.oppgaver import PATH, VIEW, OppgaverState, rows_of, slide_of
from kommunekart.views.viewmodel import AppData
from kommunekart.web.components.ids import Ids
from kommunekart.web.components.slides import moved, stepper, stepper_outputs, stepper_props
from kommunekart.web.link import open_view
from kommunekart.web.pages.kart import PRESENTING, notices_of

ID = Ids("oppgaver")


def chart(data: AppData, state: OppgaverState, rows: list[TaskRow],
          presenting: bool = False) -> list[Any]:
    if not rows:
        return [dbc.Alert("Registeret har ingen oppgaveområder (task_areas.csv er tom), så det er "
                          "ingenting å vise her.", color="info", className="empty-state",
                          id=ID.empty)]
    if not has_shares(rows):
        return [dbc.Alert([html.Strong("Registeret har ingen andeler fra kartleggingen. "),
                           "Kolonnene share_2014 og share_2020 i task_areas.csv er tomme, så det "
                           "er ingen figur å tegne. Tabellen under viser det registeret har per "
                           "oppgaveområde."], color="info", className="empty-state", id=ID.empty)]
    figure = dumbbell_figure(arrange(rows, state.sort, state.group), len(data.nordland), SHARE_BASE)
    # Outside presentation the chart is as tall as its rows; presenting, a slide's chart is as
    # tall as the screen (oppgaver.css) and drawn for it.
    shown = figure_of(data, state, rows, True) if presenting else figure
    return [dcc.Graph(id=ID.chart, figure=shown, config=chart_config("oppgaveomrader"),
                      style={"height": f"{figure['layout']['height']}px"}, className="task-chart")]


def figure_of(data: AppData, state: OppgaverState, rows: list[TaskRow],
              presenting: bool) -> dict[str, Any]:
    """The chart: the whole, or presenting the slide of the group the state names."""
    groups = arrange(rows, state.sort, state.group)
    if not presenting:
        return dumbbell_figure(groups, len(data.nordland), SHARE_BASE)
    return slide_figure(groups, slide_of(groups, state), len(data.nordland), SHARE_BASE)


def slides(rows: list[TaskRow], state: OppgaverState) -> tuple[list[str], list[str], int]:
    """(keys, titles, index of the state's) of the slides: the groups shown."""
    groups = arrange(rows, state.sort, state.group) if has_shares(rows) else []
    if not groups:
        return [], [], 0
    keys = [g for g, _ in groups]
    return keys, [group_heading(g, r) for g, r in groups], keys.index(slide_of(groups, state))


def table(data: AppData, state: OppgaverState, rows: list[TaskRow]) -> html.Table:
    """The chart as a table, same rows and order; each area a link to the map."""
    total = len(data.nordland)
    body: list[Any] = []
    groups = arrange(rows, state.sort, state.group) or [("", rows)]
    pick = picked([r for _, members in groups for r in members])  # as the chart picks them
    for group, members in groups:
        if group:
            body.append(html.Tr(html.Th(group_heading(group, members), colSpan=6,
                                        scope="colgroup"), className="group-heading"))
        for r in members:
            change = "" if r.change is None else signed_text(r.change)
            if r.task_area_id in pick:
                change += " (blant de største)"
            body.append(html.Tr([
                html.Td(r.number),
                html.Th(dcc.Link(r.name, href=r.link), scope="row"),
                html.Td(share_cell(r.share_2014)), html.Td(share_cell(r.share_2020)),
                html.Td(change),
                html.Td(register_held(r.participants, total, r.arrangements)
                        if r.arrangements else NOTHING_REGISTERED),
            ], className="nothing-registered" if not r.arrangements else None,
                **{"data-group": group}))
    head = ["Nr.", "Oppgaveområde", f"2014 (av {SHARE_BASE[2014]})",
            f"2020 (av {SHARE_BASE[2020]})", "Endring (prosentpoeng)",
            f"Registeret ({SCOPE_LABELS[state.scope].lower()})"]
    return html.Table(className="table table-sm task-table", id=ID.table, children=[
        html.Caption("Andel av kommunene i formalisert interkommunalt samarbeid per "
                     "oppgaveområde, og det registeret har"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
        html.Tbody(body),
    ])


def share_cell(value: float | None) -> str:
    return "ikke oppgitt" if value is None else f"{number_text(value)} %"


def controls(state: OppgaverState) -> dbc.Card:
    def radios(id_: str, label: str, options: dict[str, str], value: str, md: int) -> dbc.Col:
        return dbc.Col(html.Fieldset([
            html.Legend(label, className="form-label"),
            dbc.RadioItems(id=id_, value=value, inline=True,
                           options=[{"label": v, "value": k} for k, v in options.items()]),
        ]), md=md)
    return dbc.Card(className="controls task-controls", body=True, children=[dbc.Row([
        radios(ID.sort, "Sorter etter", TASK_SORT_LABELS, state.sort, 5),
        radios(ID.group, "Vis", TASK_GROUP_CHOICES, state.group, 3),
        radios(ID.scope, "Registeret: hvilke ordninger", SCOPE_LABELS, state.scope, 4),
    ])])


def layout(registry: Registries, /, **query: Any) -> html.Div:
    opened = open_view(registry, VIEW, query)
    data, notices = opened.data, opened.notices
    more = [data.survey_elsewhere] if data.survey_elsewhere else []  # another county's register
    state = opened.state
    rows = rows_of(data, state.scope)
    count = len(rows)
    _, titles, index = slides(rows, state)
    return html.Div(className="task-page", children=[
        dcc.Location(id=ID.nav, refresh="callback-nav"),
        dcc.Store(id=ID.view, data=state.stored(PATH, data.register_id)),
        dcc.Store(id=ID.url_sync),
        dcc.Store(id=PRESENTING, data=opened.presenting),  # kept by assets/common.js
        *notices_of(notices + more),
        html.H2(f"{count} oppgaveområder: kartleggingen og registeret", id=ID.title),
        html.P(["Til venstre kartleggingens andel av kommunene i Nordland som samarbeider formelt "
                "om oppgaven, 2014 (ring) og 2020 (prikk); de fem største økningene og "
                "nedgangene er uthevet. Til høyre hvor mange av kommunene som deltar i en ordning "
                "innen området i registeret, som bare har en del av kartleggingens ordninger. "
                "Klikk et område for å se det i kartet."], className="task-intro"),
        controls(state),
        html.Div(chart(data, state, rows, opened.presenting), className="mt-3 task-chart-box"),
        html.P([html.Strong("Om andelene: "), f"«{SHARE_DEFINITION}» (kildepresentasjonen for "
                "kartleggingen 2020, lysbildet «Vanlige samarbeidsområder»). ",
                share_base_note()], className="share-note", id=ID.note),
        html.P(data.coverage_detail, className="coverage-note"),
        html.Details(className="task-table-wrap", open=not has_shares(rows), children=[
            html.Summary("Vis tallene som tabell"),
            table(data, state, rows),
        ]),
        stepper(ID, titles, index),
    ])


def opened(click: dict | None) -> Any:
    """The link a click on the chart opens: the area's /kart link, carried by every point."""
    point = ((click or {}).get("points") or [{}])[0]
    link = point.get("customdata")
    return link if isinstance(link, str) and link.startswith("/kart") else no_update


def register(app: Dash, registry: Registries) -> None:
    dash.register_page(__name__, path=PATH, name=VIEW.name, title=VIEW.title,
                       layout=partial(layout, registry))

    @app.callback(
        Output(ID.nav, "href"),
        Input(ID.sort, "value"), Input(ID.group, "value"), Input(ID.scope, "value"),
        State(ID.view, "data"), prevent_initial_call=True,
    )
    def navigate(sort: str, group: str, scope: str, view: dict) -> Any:
        """A new order, group or scope is a new view: its own link and layout."""
        data = registry.of(view)
        state, _ = OppgaverState.from_query(data, {"sorter": sort, "gruppe": group,
                                                   "utvalg": scope, "del": view.get("del")})
        url = state.url(PATH, data.register_id)
        return no_update if url == view.get("url") else url

    @app.callback(
        Output(ID.chart, "figure"), Output(ID.view, "data"),
        *[Output(i, prop) for i, prop in stepper_outputs(ID)],
        Input(ID.slide_prev, "n_clicks"), Input(ID.slide_next, "n_clicks"),
        Input(PRESENTING, "data"), State(ID.view, "data"), prevent_initial_call=True,
    )
    def show(_prev: int | None, _next: int | None, presenting: bool | None, view: dict) -> tuple:
        """Entering or leaving presentation, or another slide (‹ or ›): the chart drawn for it,
        the slide in the link."""
        data = registry.of(view)
        state, _ = OppgaverState.from_query(data, {k: view.get(k) for k in
                                                   ("sorter", "gruppe", "utvalg", "del")})
        rows = rows_of(data, state.scope)
        keys, titles, index = slides(rows, state)
        if not keys:
            return (no_update,) * 7
        state = state.with_(section=moved(ID, ctx.triggered_id, keys, keys[index]))
        index = keys.index(state.section)
        return (figure_of(data, state, rows, bool(presenting)),
                state.stored(PATH, data.register_id), *stepper_props(titles, index))

    app.clientside_callback(ClientsideFunction("kart", "url"), Output(ID.url_sync, "data"),
                            Input(ID.view, "data"), prevent_initial_call=True)

    @app.callback(Output(ID.nav, "href", allow_duplicate=True), Input(ID.chart, "clickData"),
                  prevent_initial_call=True)
    def open_on_map(click: dict | None) -> Any:
        return opened(click)
