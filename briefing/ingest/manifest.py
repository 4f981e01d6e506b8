"""A folder's ``manifest.csv``: metadata the user gives per file, which beats any inference.

Columns: ``file`` (relative to the manifest's folder) plus any of ``title``, ``outlet``,
``published``, ``url``. A row naming a missing file is a skipped input (an error naming the
manifest and the row); a date that is not valid ISO 8601 is a warning and that value is ignored,
the rest of the row kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefing.ingest.published import parse_iso
from briefing.ingest.readers import DEFAULT_MAX_BYTES, META_FIELDS, ReadError, read_text
from briefing.model import Problem

MANIFEST_NAME = "manifest.csv"


@dataclass(frozen=True)
class Manifest:
    entries: Mapping[Path, Mapping[str, str]] = field(default_factory=dict)  # resolved file -> fields
    problems: tuple[Problem, ...] = ()


def parse_manifest(text: str, folder: Path, shown: str) -> Manifest:
    """Rows keyed by the resolved path of the file they describe."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    if "file" not in columns:
        return Manifest(problems=(Problem(shown, "manifest has no 'file' column; ignored", "warning"),))
    reader.fieldnames = columns
    entries: dict[Path, dict[str, str]] = {}
    problems: list[Problem] = []
    for row in reader:
        where = f"{shown}, row {reader.line_num}"
        name = (row.get("file") or "").strip()
        if not name:
            problems.append(Problem(shown, f"row {reader.line_num}: no file named; row ignored", "warning"))
            continue
        target = (folder / name).resolve()
        if not target.is_file():
            # The user expected this article: it counts as a skipped input (exit code 1), not a note.
            problems.append(Problem(where, f"manifest row names {name!r}, which does not exist; skipped"))
            continue
        fields: dict[str, str] = {}
        for key in META_FIELDS:
            value = (row.get(key) or "").strip()
            if not value:
                continue
            if key == "published":
                normalised = parse_iso(value)
                if normalised is None:
                    problems.append(
                        Problem(
                            where,
                            f"invalid publication date {value!r} for {name!r} (expected ISO 8601 "
                            "such as 2018, 2018-04 or 2018-04-05); ignored",
                            "warning",
                        )
                    )
                    continue
                value = normalised
            fields[key] = value
        entries[target] = fields
    return Manifest(entries, tuple(problems))


def read_manifest(folder: Path, shown: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Manifest | None:
    """The manifest of ``folder`` if it has one; an unreadable one is a warning, not a stop."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return None
    try:
        text = read_text(path, max_bytes)
    except ReadError as exc:
        return Manifest(problems=(Problem(shown, f"manifest ignored: {exc}", "warning"),))
    try:
        return parse_manifest(text, folder, shown)
    except csv.Error as exc:
        return Manifest(problems=(Problem(shown, f"manifest ignored: invalid CSV ({exc})", "warning"),))
