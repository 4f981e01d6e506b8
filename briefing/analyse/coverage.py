"""Coverage: which events and key actors each outlet reports, alone or not at all.

An event is *only here* when this outlet is the only one reporting it. It is a *blind spot*
when the others report it and this outlet does not: "the others" means at least two other
outlets, or the single other outlet when the brief has only two. With one outlet there is
nothing to compare, and both lists stay empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from briefing.model import Event


def others_needed(n_outlets: int) -> int:
    """How many other outlets must report something for its absence here to count."""
    return 1 if n_outlets <= 2 else 2


def only_here(outlet: str, events: Sequence[Event], n_outlets: int) -> tuple[str, ...]:
    if n_outlets < 2:
        return ()
    return tuple(e.id for e in events if tuple(e.outlets) == (outlet,))


def blind_spots(outlet: str, events: Sequence[Event], n_outlets: int) -> tuple[str, ...]:
    if n_outlets < 2:
        return ()
    need = others_needed(n_outlets)
    return tuple(e.id for e in events if outlet not in e.outlets and len(e.outlets) >= need)


def actors_missing(
    outlet: str, key_actor_ids: Sequence[str], named_by: Mapping[str, set[str]], n_outlets: int
) -> tuple[str, ...]:
    """Key actors (in rank order) that enough other outlets name and this one never does."""
    if n_outlets < 2:
        return ()
    need = others_needed(n_outlets)
    return tuple(
        a
        for a in key_actor_ids
        if outlet not in named_by.get(a, set()) and len(named_by.get(a, set()) - {outlet}) >= need
    )
