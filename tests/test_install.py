"""`pip install .` gives an app that runs from any folder: the wheel holds the register, the
assets and the manifest, the installed package finds them without the checkout, and it writes
nothing beside itself.

The wheel is built from a copy of the checkout without build isolation (no network), installed
with --no-deps into a fresh virtualenv whose only view of the dependencies is a .pth file naming
this environment's site-packages (as plain paths: an editable install's finder is not run), and
started from a folder outside the checkout."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parent.parent
NOT_COPIED = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", "node_modules"}
NOT_COPIED_AT_TOP = {"build", "dist", "uploads", "screenshots"}  # kommunekart/uploads is code
START_TIMEOUT = 60.0  # seconds for `kommunekart serve` to answer (start-up takes ~10-20 s)


def _ignore(folder: str, names: list[str]) -> set[str]:
    here = Path(folder).resolve()
    skip = {n for n in names if n in NOT_COPIED or n.endswith(".egg-info")}
    if here == CHECKOUT:
        skip |= NOT_COPIED_AT_TOP & set(names)
    if here == CHECKOUT / "geodata":
        skip |= {"cache"} & set(names)  # downloaded boundary files
    return skip


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False, **kwargs)
    assert done.returncode == 0, f"{cmd} failed:\n{done.stdout}\n{done.stderr}"
    return done


def _builds_wheels_offline() -> bool:
    """setuptools builds wheels by itself from 70.1; before that it needs `wheel`."""
    import setuptools

    major, minor = (int(x) for x in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of the checkout, built offline from a copy (the checkout gets no build/)."""
    if not _builds_wheels_offline():
        pytest.fail("Building the wheel without network needs setuptools>=70.1 (or the `wheel` "
                    "package) in this environment: pip install -e '.[test]'.", pytrace=False)
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    shutil.copytree(CHECKOUT, source, ignore=_ignore)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "--quiet", "-w", str(base / "dist"), str(source)])
    return next((base / "dist").glob("kommunekart-*.whl"))


def _dependency_dirs() -> list[str]:
    """This environment's site-packages, not the checkout (PYTHONPATH, a path-based editable
    install): the new venv sees the dependencies, never the source."""
    return [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))
            and Path(p).resolve() != CHECKOUT]  # .venv/…/site-packages may sit in the checkout


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel installed; returns its bin/ folder."""
    root = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", str(root)])
    python = root / "bin" / "python"
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    (Path(purelib.stdout.strip()) / "deps.pth").write_text("\n".join(_dependency_dirs()) + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
          "--no-index", "--quiet", str(wheel)])
    return root / "bin"


def _env(tmp_path: Path, boundary_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "KOMMUNEKART_UPLOAD_DIR", "KOMMUNEKART_REGISTER"}}
    return {**env, "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "KOMMUNEKART_GEODATA_DIR": str(boundary_dir)}


def test_wheel_holds_what_the_app_reads_and_serves(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = [p for folder in ("data", "assets") for p in (CHECKOUT / folder).rglob("*") if p.is_file()]
    tracked += [CHECKOUT / "geodata" / "manifest.json"]
    missing = [str(p.relative_to(CHECKOUT)) for p in tracked
               if f"kommunekart/_shipped/{p.relative_to(CHECKOUT).as_posix()}" not in names]
    assert not missing, f"not in the wheel: {missing}"
    assert "kommunekart/_shipped/data/app/story.csv" in names
    assert not [n for n in names if "/geodata/cache" in n], "the boundary cache must not ship"
    sources = {p.relative_to(CHECKOUT).as_posix() for p in (CHECKOUT / "kommunekart").rglob("*.py")}
    assert sources <= names, f"modules not in the wheel: {sorted(sources - names)}"


def test_installed_package_uses_its_own_files_and_a_user_cache(venv: Path, tmp_path: Path,
                                                               kommuner_path: Path) -> None:
    code = ("import json, kommunekart.paths as p, kommunekart.geo.geodata as g, "
            "kommunekart.uploads.registers as r; print(json.dumps({'file': p.__file__, "
            "'data': str(p.DATA_DIR), 'assets': str(p.ASSETS_DIR), 'manifest': str(g.MANIFEST_PATH), "
            "'cache': str(g.CACHE_DIR), 'uploads': str(r.upload_dir())}))")
    out = _run([str(venv / "python"), "-c", code], cwd=tmp_path,
               env=_env(tmp_path, kommuner_path.parent))
    where = {k: Path(v) for k, v in json.loads(out.stdout).items()}
    site = where["file"].parent
    assert not where["file"].is_relative_to(CHECKOUT), f"imported the checkout: {where['file']}"
    assert (where["data"] / "app" / "story.csv").is_file()
    assert (where["assets"] / "01-plotly-kommunekart.min.js").is_file()
    assert where["manifest"].is_file() and where["manifest"].is_relative_to(site)
    assert where["cache"] == tmp_path / "cache" / "kommunekart" / "geodata"
    assert where["uploads"] == tmp_path / "cache" / "kommunekart" / "uploads"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, server: subprocess.Popen, log: Path) -> tuple[int, str]:
    """The first answer from `url` within START_TIMEOUT; fails with the server's log."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"`kommunekart serve` did not answer {url}:\n{log.read_text(errors='replace')}")


def test_installed_command_serves_the_map_from_any_folder(venv: Path, tmp_path: Path,
                                                         kommuner_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([str(venv / "kommunekart"), "serve", "--host", "127.0.0.1",
                                   "--port", str(port)], cwd=tmp_path, stdout=out, stderr=out,
                                  env=_env(tmp_path, kommuner_path.parent))
    try:
        status, page = _get(f"http://127.0.0.1:{port}/kart", server, log)
        bundle, _ = _get(f"http://127.0.0.1:{port}/assets/01-plotly-kommunekart.min.js", server, log)
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)
    assert status == 200
    assert "<title>Kommunekart Nordland</title>" in page
    assert "assets/kart.css" in page and bundle == 200  # the shipped assets, found and served
    site = next((venv.parent / "lib").glob("python*/site-packages"))
    assert not (site / "uploads").exists() and not (site / "geodata").exists()
