"""Size limits ruff has no rule for: no module over MAX_MODULE_LINES lines, no function (or
method) over MAX_FUNCTION_LINES lines, decorators and docstring included. Prints each offender as
file:line with its length; exits 1 if there is any.

Usage: python scripts/check_size.py [folder-or-file ...]   (default: kommunekart/)
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

@dataclass(frozen=True)
class Offender:
    path: Path
    line: int
    what: str  # "module" or the function's qualified name
    lines: int
    limit: int

    def __str__(self) -> str:
        shown = self.path.resolve()
        shown = shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else self.path
        return f"{shown}:{self.line}: {self.what} has {self.lines} lines (max {self.limit})"


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every function with its qualified name (Class.method, outer.inner), nested ones too."""
    found: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append((prefix + node.name, node))
            found += _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            found += _functions(node, f"{prefix}{node.name}.")
        else:
            found += _functions(node, prefix)
    return found


def check_file(path: Path, max_module: int = MAX_MODULE_LINES,
               max_function: int = MAX_FUNCTION_LINES) -> list[Offender]:
    """The offenders in one Python file."""
    text = path.read_text(encoding="utf-8")
    offenders = []
    module_lines = len(text.splitlines())
    if module_lines > max_module:
        offenders.append(Offender(path, 1, "module", module_lines, max_module))
    for name, node in _functions(ast.parse(text, filename=str(path))):
        start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        length = (node.end_lineno or node.lineno) - start + 1
        if length > max_function:
            offenders.append(Offender(path, start, f"function {name}", length, max_function))
    return offenders


def check(paths: list[Path]) -> list[Offender]:
    """The offenders in every .py file under `paths`."""
    files = sorted({f for p in paths for f in ([p] if p.is_file() else p.rglob("*.py"))})
    return [o for f in files for o in check_file(f)]


def main(argv: list[str]) -> int:
    offenders = check([Path(a) for a in argv] or [ROOT / "kommunekart"])
    for offender in offenders:
        print(offender)
    if offenders:
        print(f"{len(offenders)} over the size limits (modules {MAX_MODULE_LINES} lines, "
              f"functions {MAX_FUNCTION_LINES}): split them into well-named pieces.", file=sys.stderr)
    return 1 if offenders else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
