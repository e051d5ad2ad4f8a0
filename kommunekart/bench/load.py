"""`kommunekart bench --load`: does browsing keep answering while uploads are checked?

gunicorn with the Procfile's options serves the app on 127.0.0.1 (uploads in a temporary folder).
Browsing clients replay what a user does (the map's four interactions, and a page view now and
then: the HTML and the page's layout) for a fixed time, first alone, then while upload clients
send valid registers (each a different one, so each is checked whole) and one client sends a zip
bomb, the way the browser sends them (the background callback's start, then polls every
500 ms). Reported: browsing req/s, p50/p95 and errors in both phases; uploads checked, how long
a check took from the browser's side; how long the zip bomb took to be refused; each worker's
memory before and after. Bounded in time; reports, never fails on a slow machine."""

from __future__ import annotations

import base64
import http.client
import io
import json
import re
import subprocess
import tempfile
import threading
import time
import urllib.parse
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kommunekart.bench.client import HOST, UPDATE, Client
from kommunekart.bench.dash_requests import components, find_callback, load_site, update_body
from kommunekart.bench.interactions import interaction_bodies
from kommunekart.bench.servers import gunicorn, procfile_options
from kommunekart.bench.timing import percentile

POLL_S = 0.5  # as the page polls (kommunekart.web.components.upload.UPLOAD_POLL_MS)
PAGE_EVERY = 10  # a page view after every this many interactions


@dataclass
class LoadOptions:
    duration: float = 30.0  # seconds per phase
    browsers: int = 16
    uploaders: int = 4
    bombs: int = 1
    gunicorn: str | None = None  # options instead of the Procfile's


def shipped_tables() -> dict[str, Any]:
    import pandas as pd

    from kommunekart.paths import DATA_DIR

    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False)
            for p in sorted(DATA_DIR.glob("*.csv"))}


def register_workbook(n: int) -> bytes:
    """The shipped register as a workbook, one arrangement's note saying `n` (its own bytes,
    so its own id and a whole check)."""
    from kommunekart.outputs.export import xlsx_bytes

    t = shipped_tables()
    t["arrangements"].loc[t["arrangements"].index[0], "note"] = f"lasttest {n}"
    return xlsx_bytes(t)


def zip_bomb(rows: int = 1_000_000, cols: int = 5, declared: str | None = None) -> bytes:
    """The shipped register as a workbook whose memberships sheet holds rows × cols cells, every
    row alike (no cell references), so a million rows pack to a few hundred KB. `declared` is
    the sheet's <dimension ref> (default: the truth)."""
    from kommunekart.outputs.export import xlsx_bytes

    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes(shipped_tables())))
    out = io.BytesIO()
    row = "<row>" + "<c><v>1</v></c>" * cols + "</row>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for info in base.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":  # memberships, in table order
                book.writestr(info.filename, base.read(info))
                continue
            ref = declared or f"A1:{chr(64 + cols)}{rows}"
            with book.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                            b'2006/main"><dimension ref="' + ref.encode() + b'"/><sheetData>')
                block = (row * 10_000).encode()
                for _ in range(rows // 10_000):
                    sheet.write(block)
                sheet.write((row * (rows % 10_000)).encode() + b"</sheetData></worksheet>")
    return out.getvalue()


@dataclass
class Browsing:
    times: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def summary(self, seconds: float) -> dict[str, Any]:
        ok = len(self.times)
        return {"requests": ok, "errors": self.errors, "rps": round(ok / seconds, 1),
                "p50_ms": round(percentile(self.times, 50), 1) if ok else None,
                "p95_ms": round(percentile(self.times, 95), 1) if ok else None}


def _browse(port: int, bodies: list[bytes], page_body: bytes, deadline: float, out: Browsing,
            offset: int) -> None:
    client = Client(port)
    mine: list[float] = []
    bad = 0
    try:
        for i in range(offset, 10**9):
            if time.perf_counter() >= deadline:
                break
            try:
                if i % PAGE_EVERY == 0:  # a page view: the HTML, then the page's layout
                    first = client.get("/kart")
                    second = client.post(page_body)
                    replies = [first, second]
                else:
                    replies = [client.post(bodies[i % len(bodies)])]
            except (OSError, http.client.HTTPException):  # a killed worker cuts answers short
                bad += 1
                client.close()
                client = Client(port)
                continue
            for reply in replies:
                if reply.status in (200, 204):
                    mine.append(reply.ms)
                else:
                    bad += 1
    finally:
        client.close()
        with out.lock:
            out.times.extend(mine)
            out.errors += bad


def _end_id(client: Client) -> str:
    page = client.get("/kart").raw.decode()
    config = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page,
                       re.S)
    return json.loads(config.group(1))["end_id"]  # type: ignore[union-attr]


@dataclass
class Uploads:
    done: list[float] = field(default_factory=list)  # seconds from sending to the answer
    start_ms: list[float] = field(default_factory=list)  # the request worker's first answer
    answers: list[str] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def upload_once(client: Client, dep: dict, name: str, content: bytes,
                timeout: float = 60.0) -> tuple[float, float, str]:
    """One upload as the browser sends it: (seconds to the answer, ms to the job's start, what
    the answer says: "link" or the message)."""
    token = _end_id(client)
    body = update_body(dep, {}, {
        "kart-upload.contents": [f"data:application/octet-stream;base64,"
                                 f"{base64.b64encode(content).decode()}"],
        "kart-upload.filename": [name]})
    start = time.perf_counter()
    first = client.send("POST", f"{UPDATE}?endId={urllib.parse.quote(token)}", body)
    if first.status != 200:
        raise OSError(f"upload start answered {first.status}")
    handles = first.json()
    empty = json.loads(body)
    for item in [*empty["inputs"], *empty.get("state", [])]:
        item["value"] = None
    query = urllib.parse.urlencode({"endId": token, "cacheKey": handles["cacheKey"],
                                    "job": handles["job"]})
    poll = json.dumps(empty).encode()
    while time.perf_counter() - start < timeout:
        time.sleep(POLL_S)
        reply = client.send("POST", f"{UPDATE}?{query}", poll)
        if reply.status not in (200, 204):
            raise OSError(f"upload poll answered {reply.status}")
        answer = reply.json() if reply.status == 200 else {}
        if "response" in answer:
            link = (answer["response"].get("kart-goto") or {}).get("data")
            said = json.dumps(answer["response"].get("kart-upload-status"), ensure_ascii=False)
            return time.perf_counter() - start, first.ms, "link" if link else said
    raise OSError("no answer to the upload in time")


def _upload_loop(port: int, dep: dict, make: Callable[[int], tuple[str, bytes]], deadline: float,
                 out: Uploads, offset: int) -> None:
    client = Client(port)
    n = offset
    try:
        while time.perf_counter() < deadline:
            name, content = make(n)
            n += 1000
            try:
                seconds, start_ms, said = upload_once(client, dep, name, content)
            except (OSError, ValueError, KeyError):
                with out.lock:
                    out.errors += 1
                client.close()
                client = Client(port)
                continue
            with out.lock:
                out.done.append(seconds)
                out.start_ms.append(start_ms)
                out.answers.append(said)
    finally:
        client.close()


def _worker_memory(proc: subprocess.Popen) -> list[float]:
    """Resident memory (MB) of each gunicorn worker (the master's children that are not
    upload jobs: those are the workers' own children)."""
    import psutil

    try:
        master = psutil.Process(proc.pid)
        return [round(w.memory_info().rss / 2**20, 1) for w in master.children()]
    except psutil.Error:
        return []


@contextmanager
def serving(options: list[str], upload_dir: Path) -> Iterator[tuple[int, subprocess.Popen]]:
    """The app under gunicorn with its uploads in `upload_dir`."""
    from kommunekart.uploads.store import UPLOAD_ENV

    with gunicorn("kommunekart.web.wsgi:server", options, 120.0, {UPLOAD_ENV: str(upload_dir)}) as served:
        yield served


def _phase(port: int, opts: LoadOptions, bodies: list[bytes], page_body: bytes, dep: dict,
           uploads: bool, bomb: bytes) -> dict[str, Any]:
    browsing, checked, bombs = Browsing(), Uploads(), Uploads()
    start = time.perf_counter()
    deadline = start + opts.duration
    threads = [threading.Thread(target=_browse, args=(port, bodies, page_body, deadline, browsing, i),
                                daemon=True) for i in range(opts.browsers)]
    if uploads:
        threads += [threading.Thread(target=_upload_loop, daemon=True, args=(
            port, dep, lambda n: (f"register-{n}.xlsx", register_workbook(n)), deadline, checked, i))
            for i in range(opts.uploaders)]
        threads += [threading.Thread(target=_upload_loop, daemon=True, args=(
            port, dep, lambda n: ("bombe.xlsx", bomb), deadline, bombs, i)) for i in range(opts.bombs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(opts.duration + 90)
    seconds = time.perf_counter() - start
    out: dict[str, Any] = {"seconds": round(seconds, 1), "browsing": browsing.summary(seconds)}
    if uploads:
        out["uploads"] = {
            "checked": len(checked.done), "errors": checked.errors,
            "linked": sum(a == "link" for a in checked.answers),
            "answer_p50_s": round(percentile(checked.done, 50), 2) if checked.done else None,
            "answer_p95_s": round(percentile(checked.done, 95), 2) if checked.done else None,
            "start_p95_ms": round(percentile(checked.start_ms, 95), 1) if checked.start_ms else None}
        out["zip_bomb"] = {
            "sent": len(bombs.done), "errors": bombs.errors,
            "refused": sum("pakker seg ut" in a for a in bombs.answers),
            "answer_max_s": round(max(bombs.done), 2) if bombs.done else None}
    return out


def _killed_phase(port: int, opts: LoadOptions, bodies: list[bytes], page_body: bytes,
                  proc: subprocess.Popen) -> dict[str, Any]:
    """Browsing while one gunicorn worker is killed (SIGKILL) a third of the way in: the
    browsing errors, and how long until the master has started a new worker and the site
    answers (the surviving worker serves while the new one loads the app)."""
    import psutil

    browsing = Browsing()
    start = time.perf_counter()
    deadline = start + opts.duration
    threads = [threading.Thread(target=_browse, args=(port, bodies, page_body, deadline, browsing, i),
                                daemon=True) for i in range(opts.browsers)]
    for thread in threads:
        thread.start()
    time.sleep(opts.duration / 3)
    master = psutil.Process(proc.pid)
    before = master.children()
    victim = before[0]
    victim.kill()
    killed = time.perf_counter()
    recovered = None
    while time.perf_counter() < deadline + 30:
        now = [c for c in master.children() if c.pid != victim.pid]
        if len(now) >= len(before):
            client = Client(port)
            try:
                if client.get("/kart").status == 200:
                    recovered = round(time.perf_counter() - killed, 2)
                    break
            except OSError:
                pass
            finally:
                client.close()
        time.sleep(0.05)
    for thread in threads:
        thread.join(opts.duration + 90)
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 1), "browsing": browsing.summary(seconds),
            "recovery_s": recovered, "workers": len(before)}


def bomb_refusal_ms(bomb: bytes) -> float:
    """How long the check itself takes to refuse the bomb (in this process, no server)."""
    from kommunekart.domain.limits import workbook_problems

    start = time.perf_counter()
    assert workbook_problems(bomb, "bombe.xlsx")
    return (time.perf_counter() - start) * 1000


def run_load(opts: LoadOptions) -> dict[str, Any]:
    options = (opts.gunicorn.split() if opts.gunicorn else procfile_options())
    bomb = zip_bomb()
    result: dict[str, Any] = {"server": "gunicorn " + " ".join(options),
                              "settings": {"duration": opts.duration, "browsers": opts.browsers,
                                           "uploaders": opts.uploaders, "bombs": opts.bombs},
                              "zip_bomb_bytes": len(bomb),
                              "zip_bomb_check_ms": round(bomb_refusal_ms(bomb), 2)}
    with tempfile.TemporaryDirectory(prefix="kommunekart-load-") as folder, \
            serving(options, Path(folder)) as (port, proc):
        client = Client(port)
        try:
            site = load_site(client)
            dep = find_callback(site.deps, "kart-goto.data", "kart-upload.contents")
            router = find_callback(site.deps, "_pages_content.children", "_pages_location.pathname")
            page_body = update_body(router, {}, {"_pages_location.pathname": "/kart",
                                                 "_pages_location.search": ""})
            components(client.post(page_body).json())
        finally:
            client.close()
        bodies = [b for group in interaction_bodies(site).values() for b in group]
        result["memory_mb_before"] = _worker_memory(proc)
        result["browsing_alone"] = _phase(port, opts, bodies, page_body, dep, False, bomb)
        result["with_uploads"] = _phase(port, opts, bodies, page_body, dep, True, bomb)
        result["memory_mb_after"] = _worker_memory(proc)
        result["worker_killed"] = _killed_phase(port, opts, bodies, page_body, proc)
    return result


def report(result: dict[str, Any]) -> str:
    alone, busy = result["browsing_alone"]["browsing"], result["with_uploads"]["browsing"]
    up, bomb = result["with_uploads"]["uploads"], result["with_uploads"]["zip_bomb"]
    lines = [
        f"Load against {result['server']} on {HOST} ({result['settings']['duration']:.0f} s per "
        f"phase, {result['settings']['browsers']} browsing clients)",
        f"{'':28}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}",
        f"{'browsing alone':28}{alone['rps']:>8}{alone['p50_ms']!s:>9}{alone['p95_ms']!s:>9}"
        f"{alone['errors']:>8}",
        f"{'browsing while uploading':28}{busy['rps']:>8}{busy['p50_ms']!s:>9}{busy['p95_ms']!s:>9}"
        f"{busy['errors']:>8}",
        f"uploads ({result['settings']['uploaders']} clients): {up['checked']} checked, "
        f"{up['linked']} opened, answer p50 {up['answer_p50_s']} s / p95 {up['answer_p95_s']} s, "
        f"job started p95 {up['start_p95_ms']} ms, {up['errors']} errors",
        f"zip bomb ({result['zip_bomb_bytes'] // 1024} KB): refused {bomb['refused']} of "
        f"{bomb['sent']} sent, slowest answer {bomb['answer_max_s']} s (the check itself "
        f"{result['zip_bomb_check_ms']} ms), {bomb['errors']} errors",
        f"worker memory MB before {result['memory_mb_before']}, after {result['memory_mb_after']}",
    ]
    killed = result.get("worker_killed")
    if killed:
        k = killed["browsing"]
        lines.insert(3, f"{'browsing, a worker killed':28}{k['rps']:>8}{k['p50_ms']!s:>9}"
                        f"{k['p95_ms']!s:>9}{k['errors']:>8}  (a new worker started and the "
                        f"site answered {killed['recovery_s']} s after the kill)")
    return "\n".join(lines)


def main(opts: LoadOptions) -> int:
    result = run_load(opts)
    print(report(result))
    print(json.dumps(result, ensure_ascii=False))
    return 0
