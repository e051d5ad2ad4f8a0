"""Smoke test of `kommunekart bench` with tiny settings: it runs end to end (gunicorn and headless
Chromium included), prints a table and one last line of JSON, and every figure the README's table
comes from was measured: bytes and latencies are numbers above zero. Targets are never asserted:
the benchmark reports, CI does not judge the machine."""

from __future__ import annotations

import json

from kommunekart.bench import INTERACTIONS
from kommunekart.cli import main

BYTES = ["geometry_bytes", "geometry_gzip_bytes", "initial_bytes", "naive_initial_bytes", "paint_bytes",
         *(f"{prefix}{name}_bytes" for prefix in ("", "naive_") for name in INTERACTIONS)]
MILLISECONDS = ["rps_p95_ms", "naive_rps_p95_ms", "first_map_ms", "story_step_ms",
                "export_png_warm_ms", "export_pdf_warm_ms", "paint_p95_ms",
                *(f"{prefix}{name}_{p}_ms" for prefix in ("", "naive_") for name in INTERACTIONS
                  for p in ("p50", "p95"))]


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_bench_smoke(app_data, capsys) -> None:  # app_data: fails clearly without boundary files
    code = main(["bench", "--runs", "5", "--warmup", "1", "--duration", "1", "--clients", "2",
                 "--browser-runs", "1"])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    result = json.loads(out[-1])
    table = "\n".join(out[:-1])

    unmeasured = {k: result.get(k) for k in BYTES + MILLISECONDS
                  if not (_number(result.get(k)) and result[k] > 0)}
    assert unmeasured == {}, result.get("first_map_note") or result.get("notes")
    assert all(isinstance(result[k], int) for k in BYTES)
    for name in INTERACTIONS:
        assert result[f"{name}_status"] == 200 and result[f"naive_{name}_status"] == 200
        assert result[f"{name}_p50_ms"] <= result[f"{name}_p95_ms"], name
        assert result[f"{name}_bytes"] < result[f"naive_{name}_bytes"], name  # Patch vs figure
    assert result["geometry_gzip_bytes"] < result["geometry_bytes"]
    assert result["islands_intact"] is True
    assert result["rps"] > 0 and result["naive_rps"] > 0 and result["rps_errors"] == 0
    assert result["rps_requests"] > 0 and result["naive_rps_requests"] > 0
    assert result["speedup_rps"] == round(result["rps"] / result["naive_rps"], 1)
    assert "gunicorn" in result["rps_server"] and "(gunicorn failed)" not in result["rps_server"]
    assert result["settings"]["runs"] == 5 and result["settings"]["clients"] == 2
    optimized = next(line for line in table.splitlines() if line.startswith("optimized"))
    assert f"{result['rps']:.0f}" in optimized.split()  # the table prints what was measured
