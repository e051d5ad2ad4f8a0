"""Where text goes on the map: a greedy collision test on an approximate pixel placement.

The map is plotly's geo subplot, Mercator, fitted to the bounds of everything it draws; at a
known frame size its pixel positions follow from that fit. Region labels are placed for 20 px
type (presentation mode) on the map's scale at 1280 × 720, so the normal view (14 px) fits too;
names at the size each map draws them. Placement is greedy: labels in priority order, each kept
only where its box overlaps none already placed (region labels are nudged up to a few lines
first; a name is left out, unless it is one of the important ones, which may stand beside its
municipality with a leader line: `place_names`)."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

# The normal view at 1280 × 720: the map is about 500 × 547 px (measured); in presentation mode
# it is wider but, with the legend under it, about as tall, and Nordland's height sets the scale.
FRAME_PX = (500.0, 547.0)
FONT_PX = 20.0  # presentation mode's type: region labels are placed for it in either view
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

    def lonlat_grid(self, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """lon and lat of every (x, y) of a grid of px columns `xs` and rows `ys` (rows first)."""
        scale, cx, cy = self._fit
        lon = np.degrees(cx + (xs - self.size[0] / 2) / scale)
        lat = np.degrees(2 * np.arctan(np.exp(cy - (ys - self.size[1] / 2) / scale)) - np.pi / 2)
        return np.meshgrid(lon, lat)

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


Point = tuple[float, float]
# A name that does not fit on its municipality (an island among islands) may stand beside it,
# with a leader line: up to this far from its point, in font sizes, sideways before up or down.
CALLOUT_GAPS = (-0.6, -0.3, 0.0, 0.5, 1.0, 1.5, 2.0)
CALLOUT_ANGLES = sorted(range(0, 360, 30), key=lambda a: (abs(math.sin(math.radians(a))), a))


@dataclass(frozen=True)
class NameSpot:
    """Where one name goes: its text's centre, and the leader from the municipality's point to
    the text's edge when the text stands beside it (px, y down)."""

    key: str
    at: Point
    leader: tuple[Point, Point] | None = None


def inside_frame(box: Box, size: tuple[float, float]) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= size[0] and box[3] <= size[1]


def crosses_box(p: Point, q: Point, box: Box) -> bool:
    """Whether the segment p–q runs through the box (Liang–Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for step, room in ((-dx, p[0] - box[0]), (dx, box[2] - p[0]), (-dy, p[1] - box[1]),
                       (dy, box[3] - p[1])):
        if step == 0:
            if room < 0:
                return False
            continue
        t = room / step
        t0, t1 = (max(t0, t), t1) if step < 0 else (t0, min(t1, t))
        if t0 >= t1:
            return False
    return True


def crosses(a: tuple[Point, Point], b: tuple[Point, Point]) -> bool:
    """Whether two segments cross."""
    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return (side(*a, b[0]) * side(*a, b[1]) < 0) and (side(*b, a[0]) * side(*b, a[1]) < 0)


def leader_end(point: Point, box: Box) -> Point | None:
    """Where a leader from `point` to the box's centre meets the box's edge (None: the point is
    in the box, so the text is on it and needs no leader)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    hw, hh = (box[2] - box[0]) / 2 - PAD_PX / 2, (box[3] - box[1]) / 2 - PAD_PX / 2
    dx, dy = cx - point[0], cy - point[1]
    if abs(dx) <= hw and abs(dy) <= hh:
        return None
    scale = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return cx - dx * scale, cy - dy * scale


def callout_offsets(box: Box, font: float) -> list[Point]:
    """Offsets of a name's centre tried in turn: on its point, then rings around it, the box's
    near edge a little over the point, touching it, then further off (CALLOUT_GAPS)."""
    hw, hh = (box[2] - box[0]) / 2, (box[3] - box[1]) / 2
    out = [(0.0, 0.0)]
    for gap in CALLOUT_GAPS:
        for angle in CALLOUT_ANGLES:
            a = math.radians(angle)
            out.append((math.cos(a) * (hw + gap * font), math.sin(a) * (hh + gap * font)))
    return out


def covers(box: Box, points: dict[str, Point], own: str, count: bool = False) -> int:
    """How many of the points but `own`'s the box holds (`count`), or whether any."""
    held = (k != own and box[0] < p[0] < box[2] and box[1] < p[1] < box[3]
            for k, p in points.items())
    return sum(held) if count else int(any(held))


@dataclass
class _Placed:
    """What names placed so far take: boxes (and the region labels'), leaders, and the points
    of the names that may stand beside them, which no other name may cover."""

    boxes: list[Box]
    leaders: list[tuple[Point, Point]]
    guarded: dict[str, Point]

    def fits(self, key: str, box: Box, leader: tuple[Point, Point] | None) -> bool:
        if not free(box, self.boxes) or any(crosses_box(*line, box) for line in self.leaders):
            return False
        if covers(box, self.guarded, key):
            return False
        return leader is None or not (any(crosses_box(*leader, b) for b in self.boxes) or
                                      any(crosses(leader, line) for line in self.leaders))


class Land(Protocol):
    """Whose land lies where on the frame (kommunekart.figures.mapnames.LandGrid)."""

    def hides(self, key: str, boxes: np.ndarray) -> np.ndarray:
        """px² of other municipalities' land under each box (rows x0, y0, x1, y1)."""

    def owns(self, key: str, point: Point) -> bool:
        """Whether the point is on the municipality's own land."""


Spot = tuple[Point, Box, "tuple[Point, Point] | None"]  # centre, box, leader


@dataclass(frozen=True)
class _Names:
    """One placement's fixed inputs: the frame, the type, every name's point, what may move."""

    frame: Frame
    font: float
    anchors: dict[str, Point]
    home: dict[str, Box]  # each name's box on its own point
    homes: np.ndarray  # the same, in order
    moved: frozenset[str]
    land: Land | None

    def costs(self, key: str, boxes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """Of each box: how far the name is from its point (in font sizes), how many other
        names it keeps off their own points, how much of other municipalities' land it hides
        (in font sizes²); inf where it leaves the frame."""
        h, b = self.homes[None, :, :], boxes[:, None, :]
        kept_off = ((h[..., 0] < b[..., 2]) & (b[..., 0] < h[..., 2]) &
                    (h[..., 1] < b[..., 3]) & (b[..., 1] < h[..., 3])).sum(axis=1)
        own = self.home[key]
        kept_off -= ((own[0] < boxes[:, 2]) & (boxes[:, 0] < own[2]) &
                     (own[1] < boxes[:, 3]) & (boxes[:, 1] < own[3]))
        hidden = self.land.hides(key, boxes) / self.font ** 2 if self.land else 0.0
        cost = np.hypot(offsets[:, 0], offsets[:, 1]) / self.font + kept_off + hidden
        inside = ((boxes[:, 0] >= 0) & (boxes[:, 1] >= 0) & (boxes[:, 2] <= self.frame.size[0]) &
                  (boxes[:, 3] <= self.frame.size[1]))
        return np.where(inside, cost, np.inf)

    def best(self, key: str, text: str, placed: _Placed) -> Spot | None:
        """The free spot of least cost for one name (only its point, unless it may move)."""
        x, y = self.anchors[key]
        home = self.home[key]
        if key not in self.moved:
            fits = inside_frame(home, self.frame.size) and placed.fits(key, home, None)
            return ((x, y), home, None) if fits else None
        offsets = np.array(callout_offsets(home, self.font))
        boxes = np.array(home)[None, :] + np.hstack([offsets, offsets])
        costs = self.costs(key, boxes, offsets)
        for i in np.argsort(costs, kind="stable"):
            if not np.isfinite(costs[i]):
                break
            box, at = tuple(map(float, boxes[i])), (x + offsets[i][0], y + offsets[i][1])
            end = leader_end((x, y), box)  # none where the text is on its own land
            own = end is None or (self.land is not None and self.land.owns(key, at))
            leader = None if own else ((x, y), end)
            if placed.fits(key, box, leader):
                return at, box, leader  # type: ignore[return-value]
        return None

    def place(self, candidates: Sequence[tuple[str, str, float, float]], taken: Sequence[Box],
              must: set[str]) -> list[NameSpot]:
        placed = _Placed(list(taken), [], {k: self.anchors[k] for k in self.moved})
        out = []
        for key, text, _, _ in candidates:
            spot = self.best(key, text, placed)
            if spot is None and key in must:
                spot = (self.anchors[key], self.home[key], None)
            if spot is not None:
                at, box, leader = spot
                placed.boxes.append(box)
                placed.leaders += [leader] if leader else []
                out.append(NameSpot(key, at, leader))
        return out


def place_names(frame: Frame, candidates: Sequence[tuple[str, str, float, float]],
                taken: Sequence[Box] = (), font: float = FONT_PX, always: Iterable[str] = (),
                callouts: Iterable[str] = (), land: Land | None = None) -> list[NameSpot]:
    """Of (key, text, lon, lat) in priority order, where each name that fits goes: on its point,
    where its box lies inside the frame (a county's edge municipality, Sør-Varanger, would spill
    off the map) and overlaps no name placed before it, nothing in `taken` (region labels) and
    no leader. A key in `callouts` (the important ones) or `always` (the chosen municipality)
    may instead stand beside its point, and no other name covers its point: of the free spots
    (`callout_offsets`) the one nearest its point that keeps fewest other names off theirs and
    hides least of other municipalities' land (`land`), with a leader line unless the text is
    on its own land. An important name that finds no spot tries again before the others (they
    crowd each other on a cluster of islands). A key in `always` is kept on its point whatever
    it overlaps when nothing is free. Boxes are measured at `font`, the size drawn."""
    must = set(always)
    anchors = {key: frame.px(lon, lat) for key, _, lon, lat in candidates}
    moved = frozenset(k for k in must | set(callouts) if k in anchors)
    home = {key: text_box(*anchors[key], text, font) for key, text, _, _ in candidates}
    names = _Names(frame, font, anchors, home,
                   np.array(list(home.values()) or [(0.0, 0.0, 0.0, 0.0)]), moved, land)
    order, best = list(candidates), None
    for _ in range(len(moved) + 1):
        out = names.place(order, taken, must)
        shown = {s.key for s in out}
        score = (len(moved & shown), len(shown))
        if best is None or score > best[0]:
            best = (score, out)
        left = [c for c in order if c[0] in moved - shown]
        if not left:
            break
        first = [c for c in order if c[0] in must]
        order = [*first, *left, *(c for c in order if c not in first and c not in left)]
    return best[1] if best else []
