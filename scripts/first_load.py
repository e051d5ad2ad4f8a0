"""What a view's first load costs in scripts, and what a second visit fetches again: headless
Debian Chromium opens the view with an empty cache, waits until Dash is idle, and lists every
script it requested (bytes over the wire and unpacked); then it opens the view again with the
cache kept and counts the requests that still went to the server (a 304 is a round trip too).
For measuring, not for tests:

    .venv/bin/python scripts/first_load.py http://127.0.0.1:8061 /kart /konstellasjoner

prints a table per view and one line of JSON."""

from __future__ import annotations

import json
import sys
import time

from kommunekart.bench.browser import headless_chromium

RESOURCES = """return performance.getEntriesByType('resource').map(function (e) {
    return {url: e.name.replace(location.origin, ''), type: e.initiatorType,
            wire: e.transferSize || 0, body: e.decodedBodySize || 0,
            cached: e.transferSize === 0 && e.decodedBodySize > 0};
});"""
IDLE = ("return document.readyState === 'complete' && !!document.querySelector('.app-main *') && "
        "!document.querySelector('[data-dash-is-loading=\"true\"]');")


def visit(driver, url: str, settle: float = 1.5, timeout: float = 30.0) -> list[dict]:
    driver.get("about:blank")
    driver.get(url)
    deadline = time.monotonic() + timeout
    while not driver.execute_script(IDLE) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(settle)  # lazy bundles and the figure's topojson
    return driver.execute_script(RESOURCES)


def scripts_of(entries: list[dict]) -> list[dict]:
    return [e for e in entries if e["url"].split("?")[0].endswith(".js")]


def measure(base: str, path: str) -> dict:
    driver = headless_chromium()
    if driver is None:
        raise SystemExit("Chromium/chromedriver not installed")
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        first = visit(driver, base + path)
        again = visit(driver, base + path)
    finally:
        driver.quit()
    js = scripts_of(first)
    fetched = [e for e in again if not e["cached"]]
    return {"path": path, "scripts": len(js), "script_wire_bytes": sum(e["wire"] for e in js),
            "script_bytes": sum(e["body"] for e in js),
            "second_visit_requests": len(fetched),
            "second_visit_wire_bytes": sum(e["wire"] for e in fetched),
            "files": sorted(((e["url"], e["wire"], e["body"]) for e in js), key=lambda f: -f[2])}


def main(base: str, paths: list[str]) -> None:
    results = [measure(base, path) for path in paths]
    for r in results:
        print(f"{r['path']}: {r['scripts']} scripts, {r['script_wire_bytes'] / 1024:.0f} KiB over the "
              f"wire, {r['script_bytes'] / 1024:.0f} KiB unpacked; second visit: "
              f"{r['second_visit_requests']} requests to the server, "
              f"{r['second_visit_wire_bytes'] / 1024:.1f} KiB")
        for url, wire, body in r["files"]:
            print(f"  {wire / 1024:8.1f} {body / 1024:8.1f}  {url}")
    print(json.dumps([{k: v for k, v in r.items() if k != "files"} for r in results]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or ["/kart"])
