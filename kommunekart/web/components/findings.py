"""The survey's findings as the page shows them: cards of findings, lines of figures, plain
tables folded under a summary, and a chart with its download name."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from kommunekart.domain.development import Development, Finding, SurveyFigure
from kommunekart.domain.wording import COUNTED_FROM_LIST, SURVEY_FINDING_NOTE, finding_heading, slide_name
from kommunekart.figures.development import value_text
from kommunekart.figures.style import chart_config


def graph(graph_id: str, figure: dict[str, Any], filename: str) -> dcc.Graph:
    height = figure["layout"].get("height")  # the container's height is the chart's (responsive)
    return dcc.Graph(id=graph_id, figure=figure, config=chart_config(filename),
                     className="utv-chart", style={"height": f"{height}px"} if height else None)


def table(head: list[str], rows: list[list[Any]], numeric: set[int] | None = None) -> html.Table:
    numeric = numeric or set()
    return html.Table(className="table table-sm utv-table", children=[
        html.Thead(html.Tr([html.Th(h, className="num" if i in numeric else None)
                            for i, h in enumerate(head)])),
        html.Tbody([html.Tr([html.Td(c, className="num" if i in numeric else None)
                             for i, c in enumerate(r)]) for r in rows]),
    ])


def as_table(summary: str, content: Any, table_id: str | None = None) -> html.Details:
    """The table alternative under a chart."""
    ids = {"id": table_id} if table_id else {}
    return html.Details(className="utv-details", **ids, children=[html.Summary(summary), content])


def empty(text: str) -> dbc.Alert:
    return dbc.Alert(text, color="secondary", className="utv-empty")


def figure_line(f: SurveyFigure) -> html.Li:
    """One survey figure in words, marked where it is our count of a slide's lines."""
    mark = [" ", html.Span(COUNTED_FROM_LIST, className="counted")] if f.counted_from_list else []
    return html.Li([html.Strong(value_text(f)), f" – {f.label} ({f.year})", *mark,
                    html.Span(f" · {slide_name(f.source)}", className="slide")])


def finding_card(f: Finding) -> html.Div:
    """A trend, a measure or a note of the deck, marked as the survey's finding with its slide."""
    heading = finding_heading(f.kind, f.number)
    prefix = "f.eks. " if f.kind == "trend" else ""
    return html.Div(className=f"finding finding-{f.kind}", id=f"utv-finding-{f.finding_id}",
                      children=[
        html.Div([html.Span("Kartleggingen 2020", className="finding-tag"),
                  html.Span(f" {heading}", className="finding-heading") if heading else None],
                 className="finding-head"),
        html.P(f.text, className="finding-text"),
        (html.P(prefix + ", ".join(f.details), className="finding-detail") if f.kind == "trend"
         else html.Ul([html.Li(d) for d in f.details], className="finding-detail"))
        if f.details else None,
        html.Small(f"{SURVEY_FINDING_NOTE} · {slide_name(f.source)}", className="finding-source"),
    ])


def cards(dev: Development, topic: str) -> list[html.Div]:
    return [finding_card(f) for f in dev.findings_of(topic, "trend", "grep")]
