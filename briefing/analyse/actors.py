"""Actors across the corpus: one record per person, organisation, country or group.

Mentions are grouped by a normalised name key (unidecode, lower case, no "the", known
abbreviations expanded), then merged by rules that each look candidates up in an index, never
all pairs:

* full person names with a transliteration variant of the same first name and surname
  ("Mahmud"/"Mahmoud Abbas", "Sergei"/"Sergey Lavrov"), bucketed by a consonant skeleton of
  the surname and compared with rapidfuzz; different first names stay apart;
* a surname alone ("Abbas", "ten Hag", "Bankman-Fried") joins the one full name with that
  surname in the same article, else the one in the corpus; when several people share it, it
  stays on its own;
* a full person name spaCy tagged ORG ("Volodymyr Zelenskiy") joins the person it spells;
* an organisation name that ends exactly one longer one named in the same article ("General
  Assembly" -> "United Nations General Assembly");
* organisation names that differ only by an optional word ("Palestinian National Authority" =
  "Palestinian Authority", words listed in actors.yaml) or by spelling word for word
  ("Defence"/"Defense Ministry"), looked up by name core and by initials;
* acronyms defined in the text ("Islamic State (IS)") or matching the initials of exactly one
  multi-word organisation ("PA" -> "Palestinian Authority");
* demonyms count as references to their country ("Russian" -> Russia), from actors.yaml.

The type is a vote over spaCy labels plus context (a stated role votes "person"), so a person
tagged ORG now and then stays a person. ``Actor.type`` takes one of these values:

* ``person``: a named individual;
* ``organisation``: a government body, institution, party, company or armed group ("White
  House", "Kremlin", "Russia's Foreign Ministry", "Hamas");
* ``country``: a sovereign state from the ``countries`` list in actors.yaml (UN members plus
  Palestine, Kosovo, Taiwan, the Holy See), also when named by a demonym ("Russian" -> Russia);
* ``place``: any other geopolitical or geographic name: cities, regions, states of a federation
  ("Moscow", "Sochi", "Florida", "Gaza"). A capital standing for its government ("Moscow seeks
  to revive talks") stays a place: it is not merged into the country, whose actor is the state;
* ``group``: a nationality, religious or political group named as such (spaCy NORP that is not
  a demonym of a listed country).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from rapidfuzz import fuzz
from unidecode import unidecode

from briefing.lexicon import Lexicon, load_lexicon
from briefing.model import Actor, ArticleFacts, Citation, Mention, Role
from briefing.nlp.mentions import ABBREVIATION_AFTER

PERSON, ORGANISATION, COUNTRY, PLACE, GROUP = "person", "organisation", "country", "place", "group"
TYPE_ORDER = (PERSON, ORGANISATION, COUNTRY, PLACE, GROUP)  # tie-break of the type vote
LABEL_TYPES = {"PERSON": PERSON, "ORG": ORGANISATION, "GPE": PLACE, "LOC": PLACE, "FAC": ORGANISATION}
ORG_WORD_SIMILARITY = 80  # rapidfuzz ratio for one word of an organisation name ("defence"/"defense" = 86)
ROLE_VOTE = 2  # a stated role ("Russian President") is stronger evidence than one label
SURNAME_SIMILARITY = 85  # rapidfuzz ratio for transliterated surnames
GIVEN_NAME_SIMILARITY = 75  # and for given names ("sergei"/"sergey" = 83)
MAX_CITATIONS = 5
LEAD_SENTENCES = 2

# Salience weights, see ``salience``.
W_MENTION, W_LEAD, W_ARTICLE, W_OUTLET, W_QUOTE = 1.0, 2.0, 3.0, 2.0, 2.0
PLACE_FACTOR = 0.5  # countries, places and groups: demonyms in every other sentence inflate their counts


@dataclass(frozen=True)
class ActorIndex:
    """Actors ranked by salience, and which actor each mention was resolved to."""

    actors: tuple[Actor, ...]
    by_mention: Mapping[tuple[str, int, int], str] = field(default_factory=lambda: MappingProxyType({}))

    def actor_for(self, source_id: str, start: int, end: int) -> str | None:
        """Actor id for the mention at these offsets in that article, if it was kept."""
        return self.by_mention.get((source_id, start, end))


# --------------------------------------------------------------------------- keys

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*\.?")


def name_key(text: str, lex: Lexicon) -> str:
    """Key under which spellings of one name meet: ASCII, lower case, no "the", aliases expanded."""
    low = unidecode(text).lower().strip()
    low = re.sub(r"^the\s+", "", low)
    low = re.sub(r"['’]s?$", "", low).strip()
    low = re.sub(r"['’]s\b", "", low)  # "russia's foreign ministry" -> "russia foreign ministry"
    if low in lex.countries:
        low = lex.countries[low].lower()
    elif low in lex.aliases:
        low = lex.aliases[low]
    words = []
    for token in _TOKEN_RE.findall(low):
        words.extend(lex.aliases.get(token, token).split())
    if (  # an institution named by its country's demonym: "russian foreign ministry" -> "russia foreign ministry"
        len(words) > 1
        and words[-1] in lex.institution_heads
        and lex.demonyms.get(words[0], "").lower() in lex.countries
    ):
        words[:1] = unidecode(lex.demonyms[words[0]]).lower().split()
    return " ".join(w.replace(".", "") for w in words if w.replace(".", ""))


def skeleton(word: str) -> str:
    """Coarse spelling-independent bucket for a surname: first letter plus its consonants."""
    if not word:
        return ""
    rest = re.sub(r"[aeiouyhw]", "", word[1:])
    rest = re.sub(r"(.)\1+", r"\1", rest)
    return word[0] + rest


def _given_compatible(a: str, b: str) -> bool:
    """Same given name up to transliteration or an initial ("V." ~ "Vladimir")."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a[0] == b[0] and fuzz.ratio(a, b) >= GIVEN_NAME_SIMILARITY


def _initials(key: str, lex: Lexicon) -> str:
    return "".join(w[0] for w in key.split() if w not in lex.name_connectors)


# --------------------------------------------------------------------------- references


@dataclass(frozen=True)
class _Ref:
    article: int  # index into facts
    mention: Mention
    key: str
    form: str  # the form shown for it: the mention text, or the country for a demonym
    kind: str  # type this mention votes for


def country_keys(lex: Lexicon) -> frozenset[str]:
    """Keys of every country in ``actors.yaml`` (``countries``), to tell a country from a place."""
    return frozenset(name_key(c, lex) for c in set(lex.countries.values()))


def _ref(article: int, m: Mention, lex: Lexicon, countries: Collection[str] = frozenset()) -> _Ref | None:
    """A mention with its key; a demonym becomes a reference to its country.

    GPE/LOC names vote "country" when they name a state of the country list, else "place"
    ("Moscow", "Florida", "Gaza"). A capital used for its government ("Moscow seeks to revive
    talks") stays the place it names: the government is the country's actor, and the brief
    never guesses which institution a capital stands for.
    """
    country = lex.demonyms.get(unidecode(m.text).lower())
    if country:  # also when spaCy tagged the demonym ORG ("Kazakh")
        key = name_key(country, lex)
        return _Ref(article, m, key, country, COUNTRY if key in countries else ORGANISATION)
    if m.label == "NORP":
        return _Ref(article, m, name_key(m.text, lex), m.text, GROUP)
    text = _surface(m.text)
    text = _without_demonym(text, lex) if m.label == "PERSON" else text
    key = name_key(text, lex)
    if not key or (m.label == "PERSON" and len(key) == 1):  # "I" tagged PERSON names no one
        return None
    form = re.sub(r"^[Tt]he\s+", "", text)  # "the White House" is shown as "White House"
    kind = LABEL_TYPES.get(m.label, GROUP)
    if kind == PLACE and key in countries:
        kind = COUNTRY
    elif key not in countries and " " in key and key.split()[-1] in lex.org_name_words:
        kind = ORGANISATION  # "Manchester United" tagged PERSON, "West Ham United" tagged GPE
    return _Ref(article, m, key, form, kind)


_TREEBANK_TOKEN = re.compile(r"(?<!\S)-[LR][RSC]B-(?!\S)")


def _surface(text: str) -> str:
    """A mention as a name reads: without treebank bracket tokens ("-RRB- Michael Jackson" in
    tokenised corpora), single-spaced."""
    return " ".join(_TREEBANK_TOKEN.sub(" ", text).split())


def _without_demonym(text: str, lex: Lexicon) -> str:
    """ "Briton Tony Hayward", "Russian Vladimir Putin": spaCy often takes the nationality in front
    of a full name into the PERSON entity; the person is "Tony Hayward"."""
    words = text.split()
    if len(words) >= 3 and words[0][:1].isupper() and unidecode(words[0]).lower() in lex.demonyms:
        return " ".join(words[1:])
    return text


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _votes(refs: Sequence[_Ref]) -> Counter[str]:
    votes: Counter[str] = Counter()
    for r in refs:
        votes[r.kind] += 1
        if r.mention.role:
            votes[PERSON] += ROLE_VOTE
    return votes


def vote_type(votes: Counter[str]) -> str:
    """Most voted type; ties go to the earlier type in ``TYPE_ORDER``."""
    if not votes:
        return GROUP
    return max(TYPE_ORDER, key=lambda t: (votes[t], -TYPE_ORDER.index(t)))


# --------------------------------------------------------------------------- merging


def _merge_full_names(uf: _UnionFind, full: Sequence[str]) -> None:
    """Join transliteration variants of full person names, within surname-skeleton buckets."""
    buckets: dict[str, list[str]] = defaultdict(list)
    for key in full:
        buckets[skeleton(key.split()[-1])].append(key)
    for keys in buckets.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                wa, wb = a.split(), b.split()
                if fuzz.ratio(wa[-1], wb[-1]) >= SURNAME_SIMILARITY and _given_compatible(wa[0], wb[0]):
                    uf.union(a, b)


def _attach_surnames(
    uf: _UnionFind,
    refs: Sequence[_Ref],
    full: Sequence[str],
    full_articles: Mapping[str, set[int]],
    lex: Lexicon,
    org_names: Mapping[str, set[int]] = MappingProxyType({}),
) -> dict[int, str]:
    """Node for each single-word person/organisation ref: the full name it stands for, if unique.

    Where the article names several people of that surname, the surname alone is the one it
    names far more often ("Jackson" in a piece about Michael Jackson that names his father
    once), else it stays unresolved.

    A surname tagged PERSON may also join a two- or three-word name spaCy tagged ORG
    (``org_names``: "Novak Djokovic" tagged ORG, then "Djokovich" tagged PERSON). A given name
    alone tagged PERSON ("Abdulaziz" after "Prince Abdulaziz bin Salman") joins the one full
    name of the same article that starts with it, when no surname matches.
    """
    by_surname: dict[str, list[str]] = defaultdict(list)
    by_given: dict[str, list[str]] = defaultdict(list)
    for key in full:
        by_surname[skeleton(key.split()[-1])].append(key)
        by_given[key.split()[0]].append(key)
    org_by_surname: dict[str, list[str]] = defaultdict(list)
    for key in org_names:
        org_by_surname[skeleton(key.split()[-1])].append(key)
    articles_of = {**org_names, **full_articles}
    by_suffix: dict[str, list[str]] = defaultdict(list)  # "ten hag" -> ["erik ten hag"]
    for key in full:
        words = key.split()
        for k in range(1, len(words) - 1):
            by_suffix[" ".join(words[k:])].append(key)
    mentions_in = Counter((r.article, r.key) for r in refs)
    nodes: dict[int, str] = {}
    countries = country_keys(lex) | {name_key(c, lex) for c in lex.demonyms.values()}
    for i, r in enumerate(refs):
        if r.mention.label not in {"PERSON", "ORG", "GPE"} or r.key in countries:
            continue
        # spaCy tags some surnames GPE ("said Scholz"): those join only a full name in the same article.
        same_article_only = r.mention.label == "GPE"
        if " " in r.key:  # a surname of several words: "ten Hag", "Bankman-Fried"
            if r.key.split()[0] not in lex.name_particles and " " in r.mention.text.strip():
                continue  # "Joseph Jackson" is a person of its own, not the end of "Michael Joseph Jackson"
            candidates = by_suffix.get(r.key, [])
        else:
            candidates = [
                k for k in by_surname.get(skeleton(r.key), ()) if fuzz.ratio(k.split()[-1], r.key) >= SURNAME_SIMILARITY
            ]
            if not candidates and r.mention.label == "PERSON":
                candidates = [  # same article only: "Morgan" elsewhere is not "JP Morgan"
                    k
                    for k in org_by_surname.get(skeleton(r.key), ())
                    if fuzz.ratio(k.split()[-1], r.key) >= SURNAME_SIMILARITY and r.article in org_names[k]
                ]
            if not candidates and r.mention.label == "PERSON":
                if (node := _by_given_name(uf, r, by_given, full_articles)) is not None:
                    nodes[i] = node
                continue
        if not candidates:
            continue
        local = {uf.find(k) for k in candidates if r.article in articles_of[k]}
        if len(local) == 1:
            nodes[i] = local.pop()
        elif len(local) > 1:
            chosen = _locally_dominant(uf, candidates, r.article, mentions_in)
            if chosen is not None:
                nodes[i] = chosen
        elif not local and not same_article_only:
            if _more_often_a_given_name(r.key, candidates, by_given, articles_of):
                # "Michael" where the corpus also has a George Michael: a given name, so it
                # joins the one full name of its article that starts with it, if any.
                node = _by_given_name(uf, r, by_given, full_articles) if r.mention.label == "PERSON" else None
                if node is not None:
                    nodes[i] = node
                continue
            dominant = _dominant(uf, candidates, articles_of)
            if dominant is not None:
                nodes[i] = dominant
    return nodes


def _by_given_name(
    uf: _UnionFind, r: _Ref, by_given: Mapping[str, Sequence[str]], full_articles: Mapping[str, set[int]]
) -> str | None:
    """The one full name of ``r``'s article that starts with the given name ``r`` is, if only one does."""
    given = {uf.find(k) for k in by_given.get(r.key, ()) if r.article in full_articles[k]}
    return given.pop() if len(given) == 1 else None


WORD = re.compile(r"\w+")


def _common_words(
    facts: Sequence[ArticleFacts], clusters: Mapping[str, Sequence[_Ref]], countries: Collection[str]
) -> set[str]:
    """Clusters of one word that the articles naming it write in lower case more often than
    capitalised ("propofol" 126 times, "Propofol" 54): a common noun spaCy took for a name.
    Names are capitalised wherever they stand; a drug, a storm or a virus is not."""
    words: dict[str, str] = {}
    for root, rs in clusters.items():
        forms = {r.mention.text.strip() for r in rs}
        if len(forms) == 1 and rs[0].key not in countries:
            (form,) = forms
            if form.isalpha() and form[0].isupper() and not form.isupper():  # "BOP", "NATO" are acronyms
                words[root] = form.lower()
    if not words:
        return set()
    wanted = set(words.values())
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    articles = {r.article for root in words for r in clusters[root]}
    for i in sorted(articles):
        # Every word of the text, looked up: one pass, whatever the number of candidate words.
        for found in WORD.findall(facts[i].article.text):
            if (key := found.lower()) in wanted:
                (lower if found.islower() else upper)[key] += 1
    return {root for root, word in words.items() if lower[word] > upper[word]}


def _more_often_a_given_name(
    word: str, candidates: Sequence[str], by_given: Mapping[str, Sequence[str]], articles_of: Mapping[str, set[int]]
) -> bool:
    """ "Michael" alone, where the corpus names Michael Jackson in a hundred articles and Alun
    Michael in one: the word is not that surname, whatever the one full name ending in it."""
    as_surname = sum(len(articles_of[k]) for k in candidates)
    as_given = sum(len(articles_of[k]) for k in by_given.get(word, ()) if k not in candidates)
    return as_given > as_surname


# A bare surname in an article naming no one of that surname goes to the person the corpus
# names with it in at least this share of the articles giving a full name ("Obama": Barack
# Obama in 140, Michelle Obama in 3). Where an article names both, its own text decides (above).
DOMINANT_SHARE = 0.8
LOCAL_DOMINANCE = 2  # named at least this many times as often as any other of that surname in the article


def _locally_dominant(
    uf: _UnionFind, candidates: Sequence[str], article: int, mentions_in: Mapping[tuple[int, str], int]
) -> str | None:
    """The one of several same-surname people article ``article`` names far more often than the others."""
    weight: Counter[str] = Counter()
    for k in candidates:
        weight[uf.find(k)] += mentions_in.get((article, k), 0)
    (best, top), (_, second) = weight.most_common(2)
    return best if top >= LOCAL_DOMINANCE * max(second, 1) else None


def _dominant(uf: _UnionFind, candidates: Sequence[str], articles_of: Mapping[str, set[int]]) -> str | None:
    """The one person these full names stand for, or the one most of the corpus means."""
    weight: Counter[str] = Counter()
    for k in candidates:
        weight[uf.find(k)] += len(articles_of[k])
    if len(weight) == 1:
        return next(iter(weight))
    (best, top), (_, second) = weight.most_common(2)
    return best if top >= DOMINANT_SHARE * sum(weight.values()) and top > second else None


def _merge_mistagged_people(uf: _UnionFind, groups: Mapping[str, Sequence[_Ref]], full: Sequence[str]) -> None:
    """A full name spaCy tagged ORG or GPE ("Volodymyr Zelenskiy") joins the one person it spells."""
    buckets: dict[str, list[str]] = defaultdict(list)
    for key in full:
        buckets[skeleton(key.split()[-1])].append(key)
    people = set(full)
    for key, refs in groups.items():
        words = key.split()
        if key in people or not 2 <= len(words) <= 3 or any(r.mention.label not in {"ORG", "GPE"} for r in refs):
            continue
        targets = {
            uf.find(k)
            for k in buckets.get(skeleton(words[-1]), ())
            if len(k.split()) == len(words)
            and fuzz.ratio(k.split()[-1], words[-1]) >= SURNAME_SIMILARITY
            and _given_compatible(k.split()[0], words[0])
        }
        if len(targets) == 1:
            uf.union(key, targets.pop())


def _attach_org_suffixes(uf: _UnionFind, keys: Sequence[str], articles: Mapping[str, set[int]]) -> None:
    """ "General Assembly" joins "United Nations General Assembly", "Foreign Ministry" joins "Russia
    Foreign Ministry": a shorter name that ends a longer one, when exactly one such organisation
    is named in the same articles."""
    by_suffix: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        words = key.split()
        for k in range(1, len(words) - 1):
            by_suffix[" ".join(words[k:])].append(key)
    for key in keys:
        targets = {uf.find(k) for k in by_suffix.get(key, ()) if articles[k] & articles[key]}
        if len(targets) == 1:
            uf.union(key, targets.pop())


def _org_words_match(a: Sequence[str], b: Sequence[str], country_words: Collection[str]) -> bool:
    """Word by word the same name up to spelling ("defence"/"defense"); country names must be equal."""
    for wa, wb in zip(a, b, strict=True):
        if wa == wb:
            continue
        if wa in country_words or wb in country_words or min(len(wa), len(wb)) < 5:
            return False
        if fuzz.ratio(wa, wb) < ORG_WORD_SIMILARITY:
            return False
    return True


def _merge_organisations(uf: _UnionFind, keys: Sequence[str], countries: Collection[str], lex: Lexicon) -> None:
    """Join spellings of one organisation's name, through two indexes (never all pairs):

    * the core of the name without ``org_optional_words``: "palestine national authority" and
      "palestine authority" share the core "palestine authority";
    * the initials and word count, within which names are compared word by word with rapidfuzz
      ("Defence Ministry"/"Defense Ministry"). "UN General Assembly" and "UN Security Council"
      have different initials and never meet.
    """
    by_core: dict[tuple[str, ...], list[str]] = defaultdict(list)
    by_shape: dict[tuple[str, int], list[str]] = defaultdict(list)
    for key in keys:
        words = key.split()
        core = tuple(w for w in words if w not in lex.org_optional_words)
        if len(core) > 1:
            by_core[core].append(key)
        by_shape[(_initials(key, lex), len(words))].append(key)
    for same in by_core.values():
        for other in same[1:]:
            uf.union(same[0], other)
    country_words = {w for c in countries for w in c.split()}
    for bucket in by_shape.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                if _org_words_match(a.split(), b.split(), country_words):
                    uf.union(a, b)


def _merge_abbreviations(uf: _UnionFind, facts: Sequence[ArticleFacts], refs: Sequence[_Ref], lex: Lexicon) -> None:
    """ "Islamic State (IS)" defines IS; an all-caps word matching one organisation's initials joins it."""
    for r in refs:
        text = facts[r.article].article.text
        match = ABBREVIATION_AFTER.match(text, r.mention.end)
        if match:
            uf.union(name_key(match.group(1), lex), r.key)
    by_initials: dict[str, set[str]] = defaultdict(set)
    for r in refs:
        if r.kind == ORGANISATION and len(r.key.split()) > 1:
            by_initials[_initials(r.key, lex)].add(r.key)
    for r in refs:
        if " " not in r.key and r.mention.text.replace(".", "").isupper():
            targets = {uf.find(k) for k in by_initials.get(r.key, ())}
            if len(targets) == 1:
                uf.union(r.key, targets.pop())


# --------------------------------------------------------------------------- actors


def _canonical(refs: Sequence[_Ref], kind: str) -> str:
    """Most frequent full form: persons prefer multi-word names, all prefer non-acronyms.

    Ties go to the longer form, then to the form seen first (refs are in corpus order)."""
    counts = Counter(r.form for r in refs)
    first = {f: i for i, f in reversed(list(enumerate(r.form for r in refs)))}
    forms = list(counts)
    if kind == PERSON:
        forms = [f for f in forms if " " in f] or forms
    acronyms = {f.replace(".", "").lower() for f in forms if f.replace(".", "").isupper()}
    # An expansion beats its acronym ("United Nations" over "UN"); a case variant ("Bp") does not.
    forms = [f for f in forms if f.replace(".", "").lower() not in acronyms] or forms
    return max(forms, key=lambda f: (counts[f], len(f), -first[f]))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", unidecode(name).lower()).strip("-") or "actor"


def _citation(facts: ArticleFacts, sentence: int) -> Citation | None:
    """Citation of one sentence; sentences are stored in index order, so try the position first."""
    sentences = facts.sentences
    s = sentences[sentence] if 0 <= sentence < len(sentences) else None
    if s is None or s.index != sentence:
        s = next((x for x in sentences if x.index == sentence), None)
    if s is None:
        return None
    return Citation(source_id=facts.article.id, sentence=s.text, start=s.start, end=s.end)


def salience(mentions: int, lead: int, articles: int, outlets: int, quotes: int, kind: str) -> float:
    """How central an actor is to the corpus.

    ``1*mentions + 2*mentions in an article's first two sentences + 3*articles + 2*outlets +
    2*quotes spoken``; halved for countries, places and groups, whose counts include every demonym.
    """
    score = W_MENTION * mentions + W_LEAD * lead + W_ARTICLE * articles + W_OUTLET * outlets + W_QUOTE * quotes
    return round(score * (PLACE_FACTOR if kind in {COUNTRY, PLACE, GROUP} else 1.0), 2)


def _roles(facts: Sequence[ArticleFacts], refs: Sequence[_Ref]) -> tuple[Role, ...]:
    """Stated roles, deduplicated case-insensitively, most often stated first, each with a citation."""
    seen: dict[str, tuple[int, int, Role]] = {}
    for order, r in enumerate(refs):
        if not r.mention.role:
            continue
        norm = " ".join(unidecode(r.mention.role).lower().split())
        if norm in seen:
            count, first, role = seen[norm]
            seen[norm] = (count + 1, first, role)
            continue
        citation = _citation(facts[r.article], r.mention.sentence)
        if citation is not None:
            seen[norm] = (1, order, Role(text=r.mention.role, citation=citation))
    ranked = sorted(seen.values(), key=lambda v: (-v[0], v[1]))
    return tuple(role for _, _, role in ranked)


def _build_actor(facts: Sequence[ArticleFacts], refs: Sequence[_Ref], quotes: int) -> Actor:
    refs = sorted(refs, key=lambda r: (r.article, r.mention.start))
    kind = vote_type(_votes(refs))
    name = _canonical(refs, kind)
    outlets = tuple(dict.fromkeys(facts[r.article].article.outlet for r in refs))
    citations: list[Citation] = []
    seen: set[tuple[str, int]] = set()
    for r in refs:
        c = _citation(facts[r.article], r.mention.sentence)
        if c is not None and (c.source_id, c.start) not in seen and len(citations) < MAX_CITATIONS:
            seen.add((c.source_id, c.start))
            citations.append(c)
    lead = sum(1 for r in refs if r.mention.sentence < LEAD_SENTENCES)
    articles = len({r.article for r in refs})
    aliases = tuple(sorted({_surface(r.mention.text) for r in refs} - {name, ""}))
    return Actor(
        id=_slug(name),
        name=name,
        type=kind,
        aliases=aliases,
        mentions=len(refs),
        outlets=outlets,
        roles=_roles(facts, refs) if kind == PERSON else (),  # an organisation has no title: a stray one is noise
        salience=salience(len(refs), lead, articles, len(outlets), quotes, kind),
        citations=tuple(citations),
    )


def _unique_ids(actors: Sequence[Actor]) -> list[Actor]:
    used: Counter[str] = Counter()
    out = []
    for a in actors:
        used[a.id] += 1
        if used[a.id] > 1:
            a = replace(a, id=f"{a.id}-{used[a.id]}")
        out.append(a)
    return out


def resolve_actors(
    facts: Sequence[ArticleFacts], outlet_names: Collection[str] = (), lexicon: Lexicon | None = None
) -> ActorIndex:
    """Merge mentions across articles into actors, ranked by salience (best first).

    Actors named like one of ``outlet_names`` (the outlets reporting) are left out. ``lexicon``
    (countries, demonyms, aliases, ...) is the one the caller loaded; by default the packaged one.
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    countries = country_keys(lex)
    refs = [r for i, f in enumerate(facts) for m in f.mentions if (r := _ref(i, m, lex, countries)) is not None]
    uf = _UnionFind()
    for r in refs:
        uf.find(r.key)
    groups: dict[str, list[_Ref]] = defaultdict(list)
    for r in refs:
        groups[r.key].append(r)
    full = [k for k, rs in groups.items() if " " in k and vote_type(_votes(rs)) == PERSON]
    full_articles = {k: {r.article for r in groups[k]} for k in full}
    _merge_full_names(uf, full)
    _merge_mistagged_people(uf, groups, full)
    orgs = [k for k, rs in groups.items() if " " in k and vote_type(_votes(rs)) == ORGANISATION]
    _merge_organisations(uf, orgs, countries, lex)
    _attach_org_suffixes(uf, orgs, {k: {r.article for r in groups[k]} for k in orgs})
    _merge_abbreviations(uf, facts, refs, lex)
    org_names = {
        k: {r.article for r in rs}
        for k, rs in groups.items()
        if 2 <= len(k.split()) <= 3
        and all(r.mention.label == "ORG" for r in rs)
        and k.split()[-1] not in lex.org_name_words | lex.institution_heads
        and k.split()[0] not in countries
    }
    surname_nodes = _attach_surnames(uf, refs, full, full_articles, lex, org_names)

    clusters: dict[str, list[_Ref]] = defaultdict(list)
    for i, r in enumerate(refs):
        node = surname_nodes.get(i, r.key)
        clusters[uf.find(node)].append(r)

    outlet_keys = {name_key(o, lex) for o in outlet_names}
    quotes_by_ref: Counter[str] = Counter()
    location: dict[tuple[int, int, int], str] = {}
    for root, rs in clusters.items():
        for r in rs:
            location[(r.article, r.mention.start, r.mention.end)] = root
    for i, f in enumerate(facts):
        for q in f.quotes:
            root = location.get((i, q.speaker_start, q.speaker_end))
            if root is not None:
                quotes_by_ref[root] += 1

    common = _common_words(facts, clusters, countries)
    built: list[tuple[str, Actor]] = []
    for root, rs in clusters.items():
        if outlet_keys & {r.key for r in rs} or root in common:
            continue
        built.append((root, _build_actor(facts, rs, quotes_by_ref[root])))
    built.sort(key=lambda pair: (-pair[1].salience, -pair[1].mentions, pair[1].name))
    actors = _unique_ids([a for _, a in built])
    actor_of_root = {root: a.id for (root, _), a in zip(built, actors, strict=True)}
    by_mention = {
        (facts[article].article.id, start, end): actor_of_root[root]
        for (article, start, end), root in location.items()
        if root in actor_of_root
    }
    return ActorIndex(actors=tuple(actors), by_mention=MappingProxyType(by_mention))
