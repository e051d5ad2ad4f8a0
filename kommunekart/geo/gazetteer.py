"""Every municipality's number, name and county as the verified 2020 boundary files give them:
what a municipality written by name is resolved against (kommunekart.domain.names). Read from
the files' properties with json alone, so no geometry is built for it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kommunekart.geo.counties import county_names
from kommunekart.geo.geodata import GeodataError

MUNICIPALITY_FILE = "kommuner-2020.geojson"


@dataclass(frozen=True)
class Municipality:
    kommunenummer: str  # four digits, 2020 numbering
    name: str  # as the boundary file writes it («Herøy», «Midtre Gauldal»)
    county: str  # the 2020 county («Nordland»), empty when the county file lacks it


def _properties(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [f.get("properties") or {} for f in json.load(handle).get("features", [])]


@lru_cache(maxsize=4)
def municipalities(boundary: str) -> tuple[Municipality, ...]:
    """The 356 municipalities of the verified file at `boundary`, with the county of their
    number's first two digits from the county file beside it (verified the same way)."""
    try:
        counties = county_names(boundary)
    except (GeodataError, KeyError, ValueError, TypeError):
        counties = {}
    out = []
    for p in _properties(Path(boundary)):
        number = f"{int(p['kommunenummer']):04d}"
        out.append(Municipality(number, str(p["navn"]), counties.get(number[:2], "")))
    return tuple(sorted(out, key=lambda m: m.kommunenummer))
