"""A handout's canvas: a 1920 × 1080 figure put together from the views' own figures, each
placed in a box, with the frame's text; and `Content`, what a view puts on it. Pure: plain plotly
figure dicts in and out."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kommunekart.figures.style import FONT
from kommunekart.figures.text import plain_text, plot_text

WIDTH, HEIGHT = 1920, 1080  # px: a projector's screen, and the page size of the PDF


TEXT, MUTED = FONT["color"], "#4a5866"


# Liberation Sans has Arial's widths (narrower than the DejaVu fallback of system-ui), so the
# handout's long labels fit; the maps' names are drawn in Arial already.
FAMILY = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"


LINE = 1.3  # line height, in em


def wrapped(text: str, size: int, width_px: float) -> list[str]:
    """Text broken into lines that fit `width_px` at `size` px (Arial: at most about 0.55 em a
    character on average), each escaped for plotly."""
    chars = max(20, int(width_px / (0.55 * size)))
    return [plot_text(line) for line in textwrap.wrap(text, chars)] or [""]


def plain(text: str) -> str:
    """A label of the app's own figures as plain text (its <br> and <b> dropped, entities
    decoded): what it shows, to be escaped again where the handout draws it."""
    return plain_text(text)


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip(" ,.") + "…"


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


def _subplots(fig: dict[str, Any]) -> set[str]:
    """The subplot ids a figure uses: those its layout names and those its traces draw on."""
    used = {_id_of(k) for k in fig.get("layout", {}) if _AXIS.match(k)}
    for trace in fig["data"]:
        if trace.get("type") in _GEO_TRACES:
            used.add(trace.get("geo", "geo"))
        else:
            used.update((trace.get("xaxis", "x"), trace.get("yaxis", "y")))
    return used


@dataclass(frozen=True)
class _Move:
    """One figure's move into a box of the canvas: its subplots renamed, its paper scaled."""

    box: Box
    rename: dict[str, str]

    def sx(self, v: float) -> float:
        return self.box[0] + v * (self.box[1] - self.box[0])

    def sy(self, v: float) -> float:
        return self.box[2] + v * (self.box[3] - self.box[2])

    def ref(self, value: str | None) -> str | None:
        """An axis reference («x2», «x2 domain») to the renamed subplot."""
        if value is None:
            return None
        base, _, rest = value.partition(" ")
        return self.rename.get(base, base) + (f" {rest}" if rest else "")


def _moved_axis(old: str, value: dict[str, Any], move: _Move) -> dict[str, Any]:
    """An axis or map of the figure with its domain in the box and its references renamed."""
    item = dict(value)
    if old.startswith("geo"):
        domain = item.get("domain") or {}
        item["domain"] = {"x": [move.sx(v) for v in domain.get("x", [0, 1])],
                          "y": [move.sy(v) for v in domain.get("y", [0, 1])]}
        return item
    scale = move.sx if old[0] == "x" else move.sy
    item["domain"] = [scale(v) for v in item.get("domain", [0, 1])]
    item["automargin"] = False
    # plotly anchors an axis to the first counter-axis by default: say which
    counter = "y" if old[0] == "x" else "x"
    if counter in move.rename:
        item.setdefault("anchor", counter)
    for attr in ("anchor", "overlaying", "matches", "scaleanchor"):
        if isinstance(item.get(attr), str) and item[attr] != "free":
            item[attr] = move.ref(item[attr])
    return item


def _default_axis(subplot: str, move: _Move) -> dict[str, Any]:
    """An axis or map the figure left to plotly's defaults, filling the box."""
    x0, x1, y0, y1 = move.box
    if subplot.startswith("geo"):
        return {"domain": {"x": [x0, x1], "y": [y0, y1]}}
    scale = move.sx if subplot[0] == "x" else move.sy
    return {"domain": [scale(0), scale(1)], "automargin": False}


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
        layout = fig.get("layout", {})
        used = _subplots(fig)
        order = sorted(used, key=lambda s: (s.rstrip("0123456789"), int(s.lstrip("xygeo") or 1)))
        move = _Move(box, {old: self._new("geo" if old.startswith("geo") else old[0])
                           for old in order})
        for key, value in layout.items():
            if _AXIS.match(key):
                old = _id_of(key)
                self.layout[_key_of(move.rename[old])] = _moved_axis(old, value, move)
        for subplot in used:  # an axis the figure left to plotly's defaults
            self.layout.setdefault(_key_of(move.rename[subplot]), _default_axis(subplot, move))
        self.data += [self._trace(trace, move, legend) for trace in fig["data"]]
        self.annotations += [self._moved(note, move.sx, move.sy, move.ref, ("x",), ("y",))
                             for note in layout.get("annotations", [])]
        self.shapes += [self._moved(shape, move.sx, move.sy, move.ref, ("x0", "x1"), ("y0", "y1"))
                        for shape in layout.get("shapes", [])]
        for key in ("barmode", "bargap"):
            if key in layout:
                self.layout.setdefault(key, layout[key])
        if legend and layout.get("showlegend", True) and "legend" in layout:
            mark = dict(layout["legend"])
            if mark.get("xref", "paper") == "paper":
                mark["x"] = move.sx(mark.get("x", 1.02))
            if mark.get("yref", "paper") == "paper":
                mark["y"] = move.sy(mark.get("y", 1))
            self.layout["legend"], self.layout["showlegend"] = mark, True

    def _trace(self, trace: dict[str, Any], move: _Move, legend: bool) -> dict[str, Any]:
        """A trace on its renamed subplot, its colour bar moved into the box."""
        item = dict(trace)
        if item.get("type") in _GEO_TRACES:
            item["geo"] = move.rename[item.get("geo", "geo")]
        else:
            item["xaxis"], item["yaxis"] = (move.rename[item.get("xaxis", "x")],
                                            move.rename[item.get("yaxis", "y")])
        if isinstance(item.get("colorbar"), dict):
            item["colorbar"] = self._bar(item["colorbar"], move.box)
        marker = item.get("marker")
        if isinstance(marker, dict) and isinstance(marker.get("colorbar"), dict):
            item["marker"] = {**marker, "colorbar": self._bar(marker["colorbar"], move.box)}
        if not legend:
            item["showlegend"] = False
        return item

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


@dataclass
class Content:
    """What a view puts in its handout: a title, details (one line of facts), the figures in
    the space between the frame's top and bottom, and the words of its file name."""

    title: str
    details: list[str]
    draw: Callable[[Canvas, Box], None]
    name: list[str] = field(default_factory=list)
    font_size: int = FONT["size"]
