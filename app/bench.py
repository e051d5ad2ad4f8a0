"""`kommunekart bench`: what each map interaction costs, side by side with a naive Dash build.

Everything runs on 127.0.0.1 and is bounded in time. The request bodies are built from the app's
own `/_dash-dependencies` and the component props of its page, exactly as the browser sends
them, so the benchmark follows the callbacks when they change. It reports, it never judges:
slowness is printed against the targets, never raised.

Where each number comes from:
- bytes: response bodies as served, through real HTTP with `Accept-Encoding: gzip` (Flask-Compress
  gzips bodies of 500 B and more; smaller ones travel as they are);
- latency: sequential round trips (http.client) to an in-process werkzeug server (threaded, one
  loopback connection per request), 200 runs after a warm-up;
- throughput: gunicorn with the Procfile's options (`--workers 2`), 8 client threads with a lean
  raw-socket HTTP/1.1 client (see LoadClient: the client shares the 2 cores with the server);
- initial page: the requests a first page view makes for the map, replayed as gzip-only and as
  Chromium (which gets zstd), Dash's and plotly's own JavaScript left out;
- first map: headless Chromium, from navigation start to the 41 municipalities drawn.
The naive build (`naive_app`) answers the same requests with a whole new figure.
"""

from __future__ import annotations

import gzip
import http.client
import itertools
import json
import logging
import os
import platform
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
UPDATE = "/_dash-update-component"
PAGE = "/kart"
GZIP = "gzip"
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"  # what Chromium offers; Flask-Compress picks zstd
PLOTLY_BUNDLE = re.compile(r"plotly[^/?]*\.js(\?|$)")  # plotly.js itself, even when served from assets/
CLICK_KOMMUNE = "1820"  # Alstahaug
MEASURE = "partnere"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ISLANDS = {"1835": "Træna", "1856": "Røst", "1857": "Værøy"}
MIN_ISLAND_AREA = 0.75  # share of the source area an island municipality must keep

INTERACTIONS = {
    "choose_task_area": "task area",
    "click_municipality": "click",
    "toggle_overlay": "overlay",
    "change_measure": "measure",
}
TARGET_BYTES, TARGET_P95_MS = 2000, 20.0
TARGET_RPS, TARGET_RPS_P95_MS, TARGET_SPEEDUP = 500.0, 30.0, 20.0
TARGET_GEOMETRY_GZIP, TARGET_FIRST_MAP_MS = 60_000, 1500.0
LABEL = 26  # width of the table's first column


@dataclass(frozen=True)
class Options:
    """Run parameters; the defaults are the issue's (200 runs, 8 clients, 20 s)."""

    runs: int = 200
    warmup: int = 20
    duration: float = 20.0
    clients: int = 8
    max_requests: int = 200_000
    browser_runs: int = 5
    naive_budget: float = 5.0  # seconds of sequential naive runs per interaction at most
    skip_browser: bool = False
    skip_gunicorn: bool = False
    gunicorn: str | None = None  # gunicorn options instead of the Procfile's, e.g. to try some


# ---------------------------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes  # as received: compressed if the server compressed it
    encoding: str | None
    ms: float

    @property
    def raw(self) -> bytes:
        """The body as the browser's JSON parser sees it."""
        return gzip.decompress(self.body) if self.encoding == "gzip" else self.body

    def json(self) -> Any:
        return json.loads(self.raw)


class Client:
    """One keep-alive connection (re-opened when the server closes it, as gunicorn sync does)."""

    def __init__(self, port: int, accept: str = GZIP) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.headers = {"Content-Type": "application/json", "Accept-Encoding": accept}

    def send(self, method: str, path: str, body: bytes | None = None) -> Reply:
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=self.headers)
            resp = self.conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # the next request opens a fresh connection
            raise
        ms = (time.perf_counter() - start) * 1000
        return Reply(resp.status, data, resp.getheader("Content-Encoding"), ms)

    def get(self, path: str) -> Reply:
        return self.send("GET", path)

    def post(self, body: bytes, path: str = UPDATE) -> Reply:
        return self.send("POST", path, body)

    def close(self) -> None:
        self.conn.close()


class LoadClient:
    """The load generator's client: prebuilt requests on a raw socket, answers parsed only as
    far as Content-Length. On this 2-core machine the client shares the CPU with the server;
    http.client spent ~0.24 ms of CPU per request here, this ~0.1 ms (0.03 with keep-alive), which
    left gunicorn ~45 % more throughput. Keep-alive is used unless the server closes."""

    def __init__(self, port: int, bodies: list[bytes]) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.buf = b""
        self.requests = [
            (f"POST {UPDATE} HTTP/1.1\r\nHost: {HOST}:{port}\r\nContent-Type: application/json\r\n"
             f"Accept-Encoding: {GZIP}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
            for body in bodies]

    def send(self, index: int) -> tuple[int, float]:
        """(status, ms) of request `index`; raises OSError when the connection fails."""
        start = time.perf_counter()
        try:
            if self.sock is None:
                self.sock = socket.create_connection((HOST, self.port), timeout=60)
                self.buf = b""
            self.sock.sendall(self.requests[index])
            status, closes = self._read()
        except (OSError, ValueError):
            self.close()
            raise OSError("request failed") from None
        if closes:
            self.close()
        return status, (time.perf_counter() - start) * 1000

    def _read(self) -> tuple[int, bool]:
        while b"\r\n\r\n" not in self.buf:
            self.buf += self._recv()
        head, _, rest = self.buf.partition(b"\r\n\r\n")
        fields = head.lower()
        match = re.search(rb"\r\ncontent-length:\s*(\d+)", fields)
        length = int(match.group(1)) if match else 0  # Dash always sends it (204: none)
        while len(rest) < length:
            rest += self._recv()
        self.buf = rest[length:]
        return int(head[9:12]), b"\r\nconnection: close" in fields

    def _recv(self) -> bytes:
        assert self.sock is not None
        chunk = self.sock.recv(65536)
        if not chunk:
            raise OSError("connection closed")
        return chunk

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# ------------------------------------------------------- requests from the app's own callbacks


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
    graph = props.get("map", {})
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
    options = [o["value"] for o in props["measure"]["options"]]
    return {"choose_task_area": first_option(props["task"]["options"]),
            "click_municipality": CLICK_KOMMUNE,
            "toggle_overlay": first_option(props["layers"]["options"]),
            "change_measure": MEASURE if MEASURE in options
            else first_option(options, props["measure"]["value"])}


def interaction_bodies(site: Site) -> dict[str, tuple[bytes, ...]]:
    """The request(s) of each interaction from the page's default view. The steady-state
    overlay toggle alternates on and off with the layer's coordinates already in the browser;
    "toggle_overlay_first" is the first time it is shown, when its coordinates travel once."""
    from app.figures.map import MAIN

    props, pick = site.props, choices(site)
    update = find_callback(site.deps, "map.figure", "task.value")
    layers = find_callback(site.deps, "map.figure", "layers.value")
    click = {"points": [{"curveNumber": MAIN, "location": pick["click_municipality"]}]}
    loaded = [pick["toggle_overlay"]]

    def toggle(on: list[str], state: dict[str, list[str]]) -> bytes:
        return update_body(layers, props, {"layers.value": on, "overlay-state.data": state})

    return {
        "choose_task_area": (update_body(update, props, {"task.value": pick["choose_task_area"]}),),
        "click_municipality": (update_body(update, props, {"map.clickData": click}),),
        "toggle_overlay": (toggle(loaded, {"loaded": loaded, "visible": []}),
                           toggle([], {"loaded": loaded, "visible": loaded})),
        "change_measure": (update_body(update, props, {"measure.value": pick["change_measure"]}),),
        "toggle_overlay_first": (toggle(loaded, {"loaded": [], "visible": []}),),
    }


def task_bodies(site: Site) -> list[bytes]:
    """One "choose task area" request per task area, to find the largest answer."""
    update = find_callback(site.deps, "map.figure", "task.value")
    values = [o["value"] for o in site.props["task"]["options"] if not o.get("disabled")]
    return [update_body(update, site.props, {"task.value": v}) for v in values]


# -------------------------------------------------------------------------------- timing


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass(frozen=True)
class Timing:
    status: int
    bytes: int
    raw_bytes: int
    p50_ms: float
    p95_ms: float
    runs: int


def time_requests(port: int, bodies: tuple[bytes, ...], runs: int, warmup: int,
                  budget: float) -> Timing:
    """Sequential round trips (cycling through `bodies`) after a warm-up: `runs` of them, or
    fewer (at least 5) when they would take longer than `budget` seconds, so a slow build cannot
    stretch the run. Bytes: the largest of the bodies' answers."""
    client = Client(port)
    try:
        replies = [client.post(body) for body in bodies]
        for i in range(warmup):
            client.post(bodies[i % len(bodies)])
        times: list[float] = []
        deadline = time.perf_counter() + budget
        while len(times) < runs and (len(times) < 5 or time.perf_counter() < deadline):
            times.append(client.post(bodies[len(times) % len(bodies)]).ms)
    finally:
        client.close()
    big = max(replies, key=lambda r: len(r.body))
    status = max(r.status for r in replies)
    return Timing(status, len(big.body), len(big.raw), percentile(times, 50),
                  percentile(times, 95), len(times))


@dataclass(frozen=True)
class Load:
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float | None
    p95_ms: float | None
    client_cpu_pct: float  # CPU of this process (the client threads) per second of wall time


def load_mix(port: int, bodies: list[bytes], clients: int, duration: float,
             max_requests: int) -> Load:
    """`clients` threads, each on its own connection, cycling through the interactions (each
    thread from a different one) until `duration` seconds or `max_requests` have passed."""
    issued = itertools.count()
    lock = threading.Lock()
    times: list[float] = []
    errors = [0]
    start = time.perf_counter()
    deadline = start + duration

    def worker(offset: int) -> None:
        client = LoadClient(port, bodies)
        mine: list[float] = []
        bad = 0
        try:
            for i in itertools.count(offset):
                if time.perf_counter() >= deadline or next(issued) >= max_requests:
                    break
                try:
                    status, ms = client.send(i % len(bodies))
                except OSError:
                    bad += 1
                    continue
                if status == 200:
                    mine.append(ms)
                else:
                    bad += 1
        finally:
            client.close()
            with lock:
                times.extend(mine)
                errors[0] += bad

    cpu = time.process_time()
    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 120)
    seconds = time.perf_counter() - start
    cpu_pct = 100 * (time.process_time() - cpu) / seconds
    ok = len(times)
    return Load(ok, errors[0], seconds, ok / seconds, percentile(times, 50) if ok else None,
                percentile(times, 95) if ok else None, cpu_pct)


# ------------------------------------------------------------------------------- servers


@contextmanager
def in_process(server: Any) -> Iterator[int]:
    """The WSGI app on werkzeug's threaded server in a daemon thread; yields its port."""
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    srv = make_server(HOST, 0, server, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv.server_port
    finally:
        srv.shutdown()
        srv.server_close()


class ServerStartError(RuntimeError):
    """gunicorn did not come up: the run goes on against the in-process server."""


DEFAULT_GUNICORN = ("--workers", "2")
WSGI_TARGET = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*(\(.*\))?")


def procfile_options(procfile: Path | None = None) -> list[str]:
    """The gunicorn options of the Procfile's web process, without its bind address and app, so
    the benchmark measures the configuration that is deployed (`--workers 2` if none)."""
    from app.paths import PROJECT_ROOT

    try:
        text = (procfile or PROJECT_ROOT / "Procfile").read_text(encoding="utf-8")
        tokens = shlex.split(next(x for x in text.splitlines() if x.startswith("web:"))[4:])
    except (OSError, StopIteration, ValueError):
        return list(DEFAULT_GUNICORN)
    if not tokens or Path(tokens[0]).name != "gunicorn":
        return list(DEFAULT_GUNICORN)
    out: list[str] = []
    rest = iter(tokens[1:])
    for tok in rest:
        if tok in ("-b", "--bind"):
            next(rest, None)
        elif not (tok.startswith(("--bind=", "-b")) or WSGI_TARGET.fullmatch(tok)):
            out.append(tok)
    return out


@contextmanager
def gunicorn(target: str, options: list[str], timeout: float = 90.0) -> Iterator[int]:
    """gunicorn with `options` serving `target` on a free loopback port; always terminated on
    the way out. Raises ServerStartError if it does not answer in time."""
    from app.paths import PROJECT_ROOT

    port = free_port()
    cmd = [sys.executable, "-m", "gunicorn", *options, "--bind", f"{HOST}:{port}",
           "--log-level", "warning", target]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=dict(os.environ), stdout=log, stderr=log)
        try:
            _wait_ready(proc, port, timeout, log)
            yield port
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def _wait_ready(proc: subprocess.Popen, port: int, timeout: float, log: Any) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            break
        with suppress(OSError, http.client.HTTPException):
            client = Client(port)
            try:
                if client.get("/_dash-dependencies").status == 200:
                    return
            finally:
                client.close()
        time.sleep(0.1)
    log.seek(0)
    tail = log.read().decode(errors="replace")[-1500:]
    raise ServerStartError(f"gunicorn did not answer on port {port} within {timeout:.0f} s:\n{tail}")


# ---------------------------------------------------------------------------- naive build


def naive_app(data: Any) -> Any:
    """The map built the obvious way: the same controls and data (values cached the same way),
    but one callback that answers every interaction with a whole new figure, geometry included.
    A generous naive build: a plain dict, no go.Figure validation, nothing recomputed."""
    import dash_bootstrap_components as dbc
    from dash import Dash, Input, Output, ctx, dcc, html

    from app.figures.map import MAIN
    from app.pages.kart import GRAPH_CONFIG, task_options
    from app.paths import ASSETS_DIR
    from app.viewmodel import LAYER_LABELS, MEASURE_LABELS, ViewState

    app = Dash(__name__, use_pages=False, assets_folder=str(ASSETS_DIR), compress=True,
               suppress_callback_exceptions=True, title="Kommunekart (naiv)")
    app.layout = html.Div([
        dcc.Dropdown(id="kommune", options=[{"label": data.names[k], "value": k}
                                            for k in data.nordland], value=None),
        dcc.Dropdown(id="task", options=task_options(data), value=None),
        dbc.RadioItems(id="measure", value="ordninger",
                       options=[{"label": v, "value": k} for k, v in MEASURE_LABELS.items()]),
        dbc.Switch(id="survey-only", value=False, label="Bare kartleggingen 2020"),
        dbc.Checklist(id="layers", value=[],
                      options=[{"label": LAYER_LABELS[k], "value": k} for k in data.overlays]),
        dbc.Button("Nullstill", id="clear"),
        dcc.Graph(id="map", figure=data.figure(ViewState()), config=GRAPH_CONFIG),
    ])

    @app.callback(
        Output("map", "figure"), Output("kommune", "value"),
        Input("measure", "value"), Input("task", "value"), Input("survey-only", "value"),
        Input("kommune", "value"), Input("layers", "value"), Input("map", "clickData"),
        Input("clear", "n_clicks"), prevent_initial_call=True,
    )
    def redraw(measure: str, task: str | None, survey: bool, kommune: str | None,
               layers: list[str] | None, click: dict | None, _clear: int | None) -> tuple:
        if ctx.triggered_id == "clear":
            kommune = None
        elif ctx.triggered_id == "map":
            point = ((click or {}).get("points") or [{}])[0]
            if point.get("curveNumber") == MAIN and point.get("location") in data.nordland:
                kommune = None if point["location"] == kommune else point["location"]
        state = ViewState(measure or "ordninger", task or None, bool(survey), kommune or None,
                          tuple(x for x in layers or [] if x in data.overlays))
        return data.figure(state), state.kommune

    return app


def make_naive_server() -> Any:
    """gunicorn entry point of the naive build: `gunicorn 'app.bench:make_naive_server()'`."""
    from app.dashboard import load_data

    return naive_app(load_data()).server


# ------------------------------------------------------------------------------ geometry


def geometry_stats(data: Any, level: int) -> dict[str, Any]:
    """Size of Nordland's web geometry as Dash serialises it (and gzipped at the server's
    level), and whether the islands survived simplification: every municipality keeps all its
    polygon parts, and the island municipalities keep most of their area."""
    import shapely
    from plotly.io.json import to_json_plotly
    from shapely.geometry import shape

    from app.dashboard import BOUNDARIES
    from app.geodata import boundary_path
    from app.geometry import load_municipalities

    text = to_json_plotly(data.geojson_nordland).encode()
    neighbours = to_json_plotly(data.geojson_neighbours).encode()
    full = load_municipalities(boundary_path(BOUNDARIES)).set_index("kommunenummer").geometry
    web = {f["id"]: shape(f["geometry"]) for f in data.geojson_nordland["features"]}
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
        "island_area_min_name": ISLANDS.get(worst or ""),
        "islands_intact": bool(parts == source_parts and len(ratios) == len(ISLANDS)
                               and min(ratios.values()) >= MIN_ISLAND_AREA),
    }


# ------------------------------------------------------------------------------- browser


FIRST_MAP_JS = """
(function () {
  var done = false;
  function check() {
    if (done) { return; }
    var layers = document.querySelectorAll('#map .choroplethlayer > g');
    if (layers.length > %(main)d &&
        layers[%(main)d].querySelectorAll('.choroplethlocation').length === %(count)d) {
      done = true;
      observer.disconnect();
      window.__kkMapInDom = performance.now();
      requestAnimationFrame(function () { window.__kkFirstMap = performance.now(); });
    }
  }
  var observer = new MutationObserver(check);
  observer.observe(document, {childList: true, subtree: true});
})();
"""
BUNDLES_JS = r"""return performance.getEntriesByType('resource')
  .filter(function (e) {
    return e.name.indexOf('/_dash-component-suites/') >= 0 || /plotly[^\/]*\.js(\?|$)/.test(e.name);
  })
  .reduce(function (n, e) { return n + (e.transferSize || 0); }, 0);"""
CHROME_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", "--window-size=1400,1000")


def chromium_paths() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    driver = shutil.which("chromedriver") or (CHROMEDRIVER if Path(CHROMEDRIVER).exists() else None)
    return (browser, driver) if browser and driver else None


def first_map(url: str, runs: int, count: int, budget: float = 60.0) -> dict[str, Any]:
    """ms from navigation start (performance.now() origin) to the frame after the `count`
    Nordland paths appear in the DOM, measured inside the page. Cold: HTTP cache cleared and
    disabled (one browser, so no browser start-up in the numbers); warm: cache on, after one
    priming load. Fewer runs than asked when `budget` seconds run out."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options as ChromeOptions
    from selenium.webdriver.chrome.service import Service

    from app.figures.map import MAIN

    paths = chromium_paths()
    if paths is None:
        return {"first_map_ms": None, "first_map_note": "Chromium/chromedriver not installed"}
    opts = ChromeOptions()
    opts.binary_location = paths[0]
    for arg in CHROME_ARGS:
        opts.add_argument(arg)
    deadline = time.perf_counter() + budget
    driver = webdriver.Chrome(service=Service(paths[1]), options=opts)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                               {"source": FIRST_MAP_JS % {"main": MAIN, "count": count}})
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        cold = _loads(driver, url, runs, deadline)
        bundles = driver.execute_script(BUNDLES_JS)
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
        warm = _loads(driver, url, runs + 1, deadline)[1:]  # the first one fills the cache
    finally:
        driver.quit()
    return {"first_map_ms": round(statistics.median(cold), 1),
            "first_map_warm_ms": round(statistics.median(warm), 1) if warm else None,
            "first_map_runs_ms": [round(x, 1) for x in cold],
            "js_bundles_transfer_bytes": int(bundles),
            "first_map_note": f"headless Chromium, navigation start to the frame after the {count} "
                              "paths are in the DOM; cold = HTTP cache cleared and disabled"}


def _loads(driver: Any, url: str, runs: int, deadline: float) -> list[float]:
    """Up to `runs` page loads, at least one, fewer once `deadline` has passed."""
    out = [_one_load(driver, url)]
    while len(out) < runs and time.perf_counter() < deadline:
        out.append(_one_load(driver, url))
    return out


def _one_load(driver: Any, url: str, timeout: float = 30.0) -> float:
    driver.get("about:blank")
    driver.get(url)
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        value = driver.execute_script("return window.__kkFirstMap || null;")
        if value is not None:
            return float(value)
        time.sleep(0.02)
    raise TimeoutError(f"the map did not appear within {timeout:.0f} s")


# ------------------------------------------------------------------------------ the run


def _measure_site(port: int, opts: Options, budget: float, prefix: str) -> tuple[dict, Site]:
    """Bytes and sequential latency of each interaction on one running build."""
    client = Client(port)
    try:
        site = load_site(client)
    finally:
        client.close()
    bodies = interaction_bodies(site)
    out: dict[str, Any] = {}
    for name, variants in bodies.items():
        if prefix and name == "toggle_overlay_first":
            continue  # the naive build has no first time: every answer is the whole figure
        timing = time_requests(port, variants, opts.runs, opts.warmup, budget)
        key = f"{prefix}{name}"
        out.update({f"{key}_bytes": timing.bytes, f"{key}_uncompressed_bytes": timing.raw_bytes,
                    f"{key}_p50_ms": round(timing.p50_ms, 2), f"{key}_p95_ms": round(timing.p95_ms, 2),
                    f"{key}_runs": timing.runs, f"{key}_status": timing.status})
    counted = site.counted()
    served = {k: len(f.reply.body) for k, f in counted.items()}
    out[f"{prefix}initial_bytes"] = sum(served.values())
    out[f"{prefix}initial_uncompressed_bytes"] = sum(len(f.reply.raw) for f in counted.values())
    if not prefix:
        browser = replay_bytes(port, counted, BROWSER_ENCODINGS)
        out["initial_browser_bytes"] = sum(browser.values())
        out["initial_breakdown"] = {k: [served[k], browser[k]] for k in counted}
        bundles = {k: f for k, f in site.downloads.items() if k not in counted}
        out["plotly_assets_browser_bytes"] = (
            sum(replay_bytes(port, bundles, BROWSER_ENCODINGS).values()) if bundles else None)
        page = site.downloads.get("page content")
        out["initial_page_bytes_uncompressed"] = len(page.reply.raw) if page else None
        if page and page.body:  # the layout request of a page view: its server time
            timing = time_requests(port, (page.body,), min(opts.runs, 20), 2, 10.0)
            out["initial_page_p50_ms"] = round(timing.p50_ms, 1)
            out["initial_page_p95_ms"] = round(timing.p95_ms, 1)
    return out, site


def _task_max_bytes(port: int, site: Site) -> int:
    client = Client(port)
    try:
        return max(len(client.post(body).body) for body in task_bodies(site))
    finally:
        client.close()


def _mix(site: Site) -> list[bytes]:
    """Two rounds of the four interactions, the overlay switched on in one and off in the other."""
    bodies = interaction_bodies(site)
    return [variants[n % len(variants)] for n in range(2)
            for variants in (bodies[name] for name in INTERACTIONS)]


def _load(port: int, mix: list[bytes], opts: Options, prefix: str) -> dict[str, Any]:
    """A short unmeasured warm-up (every worker loads its caches), then the measured window."""
    load_mix(port, mix, opts.clients, min(2.0, max(opts.duration / 4, 0.5)), opts.max_requests)
    load = load_mix(port, mix, opts.clients, opts.duration, opts.max_requests)
    p50 = round(load.p50_ms, 2) if load.p50_ms is not None else None
    p95 = round(load.p95_ms, 2) if load.p95_ms is not None else None
    return {f"{prefix}rps": round(load.rps, 1), f"{prefix}rps_p95_ms": p95,
            f"{prefix}rps_p50_ms": p50, f"{prefix}rps_requests": load.requests,
            f"{prefix}rps_errors": load.errors, f"{prefix}client_cpu_pct": round(load.client_cpu_pct)}


def _throughput(opts: Options, sites: dict[str, Site], inproc: dict[str, int],
                browser: Callable[[int], dict[str, Any]]) -> dict[str, Any]:
    """Load tests (and the browser run, against the optimized build) under gunicorn, or on the
    in-process servers when gunicorn is skipped or does not start."""
    out: dict[str, Any] = {}
    targets = {"": "app.wsgi:server", "naive_": "app.bench:make_naive_server()"}
    for prefix, target in targets.items():
        mix = _mix(sites[prefix])
        if opts.skip_gunicorn:
            out.update(_load(inproc[prefix], mix, opts, prefix))
            if not prefix:
                out.update(browser(inproc[prefix]))
            continue
        options = shlex.split(opts.gunicorn) if opts.gunicorn else procfile_options()
        try:
            with gunicorn(target, options) as port:
                out.update(_load(port, mix, opts, prefix))
                if not prefix:
                    out.update(browser(port))
        except ServerStartError as err:
            out.setdefault("notes", []).append(str(err))
            out.update(_load(inproc[prefix], mix, opts, prefix))
            out[f"{prefix}rps_server"] = "in-process werkzeug (gunicorn failed)"
            if not prefix:
                out.update(browser(inproc[prefix]))
        else:
            out[f"{prefix}rps_server"] = "gunicorn " + shlex.join(options)
    if opts.skip_gunicorn:
        out["rps_server"] = out["naive_rps_server"] = "in-process werkzeug (threaded)"
    return out


def _browser(opts: Options, count: int) -> Callable[[int], dict[str, Any]]:
    def run(port: int) -> dict[str, Any]:
        if opts.skip_browser:
            return {"first_map_ms": None, "first_map_note": "skipped (--skip-browser)"}
        if chromium_paths() is None:
            return {"first_map_ms": None, "first_map_note": "Chromium/chromedriver not installed"}
        try:
            return first_map(f"http://{HOST}:{port}{PAGE}", opts.browser_runs, count)
        except Exception as err:  # a browser problem must not cost the other numbers
            return {"first_map_ms": None, "first_map_note": f"browser run failed: {err!r}"[:300]}
    return run


def run(opts: Options, data: Any = None) -> dict[str, Any]:
    """Build both apps from one AppData, measure them, return every figure (JSON-ready).
    Raises only if the app cannot be built."""
    from app.dashboard import create_app, load_data

    started = time.perf_counter()
    data = data or load_data()
    app, naive = create_app(data), naive_app(data)
    result: dict[str, Any] = geometry_stats(data, app.server.config.get("COMPRESS_LEVEL", 6))
    sites: dict[str, Site] = {}
    with in_process(app.server) as port, in_process(naive.server) as naive_port:
        for prefix, p, budget in (("", port, 60.0), ("naive_", naive_port, opts.naive_budget)):
            measured, sites[prefix] = _measure_site(p, opts, budget, prefix)
            result.update(measured)
        result["choose_task_area_max_bytes"] = _task_max_bytes(port, sites[""])
        result["interaction_inputs"] = choices(sites[""])
        result.update(_throughput(opts, sites, {"": port, "naive_": naive_port},
                                  _browser(opts, len(data.nordland))))
    naive_rps = result.get("naive_rps") or 0
    result["speedup_rps"] = round(result["rps"] / naive_rps, 1) if naive_rps else None
    result["targets_missed"] = [name for name, ok in checks(result).items() if ok is False]
    result["bench_seconds"] = round(time.perf_counter() - started, 1)
    result["settings"] = {"runs": opts.runs, "warmup": opts.warmup, "duration_s": opts.duration,
                          "clients": opts.clients, "cpus": os.cpu_count(),
                          "python": platform.python_version()}
    return result


# ---------------------------------------------------------------------------- the report


def checks(r: dict[str, Any]) -> dict[str, bool | None]:
    """Each target: True met, False missed, None not measured."""

    def at_most(key: str, limit: float) -> bool | None:
        return None if r.get(key) is None else r[key] <= limit

    def at_least(key: str, limit: float) -> bool | None:
        return None if r.get(key) is None else r[key] >= limit

    out: dict[str, bool | None] = {}
    for name in INTERACTIONS:
        out[f"{name}_bytes"] = at_most(f"{name}_bytes", TARGET_BYTES)
        out[f"{name}_p95_ms"] = at_most(f"{name}_p95_ms", TARGET_P95_MS)
    out["rps"] = at_least("rps", TARGET_RPS)
    out["rps_p95_ms"] = at_most("rps_p95_ms", TARGET_RPS_P95_MS)
    out["speedup_rps"] = at_least("speedup_rps", TARGET_SPEEDUP)
    out["geometry_gzip_bytes"] = at_most("geometry_gzip_bytes", TARGET_GEOMETRY_GZIP)
    out["islands_intact"] = r.get("islands_intact")
    out["first_map_ms"] = at_most("first_map_ms", TARGET_FIRST_MAP_MS)
    return out


def _kb(n: int | None) -> str:
    if n is None:
        return "–"
    return f"{n} B" if n < 1000 else f"{n / 1000:.1f} KB"


def _ms(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f} ms"


def _verdict(ok: bool | None) -> str:
    return {True: "ok", False: "OVER TARGET", None: "not measured"}[ok]


def _both(*oks: bool | None) -> bool | None:
    return None if None in oks else all(oks)


def _row(label: str, cells: list[str], target: str = "", verdict: str = "") -> str:
    return f"{label:<{LABEL}}" + "".join(f"{c:>10}" for c in cells) + f" │ {target:<27}{verdict}"


def _wrapped(label: str, text: str) -> list[str]:
    return textwrap.wrap(text, 110, initial_indent=f"{label:<{LABEL}}",
                         subsequent_indent=" " * LABEL) or [label]


def _line(label: str, text: str, target: str, verdict: str) -> str:
    return f"{label:<{LABEL}}{text:<60} │ {target:<27}{verdict}"


def format_table(r: dict[str, Any]) -> str:
    """The human-readable report: one row per figure, its target and whether it is met."""
    ok = checks(r)
    s = r["settings"]
    picks = r.get("interaction_inputs", {})
    lines = [
        f"Kommunekart bench · 127.0.0.1 · {s['cpus']} CPUs · Python {s['python']} · "
        f"{r['bench_seconds']} s",
        "bytes = response body as served (Accept-Encoding: gzip; bodies under 500 B travel "
        "uncompressed)",
        f"latency = sequential round trips, in-process werkzeug, {s['runs']} runs after "
        f"{s['warmup']} warm-up (naive: {r.get('naive_change_measure_runs')})",
        "",
        _row("interaction", ["bytes", "p50", "p95", "naive B", "p50", "p95"], "target"),
    ]
    for name, label in INTERACTIONS.items():
        n = f"naive_{name}"
        lines.append(_row(
            f"{label} ({picks.get(name, '')})"[:LABEL],
            [_kb(r.get(f"{name}_bytes")), _ms(r.get(f"{name}_p50_ms")), _ms(r.get(f"{name}_p95_ms")),
             _kb(r.get(f"{n}_bytes")), _ms(r.get(f"{n}_p50_ms")), _ms(r.get(f"{n}_p95_ms"))],
            "≤ 2 KB, p95 ≤ 20 ms", _verdict(_both(ok[f"{name}_bytes"], ok[f"{name}_p95_ms"]))))
    lines += [
        _row("  overlay, first time", [_kb(r.get("toggle_overlay_first_bytes")),
                                       _ms(r.get("toggle_overlay_first_p50_ms")),
                                       _ms(r.get("toggle_overlay_first_p95_ms")), "", "", ""],
             "coordinates travel once"),
        _row("  largest task area", [_kb(r.get("choose_task_area_max_bytes")), "", "", "", "", ""],
             "all task areas tried"),
        "",
        _row("throughput (mix)", ["req/s", "p50", "p95", "requests", "errors", ""], "target"),
        _row("optimized", [f"{r.get('rps', 0):.0f}", _ms(r.get("rps_p50_ms")),
                           _ms(r.get("rps_p95_ms")), str(r.get("rps_requests")),
                           str(r.get("rps_errors")), ""],
             "≥ 500 req/s, p95 ≤ 30 ms", _verdict(_both(ok["rps"], ok["rps_p95_ms"]))),
        _row("naive", [f"{r.get('naive_rps', 0):.0f}", _ms(r.get("naive_rps_p50_ms")),
                       _ms(r.get("naive_rps_p95_ms")), str(r.get("naive_rps_requests")),
                       str(r.get("naive_rps_errors")), ""]),
        _row("speedup", [f"{r.get('speedup_rps')} ×", "", "", "", "", ""], "≥ 20 ×",
             _verdict(ok["speedup_rps"])),
        *_wrapped("", f"server: {r.get('rps_server')}; {s['clients']} client threads, "
                  f"{s['duration_s']} s, the 4 interactions in turn; client CPU "
                  f"{r.get('client_cpu_pct')} % of one core"),
        "",
        _line("geometry (Nordland)", f"{_kb(r['geometry_bytes'])}, {_kb(r['geometry_gzip_bytes'])} "
              f"gzip (neighbours +{_kb(r['geometry_neighbours_gzip_bytes'])} gzip)",
              "≤ 60 KB gzip", _verdict(ok["geometry_gzip_bytes"])),
        _line("  islands", f"{r['geometry_parts']} of {r['geometry_source_parts']} polygon parts "
              f"kept; least area {r['island_area_min']} ({r['island_area_min_name']})",
              "intact", _verdict(ok["islands_intact"])),
        _line("first map (Chromium)", f"{_ms(r.get('first_map_ms'))} cold, "
              f"{_ms(r.get('first_map_warm_ms'))} warm (median of "
              f"{len(r.get('first_map_runs_ms') or [])})", "≤ 1500 ms (cold)",
              _verdict(ok["first_map_ms"])),
        *_wrapped("", r.get("first_map_note", "") + (
            f"; Dash/plotly JS transferred cold: {_kb(r['js_bundles_transfer_bytes'])}"
            if r.get("js_bundles_transfer_bytes") else "")),
        *_wrapped("initial page view", f"{_kb(r['initial_bytes'])} to a gzip-only client, "
                  f"{_kb(r['initial_browser_bytes'])} to Chromium (zstd), "
                  f"{_kb(r['initial_uncompressed_bytes'])} uncompressed; naive build "
                  f"{_kb(r['naive_initial_bytes'])}. Page content takes "
                  f"{_ms(r.get('initial_page_p50_ms'))} p50 on the server. Counted: HTML, app "
                  "assets, layout, callbacks, page content, topojson; not Dash's or plotly's JS."),
        *_wrapped("", "gzip/Chromium: " + ", ".join(f"{k} {_kb(v[0])}/{_kb(v[1])}"
                                                     for k, v in r["initial_breakdown"].items())),
    ]
    for note in r.get("notes", []):
        lines += _wrapped("note", note)
    missed = r["targets_missed"]
    lines.append("targets missed: " + (", ".join(missed) if missed else "none"))
    return "\n".join(lines)


def main(opts: Options) -> int:
    """Print the table, then one line of JSON (the last line of the output)."""
    result = run(opts)
    print(format_table(result))
    print(json.dumps(result, ensure_ascii=False, separators=(",", ":")), flush=True)
    return 0
