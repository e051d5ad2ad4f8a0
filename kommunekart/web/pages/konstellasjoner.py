"""/konstellasjoner: any municipality in all its constellations, as the deck's slide «Alstahaug i
alle konstellasjoner» has it (table, membership matrix, map), and with kommune=alle, who
cooperates with whom (a 41 × 41 matrix). Everything is ordered and counted in Python; the
browser renders the matrices from compact arrays and lights what is chosen."""

from __future__ import annotations

from functools import partial
from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, dcc, html, no_update

from kommunekart.domain import constellations as cons
from kommunekart.domain.wording import SCOPE_LABELS
from kommunekart.figures.map import MAIN
from kommunekart.uploads.registers import Registries
from kommunekart.views.kart import task_label
from kommunekart.views.konstellasjoner import (
    FEW,
    GROUP_LABELS,
    NAMES,
    PATH,
    VIEW,
    chosen_kommune,
    map_figure_of,
    map_update,
    table_rows,
)
from kommunekart.views.panel_text import ordninger
from kommunekart.views.state import ALL, KartState, KonstState
from kommunekart.views.viewmodel import AppData
from kommunekart.web.components.downloads import table_links
from kommunekart.web.components.ids import Ids
from kommunekart.web.components.konst_table import cards, columns, grid_options
from kommunekart.web.link import open_view
from kommunekart.web.pages.kart import (
    GRAPH_CONFIG,
    PRESENTING,
    kommune_options,
    notices_of,
    task_options,
)

ID = Ids("konst")


# ---------------------------------------------------------------------- one municipality


def matrix_data(data: AppData, state: KonstState, table: pd.DataFrame) -> dict[str, Any]:
    """The membership matrix as compact arrays: rows are the table's arrangements (same order),
    columns every member by shared count; a cell per (row, column index)."""
    columns = cons.partner_order(table, state.kommune, data.names)
    index = {k: i for i, k in enumerate(columns)}
    groups = dict(zip(data.tasks["task_area_id"], data.tasks["group"], strict=True))
    shared = cons.shared_counts(table)
    return {
        "kommune": state.kommune, "ordning": state.ordning,
        "columns": [{"k": k, "name": data.names.get(k, k), "shared": shared[k],
                     "outside": k not in data.nordland} for k in columns],
        "rows": [{"id": r["arrangement_id"], "name": r["name"],
                  "group": groups.get(r["task_area_id"], "ingen"),
                  "cells": [index[k] for k in r["members"]]} for _, r in table.iterrows()],
        "groups": GROUP_LABELS, "target": ID.matrix_data, "container": ID.matrix,
        "cards": ID.cards, "grid": ID.grid,
    }


def summary_block(data: AppData, state: KonstState, table: pd.DataFrame) -> list[Any]:
    """Title, the one-line summary, the split by kind and (with few rows) a caution. Each part
    a block of its own: presenting places them on the slide (assets/konst.css)."""
    name = data.names[state.kommune]
    s = cons.summary(table, state.kommune, data.nordland)
    outside = f", {s.partners_outside} av dem utenfor Nordland" if s.partners_outside else ""
    split = [html.Li([f"{s.categories[c]} {head}", html.Span(f" ({note}" if note else "",
                                                          className="konst-more")])
             for c, (head, _, note) in ((c, label.partition(" (")) for c, label in
                                        cons.CATEGORIES.items())]
    out: list[Any] = [
        html.H2(f"{name} i alle konstellasjoner", id=ID.title),
        html.P([html.Strong(ordninger(s.arrangements)),
                f" ({SCOPE_LABELS[state.scope].lower()}) med {s.partners} ulike "
                f"samarbeidskommuner{outside}."], className="lead", id=ID.count),
        html.Ul(split, className="categories"),
        html.P("Lokale ordninger er typisk 2–3 kommuner (kartleggingen 2020); regionale går "
               "fra regionråds- til nesten fylkesnivå.", className="text-muted small konst-note"),
    ]
    if s.arrangements < FEW:
        out.append(dbc.Alert([
            f"Registeret har bare {s.arrangements} ordninger for {name}. Det betyr ikke at "
            f"{name} samarbeider lite: registeret dekker bare en del av kartleggingens "
            "ordninger. ", html.Span(data.coverage_detail, className="konst-more")],
            color="warning", className="few"))
    return out


def kommune_view(data: AppData, state: KonstState) -> dict[str, Any]:
    """Everything one municipality's view draws, from one ordered table."""
    table = cons.constellation(data.register, state.kommune, state.scope)
    if state.ordning and state.ordning not in set(table["arrangement_id"]):
        state = state.with_(ordning=None)
    return {"state": state, "table": table, "rows": table_rows(data, table),
            "matrix": matrix_data(data, state, table), "summary": summary_block(data, state, table)}


def kommune_layout(data: AppData, state: KonstState, presenting: bool) -> list[Any]:
    """The deck's slide (summary, table, map) over the membership matrix. Presenting, the
    slide fills the screen: the summary and the paged table beside the map in two panels,
    the split by kind under the map, the matrix and the desk's notes hidden."""
    view = kommune_view(data, state)
    state = view["state"]
    kart = KartState(kommune=state.kommune, scope=state.scope).url("/kart", data.register_id)
    geometry = "delt" if presenting else "kart"
    return [
        dbc.Row(className="g-3 konst-slide", children=[
            dbc.Col(lg=7, className="konst-left", children=[
                html.Div(view["summary"], id=ID.summary, className="konst-summary"),
                dag.AgGrid(
                    id=ID.grid, rowData=view["rows"], columnDefs=columns(presenting),
                    getRowId="params.data.id",
                    defaultColDef={"sortable": True, "resizable": True},
                    dashGridOptions=grid_options(presenting),
                    rowClassRules={"annen-kilde": "params.data.annen"},
                    selectedRows={"ids": [state.ordning]} if state.ordning else [],
                    # the chosen row in view: scrolled to, or its page while presenting
                    scrollTo={"rowId": state.ordning} if state.ordning else None,
                    className="ag-theme-alpine konst-grid", style={"height": "46vh"},
                ),
                cards(view["rows"], ID.matrix_data, state.ordning, ID.cards),
                html.Small("Rader fra andre kilder enn kartleggingen 2020 er markert og viser "
                           "hvilket år kilden gjelder. Klikk en rad for å se deltakerne på kartet.",
                           className="text-muted konst-note"),
            ]),
            dbc.Col(lg=5, className="konst-right", children=[
                dcc.Graph(id=ID.map, figure=map_figure_of(data, state, view["table"], geometry),
                          config=GRAPH_CONFIG, className="konst-map"),
                html.A("Åpne i kartet", href=kart,
                       className="btn btn-outline-primary btn-sm mt-2 konst-note"),
            ]),
        ]),
        html.Div(className="konst-membership", children=[
            html.H3("Hvem er med i hva", className="mt-4"),
            html.P("Radene er ordningene i tabellens rekkefølge; kolonnene er kommunene, sortert "
                   "etter hvor mange ordninger de deler med den valgte (likt antall: alfabetisk). "
                   "Fargen viser oppgaveområdets gruppe.", className="text-muted"),
            html.Div(id=ID.matrix, className="matrix-wrap"),  # drawn by assets/konst.js
        ]),
        dcc.Store(id=ID.matrix_data, data=view["matrix"]), dcc.Store(id=ID.matrix_drawn),
    ]


# ---------------------------------------------------------------------- every municipality


def pair_view(data: AppData, state: KonstState) -> dict[str, Any]:
    latitude = {k: p[1] for k, p in data.basemap.label_points.items()}
    order, spans = cons.matrix_order(data.register, data.nordland, latitude, data.names,
                                     state.scope, state.task)
    grid = cons.pair_counts(data.register, order, state.scope, state.task)
    links = {k: state.with_(kommune=k, task=None, pair=None).url(PATH, data.register_id)
             for k in order}
    top = max((v for i, row in enumerate(grid) for j, v in enumerate(row) if i != j), default=0)
    return {"order": [{"k": k, "name": data.names[k], "href": links[k]} for k in order],
            "spans": [{"name": n, "size": s} for n, s in spans], "counts": grid, "max": top,
            "pair": state.pair, "target": ID.pairs_data, "container": ID.pairs,
            "pager": ID.pairs_pager}


def pair_list(data: AppData, state: KonstState) -> list[Any]:
    if not state.pair:
        return [html.P("Klikk en rute i matrisen for å se hvilke ordninger kommuneparet deler. "
                       "Klikk et kommunenavn for å se kommunen i alle konstellasjoner.",
                       className="text-muted konst-note")]
    a, b = state.pair.split("-")
    rows = cons.shared_arrangements(data.register, a, b, state.scope, state.task)
    head = html.H3(f"{data.names[a]} og {data.names[b]}: {len(rows)} felles ordninger",
                   id=ID.pair_title)
    return [head, html.Ol([html.Li([html.Strong(r["name"]), f" ({r['member_count']} kommuner)"])
                           for _, r in rows.iterrows()], className="pair-list")]


def everyone_layout(data: AppData, state: KonstState) -> list[Any]:
    """Who cooperates with whom. Presenting, one regional council's rows at a time against all
    41 columns, stepped with ‹ › (assets/konst.js), and only the line that says what a cell is."""
    task = f", oppgaveområde {task_label(data, state.task)}" if state.task else ""
    return [
        html.Div([html.H2("Hvem samarbeider med hvem", id=ID.title),
                  html.Div(id=ID.pairs_pager, className="pairs-pager")], className="konst-head"),
        html.P([f"Hver rute er antall registrerte ordninger kommuneparet deler "
                f"({SCOPE_LABELS[state.scope].lower()}{task}); diagonalen er kommunens eget antall.",
                html.Span(" Kommunene er gruppert etter regionråd (sør til nord, som i registeret) "
                          "og ordnet innen hvert regionråd slik at kommuner som deler mye, står ved "
                          "siden av hverandre.", className="konst-more")],
           className="text-muted konst-explain"),
        html.P(data.coverage_detail, className="coverage-note konst-note"),
        dbc.Row(className="g-3 konst-pairs-row", children=[
            dbc.Col(html.Div(id=ID.pairs, className="matrix-wrap"), lg=8, className="konst-pairs-col"),
            dbc.Col(html.Div(pair_list(data, state), id=ID.pair_list, className="panel",
                             tabIndex="0", role="region", **{"aria-live": "polite"}), lg=4,
                    className="konst-pair-col"),
        ]),
        dcc.Store(id=ID.pairs_data, data=pair_view(data, state)), dcc.Store(id=ID.pairs_drawn),
    ]


# ---------------------------------------------------------------------- page


def controls(data: AppData, state: KonstState) -> dbc.Card:
    options = [{"label": "Alle kommuner (hvem samarbeider med hvem)", "value": ALL},
               *kommune_options(data)]
    return dbc.Card(className="controls konst-controls", body=True, children=[dbc.Row([
        dbc.Col([html.Label("Kommune", htmlFor=ID.kommune, className="form-label"),
                 dcc.Dropdown(id=ID.kommune, options=options, value=state.kommune,
                              clearable=False, placeholder="Søk etter kommune …")], md=4),
        dbc.Col([html.Label("Oppgaveområde (matrisen)", htmlFor=ID.task, className="form-label"),
                 dcc.Dropdown(id=ID.task, options=task_options(data), value=state.task,
                              placeholder="Alle oppgaveområder …", disabled=not state.everyone)],
                md=3),
        dbc.Col(html.Fieldset([
            html.Legend("Hvilke ordninger", className="form-label"),
            dbc.RadioItems(id=ID.scope, value=state.scope, inline=True,
                           options=[{"label": v, "value": k} for k, v in SCOPE_LABELS.items()]),
        ]), md=5),
    ]), html.Div(className="actions mt-2", children=table_links(
        ID.download_csv, ID.download_xlsx, "Last ned tabellen (CSV)", "Last ned tabellen (XLSX)",
        "Kommunens ordninger slik tabellen viser dem",
        "Kommunens ordninger og hva utvalget er, med kilder", disabled=state.everyone))])


def layout(registry: Registries, /, **query: Any) -> html.Div:
    opened = open_view(registry, VIEW, query)
    data, notices, more = opened.data, opened.notices, []
    state = chosen_kommune(data, opened.state)
    body = (everyone_layout(data, state) if state.everyone
            else kommune_layout(data, state, opened.presenting))
    return html.Div(className="konst-page", children=[
        dcc.Location(id=ID.nav, refresh="callback-nav"),
        dcc.Store(id=ID.view, data=state.stored(PATH, data.register_id)),
        dcc.Store(id=ID.url_sync),
        dcc.Store(id=PRESENTING, data=opened.presenting),  # kept by assets/common.js
        *notices_of(notices + more),
        controls(data, state),
        html.Div(body, className="mt-3 konst-body"),
    ])


def state_of(data: AppData, view: dict) -> KonstState:
    state, _ = KonstState.from_query(data, view)
    return chosen_kommune(data, state)


def selection_patch(data: AppData, state: KonstState, geometry: str) -> Patch:
    """The map with the chosen arrangement's members lit (or the partners, with none chosen)."""
    update, names = map_update(data, state, cons.constellation(data.register, state.kommune,
                                                               state.scope), geometry)
    patch = Patch()
    for key in ("z", "zmax", "colorscale", "colorbar", "text"):
        patch["data"][MAIN][key] = update[key]
    for key, value in names.items():
        patch["data"][NAMES][key] = value
    return patch


def slide_or_desk(data: AppData, state: KonstState, presenting: bool) -> tuple:
    """Presentation mode entered or left: the map on its geometry (two panels while presenting,
    exactly the first figure after), the grid's columns and paging for the mode."""
    table = cons.constellation(data.register, state.kommune, state.scope)
    figure = map_figure_of(data, state, table, "delt" if presenting else "kart")
    return figure, columns(presenting), grid_options(presenting)


def selection_change(data: AppData, trigger: str | None, rows: Any, matrix: dict,
                     presenting: bool, view: dict) -> tuple:
    """(map, view, matrix data, grid selection) after a table row, a matrix row or a phone's
    card is chosen: its members lit on the map of the mode, recorded in the link."""
    state = state_of(data, view)
    picked = ((rows[0]["id"] if isinstance(rows, list) and rows else None) if trigger == ID.grid
              else (matrix or {}).get("ordning"))
    if picked == state.ordning:
        return (no_update,) * 4
    state = state.with_(ordning=picked)
    patch = selection_patch(data, state, "delt" if presenting else "kart")
    from_grid = trigger == ID.grid
    selected = {"ids": [state.ordning]} if state.ordning else []
    return (patch, state.stored(PATH, data.register_id),
            {**matrix, "ordning": state.ordning} if from_grid else no_update,
            no_update if from_grid else selected)


def register(app: Dash, registry: Registries) -> None:
    dash.register_page(__name__, path=PATH, name=VIEW.name, title=VIEW.title,
                       layout=partial(layout, registry))

    @app.callback(
        Output(ID.nav, "href"),
        Input(ID.kommune, "value"), Input(ID.scope, "value"), Input(ID.task, "value"),
        State(ID.view, "data"), prevent_initial_call=True,
    )
    def navigate(kommune: str, scope: str, task: str | None, view: dict) -> Any:
        """A new municipality, scope or task area is a new view: its own link and layout."""
        data = registry.of(view)
        state = state_of(data, {**view, "kommune": kommune, "utvalg": scope, "oppgave": task,
                                "ordning": None, "par": None})
        url = state.url(PATH, data.register_id)
        return no_update if url == view.get("url") else url

    @app.callback(
        Output(ID.map, "figure"), Output(ID.view, "data"), Output(ID.matrix_data, "data"),
        Output(ID.grid, "selectedRows"),
        Input(ID.grid, "selectedRows"), Input(ID.matrix_data, "data"),
        State(PRESENTING, "data"), State(ID.view, "data"), prevent_initial_call=True,
    )
    def select(rows: Any, matrix: dict, presenting: bool | None, view: dict) -> tuple:
        return selection_change(registry.of(view), ctx.triggered_id, rows, matrix,
                                bool(presenting), view)

    # Only outputs of one municipality's view: with kommune=alle (no map, no grid) Dash drops
    # this callback, whose input the page has too.
    @app.callback(
        Output(ID.map, "figure", allow_duplicate=True), Output(ID.grid, "columnDefs"),
        Output(ID.grid, "dashGridOptions"),
        Input(PRESENTING, "data"), State(ID.view, "data"), prevent_initial_call=True,
    )
    def mode(presenting: bool | None, view: dict) -> tuple:
        """Presentation mode entered or left: the map and the grid for the mode."""
        data = registry.of(view)
        return slide_or_desk(data, state_of(data, view), bool(presenting))

    @app.callback(
        Output(ID.pair_list, "children"), Output(ID.view, "data", allow_duplicate=True),
        Input(ID.pairs_data, "data"), State(ID.view, "data"), prevent_initial_call=True,
    )
    def pair(pairs: dict, view: dict) -> tuple:
        data = registry.of(view)
        state = state_of(data, {**view, "par": (pairs or {}).get("pair")})
        return pair_list(data, state), state.stored(PATH, data.register_id)

    app.clientside_callback(ClientsideFunction("konst", "matrix"), Output(ID.matrix_drawn, "data"),
                            Input(ID.matrix_data, "data"))
    app.clientside_callback(ClientsideFunction("konst", "pairs"), Output(ID.pairs_drawn, "data"),
                            Input(ID.pairs_data, "data"))
    app.clientside_callback(ClientsideFunction("kart", "url"), Output(ID.url_sync, "data"),
                            Input(ID.view, "data"), prevent_initial_call=True)
