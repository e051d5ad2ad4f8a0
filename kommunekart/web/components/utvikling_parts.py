"""/utvikling's parts, as the page draws them: the sections (formal arrangements and what
changed, child-welfare services, kommunepsykolog and ettervern, the proposed kommuneregioner, the
survey's grep and its other findings) and the page's one map. Each part is one block of the page,
so that while presenting the page shows the parts of one slide at a time
(kommunekart.views.utvikling.slides_of)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from kommunekart.domain.development import Development, SurveyList
from kommunekart.domain.wording import (
    REGION_STATUS_SHORT,
    SURVEY_FINDING_NOTE,
    list_count_sentence,
    slide_name,
    survey_number,
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
from kommunekart.figures.style import GRAPH_CONFIG
from kommunekart.figures.text import plain_text
from kommunekart.geo.geodata import credits
from kommunekart.views.state import KartState
from kommunekart.views.utvikling import (
    MAP_CHOICES,
    OTHER_TOPICS,
    UtviklingState,
    map_figure,
    map_parts,
    regions_title,
)
from kommunekart.views.viewmodel import AppData
from kommunekart.web.components.findings import as_table, cards, empty, figure_line, graph, table
from kommunekart.web.components.ids import Ids

ID = Ids("utv")
Part = Callable[[str, list[Any]], html.Div]  # a part of the page by name (ID.part_<name>)


def part_id(name: str) -> str:
    return getattr(ID, f"part_{name}")


# ---------------------------------------------------------------------- sections


def totals_section(dev: Development) -> list[Any]:
    """The formal arrangements per year, the survey's trends beside the chart."""
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
    return [
        html.H3("Formelle samarbeidsordninger", id=ID.arrangements),
        dbc.Row(className="g-3 utv-slide-row", children=[
            dbc.Col(chart, lg=6, className="utv-chart-col"),
            dbc.Col(cards(dev, "ordninger"), lg=6, className="utv-findings-col"),
        ]),
    ]


def changes_section(dev: Development, title: str) -> list[Any]:
    """What was discontinued and what is new since 2014 (`title`: shown as a slide's)."""
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
        html.H3(title, className="slide-title"),
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
        dbc.Row(className="g-3 utv-slide-row",
                children=[dbc.Col(left, lg=6, className="utv-chart-col"),
                          dbc.Col(right, lg=6, className="utv-chart-col")]),
        *[dbc.Row(dbc.Col(c, lg=6)) for c in cards(dev, "barnevern")],
    ]


def list_block(data: AppData, survey_list: SurveyList, number: int) -> list[Any]:
    """One of the survey's lists: its figures, its lines numbered from `number` + 1 (the numbers
    on the map) and what the register has of it."""
    items = [html.Li(value=number + i + 1, children=[
        html.Strong(line.name), html.Br(),
        html.Span(", ".join(line.member_names) or "deltakere ikke kjent", className="members")])
        for i, line in enumerate(survey_list.arrangements)]
    inside = sorted({k for line in survey_list.arrangements for k in line.members
                     if k in data.nordland})
    outside = sorted({data.names.get(k, k) for line in survey_list.arrangements
                      for k in line.members if k not in data.nordland})
    return [
        html.H4(survey_list.name),
        html.Ul([figure_line(f) for f in survey_list.figures], className="figures")
        if survey_list.figures else None,
        html.Ol(items, className="survey-list", start=number + 1),
        html.P(list_count_sentence(len(inside), len(data.nordland), outside),
               className="register-count"),
    ]


def lists_section(data: AppData, dev: Development, part: Part) -> list[Any]:
    """The survey's lists (the first list, the others: a slide each while presenting) and the
    survey's findings on them."""
    title = html.H3("Kommunepsykolog og ettervern", className="mt-4", id=ID.lists_title)
    if not dev.lists:
        return [part("lists", [title, empty("Registeret har ingen liste over kartleggingens "
                                            "ordninger om kommunepsykolog og ettervern "
                                            "(survey_lists.csv).")]),
                part("list_first", []), part("list_rest", []), part("list_findings", [])]
    blocks: list[list[Any]] = []
    number = 0
    for survey_list in dev.lists:
        blocks.append(list_block(data, survey_list, number))
        number += len(survey_list.arrangements)
    notes = [html.P(n.text, className="finding-note")
             for n in dev.findings_of("kommunepsykolog", "merknad")]
    return [
        part("lists", [title, html.Div(className="utv-box", id=ID.lists, children=[
            part("list_first", blocks[0]),
            part("list_rest", [c for block in blocks[1:] for c in block]),
            html.Small(f"Lista: {slide_name(dev.lists[0].source)}. Tallet på kartet ved hver "
                       "ordning er nummeret i lista.", className="slide"),
        ])]),
        part("list_findings", [
            *([html.Div([html.Span("Kartleggingen 2020", className="finding-tag"), *notes],
                        className="finding")] if notes else []),
            *cards(dev, "kommunepsykolog"),
        ]),
    ]


def regions_section(dev: Development) -> list[Any]:
    title = regions_title(dev)
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
    ]


def grep_section(dev: Development, title: str) -> list[Any]:
    """The survey's grep for the regions (`title`: shown as the slide's)."""
    return [html.H3(title, className="slide-title"),
            html.Div(cards(dev, "kommuneregioner"), className="utv-grep")]


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
    for topic in OTHER_TOPICS:
        label, href = where[topic]
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
