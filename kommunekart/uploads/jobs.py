"""Where uploads are checked: off the request workers, as a Dash background callback.

By default a `DiskcacheManager`: each check runs in a process of its own, forked from the worker
that received the upload, and its progress and result go through a diskcache folder every worker
on the machine shares (`<upload dir>/.jobs`), so any worker can answer the browser's polls.
When $KOMMUNEKART_REDIS_URL names a Redis server, a `CeleryManager` instead: checks are queued in
Redis and run by Celery workers (`celery -A kommunekart.web.wsgi:celery_app worker`), which may be on other
machines sharing the upload folder. celery and redis are imported only then (`pip install
"dash[celery]"`); they are not dependencies.

A check that runs longer than kommunekart.domain.limits.time_limit() is stopped (SIGALRM in the job's process)
and answered with a Norwegian message; the worker that received it never waits for it."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

REDIS_ENV = "KOMMUNEKART_REDIS_URL"
JOBS_FOLDER = ".jobs"  # in the upload folder: shared by the workers of one machine
JOBS_SIZE_LIMIT = 64 * 1024 * 1024  # results and progress are small; diskcache culls beyond this
RESULT_EXPIRE = 600  # seconds a result nobody fetched is kept (a browser closed mid-check)

# the Celery app of this process, for `celery -A kommunekart.web.wsgi:celery_app`
_celery_apps: list[Any] = []


class TimeLimitError(BaseException):
    """The check took longer than it may. A BaseException, as KeyboardInterrupt is, so that no
    library's `except Exception` swallows it on the way out."""


def _unique_key() -> str:
    """Part of every job's cache key, so two uploads of the same file at the same moment are
    two jobs, each with its own result (Dash's key is otherwise the inputs' hash)."""
    import uuid

    return uuid.uuid4().hex


def manager(upload_folder: Path) -> Any:
    """The background callback manager: Celery with Redis when $KOMMUNEKART_REDIS_URL is set,
    else diskcache in the upload folder."""
    url = os.environ.get(REDIS_ENV)
    if url:
        return _celery_manager(url)
    import diskcache
    from dash import DiskcacheManager

    class ReapingDiskcacheManager(DiskcacheManager):
        """Dash's DiskcacheManager, whose finished job processes are reaped at once by the worker
        that forked them. Dash kills a job once its result is read and waits up to a second for
        it to be gone; a finished job nobody reaps stays a zombie, and that poll waited it out."""

        def call_job_fn(self, key: Any, job_fn: Any, args: Any, context: Any) -> Any:
            pid = super().call_job_fn(key, job_fn, args, context)
            start_reaper()
            return pid

    cache = diskcache.Cache(str(upload_folder / JOBS_FOLDER), size_limit=JOBS_SIZE_LIMIT)
    return ReapingDiskcacheManager(cache, cache_by=[_unique_key], expire=RESULT_EXPIRE)


def _celery_manager(url: str) -> Any:
    try:
        from celery import Celery
        from dash import CeleryManager
    except ImportError as err:
        raise RuntimeError(f"{REDIS_ENV} er satt, men celery er ikke installert: "
                           'pip install "dash[celery]"') from err
    from kommunekart.domain.limits import time_limit

    app = Celery("kommunekart", broker=url, backend=url)
    # The job stops itself at the time limit (a message for the user); Celery kills it a little
    # later if it cannot (a hard limit for the worker's sake).
    app.conf.update(task_time_limit=time_limit() + 10, result_expires=RESULT_EXPIRE)
    _celery_apps.append(app)
    return CeleryManager(app, cache_by=[_unique_key], expire=RESULT_EXPIRE)


def celery_app() -> Any:
    """The Celery app this process built (None without $KOMMUNEKART_REDIS_URL)."""
    return _celery_apps[-1] if _celery_apps else None


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitError in the block after `seconds`. Works in a process's main thread
    (a background job's process, a Celery prefork worker); elsewhere the block runs unlimited."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    fired: list[bool] = []

    def expired(_signum: int, _frame: Any) -> None:
        fired.append(True)
        raise TimeLimitError(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:  # the alarm came while a library swallowed exceptions: the limit holds anyway
        raise TimeLimitError(seconds)


SLOTS_ENV = "KOMMUNEKART_UPLOAD_CHECKS"
NICENESS = 10  # a check yields the CPU to the request workers (on a 2-core machine it matters)
QUEUE_LIMIT = 120.0  # seconds a check waits for a free slot before it gives up, with a message
_WAIT_STEP = 0.1


def check_slots() -> int:
    """How many uploads are checked at once on this machine ($KOMMUNEKART_UPLOAD_CHECKS; default
    half the CPUs, at least one): more wait their turn, so uploads never starve the workers."""
    try:
        return max(1, int(os.environ.get(SLOTS_ENV) or 0) or (os.cpu_count() or 2) // 2)
    except ValueError:
        return 1


class BusyError(Exception):
    """No slot came free in time."""


@contextmanager
def check_slot(folder: Path, waiting: Any = None, limit: float = QUEUE_LIMIT) -> Iterator[None]:
    """Hold one of check_slots() lock files in `folder` (flock: released by the OS when the
    process ends, however it ends) while the block runs; `waiting()` is told while it waits.
    Raises BusyError after `limit` seconds without a slot."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + limit
    told = False
    while True:
        for n in range(check_slots()):
            handle = (folder / f"slot-{n}.lock").open("a+b")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        if time.monotonic() > deadline:
            raise BusyError
        if waiting is not None and not told:
            waiting()
            told = True
        time.sleep(_WAIT_STEP)


def lower_priority() -> None:
    """Make this process (a check's own) yield the CPU to the request workers."""
    with suppress(OSError, AttributeError):
        os.nice(NICENESS)


def reap_children() -> int:
    """Collect finished job processes of this worker (they are killed by whichever worker reads
    their result; only their parent can reap them). Returns how many still run."""
    with suppress(Exception):  # tidying only
        import multiprocess

        return len(multiprocess.active_children())
    return 0


_reaper_lock = threading.Lock()
_reaper: list[threading.Thread] = []
REAP_EVERY = 0.1  # seconds


def start_reaper() -> None:
    """A thread of this worker that reaps its job processes as they end, and stops when none is
    left (no thread while no upload is being checked)."""
    def reap() -> None:
        while True:
            time.sleep(REAP_EVERY)
            with _reaper_lock:
                if reap_children() == 0:
                    _reaper.clear()
                    return

    with _reaper_lock:
        if _reaper and _reaper[0].is_alive():
            return
        _reaper[:] = [threading.Thread(target=reap, name="kommunekart-reaper", daemon=True)]
        _reaper[0].start()
