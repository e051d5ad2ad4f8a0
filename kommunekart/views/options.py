"""The choices the controls offer, shared by the views that filter by them: Nordland's
municipalities in Norwegian alphabetical order, the task areas in the deck's two groups."""

from __future__ import annotations

from functools import partial
from typing import Any

from kommunekart.domain import measures
from kommunekart.domain.wording import NOTHING_REGISTERED
from kommunekart.views.viewmodel import AppData


def task_options(data: AppData) -> list[dict[str, Any]]:
    """The 41 task areas in the deck's two groups, searchable by number or name."""
    return data.memo("task_options", partial(_task_options, data))


def _task_options(data: AppData) -> list[dict[str, Any]]:
    """An area with no registered arrangement says so: choosing it colours nobody."""
    held = measures.task_area_register(data.register, data.nordland)["arrangements"]
    options: list[dict[str, Any]] = []
    for group, label in (("vanlig", "Vanlige samarbeidsområder (1–22)"),
                         ("sjelden", "Sjeldne samarbeidsområder (23–41)")):
        options.append({"label": f"— {label} —", "value": f"__{group}", "disabled": True})
        rows = data.tasks[data.tasks["group"] == group]
        options += [{"label": f"{r['number']}. {r['name']}" + (
                        "" if held[r["task_area_id"]] else f" ({NOTHING_REGISTERED})"),
                     "value": r["task_area_id"]} for _, r in rows.iterrows()]
    return options


def kommune_options(data: AppData) -> list[dict[str, str]]:
    """Nordland's municipalities in Norwegian alphabetical order (æ, ø, å last)."""
    return [{"label": data.names[k], "value": k} for k in data.alphabetical]
