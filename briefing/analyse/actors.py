"""Actors across the corpus: one record per person, organisation, country or group.

Mentions are grouped by a normalised name key (unidecode, lower case, no "the", known
abbreviations expanded), then merged by rules that each look candidates up in an index, never
all pairs:

* full person names with a transliteration variant of the same first name and surname
  ("Mahmud"/"Mahmoud Abbas", "Sergei"/"Sergey Lavrov"), bucketed by a consonant skeleton of
  the surname and compared with rapidfuzz; different first names stay apart;
* a surname alone ("Abbas") joins the one full name with that surname in the same article,
  else the one in the corpus; when several people share it, it stays on its own;
* acronyms defined in the text ("Islamic State (IS)") or matching the initials of exactly one
  multi-word organisation ("PA" -> "Palestinian Authority");
* demonyms count as references to their country ("Russian" -> Russia), from actors.yaml.

The type is a vote over spaCy labels plus context (a stated role votes "person"), so a person
tagged ORG now and then stays a person.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from rapidfuzz import fuzz
from unidecode import unidecode

from briefing.model import Actor, ArticleFacts, Citation, Mention, Role
from briefing.nlp.mentions import ABBREVIATION_AFTER, Lexicon, load_lexicon

PERSON, ORGANISATION, COUNTRY, GROUP = "person", "organisation", "country", "group"
TYPE_ORDER = (PERSON, ORGANISATION, COUNTRY, GROUP)  # tie-break of the type vote
LABEL_TYPES = {"PERSON": PERSON, "ORG": ORGANISATION, "GPE": COUNTRY, "LOC": COUNTRY, "FAC": ORGANISATION}
ROLE_VOTE = 2  # a stated role ("Russian President") is stronger evidence than one label
SURNAME_SIMILARITY = 85  # rapidfuzz ratio for transliterated surnames
GIVEN_NAME_SIMILARITY = 75  # and for given names ("sergei"/"sergey" = 83)
MAX_CITATIONS = 5
LEAD_SENTENCES = 2

# Salience weights, see ``salience``.
W_MENTION, W_LEAD, W_ARTICLE, W_OUTLET, W_QUOTE = 1.0, 2.0, 3.0, 2.0, 2.0
PLACE_FACTOR = 0.5  # countries and groups: demonyms in every other sentence inflate their counts


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


def name_key(text: str, lex: Lexicon | None = None) -> str:
    """Key under which spellings of one name meet: ASCII, lower case, no "the", aliases expanded."""
    lex = lex or load_lexicon()
    low = unidecode(text).lower().strip()
    low = re.sub(r"^the\s+", "", low)
    low = re.sub(r"['’]s?$", "", low).strip()
    if low in lex.aliases:
        low = lex.aliases[low]
    words = []
    for token in _TOKEN_RE.findall(low):
        words.extend(lex.aliases.get(token, token).split())
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


def _ref(article: int, m: Mention, lex: Lexicon) -> _Ref | None:
    """A mention with its key; a demonym becomes a reference to its country."""
    country = lex.demonyms.get(unidecode(m.text).lower())
    if country:  # also when spaCy tagged the demonym ORG ("Kazakh")
        return _Ref(article, m, name_key(country, lex), country, COUNTRY)
    if m.label == "NORP":
        return _Ref(article, m, name_key(m.text, lex), m.text, GROUP)
    key = name_key(m.text, lex)
    if not key:
        return None
    form = re.sub(r"^[Tt]he\s+", "", m.text)  # "the White House" is shown as "White House"
    return _Ref(article, m, key, form, LABEL_TYPES.get(m.label, GROUP))


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
) -> dict[int, str]:
    """Node for each single-word person/organisation ref: the full name it stands for, if unique."""
    by_surname: dict[str, list[str]] = defaultdict(list)
    for key in full:
        by_surname[skeleton(key.split()[-1])].append(key)
    nodes: dict[int, str] = {}
    countries = {name_key(c, lex) for c in lex.demonyms.values()} | set(lex.aliases.values())
    for i, r in enumerate(refs):
        if " " in r.key or r.mention.label not in {"PERSON", "ORG", "GPE"} or r.key in countries:
            continue
        # spaCy tags some surnames GPE ("said Scholz"): those join only a full name in the same article.
        same_article_only = r.mention.label == "GPE"
        candidates = [
            k for k in by_surname.get(skeleton(r.key), ()) if fuzz.ratio(k.split()[-1], r.key) >= SURNAME_SIMILARITY
        ]
        if not candidates:
            continue
        local = {uf.find(k) for k in candidates if r.article in full_articles[k]}
        corpus = {uf.find(k) for k in candidates}
        if len(local) == 1:
            nodes[i] = local.pop()
        elif not local and len(corpus) == 1 and not same_article_only:
            nodes[i] = corpus.pop()
    return nodes


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
    forms = [f for f in forms if not f.replace(".", "").isupper()] or forms
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
    2*quotes spoken``; halved for countries and groups, whose counts include every demonym.
    """
    score = W_MENTION * mentions + W_LEAD * lead + W_ARTICLE * articles + W_OUTLET * outlets + W_QUOTE * quotes
    return round(score * (PLACE_FACTOR if kind in {COUNTRY, GROUP} else 1.0), 2)


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
    aliases = tuple(sorted({r.mention.text for r in refs} - {name}))
    return Actor(
        id=_slug(name),
        name=name,
        type=kind,
        aliases=aliases,
        mentions=len(refs),
        outlets=outlets,
        roles=_roles(facts, refs),
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


def resolve_actors(facts: Sequence[ArticleFacts], outlet_names: Collection[str] = ()) -> ActorIndex:
    """Merge mentions across articles into actors, ranked by salience (best first).

    Actors named like one of ``outlet_names`` (the outlets reporting) are left out.
    """
    lex = load_lexicon()
    refs = [r for i, f in enumerate(facts) for m in f.mentions if (r := _ref(i, m, lex)) is not None]
    uf = _UnionFind()
    for r in refs:
        uf.find(r.key)
    groups: dict[str, list[_Ref]] = defaultdict(list)
    for r in refs:
        groups[r.key].append(r)
    full = [k for k, rs in groups.items() if " " in k and vote_type(_votes(rs)) == PERSON]
    full_articles = {k: {r.article for r in groups[k]} for k in full}
    _merge_full_names(uf, full)
    _merge_abbreviations(uf, facts, refs, lex)
    surname_nodes = _attach_surnames(uf, refs, full, full_articles, lex)

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

    built: list[tuple[str, Actor]] = []
    for root, rs in clusters.items():
        if outlet_keys & {r.key for r in rs}:
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
