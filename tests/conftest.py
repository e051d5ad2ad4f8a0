"""Shared fixtures: the shipped register with verified boundaries, and Debian's headless Chromium
for the browser tests (dash.testing drives it through /usr/bin/chromedriver).

The boundary files are found the way the app finds them (kommunekart.geo.geodata.boundary_path:
KOMMUNEKART_GEODATA_DIR, else geodata/cache/). `make test` runs `kommunekart fetch-geodata` first;
a test that needs them fails, never skips, when they are not there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

KOMMUNER = "kommuner-2020.geojson"


def verified_boundary(name: str) -> Path:
    """A verified boundary file, or a test failure that says how to get one."""
    from kommunekart.geo.geodata import ENV_VAR, GeodataError, boundary_path

    try:
        return boundary_path(name)
    except GeodataError as err:
        problem = str(err)
    pytest.fail(
        f"The boundary file {name} is missing or does not verify, so this test cannot run.\n"
        f"Set {ENV_VAR} to a folder holding the boundary files (e.g. ../shared/geodata), or run "
        "`kommunekart fetch-geodata` (downloads them; `make test` does it) before pytest.\n"
        f"What kommunekart.geo.geodata says: {problem}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def boundary_files() -> dict[str, Path]:
    """Every file of geodata/manifest.json, verified: {name: path}."""
    from kommunekart.geo.geodata import load_manifest

    return {entry.name: verified_boundary(entry.name) for entry in load_manifest()}


@pytest.fixture(scope="session")
def kommuner_path(boundary_files: dict[str, Path]) -> Path:
    return boundary_files[KOMMUNER]


@pytest.fixture(scope="session")
def app_data(kommuner_path: Path):
    """The AppData of the shipped register (data/, whatever KOMMUNEKART_REGISTER says), built
    once for the whole test session."""
    from kommunekart.paths import DATA_DIR
    from kommunekart.web.app import load_data

    return load_data(DATA_DIR, boundaries=kommuner_path)


def pytest_configure(config) -> None:
    """Each pytest process its own range of test-server ports: Dash's runners all count up from
    58050, so two runs at once (two checkouts, or pytest-xdist workers) would take each other's."""
    import os

    from dash.testing.application_runners import BaseDashRunner

    BaseDashRunner._next_port = 20000 + (os.getpid() % 150) * 250


def pytest_setup_options():
    """Chrome options for dash.testing: Debian's chromium, headless, no network chatter."""
    from selenium.webdriver.chrome.options import Options

    from kommunekart.bench.browser import CHROME_ARGS

    options = Options()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    options.binary_location = chromium
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    return options


@pytest.fixture
def tiny(tmp_path: Path):
    """The register of tests/helpers.py's FILES, small enough to count by hand."""
    from kommunekart.domain.register import load_register
    from tests.helpers import FILES

    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return load_register(tmp_path)
