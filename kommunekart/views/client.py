"""The compact copy of a register the browser's side panel is drawn from, sent once per page.
Everything in it is already ordered and worded in Python: the browser filters and renders."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from kommunekart.domain import measures, wording
from kommunekart.domain.schema import CONFIDENCE_LABELS, LAYERS

if TYPE_CHECKING:
    from kommunekart.views.viewmodel import AppData


def json_value(value: Any) -> Any:
    """JSON-ready: missing stays None (never 0), numpy scalars become Python numbers."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def client_register(data: AppData) -> dict[str, Any]:
    reg = data.register
    arr = measures.with_members(reg, reg.arrangements)  # the one order: largest first, then name
    in_scope = {scope: set(measures.filter_arrangements(reg, scope)["arrangement_id"])
                for scope in measures.SCOPES}  # the scope rule stays in Python, in one place
    arrangements = [
        {"id": r["arrangement_id"], "name": r["name"], "task": json_value(r["task_area_id"]),
         "legal": r["legal_form"], "host": json_value(r["host_kommunenummer"]), "basis": r["basis"],
         "as_of": r["as_of"], "confidence": r["confidence"], "complete": bool(r["members_complete"]),
         "source": r["source"], "note": json_value(r["note"]), "members": list(r["members"]),
         "scopes": [scope for scope in measures.SCOPES if r["arrangement_id"] in in_scope[scope]]}
        for _, r in arr.iterrows()
    ]
    layer_notes = {task: wording.task_layer_note(wording.LAYER_LABELS[layer],
                                                 measures.layer_stats(reg, layer))
                   for layer, task in measures.LAYER_TASKS.items() if layer in data.overlays}
    tasks = {
        r["task_area_id"]: {"name": r["name"], "number": int(r["number"]), "group": r["group"],
                            "share_2014": json_value(r["share_2014"]),
                            "share_2020": json_value(r["share_2020"]),
                            "layer_note": layer_notes.get(r["task_area_id"])}
        for _, r in data.tasks.iterrows()
    }
    return {
        "names": data.names, "nordland": data.nordland,
        "alphabetical": [data.nordland.index(k) for k in data.alphabetical],
        "arrangements": arrangements, "tasks": tasks,
        "regions": {layer: _layer(data, layer) for layer in LAYERS},
        "confidence": CONFIDENCE_LABELS,
        "source_name": wording.register_label(reg.source, data.register_id),
        "coverage": {"badge": wording.coverage_badge(data.coverage),
                     "detail": wording.coverage_detail(data.coverage)},
    }


def _layer(data: AppData, layer: str) -> dict[str, Any]:
    reg = data.register
    drawn = measures.regions_of_layer(reg, layer)
    listed = reg.regions[reg.regions["layer"] == layer].set_index("region_id")
    stated = {rid: {"stated_members": json_value(r["stated_member_count"]),
                    "population": json_value(r["population_2020"])} for rid, r in listed.iterrows()}
    regions = [
        {"id": r["region_id"], "name": r["region_name"], "members": r["members"],
         "hosts": r["host_names"], "as_of": r["as_of"], "confidence": r["confidence"],
         "source": r["source"], "note": r["note"], **stated.get(r["region_id"], {})}
        for _, r in drawn.iterrows()
    ]
    known = {r["id"] for r in regions}
    regions += [
        {"id": rid, "name": r["name"], "members": None, "hosts": [], "as_of": "", "confidence": None,
         "source": r["source"], "note": json_value(r["note"]), **stated[rid]}
        for rid, r in listed.iterrows() if rid not in known
    ]
    return {"label": wording.LAYER_LABELS[layer],
            "count_text": wording.layer_count(measures.layer_stats(reg, layer)),
            "regions": regions}
