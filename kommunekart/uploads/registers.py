"""The registers the dashboard can show: the shipped one (or $KOMMUNEKART_REGISTER) and any a
user uploads. An upload is validated whole before anything changes; a valid one is kept on disk
under the hash of its bytes, so a link to it works in every worker and after a restart.

Storage: `<upload dir>/<id>/` holds the files as uploaded. The id is the hash of the bytes alone
(a workbook: its bytes; CSV files: each table's name and bytes), so the same workbook under
another file name is the same register, stored once. At most MAX_STORED registers and
MAX_STORED_BYTES are kept; beyond that the least recently used go first (a folder's mtime is when
it was last opened). A stored register that has vanished, or that no longer passes the checks
(a newer version of them), is never an error page: the shipped register is shown with a notice.
No message names a server path."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from threading import Lock

from kommunekart.domain import limits
from kommunekart.domain.register import Problem, Register, RegisterError, check_register
from kommunekart.domain.schema import TABLES, WORKBOOK_SUFFIXES
from kommunekart.geo.geometry import MissingGeometryError
from kommunekart.paths import PROJECT_ROOT
from kommunekart.views.viewmodel import AppData

UPLOAD_ENV = "KOMMUNEKART_UPLOAD_DIR"
REGISTER_ID = re.compile(r"^[0-9a-f]{16}$")
TABLE_FILES = tuple(t.filename for t in TABLES)
MAX_IN_MEMORY = 8  # uploads kept built in each worker (the shipped register is always kept)
MAX_STORED = 40  # uploads kept on disk
MAX_STORED_BYTES = 200 * limits.MB
MAX_FAILED = 64  # remembered ids of stored registers that no longer pass, so they are not re-read
TOUCH_EVERY = 60.0  # seconds between marking one register as used (its folder's mtime)
STAGING_PREFIX = ".upload-"
STALE_STAGING = 3600.0  # an unfinished upload's folder older than this is left over: removed
Progress = Callable[[str], None]


def upload_dir() -> Path:
    return Path(os.environ.get(UPLOAD_ENV) or PROJECT_ROOT / "uploads")


def _safe_name(name: str) -> str:
    """The file's own name (no folders), so messages name what the user chose."""
    base = Path(name.replace("\\", "/")).name.strip()
    return re.sub(r"[^\w.\- æøåÆØÅ]", "_", base) or "register"


def _is_workbook(name: str) -> bool:
    return name.lower().endswith(WORKBOOK_SUFFIXES)


def _table_file(name: str) -> str:
    """A CSV file's table file name, whatever its case («Arrangements.CSV»)."""
    lower = name.lower()
    return next((t for t in TABLE_FILES if t == lower), name)


def register_id(files: list[tuple[str, bytes]]) -> str:
    """The id of an upload: the hash of a workbook's bytes alone, or of each CSV table's name
    and bytes (the name says which table the file is)."""
    if len(files) == 1 and _is_workbook(files[0][0]):
        return hashlib.sha256(files[0][1]).hexdigest()[:16]
    digest = hashlib.sha256()
    for name, content in sorted((_table_file(_safe_name(n)), c) for n, c in files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()[:16]


def check_upload_names(files: list[tuple[str, bytes]]) -> list[Problem]:
    """One XLSX workbook, or CSV files named as the register's tables; nothing too big, nothing
    in a format we do not read (.xls, .ods: «formatet støttes ikke – lagre som .xlsx»)."""
    names = [_safe_name(n) for n, _ in files]
    total = sum(len(c) for _, c in files)
    if total > limits.MAX_UPLOAD_BYTES:
        return [Problem(", ".join(names), None, None,
                        f"{limits.TOO_BIG}: {limits.size_text(total)}")]
    unsupported = [Problem(n, None, None, why) for n, (_, content) in zip(names, files, strict=True)
                   if (why := limits.sniff_unsupported(content[:256], n))]
    if unsupported:
        return unsupported
    workbooks = [n for n in names if _is_workbook(n)]
    if workbooks and len(names) > 1:
        return [Problem(", ".join(names), None, None,
                        "last inn én XLSX-arbeidsbok, eller CSV-filene alene")]
    if workbooks:
        return []
    problems = [Problem(n, None, None, f"ukjent fil (forventet en XLSX-arbeidsbok eller CSV-filer "
                                       f"med navnene {', '.join(TABLE_FILES)})")
                for n in names if _table_file(n) not in TABLE_FILES]
    tables = [_table_file(n) for n in names]
    problems += [Problem(t, None, None, "filen er valgt to ganger")
                 for t in sorted({t for t in tables if tables.count(t) > 1})]
    return problems


def precheck(files: list[tuple[str, bytes]]) -> list[Problem]:
    """What can be told of an upload without reading it, in milliseconds: its names, size and
    format, and a workbook's unpacked size, rows and cells from the zip's directory (a zip bomb
    ends here). Run before an upload waits for its turn to be checked."""
    problems = check_upload_names(files)
    if problems:
        return problems
    return [Problem(_safe_name(name), None, None, why) for name, content in files
            if _is_workbook(name) for why in limits.workbook_problems(content, name)]


def _register_path(folder: Path) -> Path:
    """The workbook in an upload folder, or the folder itself when it holds CSV files."""
    books = sorted(p for p in folder.iterdir() if _is_workbook(p.name))
    return books[0] if books else folder


def _folder_bytes(folder: Path) -> int:
    try:
        return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    except OSError:
        return 0


def build(path: Path, boundary: str, rid: str | None, progress: Progress | None = None) -> AppData:
    """A stored or staged register checked (tables, then boundaries) and made ready to draw;
    RegisterError names every problem (never a server path: the problems name files and sheets)."""
    register = check_register(path, boundary, progress)
    if progress:
        progress("kontrollerer regionene og kartet")
    try:
        return AppData(register, boundary, register_id=rid)
    except MissingGeometryError as err:  # check_register has said it; kept as a guard
        raise RegisterError(path.name, [Problem(path.name, None, None, str(err))]) from None


def store_upload(folder: Path, boundary: str, files: list[tuple[str, bytes]],
                 progress: Progress | None = None) -> tuple[str, AppData | None]:
    """Validate an upload and keep it under its id: (id, its AppData, or None when the same
    bytes were stored before: that copy is kept and marked used). Raises RegisterError naming
    every problem; nothing is stored then. The upload is always checked afresh, so the same bytes
    sent again are judged by today's checks. Touches no in-memory state, so it runs the same in
    a background job's process."""
    problems = precheck(files)
    if problems:
        raise RegisterError(", ".join(_safe_name(n) for n, _ in files), problems)
    rid = register_id(files)
    target = folder / rid
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    try:
        for name, content in files:
            safe = _safe_name(name)
            (staging / (safe if _is_workbook(safe) else _table_file(safe))).write_bytes(content)
        data = build(_register_path(staging), boundary, rid, progress)
        if target.is_dir():  # the same bytes, stored before (under whatever file name)
            _touch(target)
            return rid, None
        if progress:
            progress("lagrer")
        try:
            staging.rename(target)
        except OSError:  # stored meanwhile by another upload of the same bytes
            if not target.is_dir():
                raise
            return rid, None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    enforce_caps(folder, keep=rid)
    return rid, AppData(_moved(data.register, staging, target), boundary, register_id=rid)


def _moved(register: Register, staging: Path, target: Path) -> Register:
    """The register with its source in its stored folder (the staging folder is gone)."""
    return replace(register, source=register.source.replace(str(staging), str(target), 1))


def _touch(folder: Path) -> None:
    with suppress(OSError):
        os.utime(folder)


def stored(folder: Path) -> list[Path]:
    """The stored registers, least recently used first."""
    try:
        entries = [p for p in folder.iterdir() if p.is_dir() and REGISTER_ID.match(p.name)]
    except OSError:
        return []
    return sorted(entries, key=lambda p: (_mtime(p), p.name))


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def enforce_caps(folder: Path, keep: str | None = None, max_count: int | None = None,
                 max_bytes: int | None = None) -> list[str]:
    """Remove the least recently used stored registers until at most `max_count` (MAX_STORED)
    and `max_bytes` (MAX_STORED_BYTES) are kept, never `keep`; also left-over staging folders.
    Returns the ids removed."""
    max_count = MAX_STORED if max_count is None else max_count
    max_bytes = MAX_STORED_BYTES if max_bytes is None else max_bytes
    now = time.time()
    for left in folder.glob(f"{STAGING_PREFIX}*"):
        if now - _mtime(left) > STALE_STAGING:
            shutil.rmtree(left, ignore_errors=True)
    entries = stored(folder)
    sizes = {p.name: _folder_bytes(p) for p in entries}
    total = sum(sizes.values())
    removed = []
    for path in entries:
        if len(entries) - len(removed) <= max_count and total <= max_bytes:
            break
        if path.name == keep:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
        total -= sizes[path.name]
    return removed


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
        try:
            data = build(_register_path(folder), self.boundary, rid)
        except RegisterError as err:
            self._fail(rid, err.problems[0] if err.problems else None, len(err.problems))
            return None
        except Exception as err:  # vanished while being read, or worse: a notice, never a 500
            if folder.is_dir():
                self._fail(rid, Problem(rid, None, None, f"kunne ikke leses: {type(err).__name__}"), 1)
            return None
        return self._remember(rid, data)

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

    def add_upload(self, files: list[tuple[str, bytes]], progress: Progress | None = None) -> str:
        """Validate an upload and keep it; raise RegisterError naming every problem, leaving
        everything already loaded as it was."""
        rid, data = store_upload(self.folder, self.boundary, files, progress)
        self._forget_failure(rid)
        if data is not None:
            self._remember(rid, data)
        return rid

    def remove(self, rid: str | None) -> bool:
        """Remove a stored upload (its files and this worker's copy); other workers find its
        folder gone at their next look. False for the shipped register or an unknown id."""
        if not rid or not REGISTER_ID.match(rid):
            return False
        folder = self.folder / rid
        existed = folder.is_dir()
        shutil.rmtree(folder, ignore_errors=True)
        self._forget(rid)
        return existed

    def _mark_used(self, rid: str, folder: Path) -> None:
        now = time.monotonic()
        if now - self._touched.get(rid, -TOUCH_EVERY) >= TOUCH_EVERY:
            self._touched[rid] = now
            _touch(folder)
            if len(self._touched) > 4 * MAX_STORED:
                self._touched.clear()

    def _forget(self, rid: str) -> None:
        with self._lock:
            dropped = self._loaded.pop(rid, None)
            self._failed.pop(rid, None)
            self._touched.pop(rid, None)
        if dropped is not None:
            dropped.release()

    def _forget_failure(self, rid: str) -> None:
        with self._lock:
            self._failed.pop(rid, None)

    def _fail(self, rid: str, problem: Problem | None, count: int) -> None:
        why = str(problem) if problem else "ukjent feil"
        if count > 1:
            why += f" og {count - 1} feil til"
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
