"""The four map interactions measured, and the request bodies each one sends."""

from __future__ import annotations

from typing import Any

from kommunekart.bench.dash_requests import Site, find_callback, update_body
from kommunekart.web.pages.kart import ID

INTERACTIONS = {  # name: its label in the table
    "choose_task_area": "task area",
    "click_municipality": "click",
    "toggle_overlay": "overlay",
    "change_measure": "measure",
}
CLICK_KOMMUNE = "1820"  # Alstahaug
MEASURE = "partnere"


def first_option(options: list[Any], skip: Any = None) -> Any:
    """The first selectable option value (group headers are disabled)."""
    for opt in options:
        value = opt["value"] if isinstance(opt, dict) else opt
        disabled = isinstance(opt, dict) and opt.get("disabled")
        if not disabled and value != skip:
            return value
    raise LookupError("no selectable option")


def choices(site: Site) -> dict[str, Any]:
    """What each interaction picks on the page: the first task area, Alstahaug, the first
    overlay layer, the measure "partnere" (or the first other one)."""
    props = site.props
    options = [o["value"] for o in props[ID.measure]["options"]]
    return {"choose_task_area": first_option(props[ID.task]["options"]),
            "click_municipality": CLICK_KOMMUNE,
            "toggle_overlay": first_option(props[ID.layers]["options"]),
            "change_measure": MEASURE if MEASURE in options
            else first_option(options, props[ID.measure]["value"])}


def interaction_bodies(site: Site) -> dict[str, tuple[bytes, ...]]:
    """The request(s) of each interaction from the page's default view. The steady-state
    overlay toggle alternates on and off with the layer's coordinates already in the browser;
    "toggle_overlay_first" is the first time it is shown, when its coordinates travel once."""
    from kommunekart.figures.map import MAIN

    props, pick = site.props, choices(site)
    update = find_callback(site.deps, f"{ID.map}.figure", f"{ID.task}.value")
    layers = find_callback(site.deps, f"{ID.map}.figure", f"{ID.layers}.value")
    click = {"points": [{"curveNumber": MAIN, "location": pick["click_municipality"]}]}
    loaded = [pick["toggle_overlay"]]

    def toggle(on: list[str], loaded_now: list[str], visible_now: list[str]) -> bytes:
        shown = {**(props.get(ID.shown) or {}).get("data", {}), "layers": visible_now}
        return update_body(layers, props, {f"{ID.layers}.value": on, f"{ID.shown}.data": shown,
                                           f"{ID.overlay_state}.data": {"loaded": loaded_now}})

    return {
        "choose_task_area": (update_body(update, props,
                                         {f"{ID.task}.value": pick["choose_task_area"]}),),
        "click_municipality": (update_body(update, props, {f"{ID.map}.clickData": click}),),
        "toggle_overlay": (toggle(loaded, loaded, []), toggle([], loaded, loaded)),
        "change_measure": (update_body(update, props,
                                       {f"{ID.measure}.value": pick["change_measure"]}),),
        "toggle_overlay_first": (toggle(loaded, [], []),),
    }


def task_bodies(site: Site) -> list[bytes]:
    """One "choose task area" request per task area, to find the largest answer."""
    update = find_callback(site.deps, f"{ID.map}.figure", f"{ID.task}.value")
    values = [o["value"] for o in site.props[ID.task]["options"] if not o.get("disabled")]
    return [update_body(update, site.props, {f"{ID.task}.value": v}) for v in values]

