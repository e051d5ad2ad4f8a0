"""TODO docstring."""

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


@dataclass
class Content:
    """What a view puts in its handout: a title, details (one line of facts), the figures in
    the space between the frame's top and bottom, and the words of its file name."""

    title: str
    details: list[str]
    draw: Callable[[Canvas, Box], None]
    name: list[str] = field(default_factory=list)
    font_size: int = FONT["size"]
