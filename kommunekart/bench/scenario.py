"""/scenarier's paint click over HTTP: the request the renderer sends when a municipality is
clicked (Gildeskål into the first region of the proposed kommuneregioner), answered with a
Patch; bytes as served and sequential latency, as the map's interactions are measured."""

from __future__ import annotations

from typing import Any

from kommunekart.bench.client import Client
from kommunekart.bench.dash_requests import find_callback, load_site, update_body
from kommunekart.bench.timing import time_requests
from kommunekart.figures.map import MAIN

TARGET_BYTES, TARGET_P95_MS = 2000, 20.0  # issue 14


def paint_click(port: int, runs: int, warmup: int, budget: float = 20.0) -> dict[str, Any]:
    from kommunekart.web.pages.scenarier import ID

    client = Client(port)
    try:
        site = load_site(client, "/scenarier")
    finally:
        client.close()
    dep = find_callback(site.deps, f"{ID.map}.figure", f"{ID.map}.clickData")
    click = {"points": [{"curveNumber": MAIN, "location": "1838", "pointNumber": 0}]}
    body = update_body(dep, site.props, {f"{ID.map}.clickData": click})
    t = time_requests(port, (body,), runs, warmup, budget)
    return {"paint_status": t.status, "paint_bytes": t.bytes, "paint_uncompressed_bytes": t.raw_bytes,
            "paint_p50_ms": t.p50_ms, "paint_p95_ms": t.p95_ms, "paint_runs": t.runs}


def checks(r: dict[str, Any]) -> dict[str, bool | None]:
    if r.get("paint_bytes") is None:
        return {"paint_click": None}
    return {"paint_click": r["paint_bytes"] <= TARGET_BYTES and r["paint_p95_ms"] <= TARGET_P95_MS}


def paint_lines(r: dict[str, Any], line: Any) -> list[str]:
    if r.get("paint_bytes") is None:
        return [line("scenario paint click", r.get("paint_note", "not measured"), "", "")]
    ok = checks(r)["paint_click"]
    return [line("scenario paint click", f"{r['paint_bytes']} B, p50 {r['paint_p50_ms']:.1f} ms, "
                 f"p95 {r['paint_p95_ms']:.1f} ms ({r['paint_runs']} runs)",
                 f"≤ {TARGET_BYTES / 1000:g} KB, p95 ≤ {TARGET_P95_MS:g} ms",
                 "ok" if ok else "OVER TARGET")]
