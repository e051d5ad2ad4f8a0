"""The check of an upload as it runs in a background job: decoded and prechecked at once (a zip
bomb ends there), then, in its turn and within the time limit, read, checked and stored. Its
answer is plain data (the link to open, and what to tell the user), so any front end can show it;
the web layer makes the Dash components (kommunekart.web.components.upload)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

from kommunekart.domain import limits
from kommunekart.domain.register import RegisterError
from kommunekart.geo.geometry import MissingGeometryError
from kommunekart.uploads import jobs
from kommunekart.uploads.intake import Files, UploadRefusedError, decode_upload, precheck, register_id
from kommunekart.uploads.problem_files import keep_problems
from kommunekart.uploads.problem_report import ProblemTable, problem_table
from kommunekart.uploads.registers import Registries
from kommunekart.uploads.store import Progress

MAP_PAGE = "/kart"  # where an uploaded register is opened (kommunekart.web.pages.kart.PATH)
MAX_LISTED = 30  # problems listed as lines (a front end without the table); the rest are counted
KEPT = "Kartet viser fortsatt registeret det viste."


@dataclass(frozen=True)
class UploadMessage:
    """What the user is told of an upload: ok or error, a sentence, and for a register with
    problems (`listed`) the first MAX_LISTED of them as lines and how many more there are, and
    `table`: every problem as the page's table shows it (problem_report)."""

    kind: Literal["ok", "error"]
    text: str
    problems: tuple[str, ...] = ()
    more: int = 0
    listed: bool = False
    table: ProblemTable | None = None


@dataclass(frozen=True)
class UploadOutcome:
    """An upload's answer: the link to its map (None when nothing changes) and the message
    (None when there is nothing to tell: a precheck that passed)."""

    link: str | None
    message: UploadMessage | None


def refusal(text: str) -> UploadOutcome:
    return UploadOutcome(None, UploadMessage("error", text))


def problems_outcome(names: str, err: RegisterError, csv_id: str | None = None) -> UploadOutcome:
    """A register with problems changes nothing: every problem counted, the first ones listed,
    all of them in the table (and its CSV, when kept under `csv_id`)."""
    shown = tuple(str(p) for p in err.problems[:MAX_LISTED])
    return UploadOutcome(None, UploadMessage(
        "error", f"{names} ble ikke lastet inn: {len(err.problems)} feil. {KEPT}", shown,
        len(err.problems) - len(shown), listed=True, table=problem_table(err.problems, csv_id)))


Checked = TypeVar("Checked", UploadOutcome, UploadOutcome | None)
Keeper = Callable[[str, RegisterError], str | None]  # keeps the problems: the id of their CSV


def keeper(registry: Registries, files: Files) -> Keeper:
    """Keeps a refused upload's problems in the upload store (problem_files), under its id."""
    def keep(names: str, err: RegisterError) -> str | None:
        pid = register_id(files)
        return pid if keep_problems(registry.folder, pid, names, err.problems) else None
    return keep


def _checked(names: str, check: Callable[[], Checked], keep: Keeper | None = None) -> Checked:
    """A check's outcome, or the refusal its problems (or a file it could not read) make."""
    try:
        return check()
    except RegisterError as err:
        return problems_outcome(names, err, keep(names, err) if keep else None)
    except (MissingGeometryError, UnicodeDecodeError, ValueError, OSError) as err:
        detail = err.strerror if isinstance(err, OSError) and err.strerror else type(err).__name__
        return refusal(f"{names} ble ikke lastet inn ({detail}). {KEPT}")


def precheck_result(files: Files, keep: Keeper | None = None) -> UploadOutcome | None:
    """The refusal of what is told without reading the files (intake.precheck); None when that
    passes."""
    names = ", ".join(name for name, _ in files)

    def check() -> None:
        problems = precheck(files)
        if problems:
            raise RegisterError(names, problems)

    return _checked(names, check, keep)


def upload_result(registry: Registries, files: Files, progress: Progress | None = None) -> UploadOutcome:
    """The upload checked and kept: the link to its map and «kontrollert og lastet inn». A
    register with any problem changes nothing: the page keeps showing what it showed."""
    names = ", ".join(name for name, _ in files)

    def check() -> UploadOutcome:
        rid = registry.add_upload(files, progress)
        return UploadOutcome(f"{MAP_PAGE}?register={rid}",
                             UploadMessage("ok", f"{names} er kontrollert og lastet inn."))

    return _checked(names, check, keeper(registry, files))


def upload_job(registry: Registries, contents: list[str] | None, names: list[str] | None,
               set_progress: Callable[[str], None] | None = None, seconds: float | None = None,
               in_job: bool = False) -> UploadOutcome | None:
    """The check of an upload as it runs off the request workers (a background callback's job):
    size and what the zip's directory says first (at once: a zip bomb is refused here), then,
    at a lower priority (`in_job`: this process is the job's own) and in its turn (one check
    per slot), the register with each stage told to the page («Kontrollerer …: leser arkene»),
    stopped with a message when it takes longer than the time limit. None: nothing was sent."""
    if not contents:
        return None
    names = list(names or [])
    label = ", ".join(names)

    def told(stage: str) -> None:
        if set_progress is not None:
            set_progress(f"Kontrollerer {label}: {stage} …")

    try:
        files = decode_upload(contents, names)
    except UploadRefusedError as err:
        return refusal(f"{label} ble ikke lastet inn. {err}")
    refused = precheck_result(files, keeper(registry, files))  # a zip bomb ends here, at once
    if refused is not None:
        return refused
    if in_job:
        jobs.lower_priority()  # the request workers come first
    seconds = limits.time_limit() if seconds is None else seconds
    stored_before = (registry.folder / register_id(files)).is_dir()
    try:
        with jobs.check_slot(registry.folder / jobs.JOBS_FOLDER,
                             waiting=lambda: told("venter på tur (andre opplastinger kontrolleres)")):
            told("pakker ut")
            with jobs.time_limit(seconds):
                return upload_result(registry, files, told)
    except jobs.BusyError:
        return refusal(f"{label} ble ikke lastet inn: serveren er opptatt med andre "
                       "opplastinger. Prøv igjen om litt.")
    except jobs.TimeLimitError:
        # A library may swallow the alarm, so the limit can be found exceeded only after the
        # register was stored: a check that was stopped keeps nothing.
        if not stored_before:
            registry.remove(register_id(files))
        return refusal(f"{label} ble ikke lastet inn: kontrollen tok mer enn {seconds:g} sekunder "
                       f"og ble stoppet. Er registeret mye større enn vanlig? {KEPT}")
