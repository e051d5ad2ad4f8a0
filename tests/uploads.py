"""What the upload tests share: a zip bomb of a workbook, and an upload sent the way the browser
sends it to the background callback (start, then polls until the answer), through Flask's test
client: the job really runs in a process of its own."""

from __future__ import annotations

import base64
import json
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from kommunekart.bench.dash_requests import update_body
from kommunekart.bench.load import zip_bomb  # a workbook of millions of cells in a few hundred KB
from kommunekart.web.pages.kart import ID
from tests.helpers import survey_only_tables, workbook

__all__ = ["run_upload", "valid_workbook", "zip_bomb"]


def valid_workbook() -> bytes:
    return workbook(survey_only_tables())


def data_url(content: bytes, kind: str = "application/octet-stream") -> str:
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


@dataclass
class UploadRun:
    """What the browser saw of one upload: the first answer (the job started), each poll's
    progress, and the final answer's outputs."""

    start_ms: float
    progress: list[str] = field(default_factory=list)
    response: dict[str, Any] = field(default_factory=dict)
    polls: int = 0

    @property
    def href(self) -> str | None:
        return (self.response.get(ID.goto) or {}).get("data")

    @property
    def message(self) -> str:
        return json.dumps(self.response.get(ID.upload_status), ensure_ascii=False)


def end_id(client: Any) -> str:
    """The page load's signed token, as the renderer echoes it (background handles are bound
    to it)."""
    page = client.get("/kart").get_data(as_text=True)
    config = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page,
                       re.S)
    return json.loads(config.group(1))["end_id"]  # type: ignore[union-attr]


def upload_callback(client: Any) -> dict:
    deps = client.get("/_dash-dependencies").get_json()
    return next(d for d in deps if d["output"].startswith(f"..{ID.goto}.data"))


def start_upload(client: Any, files: list[tuple[str, bytes]], token: str) -> tuple[dict, bytes, float]:
    """Send an upload as the browser does; (the job's handles, the body, ms to the answer)."""
    body = update_body(upload_callback(client), {}, {
        f"{ID.upload}.contents": [data_url(c) for _, c in files],
        f"{ID.upload}.filename": [n for n, _ in files]})
    start = time.perf_counter()
    reply = client.post(f"/_dash-update-component?endId={urllib.parse.quote(token)}", data=body,
                        content_type="application/json")
    ms = (time.perf_counter() - start) * 1000
    assert reply.status_code == 200, reply.get_data(as_text=True)[:500]
    return reply.get_json(), body, ms


def poll(client: Any, handles: dict, body: bytes, token: str) -> dict:
    """One poll, as the renderer sends it (inputs emptied, handles in the query)."""
    empty = json.loads(body)
    for item in [*empty["inputs"], *empty.get("state", [])]:
        item["value"] = None
    query = urllib.parse.urlencode({"endId": token, "cacheKey": handles["cacheKey"],
                                    "job": handles["job"]})
    reply = client.post(f"/_dash-update-component?{query}", data=json.dumps(empty),
                        content_type="application/json")
    assert reply.status_code in (200, 204), reply.get_data(as_text=True)[:500]
    return reply.get_json() if reply.status_code == 200 else {}


def run_upload(client: Any, files: list[tuple[str, bytes]], timeout: float = 60.0,
               interval: float = 0.1) -> UploadRun:
    token = end_id(client)
    handles, body, ms = start_upload(client, files, token)
    run = UploadRun(ms)
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        time.sleep(interval)
        answer = poll(client, handles, body, token)
        run.polls += 1
        run.progress += [v for v in (answer.get("progress") or {}).values() if v]
        if "response" in answer:
            run.response = answer["response"]
            return run
    raise AssertionError(f"no answer to the upload within {timeout} s ({run.progress})")
