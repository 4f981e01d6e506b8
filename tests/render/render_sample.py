"""A small hand-made Brief: three sources, events at day/month/year precision (one upcoming, one
uncertain), actors with roles, quotes, outlet positions and numbered notes. One source carries
hostile text (<script>, a Jinja expression, a javascript: Markdown link) that must show literally."""

from __future__ import annotations

from briefing.model import (
    FROM_URL,
    GIVEN,
    INFERRED,
    Actor,
    Brief,
    Citation,
    Event,
    Evidence,
    KeyDevelopment,
    OutletPosition,
    QuoteEntry,
    Role,
    Scope,
    Source,
    Voice,
)

HOSTILE = "Officials wrote <script>alert('x')</script> and {{ 7*7 }} and [x](javascript:alert(1)) today."
TITLE = "Putin, Abbas and Trump discuss Middle East peace"

S1, S2, S3 = "a1b2c3d4e5", "f6a7b8c9d0", "0a1b2c3d4e"


def _c(note: int, source: str, sentence: str, start: int = 0) -> Citation:
    return Citation(source_id=source, sentence=sentence, start=start, end=start + len(sentence), note=note)


def make_brief() -> Brief:
    c1 = _c(1, S1, "Trump told Putin that now is the time to work toward an enduring peace.", 120)
    c2 = _c(2, S2, "Putin met Abbas at the Kremlin in Moscow on February 12.", 40)
    c3 = _c(3, S3, HOSTILE, 10)
    c4 = _c(4, S1, "The talks are due to resume in March 2018.", 400)
    c5 = _c(5, S2, "Palestinians sought full UN membership in 2011.", 610)
    c6 = _c(6, S3, "Aid arrived last month, officials said.", 200)
    c7 = _c(7, S1, "Russian President Vladimir Putin said the situation is far from what we want to see.", 700)
    c8 = _c(8, S2, "Palestinian Authority President Mahmud Abbas spoke to reporters.", 90)
    c9 = _c(9, S2, '"We have always supported the Palestinian people," Putin said.', 300)
    notes = (c1, c2, c3, c4, c5, c6, c7, c8, c9)
    return Brief(
        title=TITLE,
        scope=Scope(
            articles=3,
            outlets=("RFE/RL", "Al Jazeera", "Example Times"),
            first_published="2018-02-12",
            last_published="2018-02-14",
            generated_at="2026-11-23T09:30:00+00:00",
        ),
        key_developments=(
            KeyDevelopment("Trump urged Putin to work toward an enduring Israeli-Palestinian peace.", (c1,)),
            KeyDevelopment("Putin hosted Abbas at the Kremlin.", (c2, c8), date="2018-02-12", event_id="ev-0212"),
            KeyDevelopment(HOSTILE, (c3,)),
        ),
        events=(
            Event(
                "ev-2011",
                "2011",
                "year",
                "stated",
                "Palestinians sought full UN membership.",
                actors=("mahmud-abbas",),
                outlets=("Al Jazeera",),
                citations=(c5,),
            ),
            Event(
                "ev-0212",
                "2018-02-12",
                "day",
                "stated",
                "Putin met Abbas at the Kremlin in Moscow.",
                actors=("vladimir-putin", "mahmud-abbas"),
                outlets=("RFE/RL", "Al Jazeera"),
                citations=(c2,),
            ),
            Event(
                "ev-0201",
                "2018-01",
                "month",
                "relative",
                "Aid arrived, officials said.",
                outlets=("Example Times",),
                certain=False,
                citations=(c6,),
            ),
            Event("ev-0214", "2018-02-14", "day", "stated", HOSTILE, outlets=("Example Times",), citations=(c3,)),
            Event(
                "ev-0303",
                "2018-03",
                "month",
                "stated",
                "Talks are due to resume.",
                actors=("donald-trump",),
                outlets=("RFE/RL",),
                upcoming=True,
                citations=(c4,),
            ),
        ),
        actors=(
            Actor(
                "vladimir-putin",
                "Vladimir Putin",
                "person",
                aliases=("Putin",),
                mentions=9,
                outlets=("RFE/RL", "Al Jazeera"),
                roles=(Role("Russian President", c7),),
                salience=0.9,
                citations=(c7,),
            ),
            Actor(
                "mahmud-abbas",
                "Mahmud Abbas",
                "person",
                aliases=("Abbas",),
                mentions=5,
                outlets=("Al Jazeera",),
                roles=(Role("Palestinian Authority President", c8),),
                citations=(c8,),
            ),
            Actor("donald-trump", "Donald Trump", "person", mentions=4, outlets=("RFE/RL",), citations=(c1,)),
            Actor("un", "United Nations", "organisation", mentions=1, outlets=("Al Jazeera",)),
        ),
        quotes=(
            QuoteEntry(
                "We have always supported the Palestinian people",
                "Vladimir Putin",
                "vladimir-putin",
                "Al Jazeera",
                "said",
                c9,
            ),
            QuoteEntry("<b>now</b> is the time", "unattributed", None, "Example Times", None, c3),
        ),
        outlets=(
            OutletPosition(
                "RFE/RL",
                (S1,),
                voices=(Voice("Vladimir Putin", "vladimir-putin", 2, 31),),
                terms=("enduring peace", "denuclearization"),
                actors=("vladimir-putin",),
                events=("ev-0212",),
                statement="RFE/RL quotes Putin twice and stresses the phone call.",
                evidence=(
                    Evidence("quotes", "Putin on the situation.", (c7,)),
                    Evidence("stresses", "The phone call with Trump.", (c1,)),
                ),
            ),
            OutletPosition(
                "Al Jazeera",
                (S2,),
                voices=(Voice("Vladimir Putin", "vladimir-putin", 1, 8),),
                terms=("Palestinian people",),
                statement="Al Jazeera gives Abbas the most room.",
                evidence=(Evidence("treats", "Abbas as the main actor.", (c8, c2)),),
            ),
            OutletPosition(
                "Example Times",
                (S3,),
                terms=("{{ 7*7 }}",),
                statement="",
                evidence=(Evidence("quotes", HOSTILE, (c3,)),),
            ),
        ),
        sources=(
            Source(
                S1,
                1,
                "RFE/RL",
                FROM_URL,
                "Trump Tells Putin 'Now Is Time' To Work For Peace",
                GIVEN,
                "2018-02-12",
                GIVEN,
                "seeds/000.txt",
                "https://www.rferl.org/a/trump-putin/29036462.html",
            ),
            Source(
                S2,
                2,
                "Al Jazeera",
                GIVEN,
                "Putin meets Abbas in Moscow",
                INFERRED,
                "2018-02-12",
                INFERRED,
                "seeds/001.txt",
            ),
            Source(
                S3,
                3,
                "Example Times",
                INFERRED,
                "<script>alert(1)</script> [t](javascript:alert(2))",
                INFERRED,
                "2018-02-14",
                GIVEN,
                "seeds/002.txt",
                "javascript:alert(3)",
            ),
        ),
        notes=notes,
        warnings=(
            "One article had no publication date; its date was inferred from its text.",
            "Warning with <script>alert(4)</script> in it.",
        ),
    )
