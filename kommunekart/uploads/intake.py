"""What an upload is before anything is read: its files' names, its id, dcc.Upload's data URLs
decoded, and the precheck that refuses (in milliseconds) what must never be read at all.

The id is the hash of the bytes alone (a workbook: its bytes; CSV files: each table's name and
bytes), so the same workbook under another file name is the same register."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from kommunekart.domain import limits
from kommunekart.domain import problem_kinds as kinds
from kommunekart.domain.register import Problem
from kommunekart.domain.schema import TABLES, WORKBOOK_SUFFIXES
from kommunekart.domain.simple_list import is_simple_csv

Files = list[tuple[str, bytes]]  # (file name as the user chose it, its bytes)
REGISTER_ID = re.compile(r"^[0-9a-f]{16}$")
TABLE_FILES = tuple(t.filename for t in TABLES)
MAX_UPLOAD_BYTES = limits.MAX_UPLOAD_BYTES  # a full register is well under 1 MB


class UploadRefusedError(Exception):
    """An upload refused before it is read (too big, not what Dash sends)."""


def decode_upload(contents: list[str], names: list[str]) -> Files:
    """dcc.Upload's data URLs as (file name, bytes); refused before decoding when together they
    are over the 20 MB limit (the browser checks first; this holds for any client)."""
    encoded = sum(len(c) - c.find(",") - 1 for c in contents)
    if encoded * 3 // 4 > MAX_UPLOAD_BYTES:
        raise UploadRefusedError(f"{limits.TOO_BIG}.")
    try:
        return [(name, base64.b64decode(content.split(",", 1)[1], validate=True))
                for content, name in zip(contents, names, strict=True)]
    except (ValueError, IndexError, TypeError) as err:
        raise UploadRefusedError("Filene kom ikke fram slik nettleseren sender dem; prøv igjen.") from err


def safe_name(name: str) -> str:
    """The file's own name (no folders), so messages name what the user chose."""
    base = Path(name.replace("\\", "/")).name.strip()
    return re.sub(r"[^\w.\- æøåÆØÅ]", "_", base) or "register"


def is_workbook(name: str) -> bool:
    return name.lower().endswith(WORKBOOK_SUFFIXES)


def table_file(name: str) -> str:
    """A CSV file's table file name, whatever its case («Arrangements.CSV»)."""
    lower = name.lower()
    return next((t for t in TABLE_FILES if t == lower), name)


def stored_name(name: str) -> str:
    """The name a file is kept under: a workbook's own (safe) name, a CSV file its table's."""
    safe = safe_name(name)
    return safe if is_workbook(safe) else table_file(safe)


def register_id(files: Files) -> str:
    """The id of an upload: the hash of a workbook's bytes alone, or of each CSV table's name
    and bytes (the name says which table the file is)."""
    if len(files) == 1 and is_workbook(files[0][0]):
        return hashlib.sha256(files[0][1]).hexdigest()[:16]
    digest = hashlib.sha256()
    for name, content in sorted((table_file(safe_name(n)), c) for n, c in files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()[:16]


def upload_label(files: Files) -> str:
    """The files of an upload as a RegisterError names them."""
    return ", ".join(safe_name(n) for n, _ in files)


def check_upload_names(files: Files) -> list[Problem]:
    """One XLSX workbook, or CSV files named as the register's tables; nothing too big, nothing
    in a format we do not read (.xls, .ods: «formatet støttes ikke – lagre som .xlsx»)."""
    names = [safe_name(n) for n, _ in files]
    total = sum(len(c) for _, c in files)
    if total > limits.MAX_UPLOAD_BYTES:
        return [Problem(", ".join(names), None, None,
                        f"{limits.TOO_BIG}: {limits.size_text(total)}", kind=kinds.TOO_BIG)]
    unsupported = [Problem(n, None, None, why, kind=kinds.FORMAT)
                   for n, (_, content) in zip(names, files, strict=True)
                   if (why := limits.sniff_unsupported(content[:256], n))]
    if unsupported:
        return unsupported
    workbooks = [n for n in names if is_workbook(n)]
    if workbooks and len(names) > 1:
        return [Problem(", ".join(names), None, None,
                        "last inn én XLSX-arbeidsbok, eller CSV-filene alene")]
    if workbooks or is_simple_list(files):
        return []
    problems = [Problem(n, None, None, f"ukjent fil (forventet en XLSX-arbeidsbok eller CSV-filer "
                                       f"med navnene {', '.join(TABLE_FILES)})")
                for n in names if table_file(n) not in TABLE_FILES]
    tables = [table_file(n) for n in names]
    problems += [Problem(t, None, None, "filen er valgt to ganger", kind=kinds.DUPLICATE)
                 for t in sorted({t for t in tables if tables.count(t) > 1})]
    return problems


def is_simple_list(files: Files) -> bool:
    """One CSV file, not named as a register table, whose top rows hold a simple list's headers
    (kommunekart.domain.simple_list): read as a simple list."""
    if len(files) != 1:
        return False
    name = safe_name(files[0][0])
    return (name.lower().endswith(".csv") and table_file(name) not in TABLE_FILES
            and is_simple_csv(files[0][1]))


def precheck(files: Files) -> list[Problem]:
    """What can be told of an upload without reading it, in milliseconds: its names, size and
    format, and a workbook's unpacked size, rows and cells from the zip's directory (a zip bomb
    ends here). Run before an upload waits for its turn to be checked."""
    problems = check_upload_names(files)
    if problems:
        return problems
    return [Problem(safe_name(name), None, None, why, kind=kinds.workbook_kind(why))
            for name, content in files
            if is_workbook(name) for why in limits.workbook_problems(content, name)]
