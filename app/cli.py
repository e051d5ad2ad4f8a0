"""The `kommunekart` command: one entry point with a subcommand per task."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

Handler = Callable[[argparse.Namespace], int]


def _cmd_check(args: argparse.Namespace) -> int:
    from app.register import RegisterError, load_register
    from app.summary import format_summary

    try:
        register = load_register(args.path)
    except RegisterError as err:
        print(err.report(), file=sys.stderr)
        return 1
    print(format_summary(register))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from app.paths import DATA_DIR

    parser = argparse.ArgumentParser(prog="kommunekart", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate a register and print a summary")
    check.add_argument("path", nargs="?", default=str(DATA_DIR),
                       help="register folder or XLSX workbook (default: the shipped data/)")
    check.set_defaults(handler=_cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
