"""/konstellasjoner, «Alstahaug i alle konstellasjoner» for any municipality, as pure content:
the constellation table's rows, the map with the chosen arrangement's members lit, its tables
(CSV/XLSX), its handout (the table beside the map, or with kommune=alle who cooperates with whom)
and its `VIEW`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from kommunekart.domain import constellations as cons
from kommunekart.domain import wording
from kommunekart.domain.ordering import nb_key
from kommunekart.domain.schema import CONFIDENCE_LABELS, LAYERS
from kommunekart.domain.wording import SCOPE_LABELS
from kommunekart.figures import maplabels, mapnames
from kommunekart.figures.basemaps import base_figure
from kommunekart.figures.canvas import HEIGHT, WIDTH, Box, Canvas, Content, short
from kommunekart.figures.map import (
    COUNT_SCALE,
    MAIN,
    highlight_update,
    names_index,
    names_payload,
    with_view,
)
from kommunekart.figures.printed import for_print, panel_text, table_figure
from kommunekart.figures.text import plot_text
from kommunekart.views.kart import task_label
from kommunekart.views.state import KonstState
from kommunekart.views.view import NoTablesError, Query, Tables, View
from kommunekart.views.viewmodel import AppData

KIND = {"lokal": "lokal", "regional": "regional", "fylke": "fylkesdekkende",
        "over-grensen": "over fylkesgrensen"}  # a row's category (cons.CATEGORIES, singular)


def konst_content(data: AppData, query: Mapping[str, str]) -> Content:
    """/konstellasjoner: the municipality's arrangements as the table lists them beside the map,
    or with kommune=alle who cooperates with whom."""

    state = state_of(data, query)
    if state.everyone:
        return pairs_content(data, state)
    table = cons.constellation(data.register, state.kommune, state.scope)
    if state.ordning and state.ordning not in set(table["arrangement_id"]):
        state = state.with_(ordning=None)
    fig = for_print(map_figure_of(data, state, table))
    name = data.names[state.kommune]
    s = cons.summary(table, state.kommune, data.nordland)
    outside = f", {s.partners_outside} av dem utenfor Nordland" if s.partners_outside else ""
    kinds = [f"{s.categories[c]} {label.split(' (')[0]}" for c, label in cons.CATEGORIES.items()
             if s.categories[c]]
    details = [f"{s.arrangements} registrerte ordninger med {s.partners} ulike "
               f"samarbeidskommuner{outside}", ", ".join(kinds), SCOPE_LABELS[state.scope]]
    ids = list(table["arrangement_id"])
    chosen = {ids.index(state.ordning)} if state.ordning else set()

    def draw(canvas: Canvas, box: Box) -> None:
        x0, x1, y0, y1 = box
        split = x0 + 0.55 * (x1 - x0)
        rows_px = (y1 - y0) * HEIGHT
        fits = max(5, int(rows_px // 22) - 2)  # 22 px a row: 16 px type at least
        shown = table if len(table) <= fits else table.iloc[:fits - 1]
        rows = [[str(int(r["nr"])), plot_text(short(str(r["name"]), 48)),
                 str(int(r["member_count"])) if r["members_complete"] else f"{r['member_count']}+",
                 KIND.get(r["category"], "")]
                for _, r in shown.iterrows()]
        if len(shown) < len(table):
            rows.append(["", plot_text(f"… og {len(table) - len(shown)} til (se tabellen i "
                                       "dashbordet)"), "", ""])
        size = int(min(20, max(14, rows_px / (len(rows) + 1.5) * 0.75)))
        canvas.place(table_figure(rows, [0, 0.06, 0.72, 0.8],
                                   ["Nr", "Navn samarbeidsordning", "Kom", "Kategori"],
                                   chosen, size), (x0, split - 0.01, y0, y1))
        canvas.place(fig, (split + 0.01, x1, y0, y1))

    return Content(f"{name} i alle konstellasjoner", details, draw, name_parts(data, state))


PAIRS = 20  # pairs listed beside the matrix


def pairs_content(data: AppData, state: KonstState) -> Content:
    """kommune=alle: the 41 × 41 matrix of shared arrangements as squares, grouped by regional
    council as the page orders it."""
    latitude = {k: p[1] for k, p in data.basemap.label_points.items()}
    order, _ = cons.matrix_order(data.register, data.nordland, latitude, data.names, state.scope,
                                 state.task)
    grid = cons.pair_counts(data.register, order, state.scope, state.task)
    n = len(order)
    xs, ys, zs = [], [], []
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            if v:
                xs.append(j)
                ys.append(i)
                zs.append(v)
    top = max([v for i, row in enumerate(grid) for j, v in enumerate(row) if i != j] or [1])
    names = [plot_text(data.names[k]) for k in order]
    ranked = sorted(((grid[i][j], data.names[order[i]], data.names[order[j]])
                     for i in range(n) for j in range(i + 1, n) if grid[i][j]),
                    key=lambda t: (-t[0], nb_key(t[1]), nb_key(t[2])))
    pairs = [f"{a} og {b}: {v}" for v, a, b in ranked[:PAIRS]]
    details = [SCOPE_LABELS[state.scope],
               "Hver rute er antall registrerte ordninger kommuneparet deler; diagonalen er "
               "kommunens eget antall"]
    if state.task:
        details.insert(1, f"Oppgaveområde {task_label(data, state.task)}")

    def draw(canvas: Canvas, box: Box) -> None:
        x0, x1, y0, y1 = box
        side = y1 - y0  # a square matrix: as tall as the space, as wide on screen
        width = side * HEIGHT / WIDTH
        cell = side * HEIGHT / max(n, 1)
        size = int(max(10, min(16, cell * 0.72)))
        left = x0 + 190 / WIDTH
        axis = {"tickmode": "array", "tickvals": list(range(n)), "ticktext": names,
                "tickfont": {"size": size}, "showgrid": False, "zeroline": False,
                "range": [-0.5, n - 0.5], "fixedrange": True, "ticks": ""}
        fig = {"data": [{
            "type": "scatter", "mode": "markers", "x": xs, "y": ys, "hoverinfo": "skip",
            "marker": {"symbol": "square", "size": cell * 0.92, "color": zs, "cmin": 0,
                       "cmax": top, "colorscale": COUNT_SCALE, "showscale": True,
                       "colorbar": {"title": {"text": "Felles<br>ordninger", "font": {"size": 20}},
                                    "tickfont": {"size": 20}, "x": 1.04, "xanchor": "left",
                                    "len": 0.6, "y": 1, "yanchor": "top"}}}],
            "layout": {"xaxis": {**axis, "side": "top", "tickangle": -90},
                       "yaxis": {**axis, "range": [n - 0.5, -0.5]}}}
        right = left + width * (1 - 110 / (side * HEIGHT))
        canvas.place(fig, (left, right, y0, y1 - 110 / HEIGHT))
        panel_text(canvas, (right + 260 / WIDTH, x1, y0, y1 - 110 / HEIGHT),
                   "Kommunepar som deler flest ordninger", pairs)

    return Content("Hvem samarbeider med hvem", details, draw,
                   ["konstellasjoner", "alle", state.task or "",
                    state.scope if state.scope != "alle" else ""], font_size=16)


FEW = 10  # fewer registered arrangements than this: say plainly that the register is partial


NAMES = names_index(len(LAYERS))


GROUP_LABELS = {"vanlig": "vanlig oppgaveområde (1–22)", "sjelden": "sjeldent oppgaveområde (23–41)",
                "ingen": "uten oppgaveområde"}


URL_IN_TEXT = re.compile(r"https?://[^\s;]+")


def chosen_kommune(data: AppData, state: KonstState) -> KonstState:
    """A register without Alstahaug still opens on a municipality it has."""
    if state.everyone or state.kommune in data.nordland:
        return state
    return state.with_(kommune=data.nordland[0], ordning=None)


def source_markdown(source: str) -> str:
    """The source as a compact cell: a link per URL, "lysbilde" for the deck (the whole text is
    the cell's tooltip)."""
    urls = URL_IN_TEXT.findall(source or "")
    links = [f"[kilde {i + 1}]({u})" if len(urls) > 1 else f"[kilde]({u})"
             for i, u in enumerate(urls)]
    slide = ["lysbilde"] if (source or "").startswith("Kildepresentasjon") else []
    return " · ".join(slide + links) or "ikke oppgitt"


# Characters that two lines of a presenting table's members column hold at 20 px: the whole
# list up to 30, else names and a count up to 26; a phone card's two lines hold about 60.
SLIDE_MEMBERS, CARD_MEMBERS = (30, 26), (64, 56)


def members_short(names: list[str], limits: tuple[int, int] = SLIDE_MEMBERS) -> str:
    """The members as a slide or a phone card has room for: every name when they fit in the
    first limit, else the first ones that fit in the second and how many more («Beiarn, Bodø og
    7 andre»)."""
    whole = ", ".join(names)
    if len(whole) <= limits[0]:
        return whole
    for shown in range(len(names) - 1, 0, -1):
        text = f"{', '.join(names[:shown])} og {len(names) - shown} andre"
        if len(text) <= limits[1]:
            return text
    return f"{names[0]} og {len(names) - 1} andre"


def table_rows(data: AppData, table: pd.DataFrame) -> list[dict[str, Any]]:
    groups = dict(zip(data.tasks["task_area_id"], data.tasks["group"], strict=True))
    rows = []
    for _, r in table.iterrows():
        other = r["basis"] != "kartlegging-2020"
        rows.append({
            "id": r["arrangement_id"], "nr": int(r["nr"]), "navn": r["name"],
            "deltakere": ", ".join(names := [data.names.get(k, k) for k in r["members"]]),
            "deltakere_lysbilde": members_short(names),
            "deltakere_kort": members_short(names, CARD_MEMBERS),
            "kom": int(r["member_count"]) if r["members_complete"] else f"{r['member_count']}+",
            "oppgave": r["task_area_name"] if isinstance(r["task_area_name"], str) else "",
            "form": r["legal_form"],
            "vert": r["host_name"] or "ikke kjent",
            "grunnlag": f"annen kilde ({r['as_of']})" if other else "kartleggingen 2020",
            "kilde": source_markdown(r["source"]), "kilde_tekst": r["source"],
            "annen": bool(other),
            "gruppe": groups.get(r["task_area_id"], "ingen"), "kategori": r["category"],
        })
    return rows


def map_figure_of(data: AppData, state: KonstState, table: pd.DataFrame,
                  geometry: str = "kart") -> dict[str, Any]:
    """The constellation map on a geometry: "kart" beside the table, "delt" (the map in two
    panels, /kart's presentation layout, with its 20 px type and keys in the empty corner)
    while presenting."""
    update, names = map_update(data, state, table, geometry)
    fig = with_view(map_base(data, geometry), update, {NAMES: names})
    if geometry != "kart":
        return fig
    # The colour bar is read from the back of the room: its title 20 px (plotly draws titles at
    # 1.2 × the layout's font), its ticks 17 (presentation mode makes them 20, kart.css).
    return {**fig, "layout": {**fig["layout"], "font": {"size": 17}}}


# On the two panels the colour bar stands upright in the keys' empty corner (the map has no
# legend here): upright as beside the table, so switching geometry redraws it whole (plotly
# leaves the old ticks behind when a colour bar changes orientation).
PANEL_COLORBAR = {"orientation": "v", "x": 0.995, "xanchor": "right", "y": 0.02,
                  "yanchor": "bottom", "len": 0.5, "thickness": 16}


def map_base(data: AppData, geometry: str) -> dict[str, Any]:
    """The shared base restyled as /kart's (kommunekart.figures.maplabels): names centred on
    their label points with a halo, at presentation size on the two panels."""
    def build() -> dict[str, Any]:
        fig = maplabels.restyle_base(data, base_figure(data.geography(geometry)[0]), geometry, [])
        if geometry == "kart":
            return fig
        traces = list(fig["data"])
        bar = {k: v for k, v in traces[MAIN]["colorbar"].items() if k != "ticklabeloverflow"}
        traces[MAIN] = {**traces[MAIN], "colorbar": {**bar, **PANEL_COLORBAR}}
        return {**fig, "data": traces}
    return data.memo(f"konst_base_{geometry}", build)


def map_update(data: AppData, state: KonstState, table: pd.DataFrame,
               geometry: str = "kart") -> tuple[dict[str, Any], dict[str, Any]]:
    """The municipality trace and the names on the map for a constellation view. The names are
    /kart's placement (mapnames.names_layout): the chosen municipality, then its partners (or
    the chosen arrangement's members), most shared first, each only where it overlaps no other."""
    counts = data.values("ordninger", None, state.scope, state.kommune).z
    chosen = data.names[state.kommune]
    members = arrangement = None
    if state.ordning:
        hit = table[table["arrangement_id"] == state.ordning]
        if len(hit):
            members, arrangement = list(hit["members"].iloc[0]), hit["name"].iloc[0]
    update = highlight_update(counts, data.nordland, state.kommune, chosen, members, arrangement)
    partners = counts if members is None else [int(k in set(members)) for k in data.nordland]
    names = mapnames.names_layout(
        data, [], state.kommune, [0 if k == state.kommune else int(n)
                                  for k, n in zip(data.nordland, partners, strict=True)],
        None, geometry)
    placed = {k: (names.lon[i], names.lat[i]) for i, k in enumerate(data.nordland) if names.text[i]}
    # This map draws no leader lines: a name /kart would set beside its municipality is left
    # out, except the chosen one's, which stands where /kart puts it.
    points = data.geography(geometry)[0].label_points
    shown = [k for k in data.nordland if k in placed and k != state.kommune
             and placed[k] == tuple(points[k])]
    where = {**points, **({state.kommune: placed[state.kommune]} if state.kommune in placed else {})}
    return update, names_payload(where, data.names, [state.kommune, *shown], chosen=state.kommune)


PATH = "/konstellasjoner"


def constellation_tables(data: AppData, kommune: str, scope: str) -> dict[str, pd.DataFrame]:
    """A municipality's constellation table in the order the page shows it, and what it is."""
    rows = cons.constellation(data.register, kommune, scope)
    table = pd.DataFrame({
        "nr": rows["nr"],
        "navn samarbeidsordning": rows["name"],
        "deltakerkommuner": [", ".join(data.names.get(k, k) for k in m) for m in rows["members"]],
        "kom": rows["member_count"],
        "deltakerliste fullstendig": rows["members_complete"].map({True: "ja", False: "nei"}),
        "kategori": rows["category"].map(cons.CATEGORIES),
        "oppgaveområde": rows["task_area_name"],
        "organisering": rows["legal_form"],
        "vertskommune": rows["host_name"],
        "grunnlag": rows["basis"],
        "kilden gjelder": rows["as_of"],
        "sikkerhet": rows["confidence"].map(CONFIDENCE_LABELS),
        "kilde": rows["source"],
    })
    about = pd.DataFrame([
        ("Kommune", f"{data.names[kommune]} ({kommune})"),
        ("Register", data.register_name),
        ("Utvalg", wording.SCOPE_LABELS[scope]),
        ("Dekning", data.coverage_badge),
        ("Om dekningen", data.coverage_detail),
        ("Laget", date.today().isoformat()),
        *(("Kreditering", c) for c in wording.credit_lines()),
    ], columns=["", "verdi"])
    return {"ordninger": table, "om": about}


def state_of(data: AppData, query: Query) -> KonstState:
    state, _ = KonstState.from_query(data, query)
    return chosen_kommune(data, state)


def name_parts(data: AppData, state: KonstState) -> list[str]:
    """The words of this view's file names (handouts and tables alike)."""
    return ["konstellasjoner", data.names[state.kommune], state.ordning or "",
            state.scope if state.scope != "alle" else ""]


def tables(data: AppData, query: Query) -> Tables:
    """The municipality's constellation table (the CSV) and what it is; with kommune=alle the
    table of every pair of municipalities is not a table of arrangements, so none."""
    state = state_of(data, query)
    if state.everyone:
        raise NoTablesError("Tabellen finnes for én kommune om gangen (velg en kommune).")
    sheets = constellation_tables(data, state.kommune, state.scope)
    return Tables(name_parts(data, state), sheets, csv="ordninger")


VIEW = View(PATH, "Konstellasjoner", "Konstellasjoner – Kommunekart Nordland", order=1,
            state=KonstState, handout=konst_content, tables=tables)
