"""The registers the dashboard can show, as this worker keeps them: the shipped one (or
$KOMMUNEKART_REGISTER) and any a user uploads, found by id. An upload is validated whole before
anything changes (kommunekart.uploads.store keeps it on disk); each worker keeps the uploads it
opened last built in memory, and remembers which stored ones no longer pass, so they are not
re-read. A link to an upload that vanished or fails is never an error page: the shipped register
is shown with a notice."""

from __future__ import annotations

import time
from collections import OrderedDict
from pathlib import Path
from threading import Lock

from kommunekart.uploads import store
from kommunekart.uploads.intake import REGISTER_ID, Files
from kommunekart.uploads.store import Progress, open_stored, remove_stored, store_upload, touch, upload_dir
from kommunekart.views.viewmodel import AppData

MAX_IN_MEMORY = 8  # uploads kept built in each worker (the shipped register is always kept)
MAX_FAILED = 64  # remembered ids of stored registers that no longer pass, so they are not re-read
TOUCH_EVERY = 60.0  # seconds between marking one register as used (its folder's mtime)


class Registries:
    """AppData per register id: None is the default register; uploads are found by id."""

    def __init__(self, default: AppData, boundary: str, folder: Path | None = None) -> None:
        self.default = default
        self.boundary = boundary
        self.folder = folder or upload_dir()
        self._loaded: OrderedDict[str, AppData] = OrderedDict()
        self._failed: OrderedDict[str, str] = OrderedDict()  # id: why it no longer passes
        self._touched: dict[str, float] = {}
        self._lock = Lock()

    def get(self, rid: str | None) -> AppData | None:
        """The AppData of a register id; None for an id that is malformed, not on disk (removed
        here or by another worker), or stored but no longer passing the checks."""
        if not rid:
            return self.default
        if not REGISTER_ID.match(rid):
            return None
        folder = self.folder / rid
        if not folder.is_dir():
            self._forget(rid)
            return None
        self._mark_used(rid, folder)
        with self._lock:
            if rid in self._loaded:
                self._loaded.move_to_end(rid)
                return self._loaded[rid]
            if rid in self._failed:
                return None
        opened = open_stored(folder, self.boundary, rid)
        if isinstance(opened, str):
            self._fail(rid, opened)
            return None
        return None if opened is None else self._remember(rid, opened)

    def of(self, view: dict | None) -> AppData:
        """The register a page's stored view names (every callback looks it up here)."""
        return self.get((view or {}).get("register")) or self.default

    def resolve(self, rid: str | None) -> tuple[AppData, list[str]]:
        """The register a link names (every page looks it up here), and a notice when it names
        one that is not there or no longer passes the checks: the shipped register is shown
        instead, never an error page."""
        data = self.get(rid)
        if data is not None:
            return data, []
        shown = str(rid)[:40]
        with self._lock:
            why = self._failed.get(str(rid))
        if why:
            return self.default, [f"Registeret «{shown}» fra lenken består ikke lenger kontrollen "
                                  f"({why}); viser standardregisteret. Last det inn på nytt når "
                                  "feilen er rettet."]
        return self.default, [f"Fant ikke registeret «{shown}» fra lenken (det kan være fjernet); "
                              "viser standardregisteret."]

    def add_upload(self, files: Files, progress: Progress | None = None) -> str:
        """Validate an upload and keep it; raise RegisterError naming every problem, leaving
        everything already loaded as it was. The AppData built by the check is the one kept, so
        showing the upload next builds nothing (one already kept for the same bytes stays)."""
        rid, data = store_upload(self.folder, self.boundary, files, progress)
        with self._lock:
            self._failed.pop(rid, None)
            known = rid in self._loaded
        if not known:
            self._remember(rid, data)
        return rid

    def remove(self, rid: str | None) -> bool:
        """Remove a stored upload (its files and this worker's copy); other workers find its
        folder gone at their next look. False for the shipped register or an unknown id."""
        if not rid or not REGISTER_ID.match(rid):
            return False
        existed = remove_stored(self.folder, rid)
        self._forget(rid)
        return existed

    def _mark_used(self, rid: str, folder: Path) -> None:
        now = time.monotonic()
        if now - self._touched.get(rid, -TOUCH_EVERY) >= TOUCH_EVERY:
            self._touched[rid] = now
            touch(folder)
            if len(self._touched) > 4 * store.MAX_STORED:
                self._touched.clear()

    def _forget(self, rid: str) -> None:
        with self._lock:
            dropped = self._loaded.pop(rid, None)
            self._failed.pop(rid, None)
            self._touched.pop(rid, None)
        if dropped is not None:
            dropped.release()

    def _fail(self, rid: str, why: str) -> None:
        with self._lock:
            dropped = self._loaded.pop(rid, None)
            self._failed[rid] = why
            while len(self._failed) > MAX_FAILED:
                self._failed.popitem(last=False)
        if dropped is not None:
            dropped.release()

    def _remember(self, rid: str, data: AppData) -> AppData:
        """Keep an upload built, letting go of the least recently used past MAX_IN_MEMORY (its
        caches emptied, so its memory is freed at once, not at the collector's next pass)."""
        evicted = []
        with self._lock:
            self._loaded[rid] = data
            while len(self._loaded) > MAX_IN_MEMORY:
                evicted.append(self._loaded.popitem(last=False)[1])
        for old in evicted:
            old.release()
        return data
