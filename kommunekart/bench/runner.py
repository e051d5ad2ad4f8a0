"""The run: build both apps, measure them step by step, print the table and the JSON line."""

from __future__ import annotations

import json
import os
import platform
import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kommunekart.bench.browser import chromium_paths, first_map
from kommunekart.bench.client import BROWSER_ENCODINGS, HOST, Client
from kommunekart.bench.dash_requests import PAGE, Site, load_site, replay_bytes
from kommunekart.bench.export import export_timings
from kommunekart.bench.interactions import INTERACTIONS, choices, interaction_bodies, task_bodies
from kommunekart.bench.naive import NAIVE_SERVER, naive_app
from kommunekart.bench.report import checks, format_table
from kommunekart.bench.scenario import paint_click
from kommunekart.bench.servers import ServerStartError, gunicorn, in_process, procfile_options
from kommunekart.bench.simple_list import simple_list_timing
from kommunekart.bench.sizes import geometry_stats
from kommunekart.bench.story import story_steps
from kommunekart.bench.timing import load_mix, time_requests
from kommunekart.views import story


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
    """The largest "choose task area" answer: the default pick need not be the worst."""
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
    targets = {"": "kommunekart.web.wsgi:server", "naive_": NAIVE_SERVER}
    for prefix, target in targets.items():
        mix = _mix(sites[prefix])
        if opts.skip_gunicorn:
            out.update(_load(inproc[prefix], mix, opts, prefix))
            if not prefix:
                out.update(browser(inproc[prefix]))
            continue
        options = shlex.split(opts.gunicorn) if opts.gunicorn else procfile_options()
        try:
            with gunicorn(target, options) as (port, _):
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
    """The first-map step for a port, deferred so it runs against whichever server is up."""

    def run(port: int) -> dict[str, Any]:
        if opts.skip_browser:
            return {"first_map_ms": None, "first_map_note": "skipped (--skip-browser)"}
        if chromium_paths() is None:
            return {"first_map_ms": None, "first_map_note": "Chromium/chromedriver not installed"}
        try:
            out = first_map(f"http://{HOST}:{port}{PAGE}", opts.browser_runs, count)
        except Exception as err:  # a browser problem must not cost the other numbers
            out = {"first_map_ms": None, "first_map_note": f"browser run failed: {err!r}"[:300]}
        steps = story.shipped()
        try:
            out.update(story_steps(f"http://{HOST}:{port}{story.step_url(steps, 0)}", len(steps)))
        except Exception as err:
            out.update(story_step_ms=None, story_step_note=f"story run failed: {err!r}"[:300])
        return out
    return run


def run(opts: Options, data: Any = None) -> dict[str, Any]:
    """Build both apps from one AppData, measure them, return every figure (JSON-ready).
    Raises only if the app cannot be built."""
    from kommunekart.web.app import create_app, load_data

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
        try:  # /scenarier's paint click (kommunekart/bench/scenario.py)
            result.update(paint_click(port, opts.runs, opts.warmup))
        except Exception as err:  # a problem here must not cost the other numbers
            result["paint_note"] = f"paint run failed: {err!r}"[:300]
        result["interaction_inputs"] = choices(sites[""])
        result.update(_throughput(opts, sites, {"": port, "naive_": naive_port},
                                  _browser(opts, len(data.nordland))))
    try:  # a 300-row simple list checked and opened (kommunekart/bench/simple_list.py)
        result.update(simple_list_timing(data))
    except Exception as err:  # must not cost the other numbers
        result["simple_list_note"] = f"simple list run failed: {err!r}"[:300]
    try:  # handout PNG/PDF (kommunekart/outputs/render.py), in-process through the download routes
        result.update(export_timings(app.server, data))
    except Exception as err:  # an export problem must not cost the other numbers
        result["export_note"] = f"export run failed: {err!r}"[:300]
    naive_rps = result.get("naive_rps") or 0
    result["speedup_rps"] = round(result["rps"] / naive_rps, 1) if naive_rps else None
    result["targets_missed"] = [name for name, ok in checks(result).items() if ok is False]
    result["bench_seconds"] = round(time.perf_counter() - started, 1)
    result["settings"] = {"runs": opts.runs, "warmup": opts.warmup, "duration_s": opts.duration,
                          "clients": opts.clients, "cpus": os.cpu_count(),
                          "python": platform.python_version()}
    return result


def main(opts: Options) -> int:
    """Print the table, then one line of JSON (the last line of the output)."""
    result = run(opts)
    print(format_table(result))
    print(json.dumps(result, ensure_ascii=False, separators=(",", ":")), flush=True)
    return 0
