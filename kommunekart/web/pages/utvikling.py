"""/utvikling: the survey's development 2010–2020 as the register holds it. Formal arrangements
per year with what was discontinued and what is new; child-welfare services and their size;
kommunepsykolog and ettervern with a small map; the proposed kommuneregioner. Every number is a
row of the register; the deck's trends and measures stand beside the chart they concern, marked
as the survey's findings. The page's one map (the shared geometry, sent once) switches between
the two topics with a Patch; the choice is in the link (`kart=`)."""

from __future__ import annotations

from functools import partial
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, Patch, State, dcc, html, no_update

from kommunekart.domain.development import Development
from kommunekart.domain.wording import (
    REGION_STATUS_SHORT,
    SURVEY_FINDING_NOTE,
    UTV_EMPTY_REGISTER,
    list_count_sentence,
    slide_name,
    survey_number,
    survey_value,
    utv_missing,
)
from kommunekart.figures.development import (
    child_welfare_figure,
    region_label,
    regions_figure,
    sizes_figure,
    totals_figure,
    value_text,
)
from kommunekart.figures.map import MAIN
from kommunekart.figures.text import plain_text
from kommunekart.geo.geodata import credits
from kommunekart.uploads.registers import Registries
from kommunekart.views.state import KartState
from kommunekart.views.utvikling import (
    MAP_CHOICES,
    NAMES,
    PATH,
    REGION_LAYER,
    REGION_TRACES,
    VIEW,
    UtviklingState,
    dev_of,
    map_figure,
    map_parts,
    region_payload,
)
from kommunekart.views.viewmodel import AppData
from kommunekart.web.components.findings import as_table, cards, empty, figure_line, graph, table
from kommunekart.web.components.ids import Ids
from kommunekart.web.link import open_view
from kommunekart.web.pages.kart import GRAPH_CONFIG, notices_of

ID = Ids("utv")


# ---------------------------------------------------------------------- small parts


# ---------------------------------------------------------------------- sections


def arrangements_section(dev: Development) -> list[Any]:
    if dev.totals:
        chart: list[Any] = [
            graph(ID.totals, totals_figure(dev.totals), "formelle-samarbeidsordninger"),
            as_table("Vis som tabell", table(
                ["År", dev.totals[0].label, "Kilde"],
                [[f.year, value_text(f), slide_name(f.source)] for f in dev.totals], {1}),
                ID.totals_table),
        ]
    else:
        chart = [empty(utv_missing("antall formelle ordninger", "ordninger_totalt"))]
    gone = [figure_line(f) for f in dev.discontinued]
    gone += [html.Li(f.text) for f in dev.findings_of("ordninger", "nedlagt")]
    new = dev.new_since_2014
    areas = dev.findings_of("ordninger", "nytt_omraade")
    notes = dev.findings_of("ordninger", "merknad")
    wider = dev.findings_of("ordninger", "utvidet")
    new_block: list[Any] = []
    if new is not None:
        new_block.append(html.P([html.Strong(value_text(new), className="big-number"),
                                 f" {new.label.lower()}"], className="mb-1"))
        new_block.append(html.Small(slide_name(new.source), className="slide"))
    if areas:
        new_block.append(html.P(["Mer samarbeid om blant annet: ",
                                 *[html.Span(a.text, className="area") for a in areas]],
                                className="areas"))
    new_block += [html.P(n.text) for n in notes]
    if wider:
        new_block += [html.P("Mange ordninger er utvidet, for eksempel:", className="mb-0"),
                      html.Ul([html.Li(w.text) for w in wider])]
    if new_block:
        new_block.append(html.Small(f"{SURVEY_FINDING_NOTE} · "
                                    f"{slide_name((areas or wider or notes or [new])[0].source)}",
                                    className="finding-source"))
    return [
        html.H3("Formelle samarbeidsordninger", id=ID.arrangements),
        dbc.Row(className="g-3", children=[
            dbc.Col(chart, lg=6),
            dbc.Col(lg=6, children=[
                *cards(dev, "ordninger"),
            ]),
        ]),
        dbc.Row(className="g-3 mt-1", children=[
            dbc.Col(lg=6, children=html.Div(className="utv-box", id=ID.discontinued, children=[
                html.H4("Nedlagt"),
                html.Ul(gone) if gone else html.P("Registeret oppgir ikke hva som er nedlagt.",
                                                  className="text-muted"),
            ])),
            dbc.Col(lg=6, children=html.Div(className="utv-box", id=ID.new, children=[
                html.H4("Nytt etter 2014"),
                *(new_block or [html.P("Registeret oppgir ikke nye ordninger etter 2014.",
                                       className="text-muted")]),
            ])),
        ]),
    ]


def child_welfare_section(dev: Development) -> list[Any]:
    years = [y for y in dev.child_welfare if y.inter or y.single or y.total]
    if years:
        left: list[Any] = [
            graph(ID.barnevern, child_welfare_figure(years), "barneverntjenester"),
            as_table("Vis som tabell", table(
                ["År", "Interkommunale", "Enhetskommunale", "I alt", "Kilde"],
                [[y.year, *(value_text(f) if f else "ikke oppgitt" for f in (y.inter, y.single, y.total)),
                  slide_name((y.total or y.inter or y.single).source)] for y in years], {1, 2, 3}),
                ID.barnevern_table),
        ]
    else:
        left = [empty(utv_missing("barneverntjenester", "barneverntjenester_interkommunale, "
                                  "_enhetskommunale, _totalt"))]
    if dev.sizes:
        year = dev.sizes[0].year
        total = next((y.total for y in dev.child_welfare if y.year == year), None)
        right: list[Any] = [
            html.H4(f"Dimensjonering {year}", className="chart-title"),
            graph(ID.dimensjonering, sizes_figure(dev.sizes, total), "dimensjonering-barnevernet"),
            html.P("Tallene er kumulative: tjenestene under 5 årsverk er også med blant dem under "
                   "10 og 20.", className="text-muted small-note"),
            as_table("Vis som tabell", table(
                ["Størrelse", "Antall tjenester", "År", "Kilde"],
                [[f.label, value_text(f), f.year, slide_name(f.source)] for f in dev.sizes], {1}),
                ID.dimensjonering_table),
        ]
    else:
        right = [empty(utv_missing("dimensjoneringen av barnevernet",
                                   "barneverntjenester_under_…"))]
    return [
        html.H3("Barneverntjenester", id=ID.child_welfare, className="mt-4"),
        dbc.Row(className="g-3", children=[dbc.Col(left, lg=6), dbc.Col(right, lg=6)]),
        *[dbc.Row(dbc.Col(c, lg=6)) for c in cards(dev, "barnevern")],
    ]


def lists_section(data: AppData, dev: Development) -> list[Any]:
    if not dev.lists:
        return [html.H3("Kommunepsykolog og ettervern", className="mt-4", id=ID.lists_title),
                empty("Registeret har ingen liste over kartleggingens ordninger om "
                      "kommunepsykolog og ettervern (survey_lists.csv).")]
    blocks: list[Any] = []
    number = 0
    for survey_list in dev.lists:
        items = []
        for line in survey_list.arrangements:
            number += 1
            items.append(html.Li(value=number, children=[
                html.Strong(line.name), html.Br(),
                html.Span(", ".join(line.member_names) or "deltakere ikke kjent",
                          className="members")]))
        inside = sorted({k for line in survey_list.arrangements for k in line.members
                         if k in data.nordland})
        outside = sorted({data.names.get(k, k) for line in survey_list.arrangements
                          for k in line.members if k not in data.nordland})
        blocks += [
            html.H4(survey_list.name),
            html.Ul([figure_line(f) for f in survey_list.figures], className="figures")
            if survey_list.figures else None,
            html.Ol(items, className="survey-list", start=number - len(items) + 1),
            html.P(list_count_sentence(len(inside), len(data.nordland), outside),
                   className="register-count"),
        ]
    notes = [html.P(n.text, className="finding-note")
             for n in dev.findings_of("kommunepsykolog", "merknad")]
    return [
        html.H3("Kommunepsykolog og ettervern", className="mt-4", id=ID.lists_title),
        html.Div(className="utv-box", id=ID.lists, children=[
            *blocks,
            html.Small(f"Lista: {slide_name(dev.lists[0].source)}. Tallet på kartet ved hver "
                       "ordning er nummeret i lista.", className="slide"),
        ]),
        *([html.Div([html.Span("Kartleggingen 2020", className="finding-tag"), *notes],
                    className="finding")] if notes else []),
        *cards(dev, "kommunepsykolog"),
    ]


def regions_section(dev: Development) -> list[Any]:
    title = "Foreslåtte kommuneregioner"
    if dev.regions_figure is not None:
        title = f"{survey_value(dev.regions_figure.value, dev.regions_figure.qualifier).capitalize()}" \
                " kommuneregioner i Nordland (forslag)"
    shown = [r for r in dev.regions if r.population is not None]
    if shown:
        chart: list[Any] = [
            graph(ID.regioner, regions_figure(dev.regions), "kommuneregioner"),
            as_table("Vis som tabell", table(
                ["Kommuneregion", "Kommuner (oppgitt)", "Innbyggere 2020", "Medlemmer", "Kilde"],
                [[r.name, r.stated_members or "", survey_number(r.population),
                  f"{', '.join(r.member_names)} ({REGION_STATUS_SHORT[r.status]})"
                  if r.member_names else REGION_STATUS_SHORT[r.status], slide_name(r.source)]
                 for r in shown], {1, 2}), ID.regioner_table),
        ]
    else:
        chart = [empty("Registeret har ingen foreslåtte kommuneregioner med folketall "
                       "(regions.csv, layer kommuneregion_forslag).")]
    unknown = [r for r in dev.regions if r.status == "ukjent"]
    derived = [r for r in dev.regions if r.status == "avledet"]
    status = []
    if derived:
        status.append(html.P([html.Strong(f"{len(derived)} med medlemmer avledet av folketall: "),
                              ", ".join(r.name for r in derived),
                              ". Ingen kilde oppgir medlemmene; de er de eneste nabokommunene "
                              "med nøyaktig regionens folketall (2020). Kartet viser dem stiplet, "
                              "merket «avledet»."]))
    if unknown:
        status.append(html.P([html.Strong(f"{len(unknown)} med medlemmer ikke kjent: "),
                              ", ".join(region_label(r) for r in unknown),
                              ". De tegnes ikke på kartet."]))
    return [
        html.H3(title, className="mt-4", id=ID.regions_title),
        *([html.Ul([figure_line(dev.regions_figure)], className="figures list-unstyled")]
          if dev.regions_figure else []),
        *chart,
        html.Div(status, className="utv-box", id=ID.region_status) if status else None,
        *cards(dev, "kommuneregioner"),
    ]


def other_findings(data: AppData, dev: Development) -> list[Any]:
    """Trends that concern other views: ordninger per kommune (/kart), task areas (/oppgaver)."""
    where = {
        "ordninger_per_kommune": ("Gjelder antall ordninger per kommune: se kartet",
                                  KartState().url("/kart", data.register_id)),
        "oppgaveomraader": ("Gjelder oppgaveområdene: se oppgavene",
                            f"/oppgaver?register={data.register_id}" if data.register_id
                            else "/oppgaver"),
    }
    out: list[Any] = []
    for topic, (label, href) in where.items():
        found = cards(dev, topic)
        if found:
            out.append(dbc.Col([*found, dcc.Link(label, href=href, className="utv-link")], lg=6))
    if not out:
        return []
    return [html.H3("Flere funn fra kartleggingen", className="mt-4"),
            dbc.Row(out, className="g-3")]


# ---------------------------------------------------------------------- the map


def map_table(data: AppData, dev: Development, view: str) -> html.Table:
    rows = map_parts(data, dev, view)[3]
    head = ["Kommune", "Deltar i" if view == "kommunepsykolog" else "Kommuneregion"]
    return table(head, rows or [["–", "ingen"]])


def map_legend(data: AppData, dev: Development, view: str) -> list[Any]:
    """The map's categories as swatches under it (the colour bar would cover the map)."""
    update = map_parts(data, dev, view)[0]
    bar, colours = update["colorbar"], update["colorscale"][::2]
    return [html.Span([html.Span(className="swatch", style={"background": c[1]}),
                       f" {plain_text(label)}"],  # the figure's label, as it shows it
                      className="key") for c, label in zip(colours, bar["ticktext"], strict=True)]


def map_block(data: AppData, dev: Development, state: UtviklingState) -> html.Div:
    return html.Div(className="utv-map-block", children=[
        dbc.RadioItems(id=ID.map_view, value=state.map, inline=True, className="utv-map-choice",
                       options=[{"label": v, "value": k} for k, v in MAP_CHOICES.items()]),
        # The height on the graph itself: a responsive dcc.Graph without one takes 100 % of a
        # parent that has none, and collapses over the legend when the map is switched.
        dcc.Graph(id=ID.map, figure=map_figure(data, dev, state.map), config=GRAPH_CONFIG,
                  className="utv-map", style={"height": "62vh"}),
        html.Div(map_legend(data, dev, state.map), id=ID.map_legend, className="map-legend"),
        html.Small(" · ".join(credits()), className="map-credit"),
        as_table("Vis kartet som tabell", html.Div(map_table(data, dev, state.map),
                                                   id=ID.map_table_body), ID.map_table),
    ])


# ---------------------------------------------------------------------- page


def layout(registry: Registries, /, **query: Any) -> html.Div:
    opened = open_view(registry, VIEW, query)
    data, notices = opened.data, opened.notices
    more = [data.survey_elsewhere] if data.survey_elsewhere else []  # another county's register
    state = opened.state
    dev = dev_of(data)
    top = [dbc.Alert(UTV_EMPTY_REGISTER, color="warning", id=ID.empty)] if not dev.figure_count else []
    return html.Div(className="utv-page", children=[
        dcc.Store(id=ID.view, data=state.stored(PATH, data.register_id)),
        dcc.Store(id=ID.url_sync),
        *notices_of(notices + more),
        html.H2("Utvikling 2010–2020", id=ID.title),
        html.P("Kartleggingens hovedtall (NIVI Analyse for Fylkesmannen i Nordland, 2020) slik "
               "registeret har dem, hvert tall med lysbildet det står på. Trender og grep er "
               "kartleggingens vurderinger og er merket «Kartleggingen 2020»; de er ikke tall "
               "registeret har telt.",
               className="lead utv-lead"),
        *top,
        *arrangements_section(dev),
        *child_welfare_section(dev),
        dbc.Row(className="g-4 mt-1", children=[
            dbc.Col(lg=7, children=[*lists_section(data, dev), *regions_section(dev)]),
            dbc.Col(lg=5, children=html.Div(map_block(data, dev, state), className="utv-sticky")),
        ]),
        *other_findings(data, dev),
    ])


def register(app: Dash, registry: Registries) -> None:
    dash.register_page(__name__, path=PATH, name=VIEW.name, title=VIEW.title,
                       layout=partial(layout, registry))

    @app.callback(
        Output(ID.map, "figure"), Output(ID.map_table_body, "children"),
        Output(ID.map_legend, "children"), Output(ID.view, "data"),
        Input(ID.map_view, "value"), State(ID.view, "data"), prevent_initial_call=True,
    )
    def switch_map(choice: str, view: dict) -> tuple:
        """The other topic on the same map: only the traces that change travel."""
        data = registry.of(view)
        state, _ = UtviklingState.from_query(data, {"kart": choice})
        if state.url(PATH, data.register_id) == view.get("url"):
            return no_update, no_update, no_update, no_update
        dev = dev_of(data)
        update, names, labels, _ = map_parts(data, dev, state.map)
        patch = Patch()
        for key in ("z", "zmin", "zmax", "colorscale", "colorbar", "text", "hovertemplate"):
            patch["data"][MAIN][key] = update[key]
        for key, value in names.items():
            patch["data"][NAMES][key] = value
        regions_on = state.map == "kommuneregioner" and REGION_LAYER in data.overlays
        if regions_on:
            payload = region_payload(data)
            for index, coords, style in zip(REGION_TRACES, payload, labels, strict=True):
                for key, value in {**coords, **style}.items():
                    patch["data"][index][key] = value
        for index in REGION_TRACES:
            patch["data"][index]["visible"] = regions_on
        return (patch, map_table(data, dev, state.map), map_legend(data, dev, state.map),
                state.stored(PATH, data.register_id))

    app.clientside_callback(ClientsideFunction("kart", "url"), Output(ID.url_sync, "data"),
                            Input(ID.view, "data"), prevent_initial_call=True)
