"""The problems of the last refused uploads, kept on disk so «Last ned alle feilene (CSV)» can
give them back (web/files.py, `/last-ned/problemer.csv?id=<upload id>`).

Why on disk: the check runs in a background job's process and the download is asked of any web
worker, so nothing in one process's memory would do; and a page holding every problem as a
data: URL would carry megabytes for a 20 000-row sheet. Kept under the upload's id (the hash of
its bytes, intake.register_id), so the same files refused again replace their own entry, in
`<upload dir>/problemer/<id>.json.gz` (JSON of the problems and the files' names, gzipped: a
long list of similar messages packs small). No state per user: at most MAX_KEPT lists are kept,
the oldest removed first, and the id is only known to whoever sent those bytes."""

from __future__ import annotations

import gzip
import json
import logging
import os
import tempfile
from contextlib import suppress
from pathlib import Path

from kommunekart.domain.problems import Problem
from kommunekart.uploads.intake import REGISTER_ID

log = logging.getLogger(__name__)
FOLDER = "problemer"  # under the upload store's folder
MAX_KEPT = 40  # refused uploads whose problems can still be downloaded
SUFFIX = ".json.gz"


def _path(folder: Path, pid: str) -> Path:
    return folder / FOLDER / f"{pid}{SUFFIX}"


def keep_problems(folder: Path, pid: str, names: str, problems: list[Problem]) -> bool:
    """Keep a refused upload's problems under its id (written whole, then renamed, so a reader
    never sees half a file); whether they were kept (a full disk only loses the CSV link)."""
    if not REGISTER_ID.match(pid):
        return False
    body = {"names": names, "problems": [[p.where, p.row, p.column, p.message, p.suggestion,
                                          p.kind] for p in problems]}
    target = _path(folder, pid)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=SUFFIX)
        with os.fdopen(handle, "wb") as out:
            out.write(gzip.compress(json.dumps(body, ensure_ascii=False).encode(), 6))
        Path(temp).replace(target)
    except OSError:
        log.exception("could not keep the problems of upload %s", pid)
        return False
    _prune(target.parent, keep=target)
    return True


def kept_problems(folder: Path, pid: str) -> tuple[str, list[Problem]] | None:
    """(the files' names, every problem) of a refused upload kept under `pid`; None when that id
    is malformed, was never kept, or has been removed to make room."""
    if not REGISTER_ID.match(pid or ""):
        return None
    try:
        body = json.loads(gzip.decompress(_path(folder, pid).read_bytes()))
        return str(body["names"]), [Problem(str(w), None if r is None else int(r),
                                            None if c is None else str(c), str(m),
                                            None if s is None else str(s), str(k))
                                    for w, r, c, m, s, k in body["problems"]]
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None


def _prune(folder: Path, keep: Path) -> None:
    """At most MAX_KEPT lists: the least recently written go (and left-over temporary files)."""
    with suppress(OSError):
        entries = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [p for p in entries if p != keep][MAX_KEPT - 1:]:
            old.unlink(missing_ok=True)
