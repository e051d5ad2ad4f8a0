"""County names and sizes from the verified boundary files: the 2020 county file (fylker-2020,
geodata/manifest.json) names each county by its number, never a name typed into code."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from kommunekart.geo.geodata import boundary_path

COUNTIES = "fylker-2020.geojson"


@lru_cache(maxsize=4)
def county_names(kommuner_path: str) -> dict[str, str]:
    """{two-digit county number: name} from the county file beside the municipalities' file
    (fetch-geodata puts both in one folder), verified by its SHA-256 like every boundary file.
    Raises GeodataError when it is missing or does not verify."""
    path = boundary_path(COUNTIES, source_dir=Path(kommuner_path).parent)
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {str(int(f["properties"]["fylkesnummer"])).zfill(2): str(f["properties"]["navn"])
            for f in features}
