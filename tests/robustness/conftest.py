"""Fixtures for the robustness tests: a local HTTP server that records every request, articles,
and a way to run the real command line in a child process."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# The render tests' hand-made brief (three sources, hostile text in one), for tests that need no spaCy.
sys.path.insert(0, str(REPO / "tests" / "render"))

from render_sample import make_brief  # noqa: E402

ARTICLE = (
    "Leaders meet in Geneva\n\n"
    "Foreign Minister Anna Berg met Prime Minister Paul Okafor in Geneva on March 3, 2018 to discuss the "
    "ceasefire. \u201cWe agreed on the next steps,\u201d Berg told reporters. The talks will resume on March 10.\n"
)


def article(place: str, day: int = 3) -> str:
    """A short article, different for each place (the same text twice is kept once)."""
    return ARTICLE.replace("Geneva", place).replace("March 3", f"March {day}")


class RecordingServer:
    """A local web server on 127.0.0.1 that answers everything and remembers every request."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        recorded = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                recorded.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/css" if self.path.endswith(".css") else "image/png")
                self.end_headers()
                self.wfile.write(b"body { color: red }" if self.path.endswith(".css") else b"\x89PNG\r\n\x1a\n")

            do_POST = do_HEAD = do_GET  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> RecordingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def brief():
    return make_brief()


@pytest.fixture(scope="module")
def recording_server():
    with RecordingServer() as server:
        yield server


@pytest.fixture(scope="session")
def secret_file(tmp_path_factory) -> Path:
    """A local file no output may ever contain (stands in for /etc/passwd, which may not exist)."""
    path = tmp_path_factory.mktemp("secret") / "passwd"
    path.write_text("root:x:0:0:TOP-SECRET-LINE:/root:/bin/bash\n", encoding="utf-8")
    return path


def run_cli(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 300):
    """``python -m briefing ARGS`` in a child process (its own cwd, so no briefing.toml is read)."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    full_env.pop("BRIEFING_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
