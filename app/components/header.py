"""The header every view shares: title, the views, data coverage and credits.

Coverage and the register's name belong to the register a page shows (the shipped one or an
upload), so the page fills them in from its register copy (assets/kart.js)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

VIEWS = (("Kart", "/kart"),)
DATA_CREDIT = "Samarbeidsdata: NIVI Analyse/Fylkesmannen i Nordland (kartlegging 2020) og offentlige kilder"


def header(credits: list[str]) -> html.Header:
    return html.Header(className="app-header", children=[
        html.Div(className="brand", children=[
            html.H1("Kommunekart Nordland"),
            html.Span("Interkommunalt samarbeid i Nordlands 41 kommuner", className="subtitle"),
        ]),
        dbc.Nav([dbc.NavLink(label, href=href, active="exact") for label, href in VIEWS],
                pills=True, className="views"),
        html.Div(className="coverage", children=[
            html.Span(id="coverage-badge", className="coverage-badge"),
        ]),
        html.Div(className="credits", children=[
            html.Span(" · ".join([*credits, DATA_CREDIT])),
            html.Span(" · Register: "),
            html.Span(id="register-source", className="register-source"),
        ]),
    ])
