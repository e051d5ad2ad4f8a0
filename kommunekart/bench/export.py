"""Export timings: the register as its workbook (kommunekart/outputs/register_book.py, median of
5), and the handouts (kommunekart/outputs/render.py): a PNG and a PDF of the map in the
presentation layout through the download routes, the first in a process (Chromium starts) and
warm (median of 5), and for scale a cold render (a browser started for one render and closed, as
`plotly.io.to_image` does without a kept browser)."""

from __future__ import annotations

import statistics
import time
from typing import Any
from urllib.parse import quote

VIEW = "/kart?kommune=1820"  # the map in two panels, a municipality chosen: the heaviest view
WARM_RUNS = 5
TARGET_WARM_MS = 1000.0
TARGET_REGISTER_MS = 1000.0  # issue 19: the shipped register as a workbook


def register_export_timing(data: Any, runs: int = WARM_RUNS) -> dict[str, Any]:
    """ms to write the register of `data` as its workbook (median of `runs`), and its size."""
    from kommunekart.outputs.register_book import register_workbook

    times, body = [], b""
    for _ in range(runs):
        started = time.perf_counter()
        body = register_workbook(data.register)
        times.append(_ms(started))
    return {"register_export_ms": round(statistics.median(times), 1), "register_export_runs_ms": times,
            "register_export_bytes": len(body), "register_export_rows": sum(
                len(getattr(data.register, t)) for t in ("arrangements", "memberships"))}


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)


def export_timings(server: Any, data: Any, runs: int = WARM_RUNS) -> dict[str, Any]:
    """ms per export through the Flask routes of `server` (the app's, showing `data`),
    in-process."""
    from kommunekart.outputs.handout import handout
    from kommunekart.outputs.render import Renderer, browser_path, renderer

    register = register_export_timing(data)
    if not browser_path():
        return {"export_note": "Chromium not installed", **register}
    client = server.test_client()
    out: dict[str, Any] = {"export_view": VIEW, **register}
    for fmt in ("png", "pdf"):
        renderer().close()  # the first export of a process starts the browser
        url = f"/last-ned/visning.{fmt}?url={quote(VIEW, safe='')}"
        started = time.perf_counter()
        response = client.get(url)
        out[f"export_{fmt}_first_ms"] = _ms(started)
        out[f"export_{fmt}_bytes"] = len(response.data)
        out[f"export_{fmt}_status"] = response.status_code
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            times.append(_ms(started))
        out[f"export_{fmt}_warm_ms"] = round(statistics.median(times), 1)
        out[f"export_{fmt}_runs_ms"] = times
    figure = handout(data, "/kart", VIEW.split("?", 1)[1]).figure  # built outside the timing
    cold = Renderer()
    started = time.perf_counter()
    try:
        cold.render(figure, "png")
    finally:
        cold.close()
    out["export_cold_ms"] = _ms(started)
    warm = out.get("export_png_warm_ms")
    out["export_cold_ratio"] = round(out["export_cold_ms"] / warm, 1) if warm else None
    return out


def export_lines(r: dict[str, Any], line: Any) -> list[str]:
    """The report's rows (`line` formats label, text, target, verdict as the table does)."""
    rows = [register_line(r, line)]
    if r.get("export_png_warm_ms") is None:
        return [*rows, line("handout export", r.get("export_note", "not measured"), "", "")]

    def verdict(key: str) -> str:
        return "ok" if r[key] <= TARGET_WARM_MS else "OVER TARGET"

    for fmt in ("png", "pdf"):
        rows.append(line(f"handout {fmt.upper()}",
                         f"{r[f'export_{fmt}_warm_ms']:.0f} ms warm (median of "
                         f"{len(r[f'export_{fmt}_runs_ms'])}), first {r[f'export_{fmt}_first_ms']:.0f}"
                         f" ms, {r[f'export_{fmt}_bytes'] // 1000} KB",
                         f"≤ {TARGET_WARM_MS:g} ms warm", verdict(f"export_{fmt}_warm_ms")))
    rows.append(line("  cold render", f"{r['export_cold_ms']:.0f} ms with a new browser: "
                     f"{r['export_cold_ratio']} × a warm PNG", "", ""))
    rows.append(line("", f"first: Chromium starts; {r['export_view']} via the routes", "", ""))
    return rows


def register_line(r: dict[str, Any], line: Any) -> str:
    """The register workbook's row: median ms, size, rows of arrangements and memberships."""
    ms = r.get("register_export_ms")
    if ms is None:
        return line("register XLSX", "not measured", "", "")
    return line("register XLSX", f"{ms:.0f} ms (median of {len(r['register_export_runs_ms'])}), "
                f"{r['register_export_bytes'] // 1000} KB, {r['register_export_rows']} rows",
                f"≤ {TARGET_REGISTER_MS:g} ms",
                "ok" if ms <= TARGET_REGISTER_MS else "OVER TARGET")


def checks(r: dict[str, Any]) -> dict[str, bool | None]:
    ms = r.get("register_export_ms")
    return {**{f"export_{fmt}_warm_ms": None if r.get(f"export_{fmt}_warm_ms") is None
               else r[f"export_{fmt}_warm_ms"] <= TARGET_WARM_MS for fmt in ("png", "pdf")},
            "register_export_ms": None if ms is None else ms <= TARGET_REGISTER_MS}
