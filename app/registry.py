"""The registers the dashboard can show: the shipped one (or $KOMMUNEKART_REGISTER) and any a
user uploads. An upload is validated whole before anything changes; a valid one is kept on disk
under its content hash, so a link to it works in every worker and after a restart."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections import OrderedDict
from pathlib import Path
from threading import Lock

from app.paths import PROJECT_ROOT
from app.register import Problem, RegisterError, load_register
from app.schema import TABLES, WORKBOOK_SUFFIXES
from app.viewmodel import AppData

UPLOAD_ENV = "KOMMUNEKART_UPLOAD_DIR"
REGISTER_ID = re.compile(r"^[0-9a-f]{16}$")
TABLE_FILES = tuple(t.filename for t in TABLES)
MAX_IN_MEMORY = 8


def upload_dir() -> Path:
    return Path(os.environ.get(UPLOAD_ENV) or PROJECT_ROOT / "uploads")


def _safe_name(name: str) -> str:
    """The file's own name (no folders), so messages name what the user chose."""
    base = Path(name.replace("\\", "/")).name.strip()
    return re.sub(r"[^\w.\- æøåÆØÅ]", "_", base) or "register"


def register_id(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, content in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()[:16]


def check_upload_names(files: list[tuple[str, bytes]]) -> list[Problem]:
    """One XLSX workbook, or CSV files named as the register's tables."""
    names = [_safe_name(n) for n, _ in files]
    workbooks = [n for n in names if n.lower().endswith(WORKBOOK_SUFFIXES)]
    if workbooks and len(names) > 1:
        return [Problem(", ".join(names), None, None,
                        "last inn én XLSX-arbeidsbok, eller CSV-filene alene")]
    if workbooks:
        return []
    return [Problem(n, None, None, f"ukjent fil (forventet en XLSX-arbeidsbok eller CSV-filer "
                                   f"med navnene {', '.join(TABLE_FILES)})")
            for n in names if n not in TABLE_FILES]


def _register_path(folder: Path) -> Path:
    """The workbook in an upload folder, or the folder itself when it holds CSV files."""
    books = sorted(p for p in folder.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES)
    return books[0] if books else folder


class Registries:
    """AppData per register id: None is the default register; uploads are found by id."""

    def __init__(self, default: AppData, boundary: str, folder: Path | None = None) -> None:
        self.default = default
        self.boundary = boundary
        self.folder = folder or upload_dir()
        self._loaded: OrderedDict[str, AppData] = OrderedDict()
        self._lock = Lock()

    def get(self, rid: str | None) -> AppData | None:
        """The AppData of a register id; None for an id that is malformed or not on disk."""
        if not rid:
            return self.default
        if not REGISTER_ID.match(rid):
            return None
        with self._lock:
            if rid in self._loaded:
                self._loaded.move_to_end(rid)
                return self._loaded[rid]
        folder = self.folder / rid
        if not folder.is_dir():
            return None
        return self._remember(rid, AppData(load_register(_register_path(folder)), self.boundary,
                                           register_id=rid))

    def of(self, view: dict | None) -> AppData:
        """The register a page's stored view names (every callback looks it up here)."""
        return self.get((view or {}).get("register")) or self.default

    def resolve(self, rid: str | None) -> tuple[AppData, list[str]]:
        """The register a link names (every page looks it up here), and a notice when it names
        one that is not there: the shipped register is shown instead, never an error page."""
        data = self.get(rid)
        if data is None:
            return self.default, [f"Fant ikke registeret «{str(rid)[:40]}» fra lenken; viser "
                                  "standardregisteret."]
        return data, []

    def add_upload(self, files: list[tuple[str, bytes]]) -> str:
        """Validate an upload and keep it; raise RegisterError naming every problem, leaving
        everything already loaded as it was."""
        problems = check_upload_names(files)
        if problems:
            raise RegisterError(", ".join(_safe_name(n) for n, _ in files), problems)
        rid = register_id([(_safe_name(n), c) for n, c in files])
        if self.get(rid) is not None:
            return rid
        self.folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".upload-", dir=self.folder))
        try:
            for name, content in files:
                (staging / _safe_name(name)).write_bytes(content)
            data = AppData(load_register(_register_path(staging)), self.boundary, register_id=rid)
            target = self.folder / rid
            if not target.exists():
                staging.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self._remember(rid, data)
        return rid

    def _remember(self, rid: str, data: AppData) -> AppData:
        with self._lock:
            self._loaded[rid] = data
            while len(self._loaded) > MAX_IN_MEMORY:
                self._loaded.popitem(last=False)
        return data
