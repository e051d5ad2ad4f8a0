"""Sequential latency and concurrent throughput: the two ways a build is timed."""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass

from kommunekart.bench.client import Client, LoadClient


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass(frozen=True)
class Timing:
    """Sequential round trips of one interaction."""

    status: int
    bytes: int
    raw_bytes: int
    p50_ms: float
    p95_ms: float
    runs: int


def time_requests(port: int, bodies: tuple[bytes, ...], runs: int, warmup: int,
                  budget: float) -> Timing:
    """Sequential round trips (cycling through `bodies`) after a warm-up: `runs` of them, or
    fewer (at least 5) when they would take longer than `budget` seconds, so a slow build cannot
    stretch the run. Bytes: the largest of the bodies' answers."""
    client = Client(port)
    try:
        replies = [client.post(body) for body in bodies]
        for i in range(warmup):
            client.post(bodies[i % len(bodies)])
        times: list[float] = []
        deadline = time.perf_counter() + budget
        while len(times) < runs and (len(times) < 5 or time.perf_counter() < deadline):
            times.append(client.post(bodies[len(times) % len(bodies)]).ms)
    finally:
        client.close()
    big = max(replies, key=lambda r: len(r.body))
    status = max(r.status for r in replies)
    return Timing(status, len(big.body), len(big.raw), percentile(times, 50),
                  percentile(times, 95), len(times))


@dataclass(frozen=True)
class Load:
    """One load window of concurrent clients."""

    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float | None
    p95_ms: float | None
    client_cpu_pct: float  # CPU of this process (the client threads) per second of wall time


def load_mix(port: int, bodies: list[bytes], clients: int, duration: float,
             max_requests: int) -> Load:
    """`clients` threads, each on its own connection, cycling through the interactions (each
    thread from a different one) until `duration` seconds or `max_requests` have passed."""
    issued = itertools.count()
    lock = threading.Lock()
    times: list[float] = []
    errors = [0]
    start = time.perf_counter()
    deadline = start + duration

    def worker(offset: int) -> None:
        client = LoadClient(port, bodies)
        mine: list[float] = []
        bad = 0
        try:
            for i in itertools.count(offset):
                if time.perf_counter() >= deadline or next(issued) >= max_requests:
                    break
                try:
                    status, ms = client.send(i % len(bodies))
                except OSError:
                    bad += 1
                    continue
                if status == 200:
                    mine.append(ms)
                else:
                    bad += 1
        finally:
            client.close()
            with lock:
                times.extend(mine)
                errors[0] += bad

    cpu = time.process_time()
    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 120)
    seconds = time.perf_counter() - start
    cpu_pct = 100 * (time.process_time() - cpu) / seconds
    ok = len(times)
    return Load(ok, errors[0], seconds, ok / seconds, percentile(times, 50) if ok else None,
                percentile(times, 95) if ok else None, cpu_pct)
