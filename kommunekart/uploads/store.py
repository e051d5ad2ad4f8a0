"""The on-disk store of uploaded registers: a valid upload is kept under its id (the hash of its
bytes, kommunekart.uploads.intake), so a link to it works in every worker and after a restart.

`<upload dir>/<id>/` holds the files as uploaded. At most MAX_STORED registers and
MAX_STORED_BYTES are kept; beyond that the least recently used go first (a folder's mtime is when
it was last opened). A stored register that has vanished, or that no longer passes the checks
(a newer version of them), is told apart from one that opens, so the caller can show the shipped
register with a notice. No message names a server path."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

from kommunekart.domain import limits
from kommunekart.domain.register import Problem, Register, RegisterError, check_register
from kommunekart.geo.geometry import MissingGeometryError
from kommunekart.paths import UPLOAD_DIR
from kommunekart.uploads.intake import (
    REGISTER_ID,
    Files,
    is_simple_list,
    is_workbook,
    precheck,
    register_id,
    stored_name,
    upload_label,
)
from kommunekart.views.viewmodel import AppData

UPLOAD_ENV = "KOMMUNEKART_UPLOAD_DIR"
MAX_STORED = 40  # uploads kept on disk
MAX_STORED_BYTES = 200 * limits.MB
STAGING_PREFIX = ".upload-"
STALE_STAGING = 3600.0  # an unfinished upload's folder older than this is left over: removed
Progress = Callable[[str], None]


def upload_dir() -> Path:
    return Path(os.environ.get(UPLOAD_ENV) or UPLOAD_DIR)


def register_path(folder: Path) -> Path:
    """The workbook in an upload folder, its one simple list (a CSV file not named as a table),
    or the folder itself when it holds the tables' CSV files."""
    books = sorted(p for p in folder.iterdir() if is_workbook(p.name))
    csvs = [p for p in folder.iterdir() if p.suffix.lower() == ".csv"]
    lists = [p for p in csvs if len(csvs) == 1 and is_simple_list([(p.name, p.read_bytes())])]
    return books[0] if books else lists[0] if len(lists) == 1 else folder


def ready(register: Register, boundary: str, rid: str | None, where: str) -> AppData:
    """A checked register made ready to draw (its one AppData); `where` names it in the problem
    (a file or folder name, never a server path)."""
    try:
        return AppData(register, boundary, register_id=rid)
    except MissingGeometryError as err:  # check_register has said it; kept as a guard
        raise RegisterError(where, [Problem(where, None, None, str(err))]) from None


def build(path: Path, boundary: str, rid: str | None, progress: Progress | None = None) -> AppData:
    """A stored or staged register checked (tables, then boundaries) and made ready to draw;
    RegisterError names every problem (never a server path: the problems name files and sheets)."""
    register = check_register(path, boundary, progress)
    if progress:
        progress("kontrollerer regionene og kartet")
    return ready(register, boundary, rid, path.name)


def store_upload(folder: Path, boundary: str, files: Files,
                 progress: Progress | None = None) -> tuple[str, AppData]:
    """Validate an upload and keep it under its id: (id, its AppData, built once: from the staged
    files, with the stored copy as its source). When the same bytes were stored before, that copy
    is kept and marked used. Raises RegisterError naming every problem; nothing is stored then.
    The upload is always checked afresh, so the same bytes sent again are judged by today's
    checks. Touches no in-memory state, so it runs the same in a background job's process."""
    problems = precheck(files)
    if problems:
        raise RegisterError(upload_label(files), problems)
    rid = register_id(files)
    target = folder / rid
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    try:
        for name, content in files:
            (staging / stored_name(name)).write_bytes(content)
        staged = register_path(staging)
        register = check_register(staged, boundary, progress)
        if progress:
            progress("kontrollerer regionene og kartet")
        before = target.is_dir()  # the same bytes, stored before (under whatever file name)
        source = str(register_path(target)) if before else _moved(register.source, staging, target)
        data = ready(replace(register, source=source), boundary, rid, staged.name)
        if before:
            touch(target)
            return rid, data
        if progress:
            progress("lagrer")
        try:
            staging.rename(target)
        except OSError:  # stored meanwhile by another upload of the same bytes
            if not target.is_dir():
                raise
            return rid, data
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    enforce_caps(folder, keep=rid)
    return rid, data


def _moved(source: str, staging: Path, target: Path) -> str:
    """The register's source in its stored folder (the staging folder goes)."""
    return source.replace(str(staging), str(target), 1)


def open_stored(folder: Path, boundary: str, rid: str) -> AppData | str | None:
    """A stored register opened: its AppData; or why it no longer passes the checks (a str:
    its first problem and how many more); or None when it vanished while being read."""
    try:
        return build(register_path(folder), boundary, rid)
    except RegisterError as err:
        return failure_text(err.problems[0] if err.problems else None, len(err.problems))
    except Exception as err:  # vanished while being read, or worse: a notice, never a 500
        if folder.is_dir():
            return failure_text(Problem(rid, None, None, f"kunne ikke leses: {type(err).__name__}"), 1)
        return None


def failure_text(problem: Problem | None, count: int) -> str:
    why = str(problem) if problem else "ukjent feil"
    if count > 1:
        why += f" og {count - 1} feil til"
    return why


def touch(folder: Path) -> None:
    """Mark a stored register as used (its folder's mtime orders the eviction)."""
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


def _folder_bytes(folder: Path) -> int:
    try:
        return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    except OSError:
        return 0


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


def remove_stored(folder: Path, rid: str) -> bool:
    """Remove a stored register's files; whether it was there."""
    target = folder / rid
    existed = target.is_dir()
    shutil.rmtree(target, ignore_errors=True)
    return existed
