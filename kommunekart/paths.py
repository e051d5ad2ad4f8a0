"""Where the shipped register and the boundary cache live, relative to the project root."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
GEODATA_DIR = PROJECT_ROOT / "geodata"
ASSETS_DIR = PROJECT_ROOT / "assets"
