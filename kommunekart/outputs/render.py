"""Rendering handouts (kommunekart/outputs/handout.py) to PNG and PDF on the server (the routes
that serve them are kommunekart/web/files.py).

Rendering is kaleido (v1) driving the system's headless Chromium (Debian's `chromium`; never a
downloaded browser): `$BROWSER_PATH` if set (choreographer's own variable), else
/usr/bin/chromium, else `chromium` on the PATH. One browser per process, started at the first
export and kept warm, so an export after the first costs one render, not a browser start
(README: Ytelse). Its page loads the dashboard's own plotly.js bundle and topojson from assets/
(the same plotly.js the browser draws with; nothing is fetched from the network, MathJax off).

Why a `kaleido.Kaleido` of our own rather than `kaleido.start_sync_server()` or
`plotly.io.to_image`: the sync server's calls share one return queue, so two requests served
at once by Flask's or gunicorn's threads could receive each other's image; ours runs the browser
on its own event loop thread and every request waits on its own future. And `plotly.io.to_image`
first validates the figure as a `go.Figure`, which for a map with its GeoJSON costs more than the
render; kaleido takes the plain dict the app already has."""

from __future__ import annotations

import asyncio
import atexit
import io
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

from kommunekart.outputs.handout import (
    HEIGHT,
    WIDTH,
)
from kommunekart.paths import ASSETS_DIR

log = logging.getLogger(__name__)

PLOTLY_JS = ASSETS_DIR / "01-plotly-kommunekart.min.js"
TOPOJSON = ASSETS_DIR / "topojson" / "world_110m.json"
BROWSER_ENV = "BROWSER_PATH"  # choreographer's (and so kaleido's) own override
DEBIAN_CHROMIUM = "/usr/bin/chromium"
TABS = 2  # renders at once (a story's pages two by two); more costs memory on a 2-core host
START_TIMEOUT, RENDER_TIMEOUT = 30.0, 60.0  # s (a start takes about 1 s)
MIMETYPES = {"png": "image/png", "pdf": "application/pdf"}
NO_BROWSER = ("Bildeeksport er ikke tilgjengelig på denne serveren: fant ingen Chromium "
              "(installer Debian-pakken chromium, eller sett BROWSER_PATH).")


class RenderUnavailableError(RuntimeError):
    """No browser to render with; the message is for the user (Norwegian)."""


def browser_path() -> str | None:
    """The Chromium to render with: $BROWSER_PATH, Debian's /usr/bin/chromium, or `chromium` on
    the PATH. Never downloads one."""
    chosen = os.environ.get(BROWSER_ENV, "").strip()
    if chosen:
        return chosen
    if Path(DEBIAN_CHROMIUM).exists():
        return DEBIAN_CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Renderer:
    """A warm headless Chromium driven by kaleido, on an event loop thread of its own; any thread
    may call `render` and `render_all`. Started on first use (after gunicorn forks: each worker
    has its own), restarted once if the browser died."""

    def __init__(self, tabs: int = TABS) -> None:
        self.tabs = tabs
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._folder: str | None = None
        self._pid: int | None = None

    @property
    def running(self) -> bool:
        return self._kaleido is not None and self._pid == os.getpid()

    def start(self) -> None:
        """Start the browser if it is not running in this process (idempotent). A start that
        hangs (seen once on a loaded 2-core machine) is given up and tried once more."""
        with self._lock:
            if self.running:
                return
            if self._pid is not None and self._pid != os.getpid():  # a forked copy: not ours
                self._loop = self._thread = self._kaleido = self._folder = None
            path = browser_path()
            if not path:
                raise RenderUnavailableError(NO_BROWSER)
            for attempt in (1, 2):
                try:
                    self._open(path)
                    return
                except Exception as err:
                    log.warning("Chromium did not start (%s), attempt %d", path, attempt,
                                exc_info=True)
                    if attempt == 2:
                        raise RenderUnavailableError(NO_BROWSER) from err

    def _open(self, path: str) -> None:
        import kaleido  # imported here: the dashboard runs without it until an export

        folder = tempfile.mkdtemp(prefix="kommunekart-render-")
        geo = Path(folder) / "geo-assets.js"  # plotly.js reads its topojson here, not online
        geo.write_text("window.PlotlyGeoAssets = {topojson: {world_110m: "
                       f"{TOPOJSON.read_text(encoding='utf-8')}}}}};\n", encoding="utf-8")
        page = kaleido.PageGenerator(plotly=str(PLOTLY_JS), mathjax=False, others=[str(geo)])
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kommunekart-render", daemon=True)
        thread.start()

        def run(coroutine: Any, timeout: float) -> Any:
            return asyncio.run_coroutine_threadsafe(coroutine, loop).result(timeout)

        async def make() -> Any:  # on the loop: kaleido's queues belong to it
            return kaleido.Kaleido(n=self.tabs, timeout=RENDER_TIMEOUT, page_generator=page,
                                   path=path)

        browser = None
        try:
            browser = run(make(), 10)
            run(browser.open(), START_TIMEOUT)
        except BaseException:
            if browser is not None:
                try:
                    run(browser.close(), 10)
                except Exception:
                    log.debug("closing a browser that did not start", exc_info=True)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
            shutil.rmtree(folder, ignore_errors=True)
            raise
        self._loop, self._thread, self._kaleido = loop, thread, browser
        self._folder, self._pid = folder, os.getpid()

    def close(self) -> None:
        """Stop the browser (it starts again on the next render)."""
        with self._lock:
            loop, browser = self._loop, self._kaleido
            self._kaleido = None
            if loop is None or self._pid != os.getpid():
                return
            if browser is not None:
                try:
                    asyncio.run_coroutine_threadsafe(browser.close(), loop).result(15)
                except Exception:  # a browser already gone is closed enough
                    log.debug("closing Chromium", exc_info=True)
            loop.call_soon_threadsafe(loop.stop)
            if self._thread is not None:
                self._thread.join(5)
            if self._folder:
                shutil.rmtree(self._folder, ignore_errors=True)
            self._loop = self._thread = self._folder = None

    def _run(self, figures: Sequence[dict[str, Any]], fmt: str) -> list[bytes]:
        browser = self._kaleido

        def opts(fig: dict[str, Any]) -> dict[str, Any]:
            layout = fig.get("layout", {})
            return {"format": fmt, "width": layout.get("width", WIDTH),
                    "height": layout.get("height", HEIGHT), "scale": 1}

        async def all_of() -> list[bytes]:
            return list(await asyncio.gather(*(browser.calc_fig(f, opts=opts(f))
                                               for f in figures)))

        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(all_of(), self._loop)
        try:
            return future.result(RENDER_TIMEOUT * max(1, len(figures) / self.tabs))
        except FutureTimeout:
            future.cancel()
            raise

    def render_all(self, figures: Sequence[dict[str, Any]], fmt: str) -> list[bytes]:
        """PNG or PDF bytes of each figure (rendered `TABS` at a time)."""
        if fmt not in MIMETYPES:
            raise ValueError(fmt)
        for attempt in (1, 2):
            self.start()
            try:
                return self._run(figures, fmt)
            except Exception:
                if attempt == 2:
                    raise
                log.warning("render failed; restarting Chromium once", exc_info=True)
                self.close()
        raise AssertionError("unreachable")

    def render(self, figure: dict[str, Any], fmt: str) -> bytes:
        return self.render_all([figure], fmt)[0]


_RENDERER = Renderer()
atexit.register(_RENDERER.close)


def renderer() -> Renderer:
    """The process's renderer (one warm browser per process)."""
    return _RENDERER


def merge_pdfs(pages: Sequence[bytes]) -> bytes:
    """One PDF of single-page PDFs, in order. pypdf: pure Python, well kept (it is the PyPDF2
    project under its old name), reads and writes what Chromium prints; the merge copies pages
    and their fonts, nothing is re-rendered."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for page in pages:
        writer.append(io.BytesIO(page))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---------------------------------------------------------------------- routes


