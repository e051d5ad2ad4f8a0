"""Requests built from the app's own `/_dash-dependencies` and page props, as the renderer
sends them, so the benchmark follows the callbacks when they change."""

from __future__ import annotations

import json
import re
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from kommunekart.bench.client import UPDATE, Client, Reply

PAGE = "/kart"
PLOTLY_BUNDLE = re.compile(r"plotly[^/?]*\.js(\?|$)")  # plotly.js itself, even when served from assets/


def split_output(output: str) -> list[dict[str, str]]:
    """Dash's output id ("..map.figure...view.data.." or "panel.children") as the `outputs`
    list the renderer sends (the property keeps an allow_duplicate "@hash" suffix)."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]


def components(tree: Any, found: dict[str, dict] | None = None) -> dict[str, dict]:
    """Props of every component with a string id in a serialised layout, by id."""
    found = {} if found is None else found
    if isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and isinstance(props.get("id"), str) and "type" in tree:
            found.setdefault(props["id"], props)
        for value in tree.values():
            components(value, found)
    elif isinstance(tree, list):
        for value in tree:
            components(value, found)
    return found


def update_body(dep: dict, props: dict[str, dict], changed: dict[str, Any]) -> bytes:
    """The POST body the renderer sends when `changed` ("id.prop": value) fire `dep`; every
    other input and state carries its current value (none when the prop is unset)."""

    def item(spec: dict) -> dict[str, Any]:
        key = f"{spec['id']}.{spec['property']}"
        out = dict(spec)
        if key in changed:
            out["value"] = changed[key]
        elif spec["property"] in props.get(spec["id"], {}):
            out["value"] = props[spec["id"]][spec["property"]]
        return out

    trigger = [k for k in changed if any(f"{i['id']}.{i['property']}" == k for i in dep["inputs"])]
    body = {"output": dep["output"], "outputs": split_output(dep["output"]),
            "inputs": [item(i) for i in dep["inputs"]], "changedPropIds": trigger,
            "parsedChangedPropsIds": trigger, "state": [item(s) for s in dep.get("state", [])]}
    return json.dumps(body, separators=(",", ":")).encode()


def find_callback(deps: list[dict], output: str, trigger: str) -> dict:
    """The server callback writing `output` ("map.figure") that `trigger` ("task.value") fires."""
    for dep in deps:
        outs = {f"{o['id']}.{o['property'].split('@')[0]}" for o in split_output(dep["output"])}
        ins = {f"{i['id']}.{i['property']}" for i in dep["inputs"]}
        if output in outs and trigger in ins and not dep.get("clientside_function"):
            return dep
    raise LookupError(f"no server callback writes {output} on {trigger}")


@dataclass(frozen=True)
class Fetch:
    """One request of the first page view, kept so it can be replayed with other encodings."""

    method: str
    path: str
    body: bytes | None
    reply: Reply


@dataclass
class Site:
    """What the browser knows after loading a page: callbacks, component props, downloads."""

    deps: list[dict]
    props: dict[str, dict]
    downloads: dict[str, Fetch] = field(default_factory=dict)

    def counted(self) -> dict[str, Fetch]:
        """The downloads that count as the map's: all but plotly.js itself."""
        return {k: f for k, f in self.downloads.items() if not PLOTLY_BUNDLE.search(f.path)}


def load_site(client: Client, path: str = PAGE) -> Site:
    """Everything a first page view fetches for the map, in the browser's order: the HTML, its
    app assets, the layout, the callbacks, the page's content (Dash Pages) and the topojson
    plotly asks for. Dash's component bundles (/_dash-component-suites/) are not fetched."""
    got: dict[str, Fetch] = {}

    def fetch(name: str, url: str, body: bytes | None = None) -> Reply:
        reply = client.post(body, url) if body is not None else client.get(url)
        got[name] = Fetch("POST" if body is not None else "GET", url, body, reply)
        return reply

    html = fetch("html", path).raw.decode()
    for asset in dict.fromkeys(re.findall(r'(?:href|src)="(/assets/[^"]+)"', html)):
        fetch(asset.split("?")[0], asset)
    props = components(fetch("/_dash-layout", "/_dash-layout").json())
    deps = fetch("/_dash-dependencies", "/_dash-dependencies").json()
    with suppress(LookupError):
        router = find_callback(deps, "_pages_content.children", "_pages_location.pathname")
        body = update_body(router, {}, {"_pages_location.pathname": path,
                                        "_pages_location.search": ""})
        components(fetch("page content", UPDATE, body).json(), props)
    from kommunekart.web.pages.kart import ID

    graph = props.get(ID.map, {})
    topo = (graph.get("config") or {}).get("topojsonURL")
    if topo:
        geo = (graph.get("figure") or {}).get("layout", {}).get("geo", {})
        name = f"{geo.get('scope', 'world')}_{geo.get('resolution', 110)}m.json"
        fetch(topo + name, topo + name)
    return Site(deps, props, got)


def replay_bytes(port: int, fetches: dict[str, Fetch], accept: str) -> dict[str, int]:
    """Body sizes of the same requests as served to a client offering `accept`."""
    client = Client(port, accept)
    try:
        return {k: len(client.send(f.method, f.path, f.body).body) for k, f in fetches.items()}
    finally:
        client.close()

