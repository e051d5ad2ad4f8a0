"""The compact copy of a register the browser's side panel is drawn from, sent once per page.
Everything in it is already ordered and worded in Python: the browser filters and renders."""

from __future__ import annotations

from typing import Any

from kommunekart.views import kart_panel, panel_text
from kommunekart.views.panel_entries import arrangement_entries, layer_entries, task_entries
from kommunekart.views.viewmodel import AppData


def client_register(data: AppData) -> dict[str, Any]:
    """The register copy of /kart's page, built once per register (it lives and dies with it)."""
    return data.memo("client_register", lambda: build(data))


def build(data: AppData) -> dict[str, Any]:
    """What the panel lists and every text that does not change with the view (a view's own
    sentences come with it: kart_panel.view)."""
    return {
        "names": data.names, "nordland": data.nordland,
        "alphabetical": [data.nordland.index(k) for k in data.alphabetical],
        "arrangements": arrangement_entries(data), "tasks": task_entries(data),
        "regions": layer_entries(data),
        "texts": panel_text.TEXTS, "overviews": kart_panel.overviews(data),
        "kommuner": kart_panel.kommune_texts(data), "task_leads": kart_panel.task_leads(data),
        "coverage": {"detail": data.coverage_detail},
    }
