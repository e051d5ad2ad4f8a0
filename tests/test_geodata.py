"""Boundary files: fetched from a loopback server, verified, cached; never replaced by bad bytes.

No test reaches the internet: a ThreadingHTTPServer on 127.0.0.1 serves the verified boundary
files (found the way the app finds them: KOMMUNEKART_GEODATA_DIR or geodata/cache/, see
conftest.py) intact, tampered, truncated, stalled or not at all.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kommunekart import cli
from kommunekart.geo.geodata import (
    ENV_VAR,
    MANIFEST_PATH,
    GeodataError,
    boundary_path,
    credits,
    fetch_geodata,
    load_manifest,
)
from kommunekart.paths import CHECKOUT_ROOT

KOMMUNER = "kommuner-2020.geojson"
FYLKER = "fylker-2020.geojson"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tampered(data: bytes) -> bytes:
    """Same length, one byte changed: only the checksum can tell."""
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


@pytest.fixture(scope="module")
def mirror(boundary_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding verified copies of the boundary files, as KOMMUNEKART_GEODATA_DIR names
    one; the loopback server serves it."""
    folder = tmp_path_factory.mktemp("mirror")
    for name, path in boundary_files.items():
        shutil.copyfile(path, folder / name)
    assert sorted(boundary_files) == sorted([FYLKER, KOMMUNER])
    return folder


class _Handler(BaseHTTPRequestHandler):
    """/<mode>/<name>: good, tampered, truncated (short body, full Content-Length), stall, 404."""

    def do_GET(self) -> None:
        mode, _, name = self.path.strip("/").partition("/")
        self.server.hits[self.path] += 1  # type: ignore[attr-defined]
        path = self.server.folder / name  # type: ignore[attr-defined]
        if mode == "missing" or not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        body = {"tampered": _tampered(data), "truncated": data[: len(data) // 3]}.get(mode, data)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if mode == "stall":
            time.sleep(1.0)
            return
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, *args: object) -> None:
        """Keep pytest output quiet."""


@pytest.fixture(scope="module")
def server(mirror: Path) -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.folder = mirror  # type: ignore[attr-defined]
    httpd.hits = Counter()  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _url(server: ThreadingHTTPServer, mode: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/{mode}"


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _offline_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI sets KOMMUNEKART_GEODATA_DIR; these tests choose their source themselves. Proxies
    must not intercept loopback requests."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    for var in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(var, "127.0.0.1,localhost")


@pytest.fixture
def good_cache(tmp_path: Path, mirror: Path) -> Path:
    """A cache already holding verified copies of both files."""
    cache = tmp_path / "cache"
    cache.mkdir()
    for name in (KOMMUNER, FYLKER):
        shutil.copyfile(mirror / name, cache / name)
    return cache


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in `folder` with its bytes and mtime: what 'untouched' means."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_manifest_pins_the_mirror_files(mirror: Path) -> None:
    entries = {e.name: e for e in load_manifest()}
    assert set(entries) == {KOMMUNER, FYLKER}
    for name, entry in entries.items():
        data = (mirror / name).read_bytes()
        assert entry.sha256 == _sha(data)
        assert entry.size == len(data)
        assert "/ae8782500090144c2b74d6bb2a89365a7ff2236d/" in entry.url  # pinned commit
        assert entry.licence == "CC BY 4.0"
    assert credits() == ["Kommunegrenser: © Kartverket (CC BY 4.0)"]


def test_download_verifies_and_caches(
    server: ThreadingHTTPServer, tmp_path: Path, mirror: Path
) -> None:
    cache = tmp_path / "cache"
    log = io.StringIO()
    paths = fetch_geodata(cache_dir=cache, base_url=_url(server, "good"), progress=log)

    assert [p.name for p in paths] == [KOMMUNER, FYLKER]
    for name in (KOMMUNER, FYLKER):
        assert (cache / name).read_bytes() == (mirror / name).read_bytes()
        assert boundary_path(name, cache_dir=cache) == cache / name
    assert sorted(p.name for p in cache.iterdir()) == sorted([KOMMUNER, FYLKER])  # no .part
    assert "Laster ned kommuner-2020.geojson (3.0 MB)" in log.getvalue()

    hits = sum(server.hits.values())  # type: ignore[attr-defined]
    fetch_geodata(cache_dir=cache, base_url=_url(server, "good"), quiet=True)
    assert sum(server.hits.values()) == hits  # type: ignore[attr-defined]  # cache reused


def test_manifest_urls_are_followed(
    server: ThreadingHTTPServer, tmp_path: Path, mirror: Path
) -> None:
    raw = json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
    for item in raw["files"]:
        item["url"] = f"{_url(server, 'good')}/{item['name']}"
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(raw), encoding="utf-8")

    fetch_geodata(manifest_path=manifest, cache_dir=tmp_path / "c", names=[FYLKER], quiet=True)
    assert (tmp_path / "c" / FYLKER).read_bytes() == (mirror / FYLKER).read_bytes()
    assert not (tmp_path / "c" / KOMMUNER).exists()


def test_tampered_download_refused_and_good_cache_untouched(
    server: ThreadingHTTPServer, good_cache: Path, mirror: Path
) -> None:
    before = _snapshot(good_cache)
    with pytest.raises(GeodataError) as caught:
        fetch_geodata(cache_dir=good_cache, base_url=_url(server, "tampered"), force=True,
                      retries=0, quiet=True)
    message = str(caught.value)
    for name in (KOMMUNER, FYLKER):
        data = (mirror / name).read_bytes()
        assert name in message
        assert _sha(data) in message  # expected
        assert _sha(_tampered(data)) in message  # actual
    assert _snapshot(good_cache) == before


def test_tampered_download_leaves_empty_cache_empty(
    server: ThreadingHTTPServer, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    with pytest.raises(GeodataError):
        fetch_geodata(cache_dir=cache, base_url=_url(server, "tampered"), retries=0, quiet=True)
    assert list(cache.iterdir()) == []
    with pytest.raises(GeodataError, match="fetch-geodata"):
        boundary_path(KOMMUNER, cache_dir=cache)


def test_truncated_download_refused_after_retries(
    server: ThreadingHTTPServer, good_cache: Path
) -> None:
    before = _snapshot(good_cache)
    path = f"/truncated/{FYLKER}"
    hits = server.hits[path]  # type: ignore[attr-defined]
    with pytest.raises(GeodataError) as caught:
        fetch_geodata(cache_dir=good_cache, base_url=_url(server, "truncated"), names=[FYLKER],
                      force=True, retries=2, backoff=0, quiet=True)
    assert "avbrutt etter" in str(caught.value)
    assert FYLKER in str(caught.value)
    assert server.hits[path] - hits == 3  # type: ignore[attr-defined]  # first try + 2 retries
    assert _snapshot(good_cache) == before


def test_connection_refused_gives_one_clear_offline_message(
    closed_port: int, good_cache: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "empty"
    with pytest.raises(GeodataError) as caught:
        fetch_geodata(cache_dir=cache, base_url=f"http://127.0.0.1:{closed_port}",
                      retries=1, backoff=0, quiet=True)
    message = str(caught.value)
    assert f"Kunne ikke laste ned {KOMMUNER}" in message
    assert f"Kunne ikke laste ned {FYLKER}" in message
    assert "refused" in message.lower() or "nektet" in message.lower()
    assert "(etter 2 forsøk)" in message
    assert message.count("Slik legger du inn filene for hånd") == 1
    assert ENV_VAR in message and str(cache) in message


def test_stalled_server_times_out(server: ThreadingHTTPServer, tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(GeodataError, match=FYLKER):
        fetch_geodata(cache_dir=tmp_path, base_url=_url(server, "stall"), names=[FYLKER],
                      timeout=0.2, retries=0, quiet=True)
    assert time.monotonic() - started < 5


def test_http_404_is_not_retried(server: ThreadingHTTPServer, tmp_path: Path) -> None:
    path = f"/missing/{FYLKER}"
    with pytest.raises(GeodataError, match="HTTP 404"):
        fetch_geodata(cache_dir=tmp_path, base_url=_url(server, "missing"), names=[FYLKER],
                      retries=3, backoff=0, quiet=True)
    assert server.hits[path] == 1  # type: ignore[attr-defined]


def test_corrupt_cached_file_is_refused_then_replaced(
    server: ThreadingHTTPServer, good_cache: Path, mirror: Path
) -> None:
    cached = good_cache / FYLKER
    cached.write_bytes(_tampered(cached.read_bytes()))
    with pytest.raises(GeodataError) as caught:
        boundary_path(FYLKER, cache_dir=good_cache)
    assert _sha((mirror / FYLKER).read_bytes()) in str(caught.value)
    assert _sha(cached.read_bytes()) in str(caught.value)

    fetch_geodata(cache_dir=good_cache, base_url=_url(server, "good"), quiet=True)
    assert cached.read_bytes() == (mirror / FYLKER).read_bytes()
    assert boundary_path(FYLKER, cache_dir=good_cache) == cached


def test_env_dir_used_instead_of_network(
    monkeypatch: pytest.MonkeyPatch, closed_port: int, tmp_path: Path, mirror: Path
) -> None:
    monkeypatch.setenv(ENV_VAR, str(mirror))
    assert boundary_path(KOMMUNER, cache_dir=tmp_path / "none") == mirror / KOMMUNER

    cache = tmp_path / "cache"
    fetch_geodata(cache_dir=cache, base_url=f"http://127.0.0.1:{closed_port}", quiet=True)
    for name in (KOMMUNER, FYLKER):
        assert (cache / name).read_bytes() == (mirror / name).read_bytes()


def test_env_dir_files_are_verified(
    monkeypatch: pytest.MonkeyPatch, good_cache: Path, tmp_path: Path, mirror: Path
) -> None:
    folder = tmp_path / "supplied"
    folder.mkdir()
    good = (mirror / KOMMUNER).read_bytes()
    (folder / KOMMUNER).write_bytes(_tampered(good))
    monkeypatch.setenv(ENV_VAR, str(folder))

    with pytest.raises(GeodataError) as caught:
        boundary_path(KOMMUNER, cache_dir=good_cache)
    assert _sha(good) in str(caught.value) and _sha(_tampered(good)) in str(caught.value)

    before = _snapshot(good_cache)
    with pytest.raises(GeodataError) as caught:
        fetch_geodata(cache_dir=good_cache, force=True, quiet=True)
    assert f"{FYLKER} finnes ikke i {ENV_VAR}" in str(caught.value)
    assert _snapshot(good_cache) == before


def test_cli_fetch_geodata_exit_codes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    mirror: Path,
) -> None:
    monkeypatch.setenv(ENV_VAR, str(mirror))
    cache = tmp_path / "cache"
    assert cli.main(["fetch-geodata", "--cache-dir", str(cache)]) == 0
    assert f"OK  {KOMMUNER}" in capsys.readouterr().out
    assert (cache / KOMMUNER).is_file()

    folder = tmp_path / "bad"
    folder.mkdir()
    for name in (KOMMUNER, FYLKER):
        shutil.copyfile(mirror / name, folder / name)
    (folder / FYLKER).write_bytes(_tampered((mirror / FYLKER).read_bytes()))
    monkeypatch.setenv(ENV_VAR, str(folder))
    assert cli.main(["fetch-geodata", "--cache-dir", str(tmp_path / "other")]) == 1
    err = capsys.readouterr().err
    assert FYLKER in err
    assert _sha((mirror / FYLKER).read_bytes()) in err
    assert _sha((folder / FYLKER).read_bytes()) in err


def test_no_boundary_file_tracked_by_git() -> None:
    assert "geodata/cache/" in (CHECKOUT_ROOT / ".gitignore").read_text(encoding="utf-8")
    if not (CHECKOUT_ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "--", "geodata"], cwd=CHECKOUT_ROOT, capture_output=True,
        text=True, check=True,
    ).stdout.split()
    assert not [p for p in tracked if p.endswith((".geojson", ".json")) and "cache" in p]
    assert not [p for p in tracked if p.endswith(".geojson")]
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", f"geodata/cache/{KOMMUNER}"], cwd=CHECKOUT_ROOT,
    )
    assert ignored.returncode == 0
