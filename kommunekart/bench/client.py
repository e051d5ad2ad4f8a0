"""HTTP clients of the benchmark: http.client for measured round trips, a raw socket for load."""

from __future__ import annotations

import gzip
import http.client
import json
import re
import socket
import time
from dataclasses import dataclass
from typing import Any

HOST = "127.0.0.1"  # everything runs on loopback
UPDATE = "/_dash-update-component"
GZIP = "gzip"
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"  # what Chromium offers; Flask-Compress picks zstd


@dataclass(frozen=True)
class Reply:
    """One answer, body kept as it travelled so its size is what the wire carried."""

    status: int
    body: bytes  # as received: compressed if the server compressed it
    encoding: str | None
    ms: float

    @property
    def raw(self) -> bytes:
        """The body as the browser's JSON parser sees it."""
        return gzip.decompress(self.body) if self.encoding == "gzip" else self.body

    def json(self) -> Any:
        return json.loads(self.raw)


class Client:
    """One keep-alive connection (re-opened when the server closes it, as gunicorn sync does)."""

    def __init__(self, port: int, accept: str = GZIP) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.headers = {"Content-Type": "application/json", "Accept-Encoding": accept}

    def send(self, method: str, path: str, body: bytes | None = None) -> Reply:
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=self.headers)
            resp = self.conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # the next request opens a fresh connection
            raise
        ms = (time.perf_counter() - start) * 1000
        return Reply(resp.status, data, resp.getheader("Content-Encoding"), ms)

    def get(self, path: str) -> Reply:
        return self.send("GET", path)

    def post(self, body: bytes, path: str = UPDATE) -> Reply:
        return self.send("POST", path, body)

    def close(self) -> None:
        self.conn.close()


class LoadClient:
    """The load generator's client: prebuilt requests on a raw socket, answers parsed only as
    far as Content-Length. On this 2-core machine the client shares the CPU with the server;
    http.client spent ~0.24 ms of CPU per request here, this ~0.1 ms (0.03 with keep-alive), which
    left gunicorn ~45 % more throughput. Keep-alive is used unless the server closes."""

    def __init__(self, port: int, bodies: list[bytes]) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.buf = b""
        self.requests = [
            (f"POST {UPDATE} HTTP/1.1\r\nHost: {HOST}:{port}\r\nContent-Type: application/json\r\n"
             f"Accept-Encoding: {GZIP}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
            for body in bodies]

    def send(self, index: int) -> tuple[int, float]:
        """(status, ms) of request `index`; raises OSError when the connection fails."""
        start = time.perf_counter()
        try:
            if self.sock is None:
                self.sock = socket.create_connection((HOST, self.port), timeout=60)
                self.buf = b""
            self.sock.sendall(self.requests[index])
            status, closes = self._read()
        except (OSError, ValueError):
            self.close()
            raise OSError("request failed") from None
        if closes:
            self.close()
        return status, (time.perf_counter() - start) * 1000

    def _read(self) -> tuple[int, bool]:
        while b"\r\n\r\n" not in self.buf:
            self.buf += self._recv()
        head, _, rest = self.buf.partition(b"\r\n\r\n")
        fields = head.lower()
        match = re.search(rb"\r\ncontent-length:\s*(\d+)", fields)
        length = int(match.group(1)) if match else 0  # Dash always sends it (204: none)
        while len(rest) < length:
            rest += self._recv()
        self.buf = rest[length:]
        return int(head[9:12]), b"\r\nconnection: close" in fields

    def _recv(self) -> bytes:
        assert self.sock is not None
        chunk = self.sock.recv(65536)
        if not chunk:
            raise OSError("connection closed")
        return chunk

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def free_port() -> int:
    """A loopback port free now, for a server started in another process."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]

