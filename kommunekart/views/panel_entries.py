"""/kart's lists as the side panel shows them: every arrangement, task area and region layer
with its finished texts, built once per register (AppData.memo). The register copy sent to the
browser holds them (views/client.py); the panel model counts and prints from the same lists
(views/kart_panel.py), so the browser and Python can never list differently."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from kommunekart.domain import measures, wording
from kommunekart.domain.schema import LAYERS
from kommunekart.views import panel_text

if TYPE_CHECKING:
    from kommunekart.views.viewmodel import AppData


def json_value(value: Any) -> Any:
    """JSON-ready: missing stays None (never 0), numpy scalars become Python numbers."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def arrangement_entries(data: AppData) -> list[dict[str, Any]]:
    """Every arrangement as the panel lists it, in the one order (largest first, then name), with
    what the browser filters by (scopes, task, members) and its finished texts (built once)."""
    return data.memo("arrangement_entries", lambda: _arrangement_entries(data))


def _arrangement_entries(data: AppData) -> list[dict[str, Any]]:
    reg = data.register
    arr = measures.with_members(reg, reg.arrangements)
    in_scope = {scope: set(measures.filter_arrangements(reg, scope)["arrangement_id"])
                for scope in measures.SCOPES}  # the scope rule stays in Python, in one place
    task_names = dict(zip(data.tasks["task_area_id"], data.tasks["name"], strict=True))
    return [
        {"id": r["arrangement_id"], "name": r["name"], "task": json_value(r["task_area_id"]),
         "members": list(r["members"]), "note": json_value(r["note"]),
         "scopes": [scope for scope in measures.SCOPES if r["arrangement_id"] in in_scope[scope]],
         **panel_text.arrangement_texts(r, data.names, task_names)}
        for _, r in arr.iterrows()
    ]


def task_entries(data: AppData) -> dict[str, dict[str, Any]]:
    """Every task area's heading, the survey's line on it and, where a region layer shows the
    same service, why their numbers can differ (built once)."""
    return data.memo("task_entries", lambda: _task_entries(data))


def _task_entries(data: AppData) -> dict[str, dict[str, Any]]:
    reg = data.register
    layer_notes = {task: wording.task_layer_note(wording.LAYER_LABELS[layer],
                                                 measures.layer_stats(reg, layer))
                   for layer, task in measures.LAYER_TASKS.items() if layer in data.overlays}
    return {
        r["task_area_id"]: {"name": r["name"],
                            **panel_text.task_texts(int(r["number"]), r["name"],
                                                    json_value(r["share_2014"]),
                                                    json_value(r["share_2020"])),
                            "layer_note": layer_notes.get(r["task_area_id"])}
        for _, r in data.tasks.iterrows()
    }


def layer_entries(data: AppData) -> dict[str, dict[str, Any]]:
    """Every region layer as the panel lists it (built once)."""
    return data.memo("layer_entries", lambda: {layer: _layer(data, layer) for layer in LAYERS})


def _layer(data: AppData, layer: str) -> dict[str, Any]:
    reg = data.register
    drawn = measures.regions_of_layer(reg, layer)
    listed = reg.regions[reg.regions["layer"] == layer].set_index("region_id")
    stated = {rid: (json_value(r["stated_member_count"]), json_value(r["population_2020"]))
              for rid, r in listed.iterrows()}
    regions = [
        _region(data, r["region_id"], r["region_name"], r["members"], r["host_names"],
                r["as_of"], r["confidence"], r["source"], r["note"],
                stated.get(r["region_id"], (None, None)))
        for _, r in drawn.iterrows()
    ]
    known = {r["id"] for r in regions}
    regions += [_region(data, rid, r["name"], None, [], "", None, r["source"],
                        json_value(r["note"]), stated[rid])
                for rid, r in listed.iterrows() if rid not in known]
    return {"label": wording.LAYER_LABELS[layer],
            "count_text": wording.layer_count(measures.layer_stats(reg, layer)),
            "regions": regions}


def _region(data: AppData, rid: str, name: str, members: list[str] | None, hosts: list[str],
            as_of: str, confidence: str | None, source: str, note: str | None,
            stated: tuple[Any, Any]) -> dict[str, Any]:
    return {"id": rid, "name": name, "known": members is not None,
            **panel_text.region_texts(members, data.names, hosts, *stated),
            "as_of": as_of or "udatert", "badge": panel_text.date_badge(confidence, as_of),
            "source": panel_text.source_links(source), "note": json_value(note) or None}
