"""Actor mentions: people, organisations, countries and groups as one article names them.

spaCy's entities are close to what the brief needs but not clean: titles sit next to or inside
the name ("Russian President Vladimir Putin"), "the" and "'s" ride along, capitalised headline
words are tagged as names ("Putin Meet") and photo credits list agencies. The functions here
turn entities into ``Mention`` records with the role split off and the junk dropped, so later
stages see one name per mention. The word lists live in ``briefing/data/actors.yaml``, read
once into a :class:`briefing.lexicon.Lexicon` (``Lexicon`` and ``load_lexicon`` are importable
from here too, for older callers).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from briefing.lexicon import Lexicon, load_lexicon
from briefing.model import Mention

# Entity labels that can name an actor. LOC ("the Middle East") only counts when it acts.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
ACTING_DEPS = frozenset({"nsubj", "nsubjpass"})

# Title words that qualify another title and cannot end a role on their own ("Foreign").
TITLE_MODIFIERS = frozenset(
    {"foreign", "defense", "defence", "interior", "finance", "vice", "deputy", "prime", "crown"}
)
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


# --------------------------------------------------------------------------- credit lines

_NAME_WORD = r"[A-Z][\w'’-]*(?:\.\w+)*"  # no trailing full stop: "Abbas. Alexei" is two sentences
_NAME_CHUNK = rf"{_NAME_WORD}(?:[^\S\n]+{_NAME_WORD})*"
CREDIT_PATTERNS = (
    # "With reporting by Interfax, TASS, AFP, and Reuters"
    re.compile(r"(?im)^[^\S\n]*(?:with\s+(?:additional\s+)?reporting\s+by|(?:additional\s+)?reporting\s+by)\b[^\n]*"),
    # "AFP contributed reporting." / "(Photo credit should read ...)"
    re.compile(r"(?im)^[^\n]*\b(?:contributed\s+(?:reporting|to\s+this\s+report)|credit\s+should\s+read)\b[^\n]*"),
    # "(Photo: via Wafa, file)"
    re.compile(r"(?i)\((?:photo|image|picture|video)s?\s*:[^)\n]*\)"),
    # "Alexei Maishev / POOL / TASS", "YURI KOCHETKOV/AFP/Getty Images"
    re.compile(rf"(?:{_NAME_CHUNK}[^\S\n]*/[^\S\n]*){{2,}}{_NAME_CHUNK}"),
    # "Photo: ...", "Credit: ..."
    re.compile(r"(?i)\b(?:photo|credit|image)\s*:[^\n]*"),
    # A byline: "By John Smith, Reuters" on a line of its own
    re.compile(r"(?m)^[^\S\n]*[Bb]y[^\S\n]+[A-Z][^\n]{0,80}$"),
    # A dateline: "LONDON (Reuters) -", "SAN FRANCISCO, Jan 24 (AP) —"
    re.compile(r"(?m)^[^\S\n]*[A-Z][A-Z.'’ -]{1,40}(?:,[^\n()]{0,30})?[^\S\n]*\([^()\n]{1,40}\)[^\S\n]*[-–—]"),
    # A line that is only a parenthesised source list: "(teleSUR, PC, Social Media)"
    re.compile(r"(?m)^[^\S\n]*\([^()\n]*\)[^\S\n]*$"),
)


def credit_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of bylines and photo credits, where agencies are sources, not actors."""
    spans = [m.span() for pattern in CREDIT_PATTERNS for m in pattern.finditer(text)]
    return sorted(spans)


HEADLINE_MAX_WORDS = 14
HEADLINE_CAPITALISED = 0.6  # share of capitalised words in a title-case line
_LINE_RE = re.compile(r"(?m)^[^\S\n]*(\S[^\n]*?)[^\S\n]*$")
_SMALL_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by", "as", "vs"})


def headline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of headline lines left in the body: a line standing alone, short, in title
    case, with no sentence-final punctuation ("Apple Shares Rise After Record Quarter").

    Names on such lines are not mentions: spaCy glues headline verbs onto them ("Putin Meet",
    "Apple Shares Rise"), and the lead sentence names the same actors properly.
    """
    spans = []
    for match in _LINE_RE.finditer(text):
        line = match.group(1)
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line)]
        if not 3 <= len(words) <= HEADLINE_MAX_WORDS or line[-1] in ".!?:;,”\")’'":
            continue
        if re.search(r"[.!?]\s", line):
            continue  # two sentences: a caption, not a headline
        content = [w for w in words if w.lower() not in _SMALL_WORDS]
        if (
            content
            and sum(w[0].isupper() for w in content) / len(content) >= HEADLINE_CAPITALISED
            and all(w[0].isupper() for w in content[:2])
        ):
            spans.append(match.span(1))
    return spans


def _inside(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


# --------------------------------------------------------------------------- names and roles


def sentence_starts(doc: Doc) -> list[int]:
    """Token index where each sentence begins, for a bisect from token to sentence index."""
    return [sent.start for sent in doc.sents]


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins every token's text on each access."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_TEXT_KEY = "briefing.text"


def sentence_of(starts: list[int], token_index: int) -> int:
    return max(0, bisect.bisect_right(starts, token_index) - 1)


def _is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def _role_token(token: Token, lex: Lexicon) -> bool:
    """A token that may be part of a role: a title word or a proper word such as "U.S."."""
    if token.lower_ in lex.titles:
        return True
    if token.is_space or token.is_punct:
        return False
    return _is_capitalised(token) and (token.pos_ in {"PROPN", "ADJ"} or bool(token.ent_type_))


def _is_title_head(token: Token, lex: Lexicon) -> bool:
    return token.lower_ in lex.titles and token.lower_ not in TITLE_MODIFIERS


def _trim_name(ent: Span, lex: Lexicon) -> tuple[int, int] | None:
    """Token range of the bare name inside an entity, or None when nothing name-like is left."""
    doc = ent.doc
    start, end = ent.start, ent.end
    # Cut at a line break or a token that cannot sit inside a name.
    for i in range(start, end):
        tok = doc[i]
        if tok.is_space or "\n" in tok.text:
            end = i
            break
        if i > start and ent.label_ == "PERSON" and tok.lower_ in lex.headline_words:
            end = i
            break
        if i > start and tok.text[:1].islower() and tok.lower_ not in lex.name_connectors:
            end = i
            break
        if tok.like_num or tok.ent_type_ in {"DATE", "TIME", "CARDINAL"}:
            end = i
            break
    while start < end and (
        doc[start].pos_ == "DET"
        or doc[start].is_punct
        or doc[start].is_space
        or (doc[start].text[:1].islower() and doc[start].lower_ not in lex.name_connectors)
    ):
        start += 1
    while end > start and (
        doc[end - 1].text in POSSESSIVE
        or (doc[end - 1].is_punct and doc[end - 1].text not in {")"})
        or doc[end - 1].lower_ in lex.name_connectors
    ):
        end -= 1
    if start >= end:
        return None
    if ent.label_ == "PERSON" and doc[start].lower_ in lex.headline_words:
        return None
    return start, end


def _extend_name(doc: Doc, end: int, lex: Lexicon, label: str) -> int:
    """Where a name spaCy cut short really ends.

    "Novak" (tagged) + "Djokovic" (untagged): the entity's last word is a compound of the proper
    noun after it. "Erik" + "ten Hag": a PERSON goes on over a lower-case name particle followed
    by capitalised name words.
    """
    while (
        end < len(doc)
        and doc[end].pos_ == "PROPN"
        and _is_capitalised(doc[end])
        and not doc[end].ent_type_
        and doc[end - 1].dep_ == "compound"
        and doc[end - 1].head.i == end
        and doc[end].lower_ not in lex.headline_words
        and doc[end].lower_ not in lex.titles
    ):
        end += 1
    if label != "PERSON":
        return end
    while (
        end + 1 < len(doc)
        and doc[end].lower_ in lex.name_particles
        and doc[end].text.islower()
        and _is_capitalised(doc[end + 1])
        and doc[end + 1].pos_ == "PROPN"
    ):
        end += 2
        while end < len(doc) and _is_capitalised(doc[end]) and doc[end].pos_ == "PROPN" and not doc[end].ent_type_:
            end += 1
    return end


def _role_inside(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """Index of the first name token after a title written inside the entity ("President Trump")."""
    best = start
    for k in range(start + 1, end):
        prefix = doc[start:k]
        if (
            all(_role_token(t, lex) for t in prefix)
            and _is_title_head(doc[k - 1], lex)
            and doc[k].lower_ not in lex.titles
            and _is_capitalised(doc[k])
        ):
            best = k
    return best


def _role_before(doc: Doc, name_start: int, sent_start: int, lex: Lexicon, need_head: bool = True) -> int:
    """Index of the first role token to the left of a name, or ``name_start`` if none.

    Walks left over title words and proper words; allows one comma of apposition ("Abbas
    advisor, Majdi Khalidi"), "of" ("Secretary of State") and a bracketed acronym ("(PA)").
    """
    i = name_start - 1
    if i > sent_start and doc[i].text == "," and _is_title_head(doc[i - 1], lex):
        i -= 1
    if i < sent_start:
        return name_start
    of_title = (  # "Secretary of State Marco Rubio": the title's head comes before "of"
        i - 2 >= sent_start
        and doc[i - 1].lower_ == "of"
        and _is_title_head(doc[i - 2], lex)
        and _is_capitalised(doc[i])
        and doc[i].ent_type_ not in {"PERSON", "GPE"}
    )
    if need_head and not _is_title_head(doc[i], lex) and not of_title:
        return name_start
    first = name_start
    while i >= sent_start:
        tok = doc[i]
        if _role_token(tok, lex):
            first = i
            i -= 1
        elif tok.text == ")" and i - 2 >= sent_start and doc[i - 2].text == "(" and doc[i - 1].is_upper:
            i -= 3
        elif tok.lower_ == "of" and i - 1 >= sent_start and _role_token(doc[i - 1], lex):
            i -= 1
        elif tok.text == "-" and i - 1 >= sent_start and _role_token(doc[i - 1], lex):
            i -= 1  # "Secretary-General"
        else:
            break
    return first


def _clean_role(text: str) -> str:
    text = re.sub(r"\s*\([^)]*\)", "", text)
    return " ".join(text.replace(",", " ").split())


def _role_text(text: str, lex: Lexicon) -> str | None:
    """The role without forms of address and leading date words; None when no title word is left
    ("Mr", "Wednesday Mr" are no roles; "Mr Obama" still loses its "Mr" from the name)."""
    words = [w for w in text.split() if w.lower() not in lex.honorifics]
    while words and words[0].lower() in lex.role_skip_words:
        words.pop(0)
    parts = [p.lower() for w in words for p in re.split(r"[-‐–]", w) if p]  # "Secretary-General"
    if not any(p in lex.titles or p.rstrip(".") in lex.titles for p in parts):
        return None
    return " ".join(words)


def _is_junk(doc: Doc, start: int, end: int, label: str, lex: Lexicon) -> bool:
    """Headline fragments, boilerplate, credit strings and common words are not actors."""
    tokens = doc[start:end]
    text = tokens.text
    low = text.lower()
    if len(text) < 2 or low in lex.boilerplate or low in lex.titles:
        return True
    if any(" " in phrase and phrase in low for phrase in lex.boilerplate):
        return True  # "Al-Monitor's Terms and Conditions"
    alpha = [t for t in tokens if t.is_alpha]
    if not alpha:
        return True
    if len(alpha) > 1 and all(t.is_upper for t in alpha):
        return True  # "YURI KOCHETKOV": credit strings are written in capitals
    if label == "PERSON" and text.isupper():
        return True  # "RL" from "RFE/RL"
    if len(tokens) == 1:
        tok = tokens[0]
        if not _is_capitalised(tok):
            return True
        if label not in {"NORP", "GPE"} and tok.pos_ not in {"PROPN"} and not tok.is_upper:
            return True  # a single common word tagged as a name
    return False


@dataclass(frozen=True)
class _Candidate:
    mention: Mention
    role_span: tuple[int, int] | None  # character span of the role, if any


def _split_role(doc: Doc, start: int, end: int, label: str, lex: Lexicon) -> tuple[int, tuple[int, int] | None]:
    """Where the bare name starts, and the token range (inclusive) of the role before it, if any.

    Only people carry roles; ORG is included because spaCy tags some people ORG ("Trump").
    """
    if label not in {"PERSON", "ORG"}:
        return start, None
    name_start = _role_inside(doc, start, end, lex) if label == "PERSON" else start
    first = _role_before(doc, start, doc[start].sent.start, lex, need_head=name_start == start)
    if name_start == start and first == start:
        return start, None
    role_end = name_start - 1
    while role_end > first and doc[role_end].text == ",":  # "Abbas advisor, Majdi Khalidi"
        role_end -= 1
    return name_start, (first, role_end)


def _candidate(ent: Span, starts: list[int], lex: Lexicon) -> _Candidate | None:
    label = ent.label_
    if label == "LOC":
        if ent.root.dep_ not in ACTING_DEPS:
            return None
    elif label not in ACTOR_LABELS:
        return None
    trimmed = _trim_name(ent, lex)
    if trimmed is None:
        return None
    doc = ent.doc
    if label in {"PERSON", "ORG"}:
        trimmed = (trimmed[0], _extend_name(doc, trimmed[1], lex, label))
    end = trimmed[1]
    start, role_tokens = _split_role(doc, *trimmed, label, lex)
    if _is_junk(doc, start, end, label, lex):
        return None
    role = role_span = None
    if role_tokens is not None:
        first, last = role_tokens
        role_span = (doc[first].idx, doc[last].idx + len(doc[last]))
        role = _role_text(_clean_role(doc_text(doc)[role_span[0] : role_span[1]]), lex)
    span = doc[start:end]
    mention = Mention(
        text=span.text,
        label=label,
        start=span.start_char,
        end=span.end_char,
        sentence=sentence_of(starts, start),
        role=role,
    )
    return _Candidate(mention, role_span)


ABBREVIATION_AFTER = re.compile(r"[^\S\n]*\(([A-Z][A-Z.]{0,8}[A-Z])\)")


def _abbreviation_mentions(doc: Doc, mentions: list[Mention], starts: list[int]) -> list[Mention]:
    """Later bare uses of an acronym the text defined: "Islamic State (IS) ... fight IS"."""
    defined: dict[str, tuple[str, int]] = {}
    for m in mentions:
        match = ABBREVIATION_AFTER.match(doc_text(doc), m.end)
        if match and match.group(1) not in defined:
            defined[match.group(1)] = (m.label, match.end())
    if not defined:
        return []
    taken = [(m.start, m.end) for m in mentions]
    extra = []
    for tok in doc:
        found = defined.get(tok.text)
        if found is None or tok.idx < found[1]:
            continue
        if any(s <= tok.idx < e for s, e in taken):
            continue
        extra.append(
            Mention(
                text=tok.text,
                label=found[0],
                start=tok.idx,
                end=tok.idx + len(tok),
                sentence=sentence_of(starts, tok.i),
            )
        )
    return extra


def _is_name_pair(text: str, people: set[str]) -> bool:
    """ "the Trump-Putin conversation": names joined by a hyphen, one of them a person, not a third actor."""
    parts = text.split("-")
    return len(parts) > 1 and all(p[:1].isupper() and p.isalpha() for p in parts) and any(p in people for p in parts)


def _is_agency(m: Mention, lex: Lexicon) -> bool:
    """A news agency is the press, not an actor, wherever it is named ("an interview with Reuters")."""
    low = m.text.lower()
    return m.label != "PERSON" and (low in lex.news_agencies or low.endswith(lex.news_agency_endings))


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _institution_start(doc: Doc, head: int, lex: Lexicon) -> int:
    """First token of an institution name ending at ``head``: capitalised modifiers, then the
    owning country ("Russia's", "Russian") if there is one. Returns ``head`` when nothing precedes."""
    sent_start = doc[head].sent.start
    i = head
    while i - 1 >= sent_start:
        tok = doc[i - 1]
        if not (_is_capitalised(tok) and tok.pos_ in {"PROPN", "ADJ", "NOUN"}):
            break
        i -= 1
    if i - 2 >= sent_start and doc[i - 1].text in POSSESSIVE and doc[i - 2].ent_type_ == "GPE":
        i -= 2
        while i > sent_start and doc[i].ent_iob_ == "I":
            i -= 1
    return i


def _institution_mentions(
    doc: Doc, mentions: list[Mention], blocked: list[tuple[int, int]], starts: list[int], lex: Lexicon
) -> list[Mention]:
    """Institutions spaCy left untagged or cut short: "Russia's Foreign Ministry", "Defence Ministry".

    A capitalised phrase ending in an institution head word (``institution_heads``) becomes one
    ORG mention that includes its owner; mentions inside it ("Russia", "Foreign Ministry") give
    way to it. Phrases inside roles, credits or a longer name are left alone.
    """
    found: list[Mention] = []
    for tok in doc:
        if tok.lower_ not in lex.institution_heads or not _is_capitalised(tok) or tok.pos_ not in {"PROPN", "NOUN"}:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and (nxt.lower_ == "of" or (_is_capitalised(nxt) and nxt.pos_ == "PROPN")):
            continue  # "Ministry of Defence", "Court House": the name goes on; spaCy's entity covers it
        first = _institution_start(doc, tok.i, lex)
        if first == tok.i:
            continue  # a bare "Ministry" is not a name
        start, end = doc[first].idx, tok.idx + len(tok)
        if _overlaps(start, end, blocked):
            continue
        inner = [m for m in mentions if m.start < end and start < m.end]
        if any(not (start <= m.start and m.end <= end) for m in inner):
            continue  # part of a longer entity
        if any(m.start == start and m.end == end for m in inner):
            continue
        mention = Mention(
            text=doc_text(doc)[start:end], label="ORG", start=start, end=end, sentence=sentence_of(starts, first)
        )
        if not _is_agency(mention, lex):
            found.append(mention)
    return found


def _surname(words: list[str], lex: Lexicon) -> tuple[str, ...]:
    """The surname of a full name, lower case: the last word, or from the first particle on ("ten hag")."""
    for k in range(1, len(words) - 1):
        if words[k].lower() in lex.name_particles:
            return tuple(w.lower() for w in words[k:])
    return (words[-1].lower(),)


def _surname_mentions(
    doc: Doc, mentions: list[Mention], blocked: list[tuple[int, int]], starts: list[int], lex: Lexicon
) -> list[Mention]:
    """A known person's surname that spaCy did not tag ("Trump at the time called ..." parsed as a
    verb, "Ten Hag had won" at the start of a sentence).

    Only the surname of a full name the same text gives ("Donald Trump", "Erik ten Hag"), written
    capitalised, on its own (not part of a longer name or a hyphenated pair), counts.
    """
    surnames = {_surname(m.text.split(), lex) for m in mentions if m.label == "PERSON" and " " in m.text}
    if not surnames:
        return []
    taken = [(m.start, m.end) for m in mentions] + blocked
    found = []
    for tok in doc:
        if not _is_capitalised(tok) and tok.lower_ not in lex.name_particles:
            continue
        for surname in surnames:
            end = tok.i + len(surname)
            if end > len(doc) or tuple(t.lower_ for t in doc[tok.i : end]) != surname:
                continue
            if not all(_is_capitalised(t) or t.lower_ in lex.name_particles for t in doc[tok.i : end]):
                continue
            if not _is_capitalised(doc[end - 1]) or _overlaps(tok.idx, doc[end - 1].idx + len(doc[end - 1]), taken):
                continue
            before = doc[tok.i - 1] if tok.i > 0 else None
            after = doc[end] if end < len(doc) else None
            if after is not None and (after.text in {"-", "–"} or (_is_capitalised(after) and after.pos_ == "PROPN")):
                continue
            if before is not None and (
                before.text in {"-", "–"} or (_is_capitalised(before) and not tok.is_sent_start)
            ):
                continue
            span = doc[tok.i : end]
            found.append(
                Mention(
                    text=span.text,
                    label="PERSON",
                    start=span.start_char,
                    end=span.end_char,
                    sentence=sentence_of(starts, tok.i),
                )
            )
            taken.append((span.start_char, span.end_char))
    return found


def extract_mentions(doc: Doc, lexicon: Lexicon | None = None) -> list[Mention]:
    """Actor mentions in reading order, roles split off, junk, agencies and credit lines dropped.

    Entities that are part of another name's role ("Russian" in "Russian President Vladimir
    Putin") are not separate mentions: the role already records them. Two kinds of mention are
    added to spaCy's entities: institutions it missed ("Russia's Foreign Ministry") and bare
    surnames of a person the text names in full that it did not tag ("Trump" parsed as a verb).
    ``lexicon`` defaults to the packaged word lists.
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    starts = sentence_starts(doc)
    credits = credit_spans(doc_text(doc)) + headline_spans(doc_text(doc))
    candidates = [c for ent in doc.ents if (c := _candidate(ent, starts, lex)) is not None]
    roles = [c.role_span for c in candidates if c.role_span is not None]
    mentions = []
    for c in candidates:
        m = c.mention
        if _inside(m.start, m.end, credits) or _inside(m.start, m.end, roles) or _is_agency(m, lex):
            continue
        mentions.append(m)
    people = {m.text.split()[-1] for m in mentions if m.label == "PERSON"}
    mentions = [m for m in mentions if not _is_name_pair(m.text, people)]
    institutions = _institution_mentions(doc, mentions, credits + roles, starts, lex)
    for inst in institutions:
        mentions = [m for m in mentions if not (inst.start <= m.start and m.end <= inst.end)]
    mentions.extend(institutions)
    mentions = [m for m in mentions if not any(o is not m and o.start <= m.start and m.end <= o.end for o in mentions)]
    mentions.extend(_surname_mentions(doc, mentions, credits + roles, starts, lex))
    mentions.extend(_abbreviation_mentions(doc, mentions, starts))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions
