"""The word lists of ``briefing/data/actors.yaml``, read once and handed to every stage that needs them.

Titles, honorifics, demonyms, countries, seats of government and the rest are data, so they
can grow without code changes. They live below every stage (like ``briefing/model.py``): the
language pass finds mentions and quotes with them, the analysis resolves actors and tells an
outlet's voices apart with them, and neither re-reads the file. An entry point loads the
``Lexicon`` once (``load_lexicon()``) and passes it down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "actors.yaml"


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``actors.yaml``, lower-cased, ready for membership tests."""

    titles: frozenset[str]
    honorifics: frozenset[str]  # "Mr", "Dr": mark a name, are no role
    role_skip_words: frozenset[str]  # days, months, "Quote": never open a role
    generic_leader_words: frozenset[str]
    leader_roles: frozenset[str]
    speech_verbs: frozenset[str]
    boilerplate: frozenset[str]
    headline_words: frozenset[str]
    news_agencies: frozenset[str]
    demonyms: Mapping[str, str]  # "russian" -> "Russia"
    aliases: Mapping[str, str]  # variant -> canonical form, both lower case: "u.s." -> "united states"
    name_connectors: frozenset[str]
    countries: Mapping[str, str]  # any name of a country, lower case -> its canonical name ("burma" -> "Myanmar")
    institution_heads: frozenset[str]
    org_optional_words: frozenset[str]
    name_particles: frozenset[str]
    news_agency_endings: tuple[str, ...]
    org_name_words: frozenset[str]
    seats: Mapping[str, str]  # seat of government, lower case -> its country ("kremlin" -> "Russia")


def load_lexicon(path: Path | str | None = None) -> Lexicon:
    """The lexicon of ``path`` (default: the packaged ``actors.yaml``), read once per file."""
    return _read(Path(path) if path is not None else LEXICON_PATH)


@lru_cache(maxsize=4)
def _read(path: Path) -> Lexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw.get(key) or ())

    def table(key: str) -> dict[str, str]:
        return {str(k).lower(): str(v) for k, v in (raw.get(key) or {}).items()}

    aliases: dict[str, str] = {}
    for canonical, variants in (raw.get("aliases") or {}).items():
        for variant in variants or ():
            aliases[str(variant).lower()] = str(canonical).lower()
    countries: dict[str, str] = {}
    for canonical, variants in (raw.get("countries") or {}).items():
        for variant in (canonical, *(variants or ())):
            countries[str(variant).lower()] = str(canonical)
    return Lexicon(
        titles=words("titles"),
        honorifics=words("honorifics"),
        role_skip_words=words("role_skip_words"),
        generic_leader_words=words("generic_leader_words"),
        leader_roles=words("leader_roles"),
        speech_verbs=words("speech_verbs"),
        boilerplate=words("boilerplate"),
        headline_words=words("headline_words"),
        news_agencies=words("news_agencies"),
        demonyms=table("demonyms"),
        aliases=aliases,
        name_connectors=words("name_connectors"),
        countries=countries,
        institution_heads=words("institution_heads"),
        org_optional_words=words("org_optional_words"),
        name_particles=words("name_particles"),
        news_agency_endings=tuple(sorted(words("news_agency_endings"))),
        org_name_words=words("org_name_words"),
        seats=table("seats"),
    )
