"""Smoke test of `kommunekart bench --load` with tiny settings: gunicorn with the Procfile's
options on 127.0.0.1, browsing alone and while uploads (valid ones and a zip bomb) are checked by
background jobs, all for real. It prints a table and a last line of JSON; targets are never
asserted (the benchmark reports, CI does not judge the machine), only that everything was
measured and every upload was answered as it should be."""

from __future__ import annotations

import json

from kommunekart.cli import main


def test_bench_load_smoke(app_data, capsys) -> None:  # app_data: fails clearly without boundaries
    code = main(["bench", "--load", "--duration", "3", "--browsers", "2", "--uploaders", "1"])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    result = json.loads(out[-1])
    table = "\n".join(out[:-1])
    print(table)
    for phase in ("browsing_alone", "with_uploads"):
        browsing = result[phase]["browsing"]
        assert browsing["requests"] > 0 and browsing["p50_ms"] <= browsing["p95_ms"], phase
    uploads, bomb = result["with_uploads"]["uploads"], result["with_uploads"]["zip_bomb"]
    assert uploads["checked"] >= 1 and uploads["linked"] == uploads["checked"]
    assert bomb["sent"] >= 1 and bomb["refused"] == bomb["sent"]
    assert result["zip_bomb_check_ms"] > 0 and len(result["memory_mb_after"]) == 2
    assert "browsing while uploading" in table and "zip bomb" in table
    killed = result["worker_killed"]  # a worker killed: the master's new one answers
    assert killed["workers"] == 2 and killed["recovery_s"] is not None and killed["recovery_s"] > 0
    assert killed["browsing"]["requests"] > 0 and "a worker killed" in table
