"""/kart's view payload and its side panel. Every sentence the panel says about a view is
written here, once: the page sends a view's own sentences with each interaction (`view`), the
register copy (views/client.py) carries the lists and the sentences that never change, and
assets/kart.js only filters the lists and renders. `panel_lines` is the same panel as plain
text, for handouts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from kommunekart.domain.measures import SCOPES
from kommunekart.domain.wording import MEASURE_LABELS
from kommunekart.views import panel_text
from kommunekart.views.panel_entries import arrangement_entries, layer_entries, task_entries
from kommunekart.views.panel_text import TEXTS, ordninger, scope_text
from kommunekart.views.state import KartState, KonstState, region_layer

if TYPE_CHECKING:
    from kommunekart.views.viewmodel import AppData, MapValues

PARTIAL = "registeret dekker bare en del av ordningene."


@dataclass(frozen=True)
class LayerBlock:
    """A region layer listed under the panel: its name, how its count compares with its
    source, and one line per region."""

    label: str
    count_text: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class PanelModel:
    """The panel of one view with its finished texts, in reading order."""

    kind: str  # "kommune", "task", "region", "overview": the block the panel draws
    heading: str
    before: tuple[str, ...]  # paragraphs above the list
    items: tuple[str, ...] = ()  # the list: one line per arrangement (or the region's facts)
    after: tuple[str, ...] = ()  # paragraphs below it
    layers: tuple[LayerBlock, ...] = ()
    sent: dict[str, Any] | None = None  # what the browser gets with the view (it has the rest)
    printed: tuple[str, ...] | None = None  # on paper instead of `before` (no how-to), if other
    layers_first: bool = False  # a story step of region layers: what it shows comes first


def view(data: AppData, state: KartState, region: dict[str, str] | None = None,
         story: bool = False) -> dict[str, Any]:
    """What a /kart view sends the browser with every interaction: the state the table, the
    address bar and the downloads read, and the panel's own sentences. A key whose value is
    the default (the shipped register, the geographic map, not a story step) is left out.
    `story`: the page was opened as a story step (its panel opens on what the step shows)."""
    values = data.state_values(state)
    region = region or region_of(data, state)
    model = panel_model(data, state, region, values, story)
    out: dict[str, Any] = {
        "register": data.register_id, "measure": state.measure, "task": state.task,
        "scope": state.scope, "kommune": state.kommune, "layers": list(state.layers),
        "region": region, "values": values.z, "kind": values.kind, "scale": values.scale,
        "visning": state.visning, "label": values.label, "url": state.url("/kart", data.register_id),
        "panel": kommune_sent(model, state) if model.kind == "kommune" else story_sent(model, story),
        "story": story}
    defaults = {"register": None, "visning": "kart", "story": False}
    return {k: v for k, v in out.items() if k not in defaults or v != defaults[k]}


def region_of(data: AppData, state: KartState) -> dict[str, str] | None:
    """The region a link chose (region=), with its layer."""
    return {"layer": region_layer(data, state.region), "id": state.region} if state.region else None


def top_of(data: AppData, values: MapValues) -> list[list[Any]]:
    """The highest values, ties in Norwegian alphabetical order: [[name, value], …]."""
    z = dict(zip(data.nordland, values.z, strict=True))
    return [[data.names[k], z[k]] for k in data.highest(values.z)]


def story_sent(model: PanelModel, story: bool) -> dict[str, Any]:
    """What a panel other than a municipality's sends: its kind, and as a story step that its
    how-to is left out and whether the layers come first (the browser has the sentences)."""
    if not story:
        return {"kind": model.kind}
    return {"kind": model.kind, "story": True, "layers_first": model.layers_first}


def panel_model(data: AppData, state: KartState, region: dict[str, str] | None = None,
                values: MapValues | None = None, story: bool = False) -> PanelModel:
    """The panel of a view: a region chosen, else a municipality, else a task area, else the
    overview; below it the region layers drawn. A story step that shows the overview with
    region layers opens on the layers (the step is about them), and the overview says what
    the map shows without the how-to (the audience does not click)."""
    values = values or data.state_values(state)
    region = region or region_of(data, state)
    found = _region_entry(data, region) if region else None
    if region:  # a region not in the register copy: the overview, as the browser always did
        model = region_panel(*found) if found else overview_panel(data, state.measure, state.scope)
    elif state.kommune:
        model = kommune_panel(data, state)
    elif state.task:
        model = task_panel(data, state.task, state.scope)
    else:
        model = overview_panel(data, state.measure, state.scope)
    entries = layer_entries(data)
    blocks = tuple(layer_block(entries[layer]) for layer in state.layers if layer in entries)
    if story and model.kind == "overview":
        model = replace(model, before=model.printed or model.before, layers_first=bool(blocks))
    return replace(model, layers=blocks)


def listed(data: AppData, scope: str, task: str | None, kommune: str | None) -> list[dict]:
    """The arrangements a panel lists, in the register copy's order: the same filter as
    assets/kart.js arrangementIds (scope, task area, municipality)."""
    return [a for a in arrangement_entries(data) if scope in a["scopes"]
            and (not task or a["task"] == task) and (not kommune or kommune in a["members"])]


def item_line(entry: dict[str, Any]) -> str:
    """An arrangement as one plain line: «Name (12 deltakere)»."""
    return f"{entry['name']} ({entry['count']} deltakere)"


def kommune_panel(data: AppData, state: KartState) -> PanelModel:
    """A municipality's arrangements, largest first; an empty state that says what it means."""
    k = state.kommune or ""
    name = data.names.get(k, k)
    tasks = task_entries(data)
    scope = scope_text(state.scope, tasks[state.task]["name"] if state.task in tasks else None)
    shown = listed(data, state.scope, state.task, k)
    heading = f"{name} ({k})"
    sent: dict[str, Any] = {"kind": "kommune", "link": KonstState(kommune=k, scope=state.scope).url(
        "/konstellasjoner", data.register_id)}
    if not shown:
        lead = f"Ingen registrerte ordninger{scope}."
        note = f"Det betyr ikke at {name} ikke samarbeider: {PARTIAL}"
        return PanelModel("kommune", heading, (lead, f"{note} {TEXTS['partial']}"),
                          after=(data.coverage_detail,),
                          sent={**sent, "title": heading, "note": note, "lead": lead, "empty": True})
    lead = f"{ordninger(len(shown))}{scope}, sortert etter antall deltakere."
    return PanelModel("kommune", heading, (f"{lead} {TEXTS['lit']}",),
                      tuple(map(item_line, shown)), (data.coverage_detail,),
                      sent={**sent, "title": heading, "lead": lead})


def kommune_texts(data: AppData) -> dict[str, dict[str, Any]]:
    """Each municipality's panel texts without a task area chosen, per scope (heading, count
    sentence, empty state, link): {kommune: {title, note, scopes: {scope: {lead, empty, link}}}}.
    In the register copy, so a click on a municipality sends none of them; with a task area
    chosen too (41 × 3 × 42 panels) the view sends its own count sentence."""
    out = {}
    for k in data.nordland:
        sent = {scope: kommune_panel(data, KartState(kommune=k, scope=scope)).sent or {}
                for scope in SCOPES}
        out[k] = {"title": sent["alle"]["title"],
                  "note": f"Det betyr ikke at {data.names[k]} ikke samarbeider: {PARTIAL}",
                  "scopes": {scope: {"lead": s["lead"], "empty": bool(s.get("empty")),
                                     "link": s["link"]} for scope, s in sent.items()}}
    return out


def kommune_sent(model: PanelModel, state: KartState) -> dict[str, Any]:
    """What a municipality's view sends: nothing but its kind without a task area (the register
    copy has it), else its count sentence."""
    if not state.task:
        return {"kind": "kommune"}
    sent = model.sent or {}
    return {"kind": "kommune", "lead": sent["lead"], **({"empty": True} if sent.get("empty") else {})}


def task_panel(data: AppData, task_id: str, scope: str) -> PanelModel:
    """Who takes part in a task area: the survey's share against the register's count. It
    depends on the task area and the scope only, so all are in the register copy
    (`task_leads`) and a view sends none of its sentences."""
    task = task_entries(data)[task_id]
    shown = listed(data, scope, task_id, None)
    n, total = sum(data.values("ordninger", task_id, scope).z), len(data.nordland)
    lead = (f"I registeret: {n} av {total} kommuner ({round(100 * n / total)} %) deltar i "
            f"{ordninger(len(shown))}{scope_text(scope)}.")
    note = (task["layer_note"],) if task["layer_note"] else ()
    return PanelModel("task", task["title"], (task["survey"], lead, *note),
                      tuple(map(item_line, shown)),
                      (*(() if shown else (TEXTS["task_empty"],)), data.coverage_detail),
                      sent={"kind": "task", "lead": lead, "empty": not shown})


def task_leads(data: AppData) -> dict[str, dict[str, dict[str, Any]]]:
    """Every task area's count sentence per scope: {task: {scope: {lead, empty}}}."""
    return {t: {scope: {"lead": sent["lead"], "empty": sent["empty"]}
                for scope in SCOPES if (sent := task_panel(data, t, scope).sent)}
            for t in task_entries(data)}


def _region_entry(data: AppData, region: dict[str, str]) -> tuple[dict, dict] | None:
    """(layer, region) of the register copy for a chosen region, or None."""
    layer = layer_entries(data).get(region.get("layer") or "")
    found = [r for r in (layer or {}).get("regions", []) if r["id"] == region.get("id")]
    return (layer, found[0]) if found else None


def region_panel(layer: dict[str, Any], entry: dict[str, Any]) -> PanelModel:
    """A region: who takes part, its host, how old its source is and what it is."""
    badge = f" {entry['badge']['text']}" if entry["badge"] else ""
    return PanelModel("region", entry["name"], (layer["label"],), (
        f"Deltakere: {entry['who']}", f"Vertskommune: {entry['host']}",
        f"Kilden gjelder: {entry['as_of']}{badge}",
        f"Kilde: {panel_text.plain(entry['source'])}"),
        (entry["note"],) if entry["note"] else (), sent={"kind": "region"})


def overview_panel(data: AppData, measure: str, scope: str) -> PanelModel:
    """What the map shows, how to go on, and the highest values. It depends on the measure
    and the scope only, so all nine are in the register copy (`overviews`) and a view sends
    none of its sentences."""
    values = data.values(measure, None, scope)
    lead = f"Kartet viser {values.label.lower()} per kommune."
    top = top_of(data, values)
    highest = f"Høyest: {', '.join(f'{name} ({v})' for name, v in top)}." if top else None
    return PanelModel("overview", TEXTS["overview"],
                      (f"{lead} {TEXTS['help']}", *((highest,) if highest else ())),
                      after=(data.coverage_detail,),
                      sent={"kind": "overview", "lead": lead, "top": highest},
                      printed=(lead, *((highest,) if highest else ())))


def overviews(data: AppData) -> dict[str, dict[str, dict[str, str | None]]]:
    """The overview's own sentences for every measure and scope: {measure: {scope: {lead, top}}}."""
    return {measure: {scope: {k: v for k, v in (overview_panel(data, measure, scope).sent or {}).items()
                              if k != "kind"} for scope in SCOPES} for measure in MEASURE_LABELS}


def layer_block(layer: dict[str, Any]) -> LayerBlock:
    """A region layer as it is listed under the panel."""
    return LayerBlock(layer["label"], layer["count_text"], tuple(
        f"{r['name']}: {r['who']}{r['extra']}" + (f" {r['badge']['text']}" if r["badge"] else "")
        for r in layer["regions"]))


def panel_lines(model: PanelModel, printed: bool = False) -> tuple[str, list[str]]:
    """The panel as plain text: its heading, and one line per paragraph and list item in the
    order it reads, each layer drawn after it (its name, its count, its regions). `printed`:
    as a handout prints it, without how-to and without the coverage note (its footer has it)."""
    before = (model.printed or model.before) if printed else model.before
    lines = [*before, *model.items, *(() if printed else model.after)]
    layers = [line for block in model.layers
              for line in (block.label, block.count_text, *block.lines)]
    if model.layers_first:  # a story step of region layers: the first layer is the heading
        return layers[0], [*layers[1:], model.heading, *lines]
    return model.heading, [*lines, *layers]
