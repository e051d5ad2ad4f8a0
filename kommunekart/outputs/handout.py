"""Handouts: the view on screen as one presentation-sized figure (1920 × 1080), to save as PNG or
PDF and hand round after a council meeting. Pure: a register and a view's link in, a plain plotly
figure dict out (kommunekart/outputs/render.py renders it and serves it).

A handout is the view's own figure (the map in the presentation layout, the charts as the pages
draw them) placed in a frame that says what it is: a title (and the story step's caption) at the
top; the legend or colour bar inside, as on screen; and along the bottom the credits, the
register's name, its coverage line and the date. Every text that comes from a link, a story or a
register is escaped (`plot_text`), so it is drawn literally, never read as markup or template."""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kommunekart.domain import constellations as cons
from kommunekart.domain import measures, story
from kommunekart.domain.ordering import nb_key
from kommunekart.domain.wording import (
    LAYER_LABELS,
    MEASURE_LABELS,
    SCOPE_LABELS,
    SHARE_BASE,
    TASK_GROUP_CHOICES,
    TASK_SORT_LABELS,
    credit_lines,
    layer_count,
)
from kommunekart.figures import maplabels
from kommunekart.figures.development import totals_figure
from kommunekart.figures.map import COUNT_SCALE, MAIN, PART
from kommunekart.figures.style import FONT
from kommunekart.figures.task_areas import arrange, dumbbell_figure, group_heading, has_shares
from kommunekart.figures.text import plain_text, plot_text
from kommunekart.outputs.export import dated_stem
from kommunekart.views.state import UTV_MAPS, KartState, KonstState, OppgaverState, UtviklingState
from kommunekart.views.viewmodel import AppData

WIDTH, HEIGHT = 1920, 1080  # px: a projector's screen, and the page size of the PDF
SIDE = 0.02  # the frame's left and right margin, as a share of the width (38 px)
TEXT, MUTED = FONT["color"], "#4a5866"
# Liberation Sans has Arial's widths (narrower than the DejaVu fallback of system-ui), so the
# handout's long labels fit; the maps' names are drawn in Arial already.
FAMILY = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
TITLE_PX, CAPTION_PX, DETAIL_PX, FOOTER_PX = 36, 28, 20, 18  # type sizes of the frame
LINE = 1.3  # line height, in em
GAP_PX = 16  # between the frame's text and the figure
ALIASES = {"/": "/kart"}  # the start page shows the map
MAX_URL = story.MAX_CODE + 2000  # a view's link may carry a whole story (fortelling=…)
MISSING = "Mangler adressen til visningen (url=/kart?…)."
UNKNOWN = ("Kan ikke lage bilde av «{value}». Bilde og PDF finnes for visningene /kart, "
           "/konstellasjoner, /utvikling og /oppgaver.")
NO_REGISTER = "Fant ikke registeret «{value}» fra lenken."


class BadViewError(ValueError):
    """A link that is not one of the dashboard's views; the message is for the user (Norwegian)."""


def _wrapped(text: str, size: int, width_px: float) -> list[str]:
    """Text broken into lines that fit `width_px` at `size` px (Arial: at most about 0.55 em a
    character on average), each escaped for plotly."""
    chars = max(20, int(width_px / (0.55 * size)))
    return [plot_text(line) for line in textwrap.wrap(text, chars)] or [""]


def _plain(text: str) -> str:
    """A label of the app's own figures as plain text (its <br> and <b> dropped, entities
    decoded): what it shows, to be escaped again where the handout draws it."""
    return plain_text(text)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip(" ,.") + "…"


# ---------------------------------------------------------------------- the link of a view


@dataclass(frozen=True)
class View:
    """A view's link read for a handout: its path, its parameters (last value of each), and the
    caption of the story step it is, if the link names one."""

    path: str
    query: dict[str, str]
    caption: str | None = None

    @property
    def register(self) -> str | None:
        return self.query.get("register") or None


def query_of(query: str | Mapping[str, Any] | None) -> dict[str, str]:
    if isinstance(query, Mapping):
        return {str(k): str(v[-1] if isinstance(v, list | tuple) and v else v) for k, v in query.items()}
    return {k: v[-1] for k, v in parse_qs(str(query or "").lstrip("?")).items()}


def view_path(path: str) -> str:
    """The view a path shows, or BadViewError."""
    path = ALIASES.get(path, path)
    if path not in story.VIEWS:
        raise BadViewError(UNKNOWN.format(value=_short(path, 60)))
    return path


def parse_view(url: str | None) -> View:
    """A view's address as the browser has it (`location.pathname + location.search`), or
    BadViewError with a message saying what is wrong."""
    url = str(url or "").strip()
    if not url:
        raise BadViewError(MISSING)
    if len(url) > MAX_URL:
        raise BadViewError(UNKNOWN.format(value=_short(url, 60)))
    try:
        parts = urlsplit(url)
    except ValueError:
        raise BadViewError(UNKNOWN.format(value=_short(url, 60))) from None
    if parts.scheme or parts.netloc:
        raise BadViewError(UNKNOWN.format(value=_short(url, 60)))
    path = view_path(parts.path)
    query = query_of(parts.query)
    caption = None
    steps, _ = story.decode(query.get(story.STORY))
    index = story.step_of(query.get(story.STEP), steps) if steps else None
    if index is not None and ALIASES.get(steps[index].path, steps[index].path) == path:
        caption = steps[index].caption or None
    return View(path, query, caption)


# ---------------------------------------------------------------------- placing figures


Box = tuple[float, float, float, float]  # x0, x1, y0, y1 as shares of the handout (y up)
_AXIS = re.compile(r"^(xaxis|yaxis|geo)(\d*)$")
_GEO_TRACES = {"choropleth", "scattergeo"}


def _id_of(key: str) -> str:
    """Layout key -> subplot id: xaxis2 -> x2, geo -> geo."""
    kind, number = _AXIS.match(key).groups()  # type: ignore[union-attr]
    return {"xaxis": "x", "yaxis": "y", "geo": "geo"}[kind] + number


def _key_of(subplot: str) -> str:
    """Subplot id -> layout key: x2 -> xaxis2, geo3 -> geo3."""
    if subplot.startswith("geo"):
        return subplot
    return {"x": "xaxis", "y": "yaxis"}[subplot[0]] + subplot[1:]


class Canvas:
    """A 1920 × 1080 figure put together from the views' own figures, each placed in a box: its
    axes and maps renamed so that several fit in one figure, and everything it positions on its
    paper (domains, colour bars, legend, annotations, shapes) moved into the box."""

    def __init__(self, font_size: int = FONT["size"]) -> None:
        self.data: list[dict[str, Any]] = []
        self.annotations: list[dict[str, Any]] = []
        self.shapes: list[dict[str, Any]] = []
        self.layout: dict[str, Any] = {
            "width": WIDTH, "height": HEIGHT, "separators": ", ",
            "font": {**FONT, "family": FAMILY, "size": font_size},
            "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "showlegend": False,
            # Everything is placed on the paper: nothing may push the margins out.
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0, "pad": 0, "autoexpand": False},
        }
        self._count = {"x": 0, "y": 0, "geo": 0}

    def _new(self, kind: str) -> str:
        self._count[kind] += 1
        n = self._count[kind]
        return kind if n == 1 else f"{kind}{n}"

    def place(self, fig: dict[str, Any], box: Box, *, legend: bool = False) -> None:
        """Put a figure's plot area into `box`; its legend becomes the handout's if asked."""
        x0, x1, y0, y1 = box

        def sx(v: float) -> float:
            return x0 + v * (x1 - x0)

        def sy(v: float) -> float:
            return y0 + v * (y1 - y0)

        layout = fig.get("layout", {})
        used = {_id_of(k) for k in layout if _AXIS.match(k)}
        for trace in fig["data"]:
            if trace.get("type") in _GEO_TRACES:
                used.add(trace.get("geo", "geo"))
            else:
                used.update((trace.get("xaxis", "x"), trace.get("yaxis", "y")))
        order = sorted(used, key=lambda s: (s.rstrip("0123456789"), int(s.lstrip("xygeo") or 1)))
        rename = {old: self._new("geo" if old.startswith("geo") else old[0]) for old in order}

        def ref(value: str | None) -> str | None:
            if value is None:
                return None
            base, _, rest = value.partition(" ")
            return rename.get(base, base) + (f" {rest}" if rest else "")

        for key, value in layout.items():
            if not _AXIS.match(key):
                continue
            old = _id_of(key)
            item = dict(value)
            if old.startswith("geo"):
                domain = item.get("domain") or {}
                item["domain"] = {"x": [sx(v) for v in domain.get("x", [0, 1])],
                                  "y": [sy(v) for v in domain.get("y", [0, 1])]}
            else:
                scale = sx if old[0] == "x" else sy
                item["domain"] = [scale(v) for v in item.get("domain", [0, 1])]
                item["automargin"] = False
                # plotly anchors an axis to the first counter-axis by default: say which
                counter = "y" if old[0] == "x" else "x"
                if counter in rename:
                    item.setdefault("anchor", counter)
                for attr in ("anchor", "overlaying", "matches", "scaleanchor"):
                    if isinstance(item.get(attr), str) and item[attr] != "free":
                        item[attr] = ref(item[attr])
            self.layout[_key_of(rename[old])] = item
        for subplot in used:  # an axis the figure left to plotly's defaults
            key = _key_of(rename[subplot])
            if key not in self.layout:
                scale = sx if subplot[0] == "x" else sy
                self.layout[key] = ({"domain": {"x": [x0, x1], "y": [y0, y1]}}
                                    if subplot.startswith("geo") else
                                    {"domain": [scale(0), scale(1)], "automargin": False})
        for trace in fig["data"]:
            item = dict(trace)
            if item.get("type") in _GEO_TRACES:
                item["geo"] = rename[item.get("geo", "geo")]
            else:
                item["xaxis"], item["yaxis"] = (rename[item.get("xaxis", "x")],
                                                rename[item.get("yaxis", "y")])
            if isinstance(item.get("colorbar"), dict):
                item["colorbar"] = self._bar(item["colorbar"], box)
            marker = item.get("marker")
            if isinstance(marker, dict) and isinstance(marker.get("colorbar"), dict):
                item["marker"] = {**marker, "colorbar": self._bar(marker["colorbar"], box)}
            if not legend:
                item["showlegend"] = False
            self.data.append(item)
        for note in layout.get("annotations", []):
            self.annotations.append(self._moved(note, sx, sy, ref, ("x",), ("y",)))
        for shape in layout.get("shapes", []):
            self.shapes.append(self._moved(shape, sx, sy, ref, ("x0", "x1"), ("y0", "y1")))
        for key in ("barmode", "bargap"):
            if key in layout:
                self.layout.setdefault(key, layout[key])
        if legend and layout.get("showlegend", True) and "legend" in layout:
            mark = dict(layout["legend"])
            if mark.get("xref", "paper") == "paper":
                mark["x"] = sx(mark.get("x", 1.02))
            if mark.get("yref", "paper") == "paper":
                mark["y"] = sy(mark.get("y", 1))
            self.layout["legend"], self.layout["showlegend"] = mark, True

    @staticmethod
    def _bar(bar: dict[str, Any], box: Box) -> dict[str, Any]:
        """A colour bar moved into the box (its thickness stays in px)."""
        x0, x1, y0, y1 = box
        bar = dict(bar)
        across = bar.get("orientation", "v") == "h"
        if bar.get("xref", "paper") == "paper":
            bar["x"] = x0 + bar.get("x", 0.5 if across else 1.02) * (x1 - x0)
        if bar.get("yref", "paper") == "paper":
            bar["y"] = y0 + bar.get("y", 1.02 if across else 0.5) * (y1 - y0)
        if bar.get("lenmode", "fraction") == "fraction":
            bar["len"] = bar.get("len", 1) * ((x1 - x0) if across else (y1 - y0))
        return bar

    @staticmethod
    def _moved(item: dict[str, Any], sx: Callable[[float], float], sy: Callable[[float], float],
               ref: Callable[[str | None], str | None], xs: tuple[str, ...],
               ys: tuple[str, ...]) -> dict[str, Any]:
        out = dict(item)
        for axis, keys, scale in (("xref", xs, sx), ("yref", ys, sy)):
            where = out.get(axis, "paper")
            if where == "paper":
                for key in keys:
                    if isinstance(out.get(key), int | float):
                        out[key] = scale(out[key])
            else:
                out[axis] = ref(where)
        return out

    def text(self, text: str, x: float, y: float, size: int, *, colour: str = TEXT,
             xanchor: str = "left", yanchor: str = "top", align: str = "left") -> None:
        """A text of the frame at a point of the paper (already escaped)."""
        self.annotations.append({"text": text, "x": x, "y": y, "xref": "paper", "yref": "paper",
                                 "xanchor": xanchor, "yanchor": yanchor, "align": align,
                                 "showarrow": False, "font": {"size": size, "color": colour}})

    def figure(self) -> dict[str, Any]:
        return {"data": self.data, "layout": {**self.layout, "annotations": self.annotations,
                                              "shapes": self.shapes}}


# ---------------------------------------------------------------------- the views


@dataclass
class Content:
    """What a view puts in its handout: a title, details (one line of facts), the figures in
    the space between the frame's top and bottom, and the words of its file name."""

    title: str
    details: list[str]
    draw: Callable[[Canvas, Box], None]
    name: list[str] = field(default_factory=list)
    font_size: int = FONT["size"]


def _for_print(fig: dict[str, Any], colorbar: dict[str, Any] | None = None) -> dict[str, Any]:
    """A map figure as the handout draws it: its own small credit line dropped (the frame carries
    the credits), the map on the page's pale sea, the legend and colour bar in 20 px type (as
    presentation mode makes them)."""
    data = list(fig["data"])
    main = data[MAIN]
    bar = {**main.get("colorbar", {}), **(colorbar or {})}
    bar["title"] = {**bar.get("title", {}), "font": {"size": 20}}
    bar["tickfont"] = {**bar.get("tickfont", {}), "size": 20}
    if bar.get("orientation") == "h":  # room in its box for a label centred on the bar's end
        bar["xpad"] = 30  # (Chromium's PDF leaves out a label that reaches past the box)
    data[MAIN] = {**main, "colorbar": bar}
    layout = {k: v for k, v in fig["layout"].items() if k != "annotations"}
    layout["geo"] = {**layout.get("geo", {}), "bgcolor": "#eaf1f6"}
    if "legend" in layout:
        layout["legend"] = {**layout["legend"], "font": {"size": 20}}
    return {"data": data, "layout": layout}


def _task_label(data: AppData, task: str) -> str:
    hit = data.tasks[data.tasks["task_area_id"] == task]
    return f"{hit['number'].iloc[0]}. {hit['name'].iloc[0]}" if len(hit) else task


MAP_ASPECT = 1.3  # the two panels' width to height (README), when a map does not say


def map_aspect(fig: dict[str, Any]) -> float:
    """Width over height of a map drawn with explicit lon/lat ranges (Mercator), as plotly fits
    it into its box."""
    geo = fig["layout"].get("geo", {})
    lon, lat = (geo.get("lonaxis") or {}).get("range"), (geo.get("lataxis") or {}).get("range")
    if not (lon and lat) or (geo.get("projection") or {}).get("type", "mercator") != "mercator":
        return MAP_ASPECT

    def y(phi: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(phi) / 2))

    return math.radians(lon[1] - lon[0]) / (y(lat[1]) - y(lat[0]))


def kart_panel(data: AppData, state: KartState) -> tuple[str, list[str]]:
    """What the map's panel says of a view, as plain text: a heading and its lines."""
    reg = data.register
    values = data.state_values(state)
    region = maplabels.region_of(data, state.region) if state.region else None
    if region:
        members = sorted((data.names.get(k, k) for k in region[1]), key=nb_key)
        return _plain(region[2]), [f"{len(members)} kommuner: {', '.join(members)}"]
    if state.kommune:
        rows = measures.arrangements_of(reg, state.kommune, state.scope, state.task)
        return (f"{data.names[state.kommune]}: {len(rows)} registrerte ordninger, største først",
                [f"{r['name']} ({r['member_count']} kommuner)" for _, r in rows.iterrows()])
    if state.task:
        rows = measures.with_members(reg, measures.filter_arrangements(reg, state.scope,
                                                                       state.task))
        return (f"Deltar: {sum(values.z)} av {len(data.nordland)} kommuner",
                [f"{r['name']} ({r['member_count']} kommuner)" for _, r in rows.iterrows()]
                or ["Ingen registrert ordning i oppgaveområdet."])
    if state.layers:
        return "Regioner i kartet", [
            f"{LAYER_LABELS.get(layer, layer)}: {layer_count(measures.layer_stats(reg, layer))}"
            for layer in state.layers]
    top = data.view(state)["top"] or []
    return (f"Høyest: {values.label.lower()}",
            [f"{name}: {value}" for name, value in top])


def panel_text(canvas: Canvas, box: Box, heading: str, lines: list[str]) -> None:
    """The panel beside a map: a heading and as many lines as fit (wrapped), then «… og N til»."""
    x0, x1, y0, y1 = box
    width = (x1 - x0) * WIDTH
    head = _wrapped(heading, 24, width)
    canvas.text("<br>".join(f"<b>{h}</b>" for h in head), x0, y1, 24)
    space = (y1 - y0) * HEIGHT - len(head) * 24 * LINE - 8
    for size in (20, 18):  # 18 px only where 20 would leave lines out
        room = int(space / (size * LINE))
        wrapped = [_wrapped(line, size, width) for line in lines]
        if sum(map(len, wrapped)) <= room:
            break
    out: list[str] = []
    if sum(map(len, wrapped)) <= room:
        out = [part for parts in wrapped for part in parts]
    else:  # as many as fit with the last line saying how many are left out
        for n, parts in enumerate(wrapped):
            if len(out) + len(parts) > room - 1:
                out.append(plot_text(f"… og {len(lines) - n} til"))
                break
            out += parts
    canvas.text("<br>".join(out), x0, y1 - (len(head) * 24 * LINE + 8) / HEIGHT, size)


def kart_content(data: AppData, query: Mapping[str, str]) -> Content:
    """/kart in the presentation layout (two panels; the tile map in two with visning=ruter),
    and beside it what the panel says."""
    from kommunekart.web.pages import kart  # the page module registers Dash pages only when asked to

    state, _ = KartState.from_query(data, query)
    if state.visning == "ruter" and data.tiles[0] is None:
        state = state.with_(visning="kart")
    geometry = kart.geometry_of(data, state, presenting=True)
    fig = _for_print(kart.figure(data, state, geometry))
    values = data.state_values(state)
    region = maplabels.region_of(data, state.region) if state.region else None
    if state.kommune:
        title = values.label
    elif state.task:
        title = f"Oppgaveområde {_task_label(data, state.task)}: hvem deltar"
    else:
        title = f"{values.label} per kommune"
    details = [SCOPE_LABELS[state.scope]]
    if state.kommune and state.task:
        details.append(f"Oppgaveområde {_task_label(data, state.task)}")
    if not state.kommune and not state.task and state.measure != "ordninger":
        details.append(MEASURE_LABELS[state.measure])
    if state.layers:
        details.append("Kartlag: " + ", ".join(LAYER_LABELS.get(la, la) for la in state.layers))
    if region:
        details.append(f"Region: {_plain(region[2])}")
    if state.visning == "ruter":
        details.append("Rutekart: hver kommune en like stor rute")
    name = ["kart", data.names[state.kommune] if state.kommune else "", state.task or "",
            *state.layers, state.region or "",
            state.measure if state.measure != "ordninger" else "",
            state.scope if state.scope != "alle" else "",
            "rutekart" if state.visning == "ruter" else ""]
    heading, lines = kart_panel(data, state)

    def draw(canvas: Canvas, box: Box) -> None:
        x0, x1, y0, y1 = box
        tall = (y1 - y0) * HEIGHT
        wide = min((x1 - x0) * WIDTH, tall * map_aspect(fig))
        right = x0 + wide / WIDTH
        canvas.place(fig, (x0, right, y0, y1), legend=True)
        if x1 - right > 320 / WIDTH:
            panel_text(canvas, (right + 24 / WIDTH, x1, y0, y1), heading, lines)

    return Content(title, details, draw, name)


def _table_figure(rows: list[list[str]], columns: list[float], header: list[str],
                  bold: set[int], size: int) -> dict[str, Any]:
    """Rows of text as a figure: one text trace per column on a hidden axis, the heading row in
    bold, the rows in `bold` bold in the highlight colour (texts already escaped)."""
    n = len(rows)
    traces = []
    for c, x in enumerate(columns):
        colours = [PART if i in bold else TEXT for i in range(n)]
        traces.append({
            "type": "scatter", "mode": "text", "x": [x] * (n + 1), "y": [-1, *range(n)],
            "text": [f"<b>{header[c]}</b>",
                     *(f"<b>{r[c]}</b>" if i in bold else r[c] for i, r in enumerate(rows))],
            "textposition": "middle right", "cliponaxis": False, "hoverinfo": "skip",
            "textfont": {"size": size, "color": [TEXT, *colours]}, "showlegend": False})
    hidden = {"visible": False, "fixedrange": True}
    return {"data": traces, "layout": {
        "xaxis": {**hidden, "range": [0, 1]},
        "yaxis": {**hidden, "range": [max(n, 1) - 0.5, -1.5]},
        "shapes": [{"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1,
                    "y0": -0.5, "y1": -0.5, "line": {"color": "#9aa5ae", "width": 1}}]}}


KIND = {"lokal": "lokal", "regional": "regional", "fylke": "fylkesdekkende",
        "over-grensen": "over fylkesgrensen"}  # a row's category (cons.CATEGORIES, singular)


def konst_content(data: AppData, query: Mapping[str, str]) -> Content:
    """/konstellasjoner: the municipality's arrangements as the table lists them beside the map,
    or with kommune=alle who cooperates with whom."""
    from kommunekart.web.pages import konstellasjoner as konst

    state, _ = KonstState.from_query(data, query)
    state = konst.chosen_kommune(data, state)
    if state.everyone:
        return pairs_content(data, state)
    table = cons.constellation(data.register, state.kommune, state.scope)
    if state.ordning and state.ordning not in set(table["arrangement_id"]):
        state = state.with_(ordning=None)
    fig = _for_print(konst.map_figure_of(data, state, table))
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
        rows = [[str(int(r["nr"])), plot_text(_short(str(r["name"]), 48)),
                 str(int(r["member_count"])) if r["members_complete"] else f"{r['member_count']}+",
                 KIND.get(r["category"], "")]
                for _, r in shown.iterrows()]
        if len(shown) < len(table):
            rows.append(["", plot_text(f"… og {len(table) - len(shown)} til (se tabellen i "
                                       "dashbordet)"), "", ""])
        size = int(min(20, max(14, rows_px / (len(rows) + 1.5) * 0.75)))
        canvas.place(_table_figure(rows, [0, 0.06, 0.72, 0.8],
                                   ["Nr", "Navn samarbeidsordning", "Kom", "Kategori"],
                                   chosen, size), (x0, split - 0.01, y0, y1))
        canvas.place(fig, (split + 0.01, x1, y0, y1))

    return Content(f"{name} i alle konstellasjoner", details, draw,
                   ["konstellasjoner", name, state.ordning or "",
                    state.scope if state.scope != "alle" else ""])


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
        details.insert(1, f"Oppgaveområde {_task_label(data, state.task)}")

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


def category_legend(fig: dict[str, Any]) -> dict[str, Any]:
    """A map of categories with its key as a legend (a swatch and a name each, at the bottom
    right where Sweden leaves room), as the page draws it under the map."""
    main = fig["data"][MAIN]
    bar = main.get("colorbar", {})
    colours = [c for _, c in main["colorscale"][::2]]
    keys = [{"type": "scattergeo", "mode": "markers", "lon": [None], "lat": [None],
             "name": label, "showlegend": True, "hoverinfo": "skip",  # escaped by the page's figure
             "marker": {"symbol": "square", "size": 18, "color": colour,
                        "line": {"color": "#5f5f5f", "width": 1}}}
            for colour, label in zip(colours, bar.get("ticktext", []), strict=False)]
    title = _plain(bar.get("title", {}).get("text", ""))
    layout = {**fig["layout"], "showlegend": True, "legend": {
        "x": 0.96, "xanchor": "right", "y": 0.03, "yanchor": "bottom", "traceorder": "reversed",
        "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 20},
        "title": {"text": f"<b>{plot_text(title)}</b>", "font": {"size": 20}}}}
    return {"data": [*fig["data"], *keys], "layout": layout}


def utvikling_content(data: AppData, query: Mapping[str, str]) -> Content:
    """/utvikling: the formal arrangements per year beside the page's map of the chosen topic."""
    from kommunekart.web.pages import utvikling as utv

    state, _ = UtviklingState.from_query(data, query)
    dev = utv.dev_of(data)
    fig = category_legend(_for_print(utv.map_figure(data, dev, state.map)))
    chart = totals_figure(dev.totals) if dev.totals else None
    topic = utv.MAP_CHOICES[state.map]

    def draw(canvas: Canvas, box: Box) -> None:
        x0, x1, y0, y1 = box
        split = x0 + 0.5 * (x1 - x0)
        head = y1 - 8 / HEIGHT
        canvas.text("<b>Formelle samarbeidsordninger</b>", x0, head, 24)
        canvas.text(f"<b>{plot_text(topic)}</b>", split + 0.01, head, 24)
        inner = y1 - 56 / HEIGHT
        if chart is not None:
            canvas.place(chart, (x0 + 110 / WIDTH, split - 0.03, y0 + 50 / HEIGHT, inner))
        else:
            canvas.text(plot_text("Registeret har ikke kartleggingens antall ordninger "
                                  "(survey_figures.csv, ordninger_totalt)."), x0, inner, 20,
                        colour=MUTED)
        canvas.place(fig, (split + 0.01, x1, y0, inner), legend=True)

    return Content("Utvikling 2010–2020", [f"Kartet: {topic}",
                                           "Tallene er kartleggingens (NIVI Analyse 2020)"],
                   draw, ["utvikling", state.map if state.map != UTV_MAPS[0] else ""])


def _rows_of(fig: dict[str, Any], keep: set[int]) -> dict[str, Any]:
    """The dumbbell chart cut to some of its rows (y positions): every trace's points and the
    row labels of those rows only, the axis spanning just them."""
    data = []
    for trace in fig["data"]:
        y = trace.get("y") or []
        item = dict(trace)
        if trace.get("mode") == "lines":  # segments: (y, y, None) triples
            segments = [i for i in range(0, len(y), 3) if y[i] in keep]
            item["x"] = [v for i in segments for v in trace["x"][i:i + 3]]
            item["y"] = [v for i in segments for v in y[i:i + 3]]
        else:
            idx = [i for i, v in enumerate(y) if v in keep]
            for key in ("x", "y", "text", "customdata", "hovertext"):
                if isinstance(trace.get(key), list):
                    item[key] = [trace[key][i] for i in idx]
            for part in ("textfont", "marker"):
                sub = trace.get(part)
                if isinstance(sub, dict) and isinstance(sub.get("color"), list):
                    item[part] = {**sub, "color": [sub["color"][i] for i in idx]}
        data.append(item)
    return {"data": data, "layout": fig["layout"]}


LABEL_CHARS, LABEL_PX = 44, 17  # the task areas' row labels: two columns of them fit 1920 px


def oppgaver_content(data: AppData, query: Mapping[str, str]) -> Content:
    """/oppgaver: the dumbbell chart, the deck's two groups side by side (all 41 areas fit at
    30 px a row), the five largest rises and falls picked out over every area shown, as the page
    does."""
    from kommunekart.web.pages import oppgaver as opp

    state, _ = OppgaverState.from_query(data, query)
    rows = opp.rows_of(data, state.scope)
    groups = arrange(rows, state.sort, state.group) if rows and has_shares(rows) else []
    details = [f"Sortert etter {TASK_SORT_LABELS[state.sort].lower()}",
               f"Registeret: {SCOPE_LABELS[state.scope].lower()}",
               "Andelene er kartleggingens (2014 av 44 kommuner, 2020 av 41)"]
    if state.group != "alle":
        details.insert(1, f"Vis: {TASK_GROUP_CHOICES[state.group].lower()}")
    name = ["oppgaver", state.sort if state.sort != "nummer" else "",
            state.group if state.group != "alle" else "", state.scope if state.scope != "alle" else ""]
    size = 18

    def draw(canvas: Canvas, box: Box) -> None:
        x0, x1, y0, y1 = box
        if not groups:
            canvas.text(plot_text("Registeret har ingen andeler fra kartleggingen "
                                  "(task_areas.csv: share_2014 og share_2020), så det er ingen "
                                  "figur å tegne."), x0, y1, 20, colour=MUTED)
            return
        fig = dumbbell_figure(groups, len(data.nordland), SHARE_BASE)
        spans, start = [], 0
        for group, members in groups:
            spans.append((group, members, list(range(start, start + len(members) + 1))))
            start += len(members) + 1
        most = max(len(p) for _, _, p in spans)
        legend_px, head_px = 40, 112  # the legend; the column headings and the axes' ticks
        top = y1 - (legend_px + head_px) / HEIGHT
        pitch = (top - y0) / most
        width = (x1 - x0) / len(spans)
        for n, (group, members, positions) in enumerate(spans):
            labels = [f"<b>{plot_text(group_heading(group, members))}</b>",
                      *(plot_text(_short(r.label, LABEL_CHARS)) for r in members)]
            label_px = 16 + 0.47 * LABEL_PX * max(len(_plain(t)) for t in labels)
            part = _rows_of(fig, set(positions))
            axis = {**part["layout"]["yaxis"], "tickvals": positions, "ticktext": labels,
                    "tickfont": {"size": LABEL_PX},
                    "range": [positions[-1] + 0.5, positions[0] - 0.5]}
            notes = [{**a, "font": {**a.get("font", {}), "size": LABEL_PX}}
                     for a in part["layout"].get("annotations", [])]
            part = {**part, "layout": {**part["layout"], "yaxis": axis, "annotations": notes}}
            left = x0 + n * width + label_px / WIDTH
            right = x0 + (n + 1) * width - 100 / WIDTH  # «41 av 41» beside a full bar
            canvas.place(part, (left, right, top - pitch * len(positions), top), legend=n == 0)
        canvas.layout["legend"] = {**canvas.layout.get("legend", {}), "orientation": "h",
                                   "xref": "paper", "yref": "paper", "x": x0, "xanchor": "left",
                                   "y": y1, "yanchor": "top", "font": {"size": 20}}

    return Content("Oppgaveområdene: kartleggingen 2014 og 2020 og registeret", details, draw,
                   name, font_size=size)


def scenarier_content(data: AppData, query: Mapping[str, str]) -> Content:
    """/scenarier: the map in the scenario's colours, and beside it each region's numbers and
    how much of today's cooperation the regions hold whole."""
    from kommunekart.web.pages import scenarier  # the page module registers Dash pages only when asked to

    base = query.get("grunnlag") or scenarier.DEFAULT_BASE
    if base not in scenarier.BASE_LABELS:
        base = scenarier.DEFAULT_BASE
    regions, assignment = scenarier.decode(query.get("s"), data) or scenarier.base_scenario(data, base)
    fig = _for_print(scenarier.figure(data, regions, assignment))
    view = scenarier.view_of(data, base, regions, assignment)
    lines = [f"{r['name']}: {len(r['members'])} kommuner, folketall {r['population']}; "
             f"hele {r['inside']}, delt {r['crossing']}" for r in view["rows"]]
    lines.append(f"Grunnlaget ({view['base_label']}): {view['base_share']} innenfor én region")
    heading = (f"Innenfor én region: {view['within']} av {view['arrangements']} ordninger "
               f"({view['share']})")

    def draw(canvas: Canvas, box: Box) -> None:
        x0, x1, y0, y1 = box
        wide = min((x1 - x0) * WIDTH, (y1 - y0) * HEIGHT * map_aspect(fig))
        right = x0 + wide / WIDTH
        canvas.place(fig, (x0, right, y0, y1), legend=False)
        if x1 - right > 320 / WIDTH:
            panel_text(canvas, (right + 24 / WIDTH, x1, y0, y1), heading, lines)

    return Content("Scenario: regioninndeling", [scenarier.BASE_LABELS[base]], draw,
                   ["scenario", base])


BUILDERS: dict[str, Callable[[AppData, Mapping[str, str]], Content]] = {
    "/kart": kart_content, "/konstellasjoner": konst_content, "/utvikling": utvikling_content,
    "/oppgaver": oppgaver_content, "/scenarier": scenarier_content}


# ---------------------------------------------------------------------- the frame


def day_text(day: date) -> str:
    return f"{day.day}.{day.month:02d}.{day.year}"


@dataclass(frozen=True)
class Handout:
    figure: dict[str, Any]
    stem: str  # the file name without its extension


def handout(data: AppData, path: str, query: str | Mapping[str, Any] | None = None,
            caption: str | None = None, today: date | None = None,
            step: tuple[int, int] | None = None) -> Handout:
    """The handout of a view: its figure and its file name. `step` (n, of) numbers a story's
    page."""
    path = view_path(path)
    today = today or date.today()
    content = BUILDERS[path](data, query_of(query))
    canvas = Canvas(content.font_size)
    inner = WIDTH * (1 - 2 * SIDE)
    y = 1 - 22 / HEIGHT
    canvas.text("Kommunekart Nordland" + (f" · steg {step[0]} av {step[1]}" if step else ""),
                1 - SIDE, y, DETAIL_PX, colour=MUTED, xanchor="right", align="right")
    heading = _wrapped(content.title, TITLE_PX, inner - 420)
    lines = [(f"<b>{line}</b>", TITLE_PX, TEXT) for line in heading]
    if caption:
        lines += [(line, CAPTION_PX, TEXT) for line in _wrapped(caption, CAPTION_PX, inner)]
    details = " · ".join(d for d in content.details if d)
    lines += [(line, DETAIL_PX, MUTED) for line in _wrapped(details, DETAIL_PX, inner)]
    for text, size, colour in lines:
        canvas.text(text, SIDE, y, size, colour=colour)
        y -= size * LINE / HEIGHT
    top = y - GAP_PX / HEIGHT
    register = data.client_register
    foot = [" · ".join(credit_lines()),
            f"Register: {register['source_name']} · {register['coverage']['badge']} · "
            f"Laget {day_text(today)}"]
    foot_lines = [line for text in foot for line in _wrapped(text, FOOTER_PX, inner)]
    bottom = (len(foot_lines) * FOOTER_PX * LINE + 20) / HEIGHT
    canvas.shapes.append({"type": "line", "xref": "paper", "yref": "paper", "x0": SIDE,
                          "x1": 1 - SIDE, "y0": bottom, "y1": bottom,
                          "line": {"color": "#9aa5ae", "width": 1}})
    canvas.text("<br>".join(foot_lines), SIDE, bottom - 8 / HEIGHT, FOOTER_PX, colour=TEXT)
    content.draw(canvas, (SIDE, 1 - SIDE, bottom + GAP_PX / HEIGHT, top))
    return Handout(canvas.figure(), dated_stem(content.name, today))


def handout_figure(data: AppData, path: str, query: str | Mapping[str, Any] | None = None,
                   caption: str | None = None, today: date | None = None) -> dict[str, Any]:
    """A plotly figure dict of the view, 1920 × 1080: title (and caption) at the top, the view's
    figure with its legend or colour bar, and a footer of credits, register, coverage and date."""
    return handout(data, path, query, caption, today).figure


def handout_stem(data: AppData, path: str, query: str | Mapping[str, Any] | None = None,
                 today: date | None = None) -> str:
    """The file name of a view's handout without extension, e.g.
    kommunekart-kart-alstahaug-2026-11-27."""
    return handout(data, path, query, today=today).stem
