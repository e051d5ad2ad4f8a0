"""The servers a build is measured on: werkzeug in a thread, or gunicorn with the Procfile's
options in a subprocess (always stopped on the way out)."""

from __future__ import annotations

import http.client
import logging
import os
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from kommunekart.bench.client import HOST, Client, free_port


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
    from kommunekart.paths import CHECKOUT_ROOT

    procfile = procfile or (CHECKOUT_ROOT / "Procfile" if CHECKOUT_ROOT else None)
    if procfile is None:  # installed: no Procfile shipped
        return list(DEFAULT_GUNICORN)
    try:
        text = procfile.read_text(encoding="utf-8")
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
def gunicorn(target: str, options: list[str], timeout: float = 90.0,
             env: dict[str, str] | None = None) -> Iterator[tuple[int, subprocess.Popen]]:
    """gunicorn with `options` serving `target` on a free loopback port (port, master process);
    always terminated on the way out. Raises ServerStartError if it does not answer in time."""
    from kommunekart.paths import CHECKOUT_ROOT

    port = free_port()
    cmd = [sys.executable, "-m", "gunicorn", *options, "--bind", f"{HOST}:{port}",
           "--log-level", "warning", target]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, cwd=CHECKOUT_ROOT, env={**os.environ, **(env or {})},
                                stdout=log, stderr=log)
        try:
            _wait_ready(proc, port, timeout, log)
            yield port, proc
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def _wait_ready(proc: subprocess.Popen, port: int, timeout: float, log: Any) -> None:
    """Poll until the app answers; on failure raise with the tail of gunicorn's log."""
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
