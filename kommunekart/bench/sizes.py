"""Size of the web geometry, and whether simplification kept the islands."""

from __future__ import annotations

import gzip
from typing import Any

ISLANDS = ("1835", "1856", "1857")  # the island municipalities out at sea, easiest to simplify away
MIN_ISLAND_AREA = 0.75  # share of the source area an island municipality must keep


def geometry_stats(data: Any, level: int) -> dict[str, Any]:
    """Size of Nordland's web geometry as Dash serialises it (and gzipped at the server's
    level), and whether the islands survived simplification: every municipality keeps all its
    polygon parts, and the island municipalities keep most of their area."""
    import shapely
    from plotly.io.json import to_json_plotly
    from shapely.geometry import shape

    from kommunekart.geo.geodata import boundary_path
    from kommunekart.geo.geometry import load_municipalities
    from kommunekart.web.app import BOUNDARIES

    text = to_json_plotly(data.basemap.geojson_nordland).encode()
    neighbours = to_json_plotly(data.basemap.geojson_neighbours).encode()
    full = load_municipalities(boundary_path(BOUNDARIES)).set_index("kommunenummer").geometry
    web = {f["id"]: shape(f["geometry"]) for f in data.basemap.geojson_nordland["features"]}
    parts = sum(len(shapely.get_parts(g)) for g in web.values())
    source_parts = sum(len(shapely.get_parts(full[k])) for k in web)
    ratios = {k: web[k].area / full[k].area for k in ISLANDS if k in web}
    worst = min(ratios, key=ratios.__getitem__) if ratios else None
    return {
        "geometry_bytes": len(text),
        "geometry_gzip_bytes": len(gzip.compress(text, level)),
        "geometry_neighbours_gzip_bytes": len(gzip.compress(neighbours, level)),
        "geometry_parts": parts,
        "geometry_source_parts": source_parts,
        "island_area_min": round(ratios[worst], 3) if worst else None,
        "island_area_min_name": data.names.get(worst) if worst else None,
        "islands_intact": bool(parts == source_parts and len(ratios) == len(ISLANDS)
                               and min(ratios.values()) >= MIN_ISLAND_AREA),
    }
