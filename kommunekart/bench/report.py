"""The report: each target, whether it is met, and the human-readable table."""

from __future__ import annotations

import textwrap
from typing import Any

from kommunekart.bench.client import HOST
from kommunekart.bench.export import checks as export_checks
from kommunekart.bench.export import export_lines
from kommunekart.bench.interactions import INTERACTIONS
from kommunekart.bench.scenario import checks as paint_checks
from kommunekart.bench.scenario import paint_lines
from kommunekart.bench.simple_list import checks as simple_list_checks
from kommunekart.bench.simple_list import simple_list_lines

TARGET_BYTES, TARGET_P95_MS = 2000, 20.0
TARGET_RPS, TARGET_RPS_P95_MS, TARGET_SPEEDUP = 500.0, 30.0, 20.0
TARGET_GEOMETRY_GZIP, TARGET_FIRST_MAP_MS = 60_000, 1500.0
TARGET_STORY_STEP_MS = 150.0  # issue 12: key press to settled frame
TARGET_TEXT = {  # the targets as the table prints them
    "interaction": f"≤ {TARGET_BYTES // 1000} KB, p95 ≤ {TARGET_P95_MS:g} ms",
    "rps": f"≥ {TARGET_RPS:g} req/s, p95 ≤ {TARGET_RPS_P95_MS:g} ms",
    "speedup": f"≥ {TARGET_SPEEDUP:g} ×",
    "geometry": f"≤ {TARGET_GEOMETRY_GZIP // 1000} KB gzip",
    "first_map": f"≤ {TARGET_FIRST_MAP_MS:g} ms (cold)",
    "story_step": f"≤ {TARGET_STORY_STEP_MS:g} ms (median)",
}
LABEL = 26  # width of the table's first column


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
    out["story_step_ms"] = at_most("story_step_ms", TARGET_STORY_STEP_MS)
    out.update(export_checks(r))
    out.update(paint_checks(r))
    out.update(simple_list_checks(r))
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


def wrapped(label: str, text: str) -> list[str]:
    return textwrap.wrap(text, 110, initial_indent=f"{label:<{LABEL}}",
                         subsequent_indent=" " * LABEL) or [label]


def _line(label: str, text: str, target: str, verdict: str) -> str:
    return f"{label:<{LABEL}}{text:<60} │ {target:<27}{verdict}"


def _interaction_lines(r: dict[str, Any], ok: dict[str, bool | None]) -> list[str]:
    """Bytes and latency of each interaction, beside the naive build's."""
    picks = r.get("interaction_inputs", {})
    lines = [_row("interaction", ["bytes", "p50", "p95", "naive B", "p50", "p95"], "target")]
    for name, label in INTERACTIONS.items():
        n = f"naive_{name}"
        lines.append(_row(
            f"{label} ({picks.get(name, '')})"[:LABEL],
            [_kb(r.get(f"{name}_bytes")), _ms(r.get(f"{name}_p50_ms")), _ms(r.get(f"{name}_p95_ms")),
             _kb(r.get(f"{n}_bytes")), _ms(r.get(f"{n}_p50_ms")), _ms(r.get(f"{n}_p95_ms"))],
            TARGET_TEXT["interaction"],
            _verdict(_both(ok[f"{name}_bytes"], ok[f"{name}_p95_ms"]))))
    return [
        *lines,
        _row("  overlay, first time", [_kb(r.get("toggle_overlay_first_bytes")),
                                       _ms(r.get("toggle_overlay_first_p50_ms")),
                                       _ms(r.get("toggle_overlay_first_p95_ms")), "", "", ""],
             "coordinates travel once"),
        _row("  largest task area", [_kb(r.get("choose_task_area_max_bytes")), "", "", "", "", ""],
             "all task areas tried"),
    ]


def _throughput_lines(r: dict[str, Any], ok: dict[str, bool | None]) -> list[str]:
    """Requests per second under load, optimized against naive."""
    s = r["settings"]
    return [
        _row("throughput (mix)", ["req/s", "p50", "p95", "requests", "errors", ""], "target"),
        _row("optimized", [f"{r.get('rps', 0):.0f}", _ms(r.get("rps_p50_ms")),
                           _ms(r.get("rps_p95_ms")), str(r.get("rps_requests")),
                           str(r.get("rps_errors")), ""],
             TARGET_TEXT["rps"], _verdict(_both(ok["rps"], ok["rps_p95_ms"]))),
        _row("naive", [f"{r.get('naive_rps', 0):.0f}", _ms(r.get("naive_rps_p50_ms")),
                       _ms(r.get("naive_rps_p95_ms")), str(r.get("naive_rps_requests")),
                       str(r.get("naive_rps_errors")), ""]),
        _row("speedup", [f"{r.get('speedup_rps')} ×", "", "", "", "", ""], TARGET_TEXT["speedup"],
             _verdict(ok["speedup_rps"])),
        *wrapped("", f"server: {r.get('rps_server')}; {s['clients']} client threads, "
                 f"{s['duration_s']} s, the 4 interactions in turn; client CPU "
                 f"{r.get('client_cpu_pct')} % of one core"),
    ]


def _browser_lines(r: dict[str, Any], ok: dict[str, bool | None]) -> list[str]:
    """Geometry size, first map and story steps in Chromium."""
    return [
        _line("geometry (Nordland)", f"{_kb(r['geometry_bytes'])}, {_kb(r['geometry_gzip_bytes'])} "
              f"gzip (neighbours +{_kb(r['geometry_neighbours_gzip_bytes'])} gzip)",
              TARGET_TEXT["geometry"], _verdict(ok["geometry_gzip_bytes"])),
        _line("  islands", f"{r['geometry_parts']} of {r['geometry_source_parts']} polygon parts "
              f"kept; least area {r['island_area_min']} ({r['island_area_min_name']})",
              "intact", _verdict(ok["islands_intact"])),
        _line("first map (Chromium)", f"{_ms(r.get('first_map_ms'))} cold, "
              f"{_ms(r.get('first_map_warm_ms'))} warm (median of "
              f"{len(r.get('first_map_runs_ms') or [])})", TARGET_TEXT["first_map"],
              _verdict(ok["first_map_ms"])),
        *wrapped("", r.get("first_map_note", "") + (
            f"; Dash/plotly JS transferred cold: {_kb(r['js_bundles_transfer_bytes'])}"
            if r.get("js_bundles_transfer_bytes") else "")),
        _line("story step (Chromium)", f"{_ms(r.get('story_step_ms'))} median, "
              f"{_ms(r.get('story_step_p95_ms'))} p95, {_ms(r.get('story_step_max_ms'))} max "
              f"({r.get('story_step_count') or 0} steps)", TARGET_TEXT["story_step"],
              _verdict(ok["story_step_ms"])),
        *wrapped("", r.get("story_step_note", "") + (
            "; by step: " + ", ".join(f"{k} {_ms(v)}" for k, v in r["story_step_by_step_ms"].items())
            if r.get("story_step_by_step_ms") else "")),
    ]


def _initial_view_lines(r: dict[str, Any]) -> list[str]:
    """What the first page view costs, and what makes it up."""
    return [
        *wrapped("initial page view", f"{_kb(r['initial_bytes'])} to a gzip-only client, "
                 f"{_kb(r['initial_browser_bytes'])} to Chromium (zstd), "
                 f"{_kb(r['initial_uncompressed_bytes'])} uncompressed; naive build "
                 f"{_kb(r['naive_initial_bytes'])}. Page content takes "
                 f"{_ms(r.get('initial_page_p50_ms'))} p50 on the server. Counted: HTML, app "
                 "assets, layout, callbacks, page content, topojson; not Dash's or plotly's JS."),
        *wrapped("", "gzip/Chromium: " + ", ".join(f"{k} {_kb(v[0])}/{_kb(v[1])}"
                                                    for k, v in r["initial_breakdown"].items())),
    ]


def format_table(r: dict[str, Any]) -> str:
    """The human-readable report: one row per figure, its target and whether it is met."""
    ok = checks(r)
    s = r["settings"]
    lines = [
        f"Kommunekart bench · {HOST} · {s['cpus']} CPUs · Python {s['python']} · "
        f"{r['bench_seconds']} s",
        "bytes = response body as served (Accept-Encoding: gzip; bodies under 500 B travel "
        "uncompressed)",
        f"latency = sequential round trips, in-process werkzeug, {s['runs']} runs after "
        f"{s['warmup']} warm-up (naive: {r.get('naive_change_measure_runs')})",
        "",
        *_interaction_lines(r, ok),
        "",
        *_throughput_lines(r, ok),
        "",
        *_browser_lines(r, ok),
        *_initial_view_lines(r),
        *paint_lines(r, _line),
        *export_lines(r, _line),
        *simple_list_lines(r, _line),
    ]
    for note in r.get("notes", []):
        lines += wrapped("note", note)
    missed = r["targets_missed"]
    lines.append("targets missed: " + (", ".join(missed) if missed else "none"))
    return "\n".join(lines)
