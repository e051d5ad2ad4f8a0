"""The `kommunekart` command: one entry point with a subcommand per task."""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

Handler = Callable[[argparse.Namespace], int]
WRITE_ERRORS = {errno.ENOENT: "mappen finnes ikke", errno.EACCES: "ingen skrivetilgang",
                errno.EISDIR: "det er en mappe", errno.ENOSPC: "disken er full",
                errno.EROFS: "filsystemet er skrivebeskyttet"}


def _checked(path: str | Path) -> tuple[object | None, int]:
    """The register at `path` checked as `check`, `serve --register` and an upload all check it
    (kommunekart.domain.register.check_register: tables, then every municipality's boundary), or the problems
    printed in Norwegian and exit code 1, never a traceback."""
    from kommunekart.domain.register import RegisterError, check_register
    from kommunekart.geo.geodata import GeodataError, boundary_path
    from kommunekart.web.app import BOUNDARIES

    try:
        boundary = boundary_path(BOUNDARIES)
    except GeodataError as err:
        print(f"Kommunegrensene trengs for å kontrollere registeret, men mangler:\n{err}",
              file=sys.stderr)
        return None, 1
    try:
        return check_register(path, boundary), 0
    except RegisterError as err:
        print(err.report(), file=sys.stderr)
        return None, 1


def _cmd_check(args: argparse.Namespace) -> int:
    from kommunekart.domain.summary import format_summary

    register, code = _checked(args.path)
    if register is not None:
        print(format_summary(register))  # type: ignore[arg-type]
    return code


def _cmd_export_register(args: argparse.Namespace) -> int:
    """The register (checked as `check` checks it) written as the workbook the upload reads back."""
    import os

    from kommunekart.outputs.register_book import register_workbook
    from kommunekart.paths import DATA_DIR
    from kommunekart.web.app import REGISTER_ENV

    target = Path(args.path)
    if target.suffix.lower() != ".xlsx":
        print(f"Filen {target.name} må slutte på .xlsx.", file=sys.stderr)
        return 2
    register, code = _checked(args.register or os.environ.get(REGISTER_ENV) or DATA_DIR)
    if register is None:
        return code
    body = register_workbook(register)  # type: ignore[arg-type]
    try:
        target.write_bytes(body)
    except OSError as err:
        why = WRITE_ERRORS.get(err.errno or 0, "filen kunne ikke skrives")
        print(f"Kunne ikke skrive {target}: {why}.", file=sys.stderr)
        return 1
    arrangements = len(register.arrangements)  # type: ignore[attr-defined]
    print(f"Skrev registeret ({arrangements} ordninger) til {target}: «Les meg» forklarer arkene; "
          "endre i Excel og last inn igjen, eller kontroller med `kommunekart check`.")
    return 0


def _cmd_fetch_geodata(args: argparse.Namespace) -> int:
    from kommunekart.geo.geodata import CACHE_DIR, ENV_VAR, GeodataError, env_source_dir, fetch_geodata

    source = env_source_dir()
    where = f"{ENV_VAR}={source}" if source else "nettet"
    try:
        paths = fetch_geodata(cache_dir=args.cache_dir or CACHE_DIR, force=args.force,
                              timeout=args.timeout, progress=sys.stderr)
    except GeodataError as err:
        print(f"Kunne ikke hente grensefilene (kilde: {where}):\n{err}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"OK  {path.name}  SHA-256 kontrollert  {path}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import os

    from kommunekart.domain.register import RegisterError
    from kommunekart.geo.geodata import GeodataError
    from kommunekart.paths import DATA_DIR
    from kommunekart.web.app import REGISTER_ENV, create_app, load_data

    register, code = _checked(args.register or os.environ.get(REGISTER_ENV) or DATA_DIR)
    if register is None:
        return code
    try:
        data = load_data(register)  # type: ignore[arg-type]
    except (RegisterError, GeodataError) as err:
        print(err, file=sys.stderr)
        return 1
    app = create_app(data)
    print(f"Kommunekart Nordland: http://{args.host}:{args.port}/kart", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from kommunekart.bench import Options, main
    from kommunekart.domain.register import RegisterError
    from kommunekart.geo.geodata import GeodataError

    if args.load:
        from kommunekart.bench.load import LoadOptions
        from kommunekart.bench.load import main as load_main

        return load_main(LoadOptions(duration=args.duration or 30.0, browsers=args.browsers,
                                     uploaders=args.uploaders, gunicorn=args.gunicorn_options))

    opts = Options(runs=args.runs, warmup=args.warmup, duration=args.duration or 20.0,
                   clients=args.clients,
                   max_requests=args.max_requests, browser_runs=args.browser_runs,
                   skip_browser=args.skip_browser, skip_gunicorn=args.skip_gunicorn,
                   gunicorn=args.gunicorn_options)
    try:
        return main(opts)
    except (RegisterError, GeodataError) as err:
        print(f"Kunne ikke bygge appen: {err}", file=sys.stderr)
        return 1


def _add_bench(sub: argparse._SubParsersAction) -> None:
    """`kommunekart bench`: its many knobs kept apart from the everyday commands."""
    bench = sub.add_parser(
        "bench",
        help="measure what each map interaction costs, against a naive Dash build (127.0.0.1 only)",
        description="Build the app in-process and under gunicorn, measure bytes, latency, "
        "throughput and first map, print a table and a last line of JSON. Never fails on slowness.",
    )
    bench.add_argument("--runs", type=int, default=200, help="sequential runs per interaction (200)")
    bench.add_argument("--warmup", type=int, default=20, help="unmeasured runs first (20)")
    bench.add_argument("--duration", type=float, default=None,
                       help="seconds of load per build (20), with --load per phase (30)")
    bench.add_argument("--clients", type=int, default=8, help="concurrent load clients (8)")
    bench.add_argument("--max-requests", type=int, default=200_000,
                       help="stop a load run after this many requests (200000)")
    bench.add_argument("--browser-runs", type=int, default=5, help="page loads per browser median (5)")
    bench.add_argument("--skip-browser", action="store_true", help="no headless Chromium run")
    bench.add_argument("--skip-gunicorn", action="store_true",
                       help="load-test the in-process servers instead of gunicorn")
    bench.add_argument("--gunicorn-options", default=None, metavar="OPTIONS",
                       help="gunicorn options to measure instead of the Procfile's, "
                       "e.g. \"--workers 2 --worker-class gthread --threads 4\"")
    bench.add_argument("--load", action="store_true",
                       help="instead: browsing while uploads are checked (gunicorn, --duration "
                       "seconds per phase): req/s, p50/p95, errors, upload and zip-bomb answers")
    bench.add_argument("--browsers", type=int, default=16, help="with --load: browsing clients (16)")
    bench.add_argument("--uploaders", type=int, default=4,
                       help="with --load: clients uploading valid registers (4), besides one zip bomb")
    bench.set_defaults(handler=_cmd_bench)


def build_parser() -> argparse.ArgumentParser:
    from kommunekart.paths import DATA_DIR

    parser = argparse.ArgumentParser(prog="kommunekart", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate a register and print a summary")
    check.add_argument("path", nargs="?", default=str(DATA_DIR),
                       help="register folder or XLSX workbook (default: the shipped data/)")
    check.set_defaults(handler=_cmd_check)

    export = sub.add_parser("export-register",
                            help="write the register as the XLSX workbook the upload reads back")
    export.add_argument("path", help="the .xlsx file to write")
    export.add_argument("--register", default=None,
                        help="register folder or XLSX workbook (default: $KOMMUNEKART_REGISTER or data/)")
    export.set_defaults(handler=_cmd_export_register)

    serve = sub.add_parser("serve", help="serve the dashboard locally (gunicorn: see Procfile)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--register", default=None,
                       help="register folder or XLSX workbook (default: $KOMMUNEKART_REGISTER or data/)")
    serve.add_argument("--debug", action="store_true", help="Dash debug mode (reloader, dev tools)")
    serve.set_defaults(handler=_cmd_serve)

    geodata = sub.add_parser(
        "fetch-geodata",
        help="download (or find) and verify the boundary files in geodata/manifest.json",
        description="Download each boundary file missing from the cache, or take it from "
        "the folder named by KOMMUNEKART_GEODATA_DIR, and verify its SHA-256.",
    )
    geodata.add_argument("--force", action="store_true",
                         help="fetch again even if a verified file is cached")
    geodata.add_argument("--timeout", type=float, default=30.0,
                         help="seconds to wait for the server (default: 30)")
    geodata.add_argument("--cache-dir", type=Path, default=None,
                         help="where verified files are kept (default: geodata/cache; "
                         "installed: ~/.cache/kommunekart/geodata)")
    geodata.set_defaults(handler=_cmd_fetch_geodata)

    _add_bench(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
