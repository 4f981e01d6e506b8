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

from briefing.model import (
    Actor,
    Brief,
    Citation,
    Event,
    Evidence,
    KeyDevelopment,
    OutletPosition,
    OutletProfile,
    QuoteEntry,
    Role,
    Scope,
    SideShare,
    Source,
    SpeakerShare,
    Term,
    Tone,
    Voice,
)

SCHEMA = "briefing/1"


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    return {"schema": SCHEMA, **asdict(brief)}


def render_json(brief: Brief) -> str:
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _citation(d: dict[str, Any]) -> Citation:
    return Citation(**d)


def _tuple(items: list[Any], make) -> tuple:
    return tuple(make(item) for item in items)


def brief_from_dict(data: dict[str, Any]) -> Brief:
    """Rebuild a Brief from :func:`brief_to_dict` output (the inverse, for tests and tools)."""
    if data.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} document: schema={data.get('schema')!r}")

    def cites(d: dict[str, Any]) -> tuple[Citation, ...]:
        return _tuple(d.get("citations", []), _citation)

    return Brief(
        title=data["title"],
        scope=Scope(**{**data["scope"], "outlets": tuple(data["scope"]["outlets"])}),
        key_developments=_tuple(data["key_developments"], lambda d: KeyDevelopment(**{**d, "citations": cites(d)})),
        events=_tuple(
            data["events"],
            lambda d: Event(
                **{**d, "actors": tuple(d["actors"]), "outlets": tuple(d["outlets"]), "citations": cites(d)}
            ),
        ),
        actors=_tuple(data["actors"], _actor),
        quotes=_tuple(data["quotes"], lambda d: QuoteEntry(**{**d, "citation": _citation(d["citation"])})),
        outlets=_tuple(data["outlets"], lambda d: _outlet(d, cites)),
        sources=_tuple(data["sources"], lambda d: Source(**d)),
        notes=_tuple(data["notes"], _citation),
        warnings=tuple(data["warnings"]),
        other_actors=_tuple(data.get("other_actors", []), _actor),
    )


def _actor(d: dict[str, Any]) -> Actor:
    return Actor(
        **{
            **d,
            "aliases": tuple(d["aliases"]),
            "outlets": tuple(d["outlets"]),
            "roles": _tuple(d["roles"], lambda r: Role(r["text"], _citation(r["citation"]))),
            "citations": _tuple(d.get("citations", []), _citation),
        }
    )


def _outlet(d: dict[str, Any], cites) -> OutletPosition:
    profile = d.get("profile")
    return OutletPosition(
        **{
            **d,
            "source_ids": tuple(d["source_ids"]),
            "voices": _tuple(d["voices"], lambda v: Voice(**v)),
            "terms": tuple(d["terms"]),
            "actors": tuple(d["actors"]),
            "events": tuple(d["events"]),
            "evidence": _tuple(d["evidence"], lambda e: Evidence(e["label"], e["text"], cites(e))),
            "only_here": tuple(d.get("only_here", ())),
            "blind_spots": tuple(d.get("blind_spots", ())),
            "actors_missing": tuple(d.get("actors_missing", ())),
            "speakers": _tuple(
                d.get("speakers", []), lambda s: SpeakerShare(**{**s, "cues": tuple(s.get("cues", ()))})
            ),
            "sides": _tuple(d.get("sides", []), lambda s: SideShare(**{**s, "speakers": tuple(s.get("speakers", ()))})),
            "framing": _tuple(d.get("framing", []), lambda t: Term(**t)),
            "tone": _tuple(d.get("tone", []), lambda t: Tone(**{**t, "cues": tuple(t.get("cues", ()))})),
            "profile": OutletProfile(**profile) if profile else None,
        }
    )
