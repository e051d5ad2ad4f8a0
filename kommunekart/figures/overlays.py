"""Service-region overlays of one register: outlines dissolved from the shared basemap, split
into solid (stated for 2020) and dashed (older, inferred, derived), with a label per region."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import shapely

from kommunekart.domain import measures
from kommunekart.domain.register import Register
from kommunekart.domain.schema import CONFIDENCE_LABELS
from kommunekart.domain.wording import LAYER_LABELS
from kommunekart.figures.text import plot_text
from kommunekart.geo.basemap import Basemap
from kommunekart.geo.geometry import outline_lines

SOLID_CONFIDENCE = "stated-2020"
OVERLAY_TOLERANCE = 0.01  # degrees; an overlay line needs less detail than the polygons under it
OVERLAY_MIN_PART = 0.0005  # deg² (~2 km² here): islets this small add points, not information


@dataclass(frozen=True)
class Overlay:
    """One layer ready to draw: line coordinates (rings separated by None) and one label per
    region (id, text, position, hover), all plain lists built once per register. Label text and
    hover are plotly text: the register's names in them escaped (kommunekart.figures.text)."""

    layer: str
    solid: tuple[list[float | None], list[float | None]]
    dashed: tuple[list[float | None], list[float | None]]
    label_ids: list[str]
    label_text: list[str]
    label_lon: list[float]
    label_lat: list[float]
    label_hover: list[str]


def build_overlay(register: Register, basemap: Basemap, layer: str,
                  names: dict[str, str]) -> Overlay:
    """One layer of a register, its outlines dissolved by the shared basemap (once per set of
    members for the whole process)."""
    regions = measures.regions_of_layer(register, layer).sort_values("region_id")
    outlines = [basemap.region_outline(frozenset(m)) for m in regions["members"]]
    lines = [overlay_outline(union) for union, _, _ in outlines]
    solid = regions["confidence"].eq(SOLID_CONFIDENCE).tolist()
    return Overlay(
        layer, outline_lines(g for g, s in zip(lines, solid, strict=True) if s),
        outline_lines(g for g, s in zip(lines, solid, strict=True) if not s),
        label_ids=regions["region_id"].tolist(),
        label_text=[plot_text(short_label(r["region_name"], r["confidence"], r["as_of"],
                                          len(r["members"]))) for _, r in regions.iterrows()],
        label_lon=[lon for _, lon, _ in outlines], label_lat=[lat for _, _, lat in outlines],
        label_hover=[region_hover(r, names) for _, r in regions.iterrows()],
    )


def region_hover(region: Any, names: dict[str, str]) -> str:
    """A region's hover text (plotly text: every part from the register escaped)."""
    host = plot_text(", ".join(region["host_names"]) or "ikke kjent")
    members = plot_text(", ".join(names[k] for k in region["members"]))
    own = "<br>Egen tjeneste i én kommune (ikke interkommunal)" if len(region["members"]) == 1 else ""
    return (f"<b>{plot_text(region['region_name'])}</b>{own}<br>Vertskommune: {host}<br>"
            f"Deltakere: {members}<br>Kilde datert: {plot_text(region['as_of'])} · "
            f"{CONFIDENCE_LABELS[region['confidence']]}")


def short_label(name: str, confidence: str, as_of: str, members: int = 2) -> str:
    """A map label: the region's name without qualifiers, and its source year unless stated for
    2020, so a region known only from 2018 reads "Sør-Helgeland (2018)"; a one-municipality
    service says so, so it is never read as an inter-municipal region."""
    short = re.split(r" \(| – ", name)[0]
    short = re.sub(r"^(Akuttberedskap|Barnevernberedskap|Barnevernvakta? i|Barnevernvakt) ", "", short)
    qualifiers = ["egen"] if members == 1 else []
    if confidence == "derived-from-population":
        qualifiers.append("avledet")
    elif confidence != SOLID_CONFIDENCE:
        years = re.findall(r"\d{4}", as_of)
        qualifiers.append((years[0] if len(set(years)) == 1 else f"{years[0]}–{years[-1]}")
                          if years else "udatert")
    return f"{short} ({', '.join(qualifiers)})" if qualifiers else short


def overlay_outline(geom: Any) -> Any:
    """A region outline light enough for a line overlay: islets dropped (but never the whole
    region), then simplified. Measured on all five layers: 26 k points -> 10 k."""
    parts = list(shapely.get_parts(geom))
    kept = [p for p in parts if p.area >= OVERLAY_MIN_PART] or [max(parts, key=lambda p: p.area)]
    return shapely.MultiPolygon(kept).simplify(OVERLAY_TOLERANCE)


def overlay_payload(overlay: Overlay) -> list[dict[str, Any]]:
    """Coordinates and labels of one layer's three traces, in trace order (plain references to
    lists built once per register)."""
    return [
        {"lon": overlay.solid[0], "lat": overlay.solid[1]},
        # A layer drawn only dashed (every region older or derived) is named by its dashed line.
        {"lon": overlay.dashed[0], "lat": overlay.dashed[1]} if overlay.solid[0] else
        {"lon": overlay.dashed[0], "lat": overlay.dashed[1], "showlegend": True,
         "name": LAYER_LABELS[overlay.layer]},
        {"lon": overlay.label_lon, "lat": overlay.label_lat, "text": overlay.label_text,
         "customdata": overlay.label_ids, "hovertext": overlay.label_hover},
    ]
