"""Where text goes on the map: a greedy collision test on an approximate pixel placement.

The map is plotly's geo subplot, Mercator, fitted to the bounds of everything it draws; at a
known frame size its pixel positions follow from that fit. Labels are placed for 20 px type
(presentation mode) on the map's scale at 1280 × 720, so the normal view (14 px) fits too.
Placement is greedy: labels in priority order, each kept only where its box overlaps none
already placed (region labels are nudged up to a few lines first, names are left out)."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The normal view at 1280 × 720: the map is about 500 × 547 px (measured); in presentation mode
# it is wider but, with the legend under it, about as tall, and Nordland's height sets the scale.
FRAME_PX = (500.0, 547.0)
FONT_PX = 20.0  # placed for presentation mode's 20 px type; the normal view draws 14 on the same scale
CHAR_EM = 0.56  # average advance of Arial's lower-case letters, in em (bold a little wider)
PAD_PX = 4.0  # the halo and a little air around each box

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in px, y down


def _merc(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


@dataclass(frozen=True)
class Frame:
    """lon/lat <-> px for a Mercator map fitted to `bounds` in a frame of `size` px."""

    bounds: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    size: tuple[float, float] = FRAME_PX

    @property
    def _fit(self) -> tuple[float, float, float]:
        lon0, lat0, lon1, lat1 = self.bounds
        x0, x1, y0, y1 = math.radians(lon0), math.radians(lon1), _merc(lat0), _merc(lat1)
        scale = min(self.size[0] / (x1 - x0), self.size[1] / (y1 - y0))
        return scale, (x0 + x1) / 2, (y0 + y1) / 2

    def px(self, lon: float, lat: float) -> tuple[float, float]:
        scale, cx, cy = self._fit
        return (self.size[0] / 2 + scale * (math.radians(lon) - cx),
                self.size[1] / 2 - scale * (_merc(lat) - cy))

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        scale, cx, cy = self._fit
        lon = math.degrees(cx + (x - self.size[0] / 2) / scale)
        lat = math.degrees(2 * math.atan(math.exp(cy - (y - self.size[1] / 2) / scale)) - math.pi / 2)
        return round(lon, 4), round(lat, 4)


def text_box(x: float, y: float, text: str, font: float = FONT_PX) -> Box:
    """The box of a plotly text centred on (x, y): width from the characters it shows (tags
    stripped, entities such as &lt; one character)."""
    lines = [html.unescape(re.sub(r"<[^>]+>", "", line)) for line in text.split("<br>")]
    width = max(map(len, lines)) * CHAR_EM * font * (1.08 if "<b>" in text else 1.0)
    height = 1.3 * font * len(lines)  # plotly sets lines 1.3 em apart
    return (x - width / 2 - PAD_PX, y - height / 2 - PAD_PX,
            x + width / 2 + PAD_PX, y + height / 2 + PAD_PX)


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def free(box: Box, taken: Iterable[Box]) -> bool:
    return not any(overlaps(box, other) for other in taken)


def nudges(font: float = FONT_PX) -> list[tuple[float, float]]:
    """Offsets tried in turn: in place, then half a line to three lines up or down, then sideways."""
    step = 0.65 * font
    out = [(0.0, 0.0)]
    for k in range(1, 6):
        out += [(0.0, -k * step), (0.0, k * step)]
    for dx in (-2 * font, 2 * font, -4 * font, 4 * font, -6 * font, 6 * font):
        out += [(dx, 0.0)] + [(dx, sign * k * step) for k in range(1, 6) for sign in (-1, 1)]
    return out


def wrap(text: str, width: int = 18) -> str:
    """A label (plotly text, escaped) broken into lines of about `width` characters (<br>, as
    plotly writes them; an entity counts as the one character it shows)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(html.unescape(lines[-1])) + 1 + len(html.unescape(word)) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def place_regions(frame: Frame, labels: Sequence[tuple[str, float, float]], font: float = FONT_PX,
                  taken: Sequence[Box] = ()) -> list[tuple[tuple[float, float], Box] | None]:
    """Each region label (text, lon, lat) at its point or the nearest nudge that collides with
    no label placed before it: (lon/lat, box), or None where no spot is free (that label is
    left off the map; the panel lists every region)."""
    boxes: list[Box] = list(taken)
    out: list[tuple[tuple[float, float], Box] | None] = []
    for text, lon, lat in labels:
        x, y = frame.px(lon, lat)
        spot = None
        for dx, dy in nudges(font):
            box = text_box(x + dx, y + dy, text, font)
            inside = box[0] >= 0 and box[2] <= frame.size[0] and box[1] >= 0 and box[3] <= frame.size[1]
            if inside and free(box, boxes):
                spot = (frame.lonlat(x + dx, y + dy), box)
                boxes.append(box)
                break
        out.append(spot)
    return out


def fitting_names(frame: Frame, candidates: Sequence[tuple[str, str, float, float]],
                  taken: Sequence[Box] = (), font: float = FONT_PX,
                  always: Iterable[str] = ()) -> list[str]:
    """Of (key, text, lon, lat) in priority order, the keys whose names fit: a name is kept
    where its box lies inside the frame (a county's edge municipality, Sør-Varanger, would
    spill off the map) and overlaps no name kept before it and nothing in `taken` (region
    labels). Keys in `always` (the chosen municipality) are kept whatever they overlap."""
    must = set(always)
    boxes = list(taken)
    out = []
    for key, text, lon, lat in candidates:
        box = text_box(*frame.px(lon, lat), text, font)
        inside = box[0] >= 0 and box[1] >= 0 and box[2] <= frame.size[0] and box[3] <= frame.size[1]
        if key in must or (inside and free(box, boxes)):
            boxes.append(box)
            out.append(key)
    return out
