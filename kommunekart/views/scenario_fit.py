"""/scenarier's table of regions as presenting shows it, beside the map in two panels: as many
rows as fit the panel, the rest as «… og 8 regioner til». The panel is 40 % of the screen (kart.css),
so what fits is estimated here from the text's length (20 px type: about 12 px a character of a
bold name, 27 px a line), for a projector's 1280 × 720 and for a 1920 × 1080 screen; the page's
CSS shows the cut for the screen it is on (assets/scenarier.css), the script only draws it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

# (region column's characters a line, score's characters a line, px for the rows): the panel's
# inner 470 × 588 px at 1280 × 720 and 728 × 948 px at 1920 × 1080, less its title, the score,
# the table's heading and the «flere» line.
SCREENS = {"small": (20, 44, 340), "large": (40, 68, 720)}
LINE_PX, ROW_PAD_PX = 27, 9


def row_lines(row: dict[str, Any], chars: int) -> int:
    """The lines a row takes: its name (the swatch counts as two characters) or its population
    («minst 19 287» on two)."""
    name = math.ceil((len(row["name"]) + 2) / chars)
    return max(name, 2 if row["short"].startswith("minst") else 1)


def fit_rows(rows: Sequence[dict[str, Any]], score: str) -> tuple[list[str], dict[str, str | None]]:
    """Each row's class while presenting ("", or the screens it does not fit: "over-small",
    "over-small over-large") and the «flere» line for each screen (None where all fit)."""
    classes = [[] for _ in rows]
    more: dict[str, str | None] = {}
    for screen, (chars, score_chars, room) in SCREENS.items():
        left = room - LINE_PX * max(0, math.ceil(len(score) / score_chars) - 3)
        shown = 0
        for row in rows:
            left -= LINE_PX * row_lines(row, chars) + ROW_PAD_PX
            if left < 0:
                break
            shown += 1
        rest = len(rows) - shown
        for cls in classes[shown:]:
            cls.append(f"over-{screen}")
        more[screen] = (f"… og {rest} {'region' if rest == 1 else 'regioner'} til"
                        if rest else None)
    return [" ".join(c) for c in classes], more


def short_population(population: str) -> str:
    """«minst 19 287 – 2 kommuner uten tall» as a narrow column holds it: «minst 19 287»."""
    return population.split(" – ")[0]
