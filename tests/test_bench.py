"""Smoke test of `kommunekart bench` with tiny settings: it runs end to end (gunicorn included),
prints a table and one last line of JSON with every key the README's figures come from. Timings
are never asserted: the benchmark reports, CI does not judge the machine."""

from __future__ import annotations

import json

from app.bench import INTERACTIONS
from app.cli import main

REQUIRED = [
    "geometry_bytes", "geometry_gzip_bytes", "initial_bytes", "rps", "rps_p95_ms",
    "naive_rps", "naive_rps_p95_ms", "speedup_rps", "first_map_ms",
    *(f"{prefix}{name}_{what}" for prefix in ("", "naive_") for name in INTERACTIONS
      for what in ("bytes", "p50_ms", "p95_ms")),
]


def test_bench_smoke(app_data, capsys) -> None:  # app_data: skips without boundary files
    code = main(["bench", "--runs", "5", "--warmup", "1", "--duration", "1", "--clients", "2",
                 "--skip-browser"])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    result = json.loads(out[-1])
    assert [k for k in REQUIRED if k not in result] == []
    assert "targets missed" in "\n".join(out[:-1])
    for name in INTERACTIONS:
        assert result[f"{name}_status"] == 200 and result[f"naive_{name}_status"] == 200
        assert result[f"{name}_bytes"] < result[f"naive_{name}_bytes"], name
    assert result["geometry_gzip_bytes"] <= 60_000
    assert result["islands_intact"] is True
    assert result["rps"] > 0 and result["naive_rps"] > 0 and result["rps_errors"] == 0
    assert result["first_map_ms"] is None and "skip" in result["first_map_note"]
