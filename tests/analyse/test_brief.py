"""Choices the brief makes over the analysed corpus."""


def test_quotes_listed_are_bounded_most_prominent_speakers_first():
    from briefing.analyse.brief import _shown_quotes
    from briefing.model import Citation, QuoteEntry

    def quote(i: int, speaker_id: str | None) -> QuoteEntry:
        return QuoteEntry(f"q{i}", speaker_id or "unattributed", speaker_id, "Reuters", None, Citation("a", "s", 0, 1))

    quotes = [quote(0, None), quote(1, "minor"), quote(2, "unknown"), quote(3, "major"), quote(4, "major")]
    salience = {"major": 9.0, "minor": 1.0}
    assert _shown_quotes(quotes, salience, 10) == quotes
    assert [q.text for q in _shown_quotes(quotes, salience, 3)] == ["q1", "q3", "q4"]  # original order kept
    assert [q.text for q in _shown_quotes(quotes, salience, 4)] == ["q1", "q2", "q3", "q4"]


def test_an_outlets_repeated_quote_is_listed_once_at_its_first_article():
    from briefing.analyse.brief import _shown_quotes
    from briefing.model import Citation, QuoteEntry

    def quote(text: str, outlet: str, source: str, speaker: str = "putin") -> QuoteEntry:
        return QuoteEntry(text, speaker, speaker, outlet, "said", Citation(source, "s", 0, 1))

    quotes = [
        quote("“Common approach.”", "Reuters", "a1"),
        quote("common approach", "Reuters", "a2"),  # the same words again: dropped
        quote("common approach", "TASS", "a3"),  # another outlet's: kept
        quote("common approach", "Reuters", "a4", speaker="abbas"),  # another speaker's: kept
        quote("A different line.", "Reuters", "a5"),
    ]
    shown = _shown_quotes(quotes, {"putin": 2.0, "abbas": 1.0}, 10)
    assert [q.citation.source_id for q in shown] == ["a1", "a3", "a4", "a5"]


def test_an_event_upcoming_when_reported_has_passed_once_the_brief_is_made_after_it():
    from datetime import date

    from briefing.analyse.brief import _mark_passed
    from briefing.model import Event

    def event(value: str, upcoming: bool = True) -> Event:
        return Event(id=value, date=value, granularity="day", how="stated", summary="s", upcoming=upcoming)

    today = date(2026, 11, 23)
    assert _mark_passed(event("2017-11-22"), today).passed
    assert _mark_passed(event("2026-11"), today).passed is False  # the month is not over yet
    assert _mark_passed(event("2026-11-24"), today).passed is False
    assert _mark_passed(event("2017-11-22", upcoming=False), today).passed is False  # never was upcoming


def test_the_latest_happening_always_has_a_key_development():
    from briefing.analyse.brief import _key_developments
    from briefing.model import Event

    def event(n: int, value: str, upcoming: bool = False) -> Event:
        return Event(id=f"e{n}", date=value, granularity="day", how="stated", summary=f"s{n}", upcoming=upcoming)

    ranked = [event(1, "2017-12-06"), event(2, "2017-11-21"), event(3, "2018-02-12"), event(4, "2024")]
    ranked += [event(5, "2024-08-13"), event(6, "2025-01-01", upcoming=True)]
    # coverage gives e1-e3; the last happening (13 August 2024, not the vaguer 2024 nor the upcoming
    # one) takes the last place
    assert [k.event_id for k in _key_developments(ranked, 3)] == ["e1", "e2", "e5"]
    assert [k.event_id for k in _key_developments(ranked[4:5] + ranked[:4], 3)] == ["e5", "e1", "e2"]  # had one
    assert [k.event_id for k in _key_developments(ranked, 10)] == ["e1", "e2", "e3", "e4", "e5", "e6"]
    assert _key_developments([], 3) == []


def test_the_title_names_people_but_not_a_bare_surname_of_one_already_named():
    from briefing.analyse.brief import _title
    from briefing.model import Actor

    def person(name: str) -> Actor:
        return Actor(id=name.lower().replace(" ", "-"), name=name, type="person")

    actors = [person("Michael Jackson"), person("Conrad Murray"), person("Jackson"), person("Michael Pastor")]
    assert _title(actors, 10) == "Michael Jackson, Conrad Murray and Michael Pastor: a news brief"
    assert _title([person("Lula"), person("Jair Bolsonaro")], 3) == "Lula and Jair Bolsonaro: a news brief"
