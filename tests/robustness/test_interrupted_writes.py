"""A build killed while it writes never leaves a truncated brief where the last good one was, and
two runs writing the same report at once take turns (a lock) instead of mixing their files.

The children pause at a chosen point of the write (a patched ``os`` inside
``briefing.render.files`` only) and say so with a marker file; the test then kills them with
SIGKILL, so the kill lands exactly where it is meant to.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.render import write_brief

from .conftest import REPO, article, make_brief

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

OLD, NEW = "Old brief about the Geneva talks", "New brief about the Vienna talks"
NAMES = ["brief-timeline.svg", "brief-timeline.png", "brief.md", "brief.html", "brief.pdf", "brief.json"]
FORMATS = ("md", "html", "pdf", "json")

# Patches ``os`` as seen by briefing.render.files, to pause (or log) at the chosen point.
PATCH = textwrap.dedent(
    """
    import os, sys, time, types
    from pathlib import Path
    from briefing.render import files

    def install(point, number, marker, log=None, delay=0.0):
        proxy = types.ModuleType("os_for_files")
        proxy.__dict__.update(os.__dict__)
        calls = {"fsync": 0, "replace": 0, "write": 0}

        def pause():
            Path(marker).write_text("paused", encoding="utf-8")
            time.sleep(600)

        def fsync(fd):
            calls["fsync"] += 1
            if point == "fsync" and calls["fsync"] == number:
                pause()
            return os.fsync(fd)

        def replace(src, dst):
            calls["replace"] += 1
            if point == "replace" and calls["replace"] == number:
                pause()
            if log:
                with open(log, "a", encoding="utf-8") as handle:
                    handle.write(f"{os.getpid()} start {time.monotonic():.6f}\\n")
            time.sleep(delay)
            os.replace(src, dst)
            if log:
                with open(log, "a", encoding="utf-8") as handle:
                    handle.write(f"{os.getpid()} end {time.monotonic():.6f}\\n")

        class HalfWriter:
            def __init__(self, handle):
                self.handle = handle
            def __enter__(self):
                return self
            def __exit__(self, *exc):
                return self.handle.__exit__(*exc)
            def write(self, data):
                calls["write"] += 1
                if point == "write" and calls["write"] == number:
                    self.handle.write(data[: len(data) // 2])
                    self.handle.flush()
                    pause()
                return self.handle.write(data)
            def __getattr__(self, name):
                return getattr(self.handle, name)

        def fdopen(fd, *args, **kwargs):
            return HalfWriter(os.fdopen(fd, *args, **kwargs))

        proxy.fsync, proxy.replace, proxy.fdopen = fsync, replace, fdopen
        files.os = proxy
    """
)

WRITE_BRIEF = PATCH + textwrap.dedent(
    """
    import dataclasses
    sys.path.insert(0, sys.argv[1])
    from render_sample import make_brief
    from briefing import render
    out, title, point, number, marker = Path(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6]
    log, go = (sys.argv[7], sys.argv[8]) if len(sys.argv) > 8 else (None, None)
    install(point, number, marker, log, delay=0.25 if log else 0.0)
    if go:  # wait until both runs have rendered, then write at the same moment
        real_write_files = render.write_files
        def write_files(*args, **kwargs):
            Path(marker).write_text("ready", encoding="utf-8")
            while not Path(go).exists():
                time.sleep(0.01)
            return real_write_files(*args, **kwargs)
        render.write_files = write_files
        if len(sys.argv) > 9 and sys.argv[9] == "no-lock":
            import contextlib
            files.report_lock = lambda *a, **k: contextlib.nullcontext()
            files._remove_stale_temporaries = lambda *a, **k: None
    render.write_brief(dataclasses.replace(make_brief(), title=title), out, ("md", "html", "pdf", "json"))
    """
)

CLI_BUILD = PATCH + textwrap.dedent(
    """
    from briefing.cli import main
    install(sys.argv[1], int(sys.argv[2]), sys.argv[3])
    sys.exit(main(["-q", "build", sys.argv[4], "--out", sys.argv[5], "--title", sys.argv[6]]))
    """
)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def _start(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], env=_env(), stderr=subprocess.PIPE)


def _wait_for(marker: Path, child: subprocess.Popen, timeout: float = 120, content: str | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if marker.exists() and (content is None or marker.read_text(encoding="utf-8") == content):
            return
        if child.poll() is not None:
            raise AssertionError(f"the child ended before the kill point: {child.stderr.read().decode()[-2000:]}")
        time.sleep(0.02)
    child.kill()
    raise AssertionError("the child never reached the kill point")


def _title_of(out: Path, name: str) -> str:
    """Which brief a complete file belongs to (OLD or NEW); fails on a truncated or broken file."""
    path = out / name
    if name == "brief.json":
        return json.loads(path.read_text(encoding="utf-8"))["title"]
    if name == "brief.pdf":
        text = " ".join(" ".join(page.extract_text() for page in PdfReader(path, strict=True).pages).split())
        return next(t for t in (OLD, NEW) if t in text)
    if name.endswith(".png"):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.read_bytes()[-8:-4] == b"IEND", "PNG cut short"
        return "chart"
    data = path.read_text(encoding="utf-8")
    if name == "brief.html":
        assert data.rstrip().endswith("</html>"), "HTML cut short"
    if name == "brief.md":
        assert data.endswith("\n") and "## " in data.split("\n", 2)[-1], "Markdown cut short"
    if name.endswith(".svg"):
        assert data.rstrip().endswith("</svg>"), "SVG cut short"
        return "chart"
    return next(t for t in (OLD, NEW) if t in data)


def _brief_files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}


@pytest.fixture
def previous(tmp_path):
    """A folder holding the last good brief (title OLD)."""
    import dataclasses

    out = tmp_path / "reports"
    write_brief(dataclasses.replace(make_brief(), title=OLD), out, FORMATS)
    return out


@pytest.mark.parametrize(
    ("point", "number"),
    [("write", 3), ("write", 5), ("fsync", 5), ("replace", 1), ("replace", 4), ("replace", 6)],
    ids=["half of the md", "half of the pdf", "pdf written not synced", "first rename", "html renamed", "last rename"],
)
def test_a_write_killed_at_any_point_leaves_every_file_whole(previous, tmp_path, point, number):
    old = _brief_files(previous)
    marker = tmp_path / "paused"
    render_tests = str(REPO / "tests" / "render")
    child = _start(WRITE_BRIEF, render_tests, str(previous), NEW, point, str(number), str(marker))
    try:
        _wait_for(marker, child)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    now = _brief_files(previous)
    assert sorted(now) == sorted(NAMES)  # nothing missing, nothing new that looks like a brief
    replaced = number - 1 if point == "replace" else 0  # files moved into place before the kill
    for index, name in enumerate(NAMES):
        if index >= replaced:
            assert now[name] == old[name], f"{name} changed although it was not replaced yet"
        title = _title_of(previous, name)
        if name.startswith("brief."):
            assert title == (NEW if index < replaced else OLD), name
    leftovers = [p.name for p in previous.iterdir() if p.name.startswith(".")]
    assert all(n.startswith(".brief") and n.endswith(".tmp") for n in leftovers), leftovers

    # The next run finishes the job and sweeps what the killed one left behind.
    import dataclasses

    write_brief(dataclasses.replace(make_brief(), title=NEW), previous, FORMATS)
    assert [p.name for p in previous.iterdir() if p.name.startswith(".")] == []
    assert {_title_of(previous, n) for n in NAMES if n.startswith("brief.")} == {NEW}


def test_a_real_build_killed_while_writing_keeps_the_previous_brief(previous, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(article("Vienna"), encoding="utf-8")
    old = _brief_files(previous)
    marker = tmp_path / "paused"
    # Pause before the third rename: the chart is new, the documents still the old ones.
    child = _start(CLI_BUILD, "replace", "3", str(marker), str(inbox), str(previous), NEW)
    try:
        _wait_for(marker, child, timeout=300)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    now = _brief_files(previous)
    assert sorted(now) == sorted(NAMES)
    for name in ("brief.md", "brief.html", "brief.pdf", "brief.json"):
        assert now[name] == old[name] and _title_of(previous, name) == OLD
    assert now["brief-timeline.svg"] != old["brief-timeline.svg"]  # the kill really came mid-write
    _title_of(previous, "brief-timeline.svg")


def _write_at_once(out: Path, tmp_path: Path, lock: bool) -> list[tuple[int, str, float]]:
    log, go = tmp_path / "replaces.log", tmp_path / "go"
    render_tests = str(REPO / "tests" / "render")
    children, markers = [], []
    for n, title in enumerate((OLD, NEW)):
        marker = tmp_path / f"ready-{n}"
        args = [render_tests, str(out), title, "none", "0", str(marker), str(log), str(go)]
        children.append(_start(WRITE_BRIEF, *args, *([] if lock else ["no-lock"])))
        markers.append(marker)
    try:
        for child, marker in zip(children, markers, strict=True):
            _wait_for(marker, child, content="ready")
        go.write_text("go", encoding="utf-8")
        for child in children:
            assert child.wait(timeout=120) == 0, child.stderr.read().decode()[-2000:]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
    rows = []
    for line in log.read_text(encoding="utf-8").splitlines():
        pid, what, when = line.split()
        rows.append((int(pid), what, float(when)))
    return rows


def _spans(rows: list[tuple[int, str, float]]) -> list[tuple[float, float]]:
    by_pid: dict[int, list[float]] = {}
    for pid, _, when in rows:
        by_pid.setdefault(pid, []).append(when)
    return sorted((min(times), max(times)) for times in by_pid.values())


def test_two_runs_writing_the_same_report_take_turns(tmp_path):
    out = tmp_path / "reports"
    rows = _write_at_once(out, tmp_path, lock=True)
    (first_start, first_end), (second_start, second_end) = _spans(rows)
    assert first_end <= second_start, "the two runs replaced files at the same time"
    titles = {_title_of(out, n) for n in NAMES if n.startswith("brief.")}
    assert len(titles) == 1  # every document from the same run


def test_without_the_lock_the_same_two_runs_would_mix_their_files(tmp_path):
    """The control for the test above: it can fail, and does when the lock is taken away."""
    out = tmp_path / "reports"
    rows = _write_at_once(out, tmp_path, lock=False)
    (first_start, first_end), (second_start, second_end) = _spans(rows)
    assert second_start < first_end  # their renames overlapped
