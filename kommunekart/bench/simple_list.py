"""A simple list of 300 arrangements (the survey's size) checked and opened: the time from the
file to a register ready to draw (check_register, then AppData), as an upload spends it. The list
is generated from the shipped register's Nordland names, 2 to 12 members a row."""

from __future__ import annotations

import csv
import io
import tempfile
import time
from pathlib import Path
from typing import Any

ROWS = 300
TARGET_MS = 2000.0  # issue 19


def simple_list_bytes(names: list[str], rows: int = ROWS) -> bytes:
    """A semicolon CSV simple list: «Ordning N» with a window of the names, Kom filled in."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Nr", "Navn samarbeidsordning", "Deltakerkommuner", "Kom"])
    for i in range(rows):
        size = 2 + i % 11
        members = [names[(i + k) % len(names)] for k in range(size)]
        writer.writerow([i + 1, f"Ordning {i + 1}", ", ".join(members), size])
    return out.getvalue().encode("utf-8")


def simple_list_timing(data: Any) -> dict[str, Any]:
    """ms from a 300-row simple list on disk to its AppData (check and open), once."""
    from kommunekart.domain.register import check_register
    from kommunekart.views.viewmodel import AppData

    mun = data.register.municipalities
    names = sorted(mun.loc[mun["in_nordland"], "name"].tolist())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "liste.csv"
        path.write_bytes(simple_list_bytes(names))
        started = time.perf_counter()
        register = check_register(path, data.boundary_path)
        checked = time.perf_counter()
        AppData(register, data.boundary_path)
        done = time.perf_counter()
    return {"simple_list_rows": len(register.arrangements),
            "simple_list_check_ms": round((checked - started) * 1000, 1),
            "simple_list_ms": round((done - started) * 1000, 1)}


def checks(r: dict[str, Any]) -> dict[str, bool | None]:
    ms = r.get("simple_list_ms")
    return {"simple_list": None if ms is None else ms <= TARGET_MS}


def simple_list_lines(r: dict[str, Any], line: Any) -> list[str]:
    if r.get("simple_list_ms") is None:
        return [line("simple list (300)", r.get("simple_list_note", "not measured"), "", "")]
    ok = checks(r)["simple_list"]
    return [line("simple list checked+open", f"{r['simple_list_rows']} arrangements: "
                 f"{r['simple_list_ms']:.0f} ms (check {r['simple_list_check_ms']:.0f} ms)",
                 f"≤ {TARGET_MS:g} ms", "ok" if ok else "OVER TARGET")]
