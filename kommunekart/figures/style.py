"""The look every chart shares: projector-sized type, colour-blind-safe colours, Norwegian
number format, and the plotly config (no toolbar clutter, PNG button named for the view)."""

from __future__ import annotations

from typing import Any

FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
        "size": 20, "color": "#1d2b36"}  # ≥ 20 px: read from the back of a meeting room
# Okabe–Ito, safe for the common colour-vision deficiencies; in the order charts use them.
COLOURS = {"2010": "#999999", "2014": "#56b4e9", "2020": "#0072b2",
           "interkommunal": "#0072b2", "enhetskommunal": "#e69f00",
           "registrert": "#009e73", "avledet": "#cc79a7", "ukjent": "#bbbbbb",
           "økning": "#0072b2", "nedgang": "#d55e00"}


def chart_layout(title: str | None = None, **extra: Any) -> dict[str, Any]:
    """Layout defaults for a chart: Norwegian separators (1 234,5), room for values written on
    bars, no plotly toolbar colours of its own."""
    layout: dict[str, Any] = {
        "font": FONT, "separators": ", ", "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        "margin": {"l": 10, "r": 20, "t": 50 if title else 10, "b": 10},
        "hoverlabel": {"font": {"size": 15}}, "showlegend": False,
        "xaxis": {"automargin": True, "fixedrange": True, "gridcolor": "#e6e9ec"},
        "yaxis": {"automargin": True, "fixedrange": True, "gridcolor": "#e6e9ec"},
    }
    if title:
        layout["title"] = {"text": title, "x": 0, "xanchor": "left", "font": {"size": 20}}
    layout.update(extra)
    return layout


def chart_config(filename: str) -> dict[str, Any]:
    return {"displaylogo": False, "responsive": True,
            "modeBarButtonsToRemove": ["select2d", "lasso2d", "zoom2d", "pan2d", "zoomIn2d",
                                       "zoomOut2d", "autoScale2d", "resetScale2d"],
            "toImageButtonOptions": {"filename": filename, "scale": 2}}


GRAPH_CONFIG = {
    "topojsonURL": "/assets/topojson/",  # plotly's geo subplot would fetch it from a CDN
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "toImageButtonOptions": {"filename": "kommunekart-nordland", "scale": 2},
}
