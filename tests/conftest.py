"""Shared fixtures: the shipped register with verified boundaries, and Debian's headless Chromium
for the browser tests (dash.testing drives it through /usr/bin/chromedriver)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.paths import PROJECT_ROOT

MIRROR = PROJECT_ROOT.parent / "shared" / "geodata"


def _boundary_file() -> Path | None:
    from app.geodata import GeodataError, boundary_path

    if not os.environ.get("KOMMUNEKART_GEODATA_DIR") and MIRROR.is_dir():
        os.environ["KOMMUNEKART_GEODATA_DIR"] = str(MIRROR)
    try:
        return boundary_path("kommuner-2020.geojson")
    except GeodataError:
        return None


@pytest.fixture(scope="session")
def app_data():
    """The AppData of the shipped register, built once for the whole test session."""
    from app.dashboard import load_data

    path = _boundary_file()
    if path is None:
        pytest.skip("no verified boundary file: set KOMMUNEKART_GEODATA_DIR or run fetch-geodata")
    return load_data(boundaries=path)


def pytest_setup_options():
    """Chrome options for dash.testing: Debian's chromium, headless, no network chatter."""
    from selenium.webdriver.chrome.options import Options

    from app.bench.browser import CHROME_ARGS

    options = Options()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    options.binary_location = chromium
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    return options
