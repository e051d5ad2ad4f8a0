"""What the server accepts from an upload, checked before anything is parsed: the request body,
the files' size, and for an XLSX workbook (a zip of XML files) its unpacked size, entries, rows
and cells read from the zip's directory and each sheet's `<dimension>`, so a zip bomb is refused
in milliseconds. The loader enforces the same row and cell limits while it reads, in case a
sheet's dimension is missing or lies. A register's tables are a few thousand rows at most (the
shipped one: 5 000 cells, 425 KB unpacked), so every limit leaves ample room."""

from __future__ import annotations

import io
import math
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

MB = 1024 * 1024
MAX_UPLOAD_BYTES = 20 * MB  # the files of one upload together
# Dash sends an upload as base64 in a JSON body: 4/3 of the files plus the request around them.
MAX_REQUEST_BYTES = 4 * math.ceil(MAX_UPLOAD_BYTES / 3) + 1 * MB
MAX_UNPACKED_BYTES = 25 * MB  # an XLSX's XML together (the shipped register: 0.4 MB)
MAX_ZIP_ENTRIES = 500
MAX_ROWS = 20_000  # per table (sheet or CSV file); the shipped register's largest has 580
MAX_CELLS = 250_000  # all tables together; the shipped register has 5 000
MAX_SHEET_ROWS = 5 * MAX_ROWS  # rows of a sheet read at all, empty ones included
TIME_LIMIT_ENV = "KOMMUNEKART_UPLOAD_TIME_LIMIT"
DEFAULT_TIME_LIMIT = 30.0  # seconds a check of an upload may take before it is stopped

TOO_BIG = "Filen er for stor (over 20 MB)"
UNSUPPORTED = "formatet støttes ikke – lagre som .xlsx"
OLD_FORMATS = (".xls", ".ods", ".numbers", ".xlsb")  # what officials might save instead
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 (.xls)
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\"")
SHEET_ENTRY = re.compile(r"^xl/worksheets/[^/]+\.xml$")
DIMENSION_PEEK = 4096  # bytes of a sheet's XML the dimension is looked for in (it comes first)


def time_limit() -> float:
    """Seconds a check may run ($KOMMUNEKART_UPLOAD_TIME_LIMIT, default 30)."""
    try:
        return max(0.1, float(os.environ.get(TIME_LIMIT_ENV) or DEFAULT_TIME_LIMIT))
    except ValueError:
        return DEFAULT_TIME_LIMIT


def size_text(n: int) -> str:
    """Bytes as a Norwegian size: «25,3 MB», «812 kB»."""
    if n >= MB:
        return f"{n / MB:.1f} MB".replace(".", ",")
    return f"{max(1, round(n / 1024))} kB"


def number_text(n: int) -> str:
    """A count with Norwegian thousands spacing: 1 000 000."""
    return f"{n:,}".replace(",", " ")


def column_number(letters: str) -> int:
    """Excel's column letters as a number: A → 1, Z → 26, AA → 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


@dataclass(frozen=True)
class SheetSize:
    entry: str  # the sheet's file in the zip
    rows: int
    cells: int


def sheet_size(head: bytes, entry: str) -> SheetSize | None:
    """A sheet's declared size from the start of its XML, or None when it declares none."""
    match = DIMENSION.search(head)
    if not match:
        return None
    col0, row0, col1, row1 = match.groups()
    first_col, first_row = column_number(col0.decode()), int(row0)
    last_col, last_row = (column_number(col1.decode()), int(row1)) if col1 else (first_col, first_row)
    rows = max(0, last_row - first_row + 1)
    return SheetSize(entry, rows, rows * max(0, last_col - first_col + 1))


def sniff_unsupported(head: bytes, name: str) -> str | None:
    """A file in a format we do not read, by its first bytes or its name: «formatet støttes
    ikke – lagre som .xlsx», with what it is when we can tell."""
    lower = name.lower()
    if head.startswith(OLE2_MAGIC):
        return f"{UNSUPPORTED} (filen er en gammel Excel-fil, .xls)"
    if head.startswith(b"PK") and ODS_MIMETYPE in head[:200]:
        return f"{UNSUPPORTED} (filen er et OpenDocument-regneark, .ods)"
    if lower.endswith(OLD_FORMATS):
        return f"{UNSUPPORTED} (filen er {Path(lower).suffix})"
    return None


def workbook_problems(source: str | Path | bytes | IO[bytes], name: str) -> list[str]:
    """Everything about an XLSX that makes it too big to parse, read from the zip's directory and
    each sheet's first bytes (never the whole sheet): [] when it may be parsed."""
    handle = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with zipfile.ZipFile(handle) as book:
            entries = book.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                return [f"arbeidsboka har {number_text(len(entries))} deler (grensen er "
                        f"{number_text(MAX_ZIP_ENTRIES)}); den ble ikke pakket ut"]
            unpacked = sum(e.file_size for e in entries)
            if unpacked > MAX_UNPACKED_BYTES:
                return [f"arbeidsboka pakker seg ut til {size_text(unpacked)} (grensen er "
                        f"{size_text(MAX_UNPACKED_BYTES)}); den ble ikke pakket ut"]
            names = sheet_names(book)
            sizes = []
            for entry in entries:
                if SHEET_ENTRY.match(entry.filename):
                    with book.open(entry) as sheet:
                        size = sheet_size(sheet.read(DIMENSION_PEEK),
                                          names.get(entry.filename, Path(entry.filename).name))
                    if size:
                        sizes.append(size)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError,
            RuntimeError, ValueError) as err:
        return [f"kan ikke leses som XLSX-arbeidsbok (ikke en gyldig zip-fil: {plain(err)})"]
    return size_problems(sizes)


def size_problems(sizes: list[SheetSize]) -> list[str]:
    problems = [f"arket «{s.entry}» har {number_text(s.rows)} rader (grensen er "
                f"{number_text(MAX_ROWS)} per tabell)" for s in sizes if s.rows > MAX_ROWS]
    cells = sum(s.cells for s in sizes)
    if cells > MAX_CELLS:
        problems.append(f"arbeidsboka har {number_text(cells)} celler (grensen er "
                        f"{number_text(MAX_CELLS)})")
    return problems


TAG = re.compile(rb"<((?:\w+:)?(?:sheet|Relationship))\s([^>]*)>")
ATTRIBUTE = re.compile(rb"([\w:]+)=\"([^\"]*)\"")
SMALL_PART = 1 * MB  # workbook.xml and its relations are read whole only when this small


def _tags(data: bytes, tag: bytes) -> list[dict[bytes, bytes]]:
    return [dict(ATTRIBUTE.findall(attrs)) for name, attrs in TAG.findall(data)
            if name.split(b":")[-1] == tag]


def sheet_names(book: zipfile.ZipFile) -> dict[str, str]:
    """{sheet's file in the zip: its name in Excel}, from xl/workbook.xml and its relations
    (read with a pattern, not an XML parser: only names are wanted)."""
    def small(name: str) -> bytes:
        try:
            info = book.getinfo(name)
        except KeyError:
            return b""
        return book.read(info) if info.file_size <= SMALL_PART else b""

    targets = {r.get(b"Id"): r.get(b"Target", b"")
               for r in _tags(small("xl/_rels/workbook.xml.rels"), b"Relationship")}
    out = {}
    for sheet in _tags(small("xl/workbook.xml"), b"sheet"):
        target = targets.get(sheet.get(b"r:id"), b"").decode(errors="replace").lstrip("/")
        entry = target if target.startswith("xl/") else f"xl/{target}"
        out[entry] = sheet.get(b"name", b"").decode(errors="replace")
    return out


def plain(err: BaseException) -> str:
    """An exception's text without any file system path in it."""
    text = str(err)
    return re.sub(r"(?<![\w.])/[^\s'\"]+", "…", text)[:200] or type(err).__name__


def install_request_limit(server: Any) -> None:
    """The hard limit on every request body (Flask's MAX_CONTENT_LENGTH: werkzeug refuses a
    larger body before reading it), answered 413 with a Norwegian sentence. The browser never
    gets here with an upload: assets/upload.js stops a file over 20 MB before it is sent."""
    from flask import Response

    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    def too_large(_error: Exception) -> Response:
        return Response(f"{TOO_BIG}. Kommunekart tar imot høyst {size_text(MAX_UPLOAD_BYTES)} "
                        "filer per opplasting.\n", status=413, mimetype="text/plain")

    server.register_error_handler(413, too_large)
