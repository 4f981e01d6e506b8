"""The weekly report: one ISO week of stored articles, compared with the week before.

    weekly_report(store, "2018-W07", settings, Path("reports/weekly")) -> WeeklyResult

The report is an ordinary build (:func:`briefing.build.run`) of the week's stored articles, with
one more step before the audience's view: the comparison with the previous week.

Written to ``OUT/2018-W07/<audience>.{md,html,pdf,json}`` (+ the timeline chart). An article
belongs to a week when its whole publication date lies inside it (Monday to Sunday), so an
article dated only "2018-02" belongs to no week. The brief's ``generated_at`` is the moment the
week ended (the next Monday, 00:00 UTC), so running the same week twice writes the same bytes.

"Since last week" compares this brief with the previous week's: its JSON file when it has been
written, else a brief recomputed from the store (not written). Actors are compared by id, events
by date and actors (event ids are positions, not identities), outlets by their figures.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from briefing import timeml
from briefing.audiences import DEFAULT_AUDIENCE, AudienceNotFound, load_audience
from briefing.build import BuildRequest, BuildResult, NoInput, Progress, group_stories, run, stories_in
from briefing.config import Settings
from briefing.config import templates_dir as settings_templates
from briefing.model import Brief, OutletChange, SinceLastWeek, StoryDigest
from briefing.store import CacheReport, Selection, Store

log = logging.getLogger("briefing")

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class BadWeek(ValueError):
    """A week that is not ISO 8601 ("2018-W07")."""


# --------------------------------------------------------------------------- weeks


def week_days(week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week: "2018-W07" -> 2018-02-12, 2018-02-18."""
    text = week.strip()
    span = timeml.interval(text) if _WEEK.match(text) else None
    if span is None:
        raise BadWeek(f"bad week {week!r}: expected an ISO week such as 2018-W07")
    return span


def week_of(day: date) -> str:
    """The ISO week a day belongs to: 2018-02-14 -> "2018-W07"."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def last_complete_week(now: datetime) -> str:
    """The latest ISO week that has ended by ``now`` (on a Monday: the week that just ended)."""
    return week_of(now.date() - timedelta(days=7))


def previous_week(week: str) -> str:
    """The week before: "2018-W01" -> "2017-W52"."""
    return week_of(week_days(week)[0] - timedelta(days=7))


def week_generated_at(week: str) -> datetime:
    """The moment the week ended: the fixed ``generated_at`` of its report."""
    return datetime.combine(week_days(week)[1] + timedelta(days=1), time(0, 0), tzinfo=timezone.utc)


def week_selection(week: str, focus: Selection | None = None) -> Selection:
    """The stored articles whose whole publication date lies in the week (and that ``focus``, a
    job's story or query, picks)."""
    monday, sunday = week_days(week)
    return dataclasses.replace(focus or Selection(), since=monday, until=sunday)


# --------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class OutletView:
    articles: int
    actors: frozenset[str]  # Actor.id
    terms: frozenset[str]


@dataclass(frozen=True)
class WeekView:
    """What the comparison needs from a brief, read from its JSON form (``asdict`` of a Brief)."""

    articles: int
    actors: Mapping[str, str]  # Actor.id -> name, key and other actors
    events: tuple[tuple[str, frozenset[str]], ...]  # (date, actor ids)
    outlets: Mapping[str, OutletView]


def view_of(data: Mapping) -> WeekView:
    """What the comparison reads of a brief's JSON form: the same from a written report or a brief."""
    actors = {a["id"]: a["name"] for a in (*data.get("actors", ()), *data.get("other_actors", ()))}
    events = tuple((e["date"], frozenset(e.get("actors", ()))) for e in data.get("events", ()))
    outlets = {
        o["outlet"]: OutletView(
            len(o.get("source_ids", ())), frozenset(o.get("actors", ())), frozenset(o.get("terms", ()))
        )
        for o in data.get("outlets", ())
    }
    return WeekView(int(data.get("scope", {}).get("articles", 0)), actors, events, outlets)


def compare(brief: Brief, previous: WeekView | None, week: str, basis: str) -> SinceLastWeek:
    """What is new in ``brief`` against the previous week's view (None: nothing to compare with)."""
    before = previous or WeekView(0, {}, (), {})
    now = view_of(dataclasses.asdict(brief))
    new_actors = tuple(a.id for a in (*brief.actors, *brief.other_actors) if a.id not in before.actors)
    new_events = tuple(e.id for e in brief.events if not _seen(e.date, frozenset(e.actors), before.events))
    names = {**before.actors, **now.actors}
    empty = OutletView(0, frozenset(), frozenset())
    changes = []
    for outlet in sorted(set(before.outlets) | set(now.outlets)):
        old, new = before.outlets.get(outlet, empty), now.outlets.get(outlet, empty)
        changes.append(
            OutletChange(
                outlet=outlet,
                articles_before=old.articles,
                articles_now=new.articles,
                actors_added=_names(new.actors - old.actors, names),
                actors_dropped=_names(old.actors - new.actors, names),
                terms_added=tuple(sorted(new.terms - old.terms)),
                terms_dropped=tuple(sorted(old.terms - new.terms)),
            )
        )
    return SinceLastWeek(
        week=week,
        previous_week=previous_week(week),
        previous_articles=before.articles,
        basis=basis if previous is not None else "none",
        new_actors=new_actors,
        new_events=new_events,
        outlets=tuple(changes),
    )


def _seen(when: str, actors: frozenset[str], before: Iterable[tuple[str, frozenset[str]]]) -> bool:
    """Last week had an event on the same date with an actor in common (or both without actors)."""
    return any(d == when and (actors & a or not (actors or a)) for d, a in before)


def _names(ids: Iterable[str], names: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(sorted(names.get(i, i) for i in ids))


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class WeeklyResult:
    week: str
    brief: Brief
    written: tuple[Path, ...]
    cache: CacheReport | None


def report_dir(out_root: Path, week: str) -> Path:
    """Where a week's report is written: OUT/2018-W07."""
    return Path(out_root) / week


def week_build(
    store: Store,
    week: str,
    settings: Settings,
    request: BuildRequest,
    progress: Progress | None = None,
    focus: Selection | None = None,
) -> BuildResult:
    """:func:`briefing.build.run` of ``request`` over one week's stored articles (those ``focus``
    picks), dated the moment the week ended (so a rerun writes the same bytes); NoInput names the
    empty week."""
    monday, sunday = week_days(week)
    week_request = dataclasses.replace(
        request,
        store=store,
        selection=week_selection(week, focus),
        settings=settings,
        generated_at=week_generated_at(week),
    )
    try:
        return run(week_request, progress=progress)
    except NoInput as error:
        picked = _focus_words(focus)
        raise NoInput(
            f"no stored article{picked} published in {week} ({monday} to {sunday}) in {store.shown}"
        ) from error


def _focus_words(focus: Selection | None) -> str:
    if focus is None:
        return ""
    parts = [f" of story {focus.story}"] if focus.story else []
    parts += [f" mentioning {' and '.join(repr(t) for t in focus.terms)}"] if focus.terms else []
    return "".join(parts)


def top_stories(
    store: Store,
    week: str,
    settings: Settings,
    request: BuildRequest,
    focus: Selection | None = None,
    progress: Progress | None = None,
) -> tuple[StoryDigest, ...]:
    """The week's biggest stories (by articles, then outlets; two articles at least), each with
    its own brief written beside the report (``stories/ID/``) and its first key development.
    None when the week holds only one story: the report is then that story's brief."""
    stories = stories_in(store, week_selection(week, focus))
    if len(stories) < 2:
        return ()
    digests = []
    for story in [s for s in stories if len(s.articles) >= 2][: settings.weekly_top_stories]:
        story_request = dataclasses.replace(
            request, out_dir=Path(request.out_dir) / "stories" / story.id, title=story.title, amend=None
        )
        story_focus = dataclasses.replace(focus or Selection(), story=story.id)
        brief = week_build(store, week, settings, story_request, progress, story_focus).brief
        first = brief.key_developments[0] if brief and brief.key_developments else None
        digests.append(
            StoryDigest(
                id=story.id,
                title=story.title,
                articles=len(story.articles),
                outlets=story.outlets,
                first_seen=story.first_seen,
                last_seen=story.last_seen,
                link=f"stories/{story.id}/{request.basename}" if request.until == "files" else "",
                summary=first.text if first else "",
                citations=first.citations if first else (),
            )
        )
    return tuple(digests)


def previous_view(
    store: Store, week: str, settings: Settings, out_root: Path, audience: str, focus: Selection | None = None
) -> tuple[WeekView | None, str]:
    """The previous week's brief as a view: from its JSON report if written, else recomputed."""
    before = previous_week(week)
    path = report_dir(out_root, before) / f"{audience}.json"
    if path.is_file():
        try:
            return view_of(json.loads(path.read_text(encoding="utf-8"))), "report"
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("%s: cannot read the previous week's report (%s); recomputing it", path, error)
    try:
        brief = week_build(store, before, settings, BuildRequest(until="brief"), focus=focus).brief
    except NoInput:
        return None, "none"
    return view_of(dataclasses.asdict(brief)), "recomputed"


def weekly_report(
    store: Store,
    week: str,
    settings: Settings,
    out_root: Path,
    audience: str = DEFAULT_AUDIENCE,
    templates_dir: Path | None = None,
    *,
    progress: Progress | None = None,
    focus: Selection | None = None,
) -> WeeklyResult:
    """Write one week's report (every format in ``settings.formats``) and return what was written.

    ``audience`` names the profile and the files; a name with no profile (from before profiles
    existed) still names the files, over the analyst profile. ``templates_dir`` defaults to the
    settings' folder. ``focus`` (a story, or query terms) makes it the report of one story or
    query; otherwise it lists the week's top stories, each with a brief of its own.
    """
    folder = templates_dir if templates_dir is not None else settings_templates(settings)
    profile = audience
    try:
        load_audience(audience, folder)  # a bad name or profile fails here, before any work
    except AudienceNotFound:
        # Before profiles existed the audience only named the report's files; keep such jobs working.
        log.warning(
            "No audience profile %r: using the %s profile, written as %s.*", audience, DEFAULT_AUDIENCE, audience
        )
        profile = DEFAULT_AUDIENCE

    group_stories(store, settings, progress=progress)
    request = BuildRequest(
        audience=profile, out_dir=report_dir(out_root, week), templates_dir=folder, basename=audience
    )
    stories = top_stories(store, week, settings, request, focus, progress)

    def since_last_week(brief: Brief) -> Brief:
        brief = dataclasses.replace(brief, title=f"Week {week}: {brief.title}", top_stories=stories)
        previous, basis = previous_view(store, week, settings, out_root, audience, focus)
        return dataclasses.replace(brief, since_last_week=compare(brief, previous, week, basis))

    request = dataclasses.replace(request, amend=since_last_week)
    result = week_build(store, week, settings, request, progress, focus)
    return WeeklyResult(week, result.brief, result.written, result.cache)
