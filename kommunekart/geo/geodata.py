"""Boundary files: pinned in geodata/manifest.json, fetched once, proven by SHA-256, cached.

The files are never committed (licence and size). Everything that reads them goes through
`boundary_path`, which only returns a file whose SHA-256 matches the manifest, so a truncated,
tampered or stale file can never reach the map. Downloads go to a temporary file next to the
cache and are renamed into place only after they verify: a failed download never replaces a good
file. `KOMMUNEKART_GEODATA_DIR` points at a folder holding the files (CI: ../shared/geodata) and
is used instead of the network; its files are verified the same way.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from kommunekart.paths import GEODATA_CACHE_DIR, GEODATA_DIR

ENV_VAR = "KOMMUNEKART_GEODATA_DIR"
MANIFEST_PATH = GEODATA_DIR / "manifest.json"
CACHE_DIR = GEODATA_CACHE_DIR  # geodata/cache in a checkout, the per-user folder when installed
CHUNK = 64 * 1024
USER_AGENT = "kommunekart (+geodata/manifest.json)"


class GeodataError(Exception):
    """A boundary file is missing, could not be fetched, or does not match its SHA-256."""


@dataclass(frozen=True)
class GeoFile:
    """One manifest entry: where the file comes from and how to prove it is the right one."""

    name: str
    url: str
    sha256: str
    licence: str
    credit: str
    size: int | None = None


def load_manifest(path: Path = MANIFEST_PATH) -> tuple[GeoFile, ...]:
    """Read the manifest; a malformed entry fails here rather than halfway through a download."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        return tuple(
            GeoFile(
                name=item["name"],
                url=item["url"],
                sha256=item["sha256"].lower(),
                licence=item["licence"],
                credit=item["credit"],
                size=item.get("size"),
            )
            for item in raw["files"]
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise GeodataError(f"Kunne ikke lese manifestet {path}: {err}") from err


def manifest_entry(name: str, manifest_path: Path = MANIFEST_PATH) -> GeoFile:
    """The manifest entry for `name`; unknown names are a programming error worth naming."""
    entries = {entry.name: entry for entry in load_manifest(manifest_path)}
    if name not in entries:
        known = ", ".join(sorted(entries))
        raise GeodataError(f"{name} står ikke i manifestet {manifest_path} (kjente filer: {known})")
    return entries[name]


def credits(manifest_path: Path = MANIFEST_PATH) -> list[str]:
    """Distinct credit lines the map must show, in manifest order."""
    return list(dict.fromkeys(entry.credit for entry in load_manifest(manifest_path)))


def env_source_dir() -> Path | None:
    """The folder named by KOMMUNEKART_GEODATA_DIR, or None when unset or empty."""
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value).expanduser() if value else None


_HASHES: dict[tuple[str, int, int], str] = {}


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, memoised by path, mtime and size so each file is hashed once per
    process; any rewrite changes mtime or size and forces a fresh hash."""
    stat = Path(path).stat()
    key = (str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _HASHES:
        digest = hashlib.sha256()
        with Path(path).open("rb") as handle:
            for block in iter(lambda: handle.read(CHUNK), b""):
                digest.update(block)
        _HASHES[key] = digest.hexdigest()
    return _HASHES[key]


def mismatch_message(entry: GeoFile, actual: str, where: str) -> str:
    """Name the file and both sums: the only way to tell a tampered file from a stale manifest."""
    return (
        f"{entry.name}: feil SHA-256 ({where}).\n"
        f"  forventet: {entry.sha256}\n"
        f"  faktisk:   {actual}"
    )


def verify_file(path: Path, entry: GeoFile) -> Path:
    """Return `path` if its SHA-256 matches the manifest, else raise naming both sums."""
    actual = sha256_of(path)
    if actual != entry.sha256:
        raise GeodataError(mismatch_message(entry, actual, str(path)))
    return path


def how_to_supply(cache_dir: Path = CACHE_DIR, manifest_path: Path = MANIFEST_PATH) -> str:
    """What a user without network can do; shown once after any failure."""
    return (
        "Slik legger du inn filene for hånd:\n"
        f"  1. Hent filene fra URL-ene i {manifest_path} på en maskin med nett "
        "(eller bruk en kopi du har).\n"
        f"  2. Legg dem i {cache_dir} under navnene i manifestet, eller sett "
        f"{ENV_VAR} til mappen som har dem (f.eks. ../shared/geodata).\n"
        "  3. Kjør `kommunekart fetch-geodata` igjen: filene kontrolleres mot SHA-256 i manifestet."
    )


def boundary_path(
    name: str,
    *,
    manifest_path: Path = MANIFEST_PATH,
    cache_dir: Path = CACHE_DIR,
    source_dir: Path | None = None,
) -> Path:
    """A verified local copy of boundary file `name`.

    Looks in `source_dir`, else KOMMUNEKART_GEODATA_DIR, else the cache; never touches the
    network (that is `fetch_geodata`'s job, run before the app starts)."""
    entry = manifest_entry(name, manifest_path)
    folder = source_dir or env_source_dir()
    origin = f"{ENV_VAR}={folder}" if folder else "cachen"
    folder = folder or Path(cache_dir)
    path = folder / name
    if not path.is_file():
        raise GeodataError(
            f"{name} finnes ikke i {folder} ({origin}). Kjør `kommunekart fetch-geodata`.\n"
            + how_to_supply(Path(cache_dir), manifest_path)
        )
    try:
        return verify_file(path, entry)
    except GeodataError as err:
        raise GeodataError(
            f"{err}\nSlett {path} og kjør `kommunekart fetch-geodata`, "
            f"eller rett opp filen i {folder}."
        ) from None


class _Progress:
    """A text progress bar on a terminal, two plain lines in a log (CI), silence for None."""

    def __init__(self, stream: TextIO | None, name: str, total: int | None) -> None:
        self.stream, self.name, self.total = stream, name, total
        self.tty = bool(stream) and getattr(stream, "isatty", lambda: False)()
        self.shown = -1
        if stream and not self.tty:
            size = f" ({total / 1e6:.1f} MB)" if total else ""
            print(f"Laster ned {name}{size} …", file=stream, flush=True)

    def update(self, done: int) -> None:
        if not (self.stream and self.tty):
            return
        if self.total:
            percent = min(100, done * 100 // self.total)
            if percent == self.shown:
                return
            self.shown = percent
            bar = "#" * (percent // 4)
            sizes = f"{done / 1e6:.1f}/{self.total / 1e6:.1f} MB"
            text = f"\r{self.name} [{bar:<25}] {percent:3d} % {sizes}"
        else:
            text = f"\r{self.name} {done / 1e6:.1f} MB"
        self.stream.write(text)
        self.stream.flush()

    def close(self, ok: bool) -> None:
        if self.stream and self.tty:
            self.stream.write("\n")
        elif self.stream and ok:
            print(f"  {self.name}: ferdig", file=self.stream, flush=True)


class _TruncatedError(Exception):
    """Fewer bytes arrived than announced: worth another try."""


def _copy_to_temp(
    source: BinaryIO, cache_dir: Path, name: str, total: int | None, progress: _Progress
) -> tuple[Path, int]:
    """Stream `source` into a temporary file in the cache dir (same file system, so the final
    rename is atomic); remove it again on any error."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=cache_dir, prefix=f".{name}.", suffix=".part")
    temp = Path(temp_name)
    received = 0
    try:
        with os.fdopen(handle, "wb") as out:
            for block in iter(lambda: source.read(CHUNK), b""):
                out.write(block)
                received += len(block)
                progress.update(received)
            out.flush()
            os.fsync(out.fileno())
        temp.chmod(0o644)  # mkstemp makes 0600; the app may run as another user
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if total is not None and received < total:
        temp.unlink(missing_ok=True)
        raise _TruncatedError(f"avbrutt etter {received} av {total} byte")
    return temp, received


def _install(temp: Path, target: Path, entry: GeoFile, where: str) -> Path:
    """Verify the temporary file and only then rename it over the target."""
    actual = sha256_of(temp)
    if actual != entry.sha256:
        temp.unlink(missing_ok=True)
        raise GeodataError(mismatch_message(entry, actual, where) + "\n  (cachen er uendret)")
    temp.replace(target)
    return target


def _is_retryable(err: BaseException) -> bool:
    """Network hiccups and truncation are retried; a 404 or a wrong sum will not improve."""
    if isinstance(err, urllib.error.HTTPError):
        return err.code >= 500 or err.code in (408, 429)
    return isinstance(
        err, (_TruncatedError, urllib.error.URLError, http.client.HTTPException, OSError)
    )


def _reason(err: BaseException) -> str:
    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP {err.code} {err.reason}"
    if isinstance(err, urllib.error.URLError):
        return str(err.reason)
    return str(err) or type(err).__name__


def _download_once(
    entry: GeoFile, url: str, cache_dir: Path, timeout: float, stream: TextIO | None
) -> Path:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        announced = response.headers.get("Content-Length")
        total = int(announced) if announced and announced.isdigit() else entry.size
        progress = _Progress(stream, entry.name, total)
        ok = False
        try:
            temp, received = _copy_to_temp(response, cache_dir, entry.name, total, progress)
            ok = True
        finally:
            progress.close(ok)
    if entry.size is not None and received < entry.size:  # e.g. no Content-Length sent
        temp.unlink(missing_ok=True)
        raise _TruncatedError(f"avbrutt etter {received} av {entry.size} byte")
    return _install(temp, cache_dir / entry.name, entry, f"nedlastet fra {url}")


def download(
    entry: GeoFile,
    url: str,
    cache_dir: Path,
    *,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
    progress: TextIO | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Path:
    """Download `url` into the cache as `entry.name`, retrying transient failures `retries`
    times with doubling backoff; the cached file changes only if the new bytes verify.
    Progress goes to `progress` (None: no output)."""
    last: BaseException | None = None
    attempts = retries + 1
    for attempt in range(attempts):
        if attempt:
            sleep(backoff * 2 ** (attempt - 1))
        try:
            return _download_once(entry, url, cache_dir, timeout, progress)
        except GeodataError:
            raise
        except Exception as err:
            last = err
            if not _is_retryable(err):
                attempts = attempt + 1
                break
    raise GeodataError(
        f"Kunne ikke laste ned {entry.name} fra {url}: {_reason(last)} "
        f"(etter {attempts} forsøk)."
    )


def _copy_from_folder(entry: GeoFile, folder: Path, cache_dir: Path, force: bool) -> Path:
    """Take the file from a local folder instead of the network, verified the same way."""
    source = folder / entry.name
    if not source.is_file():
        raise GeodataError(f"{entry.name} finnes ikke i {ENV_VAR}={folder}.")
    verify_file(source, entry)
    target = cache_dir / entry.name
    if not force and target.is_file() and sha256_of(target) == entry.sha256:
        return target
    with source.open("rb") as handle:
        temp, _ = _copy_to_temp(handle, cache_dir, entry.name, None, _Progress(None, "", None))
    return _install(temp, target, entry, f"kopiert fra {source}")


def fetch_geodata(
    *,
    manifest_path: Path = MANIFEST_PATH,
    cache_dir: Path = CACHE_DIR,
    base_url: str | None = None,
    source_dir: Path | None = None,
    names: Iterable[str] | None = None,
    force: bool = False,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
    progress: TextIO | None = None,
    quiet: bool = False,
) -> list[Path]:
    """Make every manifest file present and verified in the cache; return their paths.

    Source: `source_dir`, else KOMMUNEKART_GEODATA_DIR, else the network (`base_url` + name
    replaces the manifest URL, for mirrors and tests). A cached file that verifies is kept
    unless `force`. All files are attempted; one GeodataError then lists every failure and
    how to supply the files by hand. Progress goes to `progress` (default stderr) unless
    `quiet`."""
    cache_dir = Path(cache_dir)
    stream = None if quiet else (progress or sys.stderr)
    wanted = set(names) if names is not None else None
    entries = [e for e in load_manifest(manifest_path) if wanted is None or e.name in wanted]
    if wanted is not None and len(entries) != len(wanted):
        unknown = sorted(wanted - {e.name for e in entries})
        raise GeodataError(f"Ukjente filer (ikke i manifestet): {', '.join(unknown)}")
    folder = source_dir or env_source_dir()
    paths: list[Path] = []
    failures: list[str] = []
    for entry in entries:
        try:
            if folder is not None:
                paths.append(_copy_from_folder(entry, folder, cache_dir, force))
                continue
            target = cache_dir / entry.name
            if not force and target.is_file() and sha256_of(target) == entry.sha256:
                paths.append(target)
                continue
            url = f"{base_url.rstrip('/')}/{entry.name}" if base_url else entry.url
            paths.append(
                download(entry, url, cache_dir, timeout=timeout, retries=retries,
                         backoff=backoff, progress=stream)
            )
        except (GeodataError, OSError) as err:
            failures.append(str(err))
    if failures:
        raise GeodataError("\n".join([*failures, how_to_supply(cache_dir, manifest_path)]))
    return paths


