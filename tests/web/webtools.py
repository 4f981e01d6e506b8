"""Helpers of the web service tests: a quick stand-in for the build, and waiting for a job."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from briefing.build import BuildRequest, BuildResult
from briefing.timing import StageTimer

BASE = "http://127.0.0.1:8000"


class FakeBuild:
    """Writes one small file per format and remembers each request; ``fail`` makes it raise."""

    def __init__(self) -> None:
        self.requests: list[BuildRequest] = []
        self.fail: Exception | None = None

    def __call__(self, request: BuildRequest, progress=None) -> BuildResult:
        self.requests.append(request)
        if progress is not None:
            progress("articles", 0, 1)
            progress("language pass", 1, 2)
        if self.fail is not None:
            raise self.fail
        request.out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for fmt in request.formats:
            path = request.out_dir / f"brief.{fmt}"
            path.write_text(f"{fmt} of {len(request.sources)} source(s)", encoding="utf-8")
            written.append(path)
        return BuildResult(None, tuple(written), (), StageTimer())


def wait_for(client: TestClient, job_id: str, timeout: float = 30.0, headers: dict | None = None) -> dict:
    """The job's status once it is done or failed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(f"/api/briefs/{job_id}", headers=headers or {}).json()
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} not finished after {timeout} s: {status}")
