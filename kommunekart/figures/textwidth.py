"""How wide a text is drawn, from the font's advance widths rather than an average: the tile map
shortens a name only where it does not fit its tile, so near misses matter (Narvik fits a tile at
14 px, Hadsel does not). Liberation Sans, the browsers' Arial on Linux, has Arial's metrics, and
Liberation Sans Narrow Arial Narrow's: Arial's advances × 0.82 (checked against Chromium's
measureText: «Bodø» at 14 px narrow is 27.4 px both ways)."""

from __future__ import annotations

import html
import re

# Arial's advance widths in 1/1000 em (Liberation Sans is metric-compatible).
ADVANCE = {
    **dict.fromkeys("ijl", 222), **dict.fromkeys("ft", 278), "r": 333,
    **dict.fromkeys("cksvxyzšžč", 500), **dict.fromkeys("abdeghnopquåáäöüéèêâđŋ", 556),
    "ø": 611, "w": 722, "m": 833, "æ": 889, "ŧ": 278,
    "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 722, "I": 278,
    "J": 500, "K": 667, "L": 556, "M": 833, "N": 722, "O": 778, "P": 667, "Q": 778, "R": 722,
    "S": 667, "T": 611, "U": 722, "V": 667, "W": 944, "X": 667, "Y": 667, "Z": 611,
    "Æ": 1000, "Ø": 778, "Å": 667, "Á": 667, "Š": 667, "Č": 722, "Đ": 722, "Ŋ": 722, "Ŧ": 611,
    "Ž": 611, **dict.fromkeys("0123456789", 556), " ": 278, ".": 278, ",": 278, "-": 333,
    "–": 556, "(": 333, ")": 333, "'": 191, "/": 278, "&": 667,
}
DEFAULT_ADVANCE = 556  # a letter not in the table: an average lower-case advance
NARROW = 0.82  # Arial Narrow (Liberation Sans Narrow) against Arial


def text_width(text: str, size: float, narrow: bool = False) -> float:
    """px of a plotly text at `size` px (tags stripped, entities as the character they show;
    the widest line of several)."""
    lines = [html.unescape(re.sub(r"<[^>]+>", "", line)) for line in text.split("<br>")]
    widest = max(sum(ADVANCE.get(c, DEFAULT_ADVANCE) for c in line) for line in lines)
    return widest / 1000 * size * (NARROW if narrow else 1.0)
