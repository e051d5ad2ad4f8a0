"""No module over 400 lines and no function over 60 in kommunekart/ (scripts/check_size.py),
and the checker does catch both."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_size.py"


def _checker():
    spec = importlib.util.spec_from_file_location("check_size", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_size"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_package_has_no_module_or_function_over_the_limits() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True,
                          timeout=60, check=False, cwd=ROOT)
    assert done.returncode == 0, f"over the size limits:\n{done.stdout}{done.stderr}"


def _function(name: str, body_lines: int, indent: str = "    ") -> str:
    return f"def {name}():\n" + "".join(f"{indent}x = {i}\n" for i in range(body_lines))


def test_catches_a_long_function_a_long_method_and_a_long_module(tmp_path: Path) -> None:
    check = _checker()
    short = tmp_path / "short.py"
    short.write_text(_function("fine", 59))  # 60 lines with its def: at the limit
    long_function = tmp_path / "long_function.py"
    long_function.write_text("import os\n\n\n@staticmethod\n" + _function("too_long", 60))
    method = tmp_path / "method.py"
    method.write_text("class Box:\n" + "".join("    " + line + "\n" for line in
                                               _function("place", 61).splitlines()))
    long_module = tmp_path / "long_module.py"
    long_module.write_text("".join(f"x{i} = {i}\n" for i in range(401)))

    found = {o.path.name: o for o in check.check([tmp_path])}

    assert set(found) == {"long_function.py", "method.py", "long_module.py"}
    assert (found["long_function.py"].line, found["long_function.py"].lines) == (4, 62)  # decorator on
    assert found["method.py"].what == "function Box.place"
    assert (found["long_module.py"].what, found["long_module.py"].lines) == ("module", 401)
    assert "long_function.py:4: function too_long has 62 lines (max 60)" in str(found["long_function.py"])


def test_script_exits_1_and_names_each_offender(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_text(_function("big", 80))
    done = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "big.py:1: function big has 81 lines (max 60)" in done.stdout
