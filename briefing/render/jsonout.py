"""The JSON brief: the whole data model behind it, for checking and for other tools.

``dataclasses.asdict`` of the :class:`~briefing.model.Brief` with ``"schema": "briefing/1"`` first.
Keys keep the dataclass field order (stable across runs), text is UTF-8 (not ``\\u`` escapes),
and tuples become lists. Every fact carries its citations: source id, sentence and offsets.
See ``docs/json.md`` in the repository.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from briefing.model import Brief
from briefing.serial import from_jsonable

SCHEMA = "briefing/1"


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    return {"schema": SCHEMA, **asdict(brief)}


def render_json(brief: Brief) -> str:
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def brief_from_dict(data: dict[str, Any]) -> Brief:
    """Rebuild a Brief from :func:`brief_to_dict` output (the inverse, for tests and tools)."""
    if data.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} document: schema={data.get('schema')!r}")
    return from_jsonable(Brief, {k: v for k, v in data.items() if k != "schema"})
