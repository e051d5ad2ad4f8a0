"""Packaging that pyproject.toml cannot say alone: the app's top-level data/, assets/ and
geodata/ folders (and their subfolders) shipped inside the wheel as kommunekart/_shipped/<folder>,
every file in them, so an installed app has what a checkout has (kommunekart/paths.py uses them
when present). pyproject's `packages.find` cannot add packages mapped from other folders, so the
package list is made here."""

from pathlib import Path

from setuptools import find_namespace_packages, find_packages, setup

FOLDERS = ("data", "assets", "geodata")
NOT_SHIPPED = ["cache", "cache.*"]  # geodata/cache: downloaded boundary files, never shipped


def shipped() -> dict[str, str]:
    """{package: folder} for each shipped folder and each of its subfolders."""
    out = {}
    for folder in FOLDERS:
        out[f"kommunekart._shipped.{folder}"] = folder
        for sub in find_namespace_packages(where=folder, exclude=NOT_SHIPPED):
            out[f"kommunekart._shipped.{folder}.{sub}"] = str(Path(folder, *sub.split(".")))
    return out


SHIPPED = shipped()

setup(
    packages=[*find_packages(include=["kommunekart", "kommunekart.*"]), *SHIPPED],
    package_dir=SHIPPED,
    package_data={package: ["*"] for package in SHIPPED},
)
