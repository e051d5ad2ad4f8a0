"""/konstellasjoner's table in its three shapes: the sortable grid at the desk (every column,
scrolling), the grid as a slide while presenting (the four columns the audience reads, two lines
a row, paged by the grid's own pagination: as many rows a page as fit its height), and cards on a
phone. Which of the grid's two shapes shows is the server's choice (the page's "presenting"
store); the cards are for narrow screens (assets/konst.css)."""

from __future__ import annotations

from typing import Any

from dash import html

COLUMNS = [
    {"field": "nr", "headerName": "Nr", "width": 70, "type": "numericColumn"},
    {"field": "navn", "headerName": "Navn samarbeidsordning", "flex": 2, "minWidth": 200,
     "wrapText": True, "autoHeight": True},
    {"field": "deltakere", "headerName": "Deltakerkommuner", "flex": 3, "minWidth": 240,
     "wrapText": True, "autoHeight": True},
    {"field": "kom", "headerName": "Kom", "width": 80, "type": "numericColumn",
     "comparator": {"function": "parseInt(valueA) - parseInt(valueB)"}},
    {"field": "oppgave", "headerName": "Oppgaveområde", "flex": 1, "minWidth": 140,
     "wrapText": True, "autoHeight": True},
    {"field": "form", "headerName": "Form", "width": 95},
    {"field": "vert", "headerName": "Vertskommune", "width": 120},
    {"field": "grunnlag", "headerName": "Grunnlag", "width": 150, "wrapText": True,
     "autoHeight": True},
    {"field": "kilde", "headerName": "Kilde", "width": 130, "cellRenderer": "markdown",
     "sortable": False, "tooltipField": "kilde_tekst"},
]

ROW_PX = 60  # a presenting row: two lines of 20 px type (assets/konst.css sets the line height)
SHY = "\u00ad"  # a soft hyphen: a long header word breaks there rather than being cut

# While presenting: what the audience reads, every header whole (wrapped, long words broken at
# a hyphen), the members as many as two lines hold (views.konstellasjoner.members_short); the
# desk's columns (form, host, basis, source, the deck's row number) hidden. The narrowest a
# column gets (1280 × 720) keeps a task area's longest common words whole («Barnevernvakt»).
SLIDE = {
    "navn": {"headerName": f"Navn samarbeids{SHY}ordning", "flex": 4, "minWidth": 190,
             "autoHeight": False},
    "deltakere": {"field": "deltakere_lysbilde", "colId": "deltakere",
                  "headerName": f"Deltaker{SHY}kommuner", "flex": 3, "minWidth": 150,
                  "autoHeight": False},
    "kom": {"width": 56},
    "oppgave": {"headerName": f"Oppgave{SHY}område", "flex": 2, "minWidth": 145,
                "autoHeight": False},
}

GRID_OPTIONS = {"rowSelection": {"mode": "singleRow", "checkboxes": False,
                                 "enableClickSelection": True},
                "domLayout": "normal", "animateRows": False,
                "localeText": {"noRowsToShow": "Ingen registrerte ordninger"}}

PAGING_WORDS = {"page": "Side", "of": "av", "to": "–", "more": "flere",
                "firstPage": "Første side", "previousPage": "Forrige side",
                "nextPage": "Neste side", "lastPage": "Siste side"}


def columns(presenting: bool) -> list[dict[str, Any]]:
    """The grid's columns at the desk, or as a slide. Every column says its id and whether it
    shows: the grid keeps a column's state across new definitions unless they say otherwise."""
    if not presenting:
        return [{"colId": c["field"], "hide": False, **c} for c in COLUMNS]
    return [{"colId": c["field"], "hide": False, **c, **SLIDE[c["field"]], "wrapHeaderText": True,
             "autoHeaderHeight": True} if c["field"] in SLIDE else
            {"colId": c["field"], **c, "hide": True, "autoHeight": False} for c in COLUMNS]


def grid_options(presenting: bool) -> dict[str, Any]:
    """Scrolling at the desk; paged while presenting, as many rows a page as the grid's height
    holds (paginationAutoPageSize), the pager («1 – 6 av 34», ‹ ›) the grid's own."""
    if not presenting:
        return {**GRID_OPTIONS, "pagination": False, "paginationAutoPageSize": False,
                "rowHeight": None}
    return {**GRID_OPTIONS, "pagination": True, "paginationAutoPageSize": True,
            "paginationPageSizeSelector": False, "rowHeight": ROW_PX,
            "localeText": {**GRID_OPTIONS["localeText"], **PAGING_WORDS}}


def cards(rows: list[dict[str, Any]], target: str, chosen: str | None, id_: str) -> html.Ol:
    """The arrangements as cards for a phone: name, count, members, task area. A tap lights the
    members on the map, as a row of the grid or the matrix does (the store `target`)."""
    return html.Ol(id=id_, className="konst-cards", children=[html.Li(html.Button(
        type="button", className="konst-card", **{
            "data-kk-set": target, "data-kk-key": "ordning", "data-kk-value": r["id"],
            "aria-pressed": "true" if r["id"] == chosen else "false"},
        children=[
            html.Span(r["navn"], className="card-name"),
            html.Span(f"{r['kom']} {'kommune' if r['kom'] == 1 else 'kommuner'}: "
                      f"{r['deltakere_kort']}", className="card-members"),
            html.Span(r["oppgave"], className="card-task") if r["oppgave"] else None,
        ])) for r in rows])
