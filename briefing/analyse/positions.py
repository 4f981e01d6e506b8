"""Each outlet's position: whom it quotes, which words set it apart, its tone, what it covers.

Everything here is counted from the outlet's own cleaned article text (boilerplate was removed
at ingest), and every figure carries the sentences it rests on: each citation sits in
``OutletPosition.evidence`` (where the brief numbers it) and the figures point at it by index.
The methods and their limits are described in ``docs/positions.md``.

- Voices: share of quoted words per speaker, grouped by the country the speaker's role or name
  ties it to ("Russian President" -> Russia, via the demonym and country tables of
  ``actors.yaml``); words quoted from an institution ("the White House said") are carried
  second hand.
- Framing: the weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
  and Quinn 2008, "Fightin' Words") over content lemmas and noun phrases: the prior is the whole
  corpus's term distribution with a total weight of ``PRIOR_WEIGHT`` times the corpus size, each
  outlet is compared with all the others, and a term counts as distinctive when its z-score is
  above ``Z_THRESHOLD`` and the outlet used it at least ``MIN_TERM_COUNT`` times.
- Tone: VADER compound score of the sentences in which the outlet names each key actor
  (:mod:`briefing.analyse.tone`), with the most positive and most negative sentence cited, and
  the verbs that introduce the actor's quoted words.
- Coverage: :mod:`briefing.analyse.coverage`.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence

from briefing.analyse import coverage, tone
from briefing.lexicon import Lexicon, load_lexicon
from briefing.model import (
    Actor,
    ArticleFacts,
    Citation,
    Event,
    Evidence,
    OutletPosition,
    OutletProfile,
    QuoteEntry,
    SideShare,
    SpeakerShare,
    Term,
    Tone,
    Voice,
)

Z_THRESHOLD = 1.96
WEAK_Z = 1.0  # with no term above Z_THRESHOLD, up to MAX_WEAK_TERMS above this are shown as weak
MAX_WEAK_TERMS = 3
PRIOR_WEIGHT = 0.1
MIN_TERM_COUNT = 2
MAX_TERMS = 6
MAX_VOICES = 5
MAX_TONE_ACTORS = 6
CITED_SPEAKERS = 10  # speakers per outlet whose share carries citations (the brief lists these)
MAX_KEY_ACTORS = 15  # the brief's default number of key actors (Settings.max_actors)
MAX_COVERAGE_CITATIONS = 3
USE_OWN_WORDS = True  # tone scores the outlet's own words: quotations inside the sentence are cut out
UNATTRIBUTED = "unattributed"
NOT_STATED = "not stated"
INSTITUTION_TYPES = frozenset({"organisation", "country", "group"})
TITLE_WORDS = frozenset({"prime", "foreign", "vice", "deputy", "former", "minister", "secretary"})

ActorFor = Callable[[str, int, int], "str | None"]


def outlet_positions(
    facts: Sequence[ArticleFacts],
    quotes: Sequence[QuoteEntry],
    actors: Sequence[Actor],
    events: Sequence[Event],
    actor_for: ActorFor,
    max_actors: int = MAX_KEY_ACTORS,
    profiles: Mapping[str, Mapping[str, str]] | None = None,
    lexicon: Lexicon | None = None,
) -> list[OutletPosition]:
    """One position per outlet, most articles first.

    ``actors`` are all resolved actors, most salient first; the first ``max_actors`` are the key
    actors. ``profiles`` maps outlet name -> its registry profile (country, ownership, language),
    given as data by the caller: None means no profile is known, and none is guessed. ``lexicon``
    (demonyms, countries, seats, titles) is the one the caller loaded; by default the packaged one.
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    profiles = profiles if profiles is not None else {}
    by_outlet: dict[str, list[ArticleFacts]] = defaultdict(list)
    for f in facts:
        by_outlet[f.article.outlet].append(f)
    n_outlets = len(by_outlet)
    counts = {outlet: _term_counts(items, lex) for outlet, items in by_outlet.items()}
    by_id = {a.id: a for a in actors}
    key_ids = [a.id for a in actors[:max_actors]]
    sides = _actor_sides(actors, lex)
    named_by: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        for m in f.mentions:
            actor_id = actor_for(f.article.id, m.start, m.end)
            if actor_id:
                named_by[actor_id].add(f.article.outlet)
    positions = []
    for outlet in sorted(by_outlet, key=lambda o: (-len(by_outlet[o]), o)):
        items = by_outlet[outlet]
        own_quotes = [q for q in quotes if q.outlet == outlet]
        mentioned = [a for a in key_ids if outlet in named_by.get(a, set())]
        builder = _Builder(outlet, items, own_quotes, by_id, sides, actor_for, lex)
        speakers = builder.speakers()
        framing = builder.framing(_distinctive_terms(outlet, counts) if n_outlets > 1 else [])
        tones = builder.tones([a for a in mentioned if by_id[a].type != "place"][:MAX_TONE_ACTORS])
        covered = tuple(e.id for e in events if outlet in e.outlets)
        alone = coverage.only_here(outlet, events, n_outlets)
        missing = coverage.blind_spots(outlet, events, n_outlets)
        builder.coverage_evidence(events, alone, missing)
        words = sum(s.words for s in speakers)
        position = OutletPosition(
            outlet=outlet,
            source_ids=tuple(f.article.id for f in items),
            voices=tuple(Voice(s.speaker, s.speaker_id, s.quotes, s.words) for s in speakers[:MAX_VOICES]),
            terms=tuple(t.term for t in framing if t.significant),
            actors=tuple(mentioned),
            events=covered,
            evidence=tuple(builder.evidence),
            only_here=alone,
            blind_spots=missing,
            actors_missing=coverage.actors_missing(outlet, key_ids, named_by, n_outlets),
            speakers=tuple(speakers),
            sides=tuple(_side_shares(speakers, words)),
            quoted_words=words,
            second_hand_words=sum(s.words for s in speakers if s.institution),
            framing=tuple(framing),
            tone=tuple(tones),
            profile=_profile(outlet, profiles),
            compared_with=n_outlets - 1,
        )
        positions.append(_with_statement(position, len(items), len(events), by_id))
    return positions


# ----------------------------------------------------------------------------- per outlet


class _Builder:
    """Collects one outlet's figures and the evidence list they point into."""

    def __init__(self, outlet, items, quotes, by_id, sides, actor_for, lex: Lexicon):
        self.outlet = outlet
        self.items: Sequence[ArticleFacts] = items
        self.quotes: Sequence[QuoteEntry] = quotes
        self.by_id: Mapping[str, Actor] = by_id
        self.sides: Mapping[str, str] = sides
        self.actor_for = actor_for
        self.lex = lex
        self.evidence: list[Evidence] = []

    def add(self, label: str, text: str, citations: Sequence[Citation]) -> int:
        self.evidence.append(Evidence(label, text, tuple(dict.fromkeys(citations))))
        return len(self.evidence) - 1

    # -- voices

    def speakers(self) -> list[SpeakerShare]:
        quotes_of: dict[str, list[QuoteEntry]] = defaultdict(list)
        for q in self.quotes:
            quotes_of[q.speaker].append(q)
        total = sum(_words(q.text) for q in self.quotes)
        ranked = sorted(quotes_of, key=lambda s: (s == UNATTRIBUTED, -sum(_words(q.text) for q in quotes_of[s]), s))
        shares = []
        for speaker in ranked:
            said = quotes_of[speaker]
            words = sum(_words(q.text) for q in said)
            speaker_id = next((q.speaker_id for q in said if q.speaker_id), None)
            actor = self.by_id.get(speaker_id) if speaker_id else None
            side = self.sides.get(speaker_id) if speaker_id else None
            if side is None and actor is None and speaker != UNATTRIBUTED and _looks_institutional(speaker, self.lex):
                side = _side_of_text(speaker, self.lex)
            institution = (
                actor.type in INSTITUTION_TYPES
                if actor is not None
                else speaker != UNATTRIBUTED and _looks_institutional(speaker, self.lex)
            )
            cues = [cue for cue, _ in Counter((q.cue or "").lower() for q in said if q.cue).most_common()]
            share = words / total if total else 0.0
            plural = "quote" if len(said) == 1 else "quotes"
            detail = f"{speaker}: {len(said)} {plural}, {words} words ({share:.0%} of quoted words)"
            if side:
                detail += f"; {side}"
            if institution:
                detail += "; an institution, so carried second hand"
            # Citations for the speakers a brief lists (render: max_speakers); the rest are counted only.
            cited = [q.citation for q in said][: 2 if len(shares) < 3 else 1]
            index = self.add("quotes", detail, cited) if len(shares) < CITED_SPEAKERS else -1
            shares.append(
                SpeakerShare(speaker, speaker_id, len(said), words, share, side, institution, tuple(cues), index)
            )
        return shares

    # -- framing

    def framing(self, scored: Sequence[tuple[str, str, int, int, float]]) -> list[Term]:
        terms = []
        for term, kind, count, others, z in scored:
            sentence = _first_sentence_with(self.items, term, kind)
            index = -1
            if sentence is not None:
                text = f"“{term}”: {count} uses here, {others} in the other outlets (z {z:.2f})"
                index = self.add("term", text, [sentence])
            terms.append(Term(term, kind, count, others, round(z, 2), index, significant=z > Z_THRESHOLD))
        return terms

    # -- tone

    def tones(self, actor_ids: Sequence[str]) -> list[Tone]:
        if not tone.available():
            return []
        out = []
        for actor_id in actor_ids:
            sentences = self._sentences_naming(actor_id)
            if not sentences:
                continue
            scored = [(tone.sentence_score(text), c) for text, c in sentences]
            scores = [s for s, _ in scored]
            name = self.by_id[actor_id].name
            best = max(scored, key=lambda p: p[0])
            worst = min(scored, key=lambda p: p[0])
            pos_index = neg_index = -1
            if best[0] >= tone.POSITIVE:
                pos_index = self.add("tone", f"most positive sentence naming {name} ({best[0]:+.2f})", [best[1]])
            if worst[0] <= tone.NEGATIVE:
                neg_index = self.add("tone", f"most negative sentence naming {name} ({worst[0]:+.2f})", [worst[1]])
            cue_counts = Counter((q.cue or "").lower() for q in self.quotes if q.speaker_id == actor_id and q.cue)
            out.append(
                Tone(
                    actor_id=actor_id,
                    actor=name,
                    sentences=len(scores),
                    mean=round(tone.mean(scores), 3),
                    positive=sum(1 for s in scores if s >= tone.POSITIVE),
                    negative=sum(1 for s in scores if s <= tone.NEGATIVE),
                    most_positive=pos_index,
                    most_negative=neg_index,
                    cues=tuple(f"{cue} ({n})" for cue, n in cue_counts.most_common()),
                )
            )
        return out

    def _sentences_naming(self, actor_id: str) -> list[tuple[str, Citation]]:
        """(the outlet's own words in the sentence, the sentence) for each sentence naming the actor.

        Quoted words are the speaker's, not the outlet's, so they are left out of the score
        (when USE_OWN_WORDS); the citation is still the whole sentence."""
        found: dict[tuple[str, int], tuple[str, Citation]] = {}
        for f in self.items:
            for m in f.mentions:
                if not 0 <= m.sentence < len(f.sentences):
                    continue
                if self.actor_for(f.article.id, m.start, m.end) == actor_id:
                    s = f.sentences[m.sentence]
                    key = (f.article.id, s.index)
                    if key not in found:
                        text = _own_words(f, s.start, s.end) if USE_OWN_WORDS else s.text
                        found[key] = (text, Citation(f.article.id, s.text, s.start, s.end))
        return list(found.values())

    # -- coverage

    def coverage_evidence(self, events: Sequence[Event], alone: Sequence[str], missing: Sequence[str]) -> None:
        own = {f.article.id for f in self.items}
        by_id = {e.id: e for e in events}
        if alone:
            cited = [c for e in alone for c in by_id[e].citations if c.source_id in own][:MAX_COVERAGE_CITATIONS]
            self.add("only here", f"{len(alone)} dated event(s) no other outlet reports", cited)
        if missing:
            cited = [c for e in missing for c in by_id[e].citations[:1] if c.source_id not in own]
            self.add(
                "blind spot",
                f"{len(missing)} dated event(s) the other outlets report and it does not",
                cited[:MAX_COVERAGE_CITATIONS],
            )


def _own_words(f: ArticleFacts, start: int, end: int) -> str:
    """The sentence's text with the quotations it holds cut out."""
    text = f.article.text
    pieces, at = [], start
    for q in sorted(f.quotes, key=lambda q: q.start):
        if q.end <= start or q.start >= end:
            continue
        pieces.append(text[at : max(at, q.start)])
        at = max(at, min(q.end, end))
    pieces.append(text[at:end])
    return " ".join(p.strip() for p in pieces if p.strip())


def _words(text: str) -> int:
    return len(text.split())


def _side_shares(speakers: Sequence[SpeakerShare], total: int) -> list[SideShare]:
    words: Counter = Counter()
    names: dict[str, list[str]] = defaultdict(list)
    for s in speakers:
        if s.speaker == UNATTRIBUTED:
            continue
        side = s.side or NOT_STATED
        words[side] += s.words
        names[side].append(s.speaker)
    ranked = sorted(words, key=lambda side: (side == NOT_STATED, -words[side], side))
    return [SideShare(side, words[side], words[side] / total if total else 0.0, tuple(names[side])) for side in ranked]


# ----------------------------------------------------------------------------- sides


def _side_of_text(text: str, lexicon: Lexicon) -> str | None:
    """The country a role or institution name ties to: "Russian President", "Russia's Foreign
    Ministry", a seat of government ("the Kremlin", from the lexicon's ``seats``)."""
    cleaned = re.sub(r"^the\s+", "", text.lower().replace("’", "'").strip())
    if cleaned in lexicon.seats:
        return lexicon.seats[cleaned]
    tokens = re.findall(r"[a-z]+(?:\.[a-z]+)*\.?|[a-z]+", re.sub(r"'s\b", "", cleaned))
    for n in (3, 2, 1):
        for i in range(len(tokens) - n + 1):
            words = " ".join(tokens[i : i + n])
            for word in dict.fromkeys((words, words.rstrip("."))):
                if word in lexicon.demonyms:
                    return lexicon.demonyms[word]
                if word in lexicon.countries:
                    return lexicon.countries[word]
                alias = lexicon.aliases.get(word)
                if alias and alias in lexicon.countries:
                    return lexicon.countries[alias]
    return None


def _looks_institutional(name: str, lexicon: Lexicon) -> bool:
    words = set(re.findall(r"[a-z]+", name.lower()))
    return bool(words & (lexicon.institution_heads | lexicon.org_name_words)) or name.lower() in lexicon.seats


def _actor_sides(actors: Sequence[Actor], lexicon: Lexicon) -> dict[str, str]:
    """Actor.id -> country, from what the articles state: the actor is a country, its role names
    one ("Russian President"), its (institution) name does ("Russia's Foreign Ministry"), or its
    role names another actor whose side is known ("Abbas advisor"). Nothing else is guessed."""
    sides: dict[str, str] = {}
    for a in actors:
        side = None
        if a.type == "country":
            side = lexicon.countries.get(a.name.lower(), a.name)
        for role in a.roles:
            side = side or _side_of_text(role.text, lexicon)
        if side is None and a.type in INSTITUTION_TYPES:
            for name in (a.name, *a.aliases):
                side = side or _side_of_text(name, lexicon)
        if side:
            sides[a.id] = side
    surnames = {a.name.split()[-1].lower(): sides[a.id] for a in actors if a.type == "person" and a.id in sides}
    for a in actors:
        if a.id in sides:
            continue
        for role in a.roles:
            hits = {surnames[w] for w in re.findall(r"[a-z]+", role.text.lower()) if w in surnames}
            if len(hits) == 1:
                sides[a.id] = hits.pop()
                break
    return sides


# ----------------------------------------------------------------------------- framing


def _term_counts(items: Sequence[ArticleFacts], lexicon: Lexicon) -> Counter:
    """Lemma and noun-phrase counts, without verbs of saying: how an outlet attributes words is
    not its framing (the verbs are reported per actor under tone instead)."""
    reporting = lexicon.speech_verbs
    known = _title_words(lexicon)
    counts: Counter = Counter()
    for f in items:
        for sentence in f.lemmas:
            counts.update(("word", lemma) for lemma in sentence if lemma not in reporting)
        for sentence in f.phrases:
            counts.update(("phrase", phrase) for phrase in sentence if not _only_a_title(phrase, known))
    return counts


def _title_words(lexicon: Lexicon) -> frozenset[str]:
    """Words that say who someone is: titles, leader words, nationalities and country names."""
    return frozenset(
        lexicon.titles | lexicon.generic_leader_words | TITLE_WORDS | set(lexicon.demonyms) | set(lexicon.countries)
    )


def _only_a_title(phrase: str, known: Collection[str]) -> bool:
    """ "russian president", "israeli prime minister": a title says who someone is, not how the
    outlet frames the story, so phrases made only of titles and nationalities (``known``) are left out."""
    return all(word in known for word in phrase.split())


def _distinctive_terms(outlet: str, counts: Mapping[str, Counter]) -> list[tuple[str, str, int, int, float]]:
    """Fightin' Words: z-scored log-odds of each term, this outlet against all the others.

    Returns (term, kind, count here, count in the others, z), highest z first."""
    mine = counts[outlet]
    others: Counter = Counter()
    for name, counter in counts.items():
        if name != outlet:
            others.update(counter)
    pooled = mine + others
    corpus_size = sum(pooled.values())
    alpha0 = PRIOR_WEIGHT * corpus_size
    n_mine, n_others = sum(mine.values()), sum(others.values())
    scored = []
    for key, count in mine.items():
        if count < MIN_TERM_COUNT:
            continue
        alpha = alpha0 * pooled[key] / corpus_size
        log_odds_mine = math.log((count + alpha) / (n_mine + alpha0 - count - alpha))
        log_odds_others = math.log((others[key] + alpha) / (n_others + alpha0 - others[key] - alpha))
        variance = 1 / (count + alpha) + 1 / (others[key] + alpha)
        z = (log_odds_mine - log_odds_others) / math.sqrt(variance)
        if z > WEAK_Z:
            kind, term = key
            scored.append((term, kind, count, others[key], z))
    scored.sort(key=lambda t: (-t[4], t[0]))
    strong = [t for t in scored if t[4] > Z_THRESHOLD]
    pool, limit = (strong, MAX_TERMS) if strong else (scored, MAX_WEAK_TERMS)
    chosen: list[tuple[str, str, int, int, float]] = []
    for item in pool:
        # a word already shown inside a chosen phrase adds nothing ("peace" under "peace process")
        if item[1] == "word" and any(item[0] in c[0].split() for c in chosen if c[1] == "phrase"):
            continue
        chosen.append(item)
        if len(chosen) == limit:
            break
    return chosen


def _first_sentence_with(items: Sequence[ArticleFacts], term: str, kind: str = "word") -> Citation | None:
    for f in items:
        per_sentence = f.phrases if kind == "phrase" else f.lemmas
        for sentence, terms in zip(f.sentences, per_sentence, strict=False):
            if term in terms:
                return Citation(f.article.id, sentence.text, sentence.start, sentence.end)
    return None


# ----------------------------------------------------------------------------- profile


def _profile(outlet: str, profiles: Mapping[str, Mapping[str, str]]) -> OutletProfile | None:
    """The outlet's profile as the caller gave it; an outlet it does not know has none (nothing is guessed)."""
    data = profiles.get(outlet)
    if not data:
        return None
    return OutletProfile(country=data.get("country"), ownership=data.get("ownership"), language=data.get("language"))


# ----------------------------------------------------------------------------- statement


def _with_statement(p: OutletPosition, n_articles: int, n_events: int, by_id: Mapping[str, Actor]) -> OutletPosition:
    from dataclasses import replace

    return replace(p, statement=_statement(p, n_articles, n_events, by_id))


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _statement(p: OutletPosition, n_articles: int, n_events: int, by_id: Mapping[str, Actor]) -> str:
    """A plain paragraph made only from the figures; it claims nothing they do not show."""
    head = f"{p.outlet} ({n_articles} article{'s' if n_articles != 1 else ''}"
    if p.profile:
        known = [x for x in (p.profile.country and f"based in {p.profile.country}", p.profile.ownership) if x]
        if known:
            head += "; " + ", ".join(known)
    head += ")"
    sentences = []
    named = [s for s in p.speakers if s.speaker != UNATTRIBUTED]
    if named:
        top = named[:3]
        listed = ", ".join(f"{s.speaker} {_pct(s.share)}" + (" (second hand)" if s.institution else "") for s in top)
        sentences.append(f"{head} gives its {p.quoted_words} quoted words to {listed}")
        stated = [s for s in p.sides if s.side != NOT_STATED]
        if stated:
            sentences[-1] += "; by country: " + ", ".join(f"{s.side} {_pct(s.share)}" for s in p.sides)
    else:
        sentences.append(f"{head} carries no attributed direct quotes")
    if p.compared_with == 0:
        sentences.append("It is the only outlet in this brief, so nothing is compared with other outlets")
    elif any(t.significant for t in p.framing):
        sentences.append(
            "Terms it uses more than the other outlets: "
            + ", ".join(f"“{t.term}”" for t in p.framing[:4] if t.significant)
        )
    elif p.framing:
        sentences.append(
            "No term sets it clearly apart; the nearest, on too few uses to be sure: "
            + ", ".join(f"“{t.term}”" for t in p.framing)
        )
    if p.tone:
        parts = [
            f"{t.actor} {tone.describe(t.mean)} ({t.mean:+.2f} over {t.sentences} {_plural(t.sentences, 'sentence')})"
            for t in p.tone[:3]
        ]
        sentences.append("Tone of the sentences naming each actor: " + "; ".join(parts))
    if n_events:
        clause = f"It reports {len(p.events)} of the brief's {n_events} dated events"
        if p.compared_with:
            clause += f", {len(p.only_here)} of them alone, and leaves out {len(p.blind_spots)} that others report"
        sentences.append(clause)
    if p.actors_missing:
        names = ", ".join(by_id[a].name for a in p.actors_missing[:3] if a in by_id)
        sentences.append(f"It never names {names}, whom other outlets do")
    return ". ".join(sentences) + "."
