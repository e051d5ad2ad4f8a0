"""Where the app's shipped files and its writable files live, in a checkout and when installed.

In a checkout (also `pip install -e .`), data/, assets/ and geodata/ sit beside the package and
the boundary cache (geodata/cache) and uploads (uploads/) are written there, as they always were.
Installed (`pip install .`), the same folders are package data under kommunekart/_shipped/ and
everything written goes to a per-user folder ($XDG_CACHE_HOME/kommunekart, else
~/.cache/kommunekart), never into site-packages. KOMMUNEKART_GEODATA_DIR and
KOMMUNEKART_UPLOAD_DIR still win where they are read (geo/geodata.py, uploads/registers.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SHIPPED_DIR = PACKAGE_DIR / "_shipped"  # only in a built wheel: see setup.py
INSTALLED = SHIPPED_DIR.is_dir()


def user_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The per-user folder of an installed app; a relative $XDG_CACHE_HOME is ignored (XDG spec)."""
    base = environ.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "kommunekart"


# The checkout holding pyproject.toml, or None when installed (there is none).
CHECKOUT_ROOT: Path | None = None if INSTALLED else PACKAGE_DIR.parent
_SOURCE = SHIPPED_DIR if INSTALLED else PACKAGE_DIR.parent

DATA_DIR = _SOURCE / "data"
GEODATA_DIR = _SOURCE / "geodata"
ASSETS_DIR = _SOURCE / "assets"

# Writable: the checkout itself, else the per-user folder.
STATE_DIR = user_cache_dir() if INSTALLED else PACKAGE_DIR.parent
GEODATA_CACHE_DIR = STATE_DIR / "geodata" if INSTALLED else GEODATA_DIR / "cache"
UPLOAD_DIR = STATE_DIR / "uploads"

