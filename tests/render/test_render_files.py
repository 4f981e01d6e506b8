"""Atomic writes: a failure never leaves a half-written brief where the last good one was."""

from __future__ import annotations

import os

import pytest

from briefing.render import files, write_brief


def test_write_replaces_atomically(tmp_path):
    target = tmp_path / "deep" / "brief.md"
    files.write_text(target, "first\n")
    files.write_text(target, "second ✓\n")
    assert target.read_text(encoding="utf-8") == "second ✓\n"
    assert [p.name for p in target.parent.iterdir()] == ["brief.md"]
    mode = target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_failure_inside_write_keeps_old_file(tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("old good brief\n", encoding="utf-8")
    with pytest.raises(RuntimeError), files.atomic_open(target, "wb") as handle:
        handle.write(b"half of a new bri")
        raise RuntimeError("crash mid-write")
    assert target.read_text(encoding="utf-8") == "old good brief\n"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_render_failure_leaves_previous_brief_intact(brief, tmp_path, monkeypatch):
    paths = write_brief(brief, tmp_path, formats=("md", "html", "json"))
    before = {p.name: p.read_bytes() for p in paths}

    import dataclasses

    from briefing.render import OUTPUT_FORMATS

    def boom(*_args, **_kwargs):
        raise RuntimeError("renderer crashed")

    # The last format to render fails: nothing of the new brief may be written.
    monkeypatch.setitem(OUTPUT_FORMATS, "json", dataclasses.replace(OUTPUT_FORMATS["json"], render=boom))
    changed = brief.__class__(**{**brief.__dict__, "title": "A different title"})
    with pytest.raises(RuntimeError, match="renderer crashed"):
        write_brief(changed, tmp_path, formats=("md", "html", "json"))
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before


def test_replace_failure_keeps_old_file(tmp_path, monkeypatch):
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"%PDF-old")

    def fail_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", fail_replace)
    with pytest.raises(OSError, match="disk full"):
        files.write_bytes(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]
