"""The header every view shares: title, the views, data coverage and credits."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from app.measures import Coverage

VIEWS = (("Kart", "/kart"),)


def header(coverage: Coverage, credits: list[str], register_source: str) -> html.Header:
    total = coverage.survey_total if coverage.survey_total is not None else "?"
    return html.Header(className="app-header", children=[
        html.Div(className="brand", children=[
            html.H1("Kommunekart Nordland"),
            html.Span("Interkommunalt samarbeid i Nordlands 41 kommuner", className="subtitle"),
        ]),
        dbc.Nav([dbc.NavLink(label, href=href, active="exact") for label, href in VIEWS],
                pills=True, className="views"),
        html.Div(className="coverage", children=[
            html.Span(f"{coverage.with_members} av {total} ordninger registrert med deltakere",
                      id="coverage-badge", className="coverage-badge",
                      title=(f"Kartleggingen 2020 fant {total} formelle ordninger. Registeret har "
                             f"{coverage.with_members} med kjent deltakerliste "
                             f"({coverage.with_members_survey} fra kartleggingen, resten fra andre "
                             f"offentlige kilder) og {coverage.without_members} uten kjent "
                             "deltakerliste.")),
        ]),
        html.Div(className="credits", children=[
            html.Span(" · ".join([*credits, "Samarbeidsdata: NIVI Analyse/Fylkesmannen i Nordland "
                                  "(kartlegging 2020) og offentlige kilder"])),
            html.Span(f" · Register: {register_source}", className="register-source"),
        ]),
    ])
