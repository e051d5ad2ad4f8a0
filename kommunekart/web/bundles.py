"""Only the scripts a page uses on its first load. Dash lists in every page's index the bundle of
every component library imported anywhere, whichever page is opened:

- dash_table's (imported by Dash itself; no page here draws a DataTable) is left out. Should a
  page ever use one, take it out of UNUSED.
- dash-ag-grid's (1.3 MB, 350 KB compressed; only /konstellasjoner draws a grid) is loaded when a
  page first draws a grid: assets/lazy.js stands in for its components, fetches the bundle then
  (named in a meta tag, fingerprinted as Dash names its bundles, so it is cached for a year) and
  draws the real grid in place.

Both stay served (Dash registers every resource's path; a resource marked `dynamic` is only not
listed in the index). A library's resources are module-level lists Dash reads whenever it writes
an index, so they are replaced here once per process, for every app in it."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from dash import Dash
from dash.fingerprint import build_fingerprint

UNUSED = {"dash.dash_table": "dash_table/bundle.js"}  # module: the bundle no page needs
LAZY = {"dash_ag_grid": ("dash_ag_grid.min.js", ("AgGrid",))}  # namespace: bundle, components
META = "kk-lazy-bundle"  # read by assets/lazy.js: "<namespace> <component,…> <url>"


def _dynamic(module: ModuleType, bundle: str) -> None:
    """The module's resource `bundle` kept servable but out of the index (Dash reads the
    module's `_js_dist` each time it writes one)."""
    module._js_dist = [  # type: ignore[attr-defined]
        {**r, "dynamic": True} if r.get("relative_package_path") == bundle else r
        for r in module._js_dist]  # type: ignore[attr-defined]


def lazy_url(app: Dash, namespace: str, bundle: str) -> str:
    """The bundle's address as Dash writes its own: fingerprinted by version and file time."""
    module = sys.modules[namespace]
    modified = (Path(module.__file__ or "").parent / bundle).stat().st_mtime
    fingerprint = build_fingerprint(bundle, module.__version__, int(modified))
    return f"{app.config.requests_pathname_prefix}_dash-component-suites/{namespace}/{fingerprint}"


def defer(app: Dash) -> None:
    """Leave the unused and the lazily loaded bundles out of the app's index, and name the lazy
    ones for assets/lazy.js."""
    for module_name, bundle in UNUSED.items():
        _dynamic(importlib.import_module(module_name), bundle)
    for namespace, (bundle, components) in LAZY.items():
        _dynamic(importlib.import_module(namespace), bundle)
        app.config.meta_tags.append({
            "name": META, "content": f"{namespace} {','.join(components)} "
                                     f"{lazy_url(app, namespace, bundle)}"})
