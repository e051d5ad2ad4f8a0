"""A register's problems: each one located (file or sheet, row, column) and said in Norwegian,
and the error that carries all of them, so a user can mend every one in one go."""

from __future__ import annotations

from dataclasses import dataclass

ROW = "_row"  # where each row came from (CSV line / sheet row); kept out of the typed tables


@dataclass(frozen=True)
class Problem:
    where: str  # file or sheet name
    row: int | None
    column: str | None
    message: str
    suggestion: str | None = None  # what the user could write instead (a name, a value), if known
    kind: str = "annet"  # what kind of problem, for a count per kind (e.g. "ukjent kommune")

    def __str__(self) -> str:
        parts = [self.where]
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolonne «{self.column}»")
        return f"{', '.join(parts)}: {self.message}"


class RegisterError(Exception):
    """Every problem found in one register, so a user can mend them all in one go."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        head = f"Registeret {self.source} har {len(self.problems)} feil og ble ikke lastet:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])
