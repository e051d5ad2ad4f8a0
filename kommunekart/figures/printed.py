"""A view's figure as a handout prints it: the map's own credit line dropped (the frame has it),
keys at 20 px, a category map's key as a legend, the box a map needs, the panel's text beside it,
rows of text as a figure, and the task-area chart cut to some of its rows."""

from __future__ import annotations

import math
from typing import Any

from kommunekart.domain.limits import plain
from kommunekart.figures.canvas import HEIGHT, LINE, TEXT, WIDTH, Box, Canvas, wrapped
from kommunekart.figures.map import MAIN, PART
from kommunekart.figures.maplabels import END_LABEL_PAD
from kommunekart.figures.text import plot_text


def for_print(fig: dict[str, Any], colorbar: dict[str, Any] | None = None) -> dict[str, Any]:
    """A map figure as the handout draws it: its own small credit line dropped (the frame carries
    the credits), the map on the page's pale sea, the legend and colour bar in 20 px type (as
    presentation mode makes them)."""
    data = list(fig["data"])
    main = data[MAIN]
    bar = {**main.get("colorbar", {}), **(colorbar or {})}
    bar["title"] = {**bar.get("title", {}), "font": {"size": 20}}
    bar["tickfont"] = {**bar.get("tickfont", {}), "size": 20}
    if bar.get("orientation") == "h":  # room in its box for a label centred on the bar's end
        bar["xpad"] = END_LABEL_PAD  # (Chromium's PDF leaves out a label that reaches past the box)
    data[MAIN] = {**main, "colorbar": bar}
    layout = {k: v for k, v in fig["layout"].items() if k != "annotations"}
    layout["geo"] = {**layout.get("geo", {}), "bgcolor": "#eaf1f6"}
    if "legend" in layout:
        layout["legend"] = {**layout["legend"], "font": {"size": 20}}
    return {"data": data, "layout": layout}


MAP_ASPECT = 1.3  # the two panels' width to height (README), when a map does not say


def map_aspect(fig: dict[str, Any]) -> float:
    """Width over height of the box a map drawn with explicit lon/lat ranges (Mercator) fills, as
    plotly fits it into its domain (the tile map leaves a quarter of its width to the legend)."""
    geo = fig["layout"].get("geo", {})
    lon, lat = (geo.get("lonaxis") or {}).get("range"), (geo.get("lataxis") or {}).get("range")
    if not (lon and lat) or (geo.get("projection") or {}).get("type", "mercator") != "mercator":
        return MAP_ASPECT

    def y(phi: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(phi) / 2))

    domain = geo.get("domain") or {}
    (x0, x1), (y0, y1) = domain.get("x", (0, 1)), domain.get("y", (0, 1))
    return math.radians(lon[1] - lon[0]) / (y(lat[1]) - y(lat[0])) * (y1 - y0) / (x1 - x0)


def panel_text(canvas: Canvas, box: Box, heading: str, lines: list[str]) -> None:
    """The panel beside a map: a heading and as many lines as fit (wrapped), then «… og N til»."""
    x0, x1, y0, y1 = box
    width = (x1 - x0) * WIDTH
    head = wrapped(heading, 24, width)
    canvas.text("<br>".join(f"<b>{h}</b>" for h in head), x0, y1, 24)
    space = (y1 - y0) * HEIGHT - len(head) * 24 * LINE - 8
    for size in (20, 18):  # 18 px only where 20 would leave lines out
        room = int(space / (size * LINE))
        lines_of = [wrapped(line, size, width) for line in lines]
        if sum(map(len, lines_of)) <= room:
            break
    out: list[str] = []
    if sum(map(len, lines_of)) <= room:
        out = [part for parts in lines_of for part in parts]
    else:  # as many as fit with the last line saying how many are left out
        for n, parts in enumerate(lines_of):
            if len(out) + len(parts) > room - 1:
                out.append(plot_text(f"… og {len(lines) - n} til"))
                break
            out += parts
    canvas.text("<br>".join(out), x0, y1 - (len(head) * 24 * LINE + 8) / HEIGHT, size)


def table_figure(rows: list[list[str]], columns: list[float], header: list[str],
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
    title = plain(bar.get("title", {}).get("text", ""))
    layout = {**fig["layout"], "showlegend": True, "legend": {
        "x": 0.96, "xanchor": "right", "y": 0.03, "yanchor": "bottom", "traceorder": "reversed",
        "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 20},
        "title": {"text": f"<b>{plot_text(title)}</b>", "font": {"size": 20}}}}
    return {"data": [*fig["data"], *keys], "layout": layout}


def chart_rows(fig: dict[str, Any], keep: set[int]) -> dict[str, Any]:
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
