"""The plain data passed between stages: ingest -> nlp -> analyse -> render.

Every class is a frozen dataclass so a later stage can never change what an earlier one
found. Character offsets always point into ``Article.text`` (the cleaned body text), so a
citation can be checked against the source by anyone holding the brief's JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# How a piece of metadata became known. Shown to the reader next to the value.
GIVEN = "given"  # the user said so (manifest, front matter, JSON field)
FROM_URL = "url"  # derived from the article's URL
INFERRED = "inferred"  # read off the article's own text
UNKNOWN = "unknown"

UNKNOWN_OUTLET = "unknown outlet"


# --------------------------------------------------------------------------- ingest


@dataclass(frozen=True)
class Article:
    """One article after ingest: clean body text plus what is known about it."""

    id: str  # stable short id, unique within a run ("a1b2c3d4e5"), from the content hash
    path: str  # the file (or "file#line" for .jsonl) or URL it came from
    text: str  # body text with boilerplate removed; all offsets point into this
    title: str | None = None
    title_source: str = UNKNOWN  # GIVEN | INFERRED | UNKNOWN
    outlet: str = UNKNOWN_OUTLET  # canonical registry name, or UNKNOWN_OUTLET
    outlet_source: str = UNKNOWN  # GIVEN | FROM_URL | INFERRED | UNKNOWN
    published: str | None = None  # ISO 8601 at its own precision: "2018", "2018-04", "2018-04-05"
    published_source: str = UNKNOWN  # GIVEN | INFERRED | UNKNOWN
    url: str | None = None
    removed_lines: tuple[str, ...] = ()  # boilerplate taken out, kept for audit (--verbose)


@dataclass(frozen=True)
class Problem:
    """An input that was skipped or only partly read; the run goes on without it."""

    path: str
    message: str
    severity: str = "error"  # "error": item skipped; "warning": item kept, something ignored


@dataclass(frozen=True)
class LiveSource:
    """What reading one URL given as a source did (a feed, an article page, a page advertising a
    feed): the per-source fetch report, and what the store keeps so the next run fetches less."""

    url: str  # as given
    kind: str  # "feed", "page", "unchanged" (the feed answered 304), "failed"
    feed: str | None = None  # the feed read (normalised): the URL itself, or the feed a page advertises
    etag: str | None = None  # the feed's validators, sent back next time
    last_modified: str | None = None
    pages: tuple[str, ...] = ()  # entry URLs (normalised) whose page was fetched and used
    summaries: tuple[str, ...] = ()  # entry URLs whose page could not be had: the feed's own text used
    known: tuple[str, ...] = ()  # content hashes of articles stored on earlier runs, not fetched again
    fetched: tuple[tuple[str, str], ...] = ()  # (URL, content hash) to remember; canonical links too
    error: str = ""  # why nothing could be read ("failed")

    def line(self) -> str:
        """The per-source line of the fetch report, for the log."""
        if self.kind == "failed":
            return f"{self.url}: failed: {self.error}"
        if self.kind == "unchanged":
            return f"{self.url}: feed unchanged since the last run (304); {len(self.known)} stored article(s)"
        via = f" (its feed {self.feed})" if self.feed and self.feed != self.url and self.kind == "feed" else ""
        parts = [f"{len(self.pages)} page(s) fetched"]
        if self.summaries:
            parts.append(f"{len(self.summaries)} from the feed's own text")
        if self.known:
            parts.append(f"{len(self.known)} already fetched before")
        return f"{self.url}: {self.kind}{via}: " + ", ".join(parts)


@dataclass(frozen=True)
class IngestResult:
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...] = ()
    live: tuple[LiveSource, ...] = ()  # one per URL given as a source


# --------------------------------------------------------------------------- nlp


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A named actor as it appears in one sentence."""

    text: str  # surface form, e.g. "Russian President Vladimir Putin" -> "Vladimir Putin"
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, ...
    start: int
    end: int
    sentence: int  # Sentence.index
    role: str | None = None  # title/role stated next to the name: "Russian President"


@dataclass(frozen=True)
class TimeExpression:
    """A temporal expression with its TimeML value (TIMEX3 conventions)."""

    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str  # "2017-12-06", "2018-01", "2018-W07", "P1M", "PAST_REF", "XXXX-12-06", ...
    anchor: str | None = None  # the reference date used to resolve it, if any
    how: str = "stated"  # "stated" (absolute in text) | "relative" (resolved from anchor) | "unanchored"
    sentence: int = -1


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who the text says spoke it."""

    text: str  # the quoted words, without the quote marks
    start: int  # offsets of the quoted words in Article.text
    end: int
    sentence: int
    speaker: str | None = None  # surface text of the speaker as resolved in the article ("Putin")
    speaker_start: int = -1  # offsets of the mention the speaker was resolved to, if any
    speaker_end: int = -1
    cue: str | None = None  # verb of saying: "said", "told", "explained"


@dataclass(frozen=True)
class ArticleFacts:
    """Everything the language pass found in one article."""

    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    quotes: tuple[Quote, ...] = ()
    # content-word lemmas per sentence (lower case, no stop words), for framing measures
    lemmas: tuple[tuple[str, ...], ...] = ()
    # noun phrases per sentence as lower-case lemmas of two or more words ("peace process"), for framing
    phrases: tuple[tuple[str, ...], ...] = ()


# --------------------------------------------------------------------------- analyse


@dataclass(frozen=True)
class Citation:
    """Provenance of one fact: which source, which sentence, where in its text."""

    source_id: str  # Article.id
    sentence: str
    start: int  # sentence offsets in Article.text
    end: int
    note: int = 0  # footnote number in the brief, assigned last, in reading order


@dataclass(frozen=True)
class Role:
    text: str  # "Russian President"
    citation: Citation


@dataclass(frozen=True)
class Actor:
    id: str  # slug, e.g. "vladimir-putin"
    name: str  # canonical display name
    type: str  # person | organisation | country | place | group
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    outlets: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    salience: float = 0.0
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Event:
    """Something that happened (or is scheduled) on a date, told by one or more outlets."""

    id: str
    date: str  # TimeML value at its own granularity: "2017-12-06", "2018-01", "2011"
    granularity: str  # day | week | month | quarter | season | year | decade
    how: str  # "stated" | "relative" (resolved against publication date) | "published" (an undated lead) | "inferred"
    summary: str  # the sentence that best says what happened
    actors: tuple[str, ...] = ()  # Actor.id
    outlets: tuple[str, ...] = ()
    upcoming: bool = False  # scheduled after the article was published
    passed: bool = False  # upcoming when reported, but over by the time the brief was made
    date_text: str = ""  # the summary's words that date it ("on November 22"), shown emphasised; "" if none
    certain: bool = True  # False when the anchor was itself unknown or inferred
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class QuoteEntry:
    text: str
    speaker: str  # Actor.name, or "unattributed"
    speaker_id: str | None
    outlet: str
    cue: str | None
    citation: Citation


@dataclass(frozen=True)
class Evidence:
    """One statement about an outlet, with the sentences behind it."""

    label: str  # "quotes", "stresses", "treats", ...
    text: str
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Voice:
    speaker: str
    speaker_id: str | None
    quotes: int
    words: int


@dataclass(frozen=True)
class SpeakerShare:
    """One speaker's share of an outlet's quoted words."""

    speaker: str
    speaker_id: str | None
    quotes: int
    words: int
    share: float  # of the outlet's quoted words, 0..1
    side: str | None = None  # country the speaker's role or name ties it to ("Russia"); None: not stated
    institution: bool = False  # an organisation or country speaking: words carried second hand
    cues: tuple[str, ...] = ()  # verbs that introduce its words, most used first: "said", "insisted"
    evidence: int = -1  # index into OutletPosition.evidence


@dataclass(frozen=True)
class SideShare:
    side: str  # a country, or "not stated"
    words: int
    share: float  # of the outlet's quoted words, 0..1
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term:
    """A term an outlet uses distinctively (Fightin' Words), with its counts."""

    term: str  # a lemma ("ceasefire") or a noun phrase ("peace process")
    kind: str  # "word" | "phrase"
    count: int  # uses in this outlet
    others: int  # uses in all the other outlets together
    z: float  # z-score of the weighted log-odds ratio
    evidence: int = -1  # index into OutletPosition.evidence
    significant: bool = True  # z above the 95% threshold; False: the best it has, too few uses to be sure


@dataclass(frozen=True)
class Tone:
    """Sentiment of the sentences in which an outlet mentions one actor (VADER compound, -1..1)."""

    actor_id: str
    actor: str
    sentences: int
    mean: float
    positive: int  # sentences scoring >= +0.05
    negative: int  # sentences scoring <= -0.05
    most_positive: int = -1  # index into OutletPosition.evidence, -1 when no sentence is positive
    most_negative: int = -1
    cues: tuple[str, ...] = ()  # verbs it uses to introduce this actor's words, "said (3)"


@dataclass(frozen=True)
class OutletProfile:
    """What the outlet registry states about an outlet; a field it does not state stays None."""

    country: str | None = None
    ownership: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class OutletPosition:
    outlet: str
    source_ids: tuple[str, ...]
    voices: tuple[Voice, ...] = ()
    terms: tuple[str, ...] = ()  # terms it uses distinctively
    actors: tuple[str, ...] = ()  # Actor.id of key actors it mentions
    events: tuple[str, ...] = ()  # Event.id it reports
    statement: str = ""  # a short summary built only from the figures above
    evidence: tuple[Evidence, ...] = ()
    # --- coverage (Event.id / Actor.id); empty when the brief has a single outlet
    only_here: tuple[str, ...] = ()  # events no other outlet reports
    blind_spots: tuple[str, ...] = ()  # events other outlets report (see docs/positions.md) and it leaves out
    actors_missing: tuple[str, ...] = ()  # key actors other outlets name and it does not
    # --- voices, framing, tone, profile
    speakers: tuple[SpeakerShare, ...] = ()  # every speaker it quotes, most quoted words first
    sides: tuple[SideShare, ...] = ()  # quoted words per speaker's country, where roles or names tell it
    quoted_words: int = 0  # all words it quotes
    second_hand_words: int = 0  # quoted words attributed to an institution ("the White House said")
    framing: tuple[Term, ...] = ()  # distinctive lemmas and noun phrases with their scores
    tone: tuple[Tone, ...] = ()  # tone toward each key actor it mentions
    profile: OutletProfile | None = None  # from the outlet registry, only what it states
    compared_with: int = 0  # how many other outlets the figures compare it with


@dataclass(frozen=True)
class Source:
    id: str  # Article.id
    number: int  # 1-based position in the source list
    outlet: str
    outlet_source: str
    title: str | None
    title_source: str
    published: str | None
    published_source: str
    path: str
    url: str | None = None


@dataclass(frozen=True)
class KeyDevelopment:
    text: str
    citations: tuple[Citation, ...] = ()
    date: str | None = None  # TimeML value of the event it reports, if any
    event_id: str | None = None


@dataclass(frozen=True)
class Scope:
    articles: int
    outlets: tuple[str, ...]
    first_published: str | None
    last_published: str | None
    generated_at: str  # ISO timestamp of the build


@dataclass(frozen=True)
class Brief:
    title: str
    scope: Scope
    key_developments: tuple[KeyDevelopment, ...] = ()
    events: tuple[Event, ...] = ()
    actors: tuple[Actor, ...] = ()  # the key actors, most salient first
    quotes: tuple[QuoteEntry, ...] = ()
    outlets: tuple[OutletPosition, ...] = ()
    sources: tuple[Source, ...] = ()
    notes: tuple[Citation, ...] = ()  # every citation in the brief, by note number
    warnings: tuple[str, ...] = field(default_factory=tuple)
    other_actors: tuple[Actor, ...] = ()  # actors named in events or quotes but not key actors
    since_last_week: SinceLastWeek | None = None  # weekly reports only: what changed since the week before
    top_stories: tuple[StoryDigest, ...] = ()  # weekly reports only: the week's biggest stories


# --------------------------------------------------------------------------- weekly comparison


@dataclass(frozen=True)
class StoryDigest:
    """One of the week's top stories as the weekly report lists it, with a link to its own brief."""

    id: str  # the store's story id
    title: str
    articles: int  # this week's articles of the story
    outlets: tuple[str, ...]  # most articles first
    first_seen: str | None  # first and last publication day this week
    last_seen: str | None
    link: str = ""  # its brief beside the report, without extension ("stories/s1a2b/analyst"); "" when none
    summary: str = ""  # the first key development of its brief
    citations: tuple[Citation, ...] = ()  # behind the summary


@dataclass(frozen=True)
class OutletChange:
    """How one outlet's coverage changed from the previous week's brief to this one."""

    outlet: str
    articles_before: int
    articles_now: int
    actors_added: tuple[str, ...] = ()  # Actor.name of key actors it mentions now and did not before
    actors_dropped: tuple[str, ...] = ()  # ... it mentioned before and does not now
    terms_added: tuple[str, ...] = ()  # distinctive terms new this week
    terms_dropped: tuple[str, ...] = ()


@dataclass(frozen=True)
class SinceLastWeek:
    """A weekly brief compared with the previous week's: what is new, what moved."""

    week: str  # ISO week of this brief, "2018-W07"
    previous_week: str  # "2018-W06"
    previous_articles: int  # articles in the previous week's brief (0: nothing to compare with)
    basis: str  # "report" (the previous week's JSON was read) | "recomputed" (from the store) | "none"
    new_actors: tuple[str, ...] = ()  # Actor.id of actors shown in this brief and absent last week
    new_events: tuple[str, ...] = ()  # Event.id of events whose date and actors last week's brief lacked
    outlets: tuple[OutletChange, ...] = ()  # every outlet of either week, by name
