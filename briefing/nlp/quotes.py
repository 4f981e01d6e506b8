"""Direct quotations and who the article says spoke them.

A quotation is text between double quote marks (straight ``"`` or curly ``“ ”``) within one
paragraph. The speaker is the subject of a verb of saying that attributes it, found in this
order:

1. a trailing attribution after the quote, set off by a comma or the closing mark
   ("“…,” he said." / "…", the White House said.);
2. the nearest verb of saying that governs the quote in the parse ("Putin said the talks
   centred on a “common approach”");
3. another verb of saying in the quote's own sentences;
4. a verb of saying inside the quote whose subject is outside it (the Kremlin “strongly
   condemned” the killing);
5. for a quote with no cue at all, the speaker of the previous quote in the same paragraph
   (the second half of "“A,” he said. “B.”").

The subject then becomes a mention: a name; a pronoun ("he") -> the most recent person who was
a subject or a speaker in the preceding sentences; a title ("the Russian leader") -> the last
person introduced with a matching role; a nationality with an article ("the Russian said") ->
the last person whose role carries it, else as for a pronoun; an institution ("the Kremlin") -> that organisation.
Anything else ("officials said") leaves the speaker as None: we never guess the nearest name.

Scare quotes are skipped: a quotation of fewer than ``MIN_QUOTE_WORDS`` words that no verb of
saying attributes to a resolved speaker ("major deal", declared an "undesirable organization",
analysts called it a "major deal") is a word choice, not a statement. A short quote with a
speaker ("Trump said it was a “great call”") is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from briefing.lexicon import Lexicon, load_lexicon
from briefing.model import Mention, Quote
from briefing.nlp.mentions import doc_text, sentence_of, sentence_starts

MIN_QUOTE_WORDS = 3
PRONOUN_LOOKBACK = 3  # sentences searched for the antecedent of "he"/"she"
PERSON_PRONOUNS = frozenset({"he", "she"})
RELATIVE_PRONOUNS = frozenset({"who", "that"})
SUBJECT_DEPS = frozenset({"nsubj"})

# A quotation: curly pair or straight pair, never across a line break.
QUOTE_RE = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"")


@dataclass(frozen=True)
class _Span:
    start: int  # quoted words (without marks)
    end: int
    outer_start: int  # including the marks
    outer_end: int


@dataclass(frozen=True)
class _Cue:
    token: Token  # the verb of saying, or "according"
    subject: Token | None
    text: str


def find_quote_spans(text: str) -> list[_Span]:
    """Quoted stretches of text, with offsets of the words inside the marks."""
    spans = []
    for match in QUOTE_RE.finditer(text):
        group = 1 if match.group(1) is not None else 2
        start, end = match.span(group)
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1
        if start < end:
            spans.append(_Span(start, end, match.start(), match.end()))
    return spans


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]


def _paragraph_of(starts: list[int], offset: int) -> int:
    return sum(1 for s in starts if s <= offset) - 1


class _Context:
    """What the attribution rules need to know about one Doc."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.spans = find_quote_spans(doc_text(doc))
        self.sent_starts = sentence_starts(doc)
        self.sents = list(doc.sents)
        self.person_names = {m.text.split()[-1] for m in self.mentions if m.label == "PERSON"}
        self.speakers: list[tuple[int, Mention]] = []  # (cue offset, speaker) in reading order

    def in_quote(self, offset: int) -> bool:
        return any(s.outer_start <= offset < s.outer_end for s in self.spans)

    def mention_at(self, offset: int) -> Mention | None:
        for m in self.mentions:
            if m.start <= offset < m.end:
                return m
        return None

    def is_person(self, m: Mention) -> bool:
        """PERSON, or a name spaCy labelled otherwise that carries a role or a person's surname."""
        return m.label == "PERSON" or m.role is not None or m.text.split()[-1] in self.person_names


# --------------------------------------------------------------------------- cues


def _is_speech_verb(tok: Token, lex: Lexicon) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in lex.speech_verbs


def _subject_of(verb: Token) -> Token | None:
    """The grammatical subject, inherited through "and said" / "adding" / "saying"."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head  # "Trump, who said …" -> Trump
            return child
    head = verb.head
    if verb.dep_ in {"advcl", "relcl", "acl"} and head.i < verb.i and (head.pos_ == "PROPN" or head.ent_type_):
        return verb.head  # the parser hung "Trump … called" off the name instead of a subject
    if verb.dep_ == "conj" and verb.head.i != verb.i:
        return _subject_of(verb.head)
    if verb.dep_ in {"advcl", "xcomp"} and verb.tag_ in {"VBG", "VBN"} and verb.head.i != verb.i:
        return _subject_of(verb.head)
    return None


def _according_to(tok: Token) -> Token | None:
    if tok.lower_ != "according":
        return None
    for child in tok.children:
        if child.lower_ == "to":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _cue(tok: Token, ctx: _Context) -> _Cue | None:
    if ctx.in_quote(tok.idx):
        return None
    source = _according_to(tok)
    if source is not None:
        return _Cue(tok, source, "according to")
    if _is_speech_verb(tok, ctx.lex):
        subject = _subject_of(tok)
        if subject is None and tok.dep_ in {"advcl", "relcl", "acl"} and tok.head.i < tok.i:
            named = ctx.mention_at(tok.head.idx)
            if named is not None and ctx.is_person(named):
                subject = tok.head  # a name the tagger took for a verb: "Trump at the time called …"
        if subject is not None and ctx.in_quote(subject.idx):
            subject = None
        return _Cue(tok, subject, tok.text)
    return None


def _region(ctx: _Context, span: _Span) -> tuple[int, int]:
    """Token range of the sentences the quote touches, plus a short sentence right after it."""
    words = ctx.doc.char_span(span.start, span.end, alignment_mode="expand")
    first = sentence_of(ctx.sent_starts, words.start)
    # The closing mark is often parsed into the next sentence: use the last quoted word.
    last = sentence_of(ctx.sent_starts, words.end - 1)
    if last + 1 < len(ctx.sents):
        following = ctx.sents[last + 1]
        between = doc_text(ctx.doc)[span.outer_end : following.start_char]
        if not between.strip(" ,.") and len(following) <= 10 and following.text.lstrip()[:1] not in '“"':
            last += 1
    return ctx.sents[first].start, ctx.sents[last].end


def _trailing_cue(ctx: _Context, span: _Span, lo: int, hi: int) -> _Cue | None:
    """ "“…,” he said." / "…", the White House said.": an attribution clause after the quote,
    set off by a comma or the closing mark, with both subject and verb after the quote."""
    for tok in ctx.doc[lo:hi]:
        if tok.idx < span.outer_end:
            continue
        cue = _cue(tok, ctx)
        if cue is None or cue.subject is None:
            continue
        first = min(cue.subject.left_edge.i, cue.token.i)
        if ctx.doc[first].idx < span.outer_end or first == 0:
            continue
        if ctx.doc[first - 1].text in {",", "”", '"'}:
            return cue
    return None


def _governing_cue(ctx: _Context, span: _Span) -> _Cue | None:
    """The nearest verb of saying above the quote in the parse, or hanging off it."""
    quote = ctx.doc.char_span(span.start, span.end, alignment_mode="expand")
    best: tuple[int, int, _Cue] | None = None
    for tok in quote:
        steps = 0
        node = tok
        while node.head.i != node.i:
            node = node.head
            steps += 1
            if span.start <= node.idx < span.end:
                continue
            cue = _cue(node, ctx)
            if cue is not None:
                key = (steps, abs(node.idx - span.start))
                if best is None or key < best[:2]:
                    best = (*key, cue)
                break
        for child in tok.children:
            if not (span.start <= child.idx < span.end):
                cue = _cue(child, ctx)
                if cue is not None:
                    key = (1, abs(child.idx - span.start))
                    if best is None or key < best[:2]:
                        best = (*key, cue)
    return best[2] if best else None


def _nearby_cue(ctx: _Context, span: _Span, lo: int, hi: int) -> _Cue | None:
    """Any verb of saying with a subject in the quote's sentences: the first after, else the last before."""
    cues = [c for tok in ctx.doc[lo:hi] if (c := _cue(tok, ctx)) is not None and c.subject is not None]
    after = [c for c in cues if c.token.idx >= span.outer_end]
    if after:
        return after[0]
    before = [c for c in cues if c.token.idx < span.outer_start]
    return before[-1] if before else None


def _quoted_cue(ctx: _Context, span: _Span) -> _Cue | None:
    """A verb of saying quoted itself, its subject outside the quote: the Kremlin “strongly condemned”."""
    quote = ctx.doc.char_span(span.start, span.end, alignment_mode="expand")
    for tok in quote:
        if not _is_speech_verb(tok, ctx.lex):
            continue
        subject = _subject_of(tok)
        if subject is not None and not ctx.in_quote(subject.idx):
            return _Cue(tok, subject, tok.text)
    return None


# --------------------------------------------------------------------------- speakers


def _pronoun_antecedent(ctx: _Context, cue: _Cue) -> Mention | None:
    """The most recent person who was a subject or a speaker before the cue, nearby."""
    cue_sentence = sentence_of(ctx.sent_starts, cue.token.i)
    earliest = ctx.sents[max(0, cue_sentence - PRONOUN_LOOKBACK)].start_char
    limit = cue.subject.idx if cue.subject is not None else cue.token.idx
    found: list[tuple[int, Mention]] = []
    for m in ctx.mentions:
        if not (earliest <= m.start < limit) or ctx.in_quote(m.start) or not ctx.is_person(m):
            continue
        span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
        head = span.root
        if head.dep_ in SUBJECT_DEPS or (head.dep_ == "appos" and head.head.dep_ in SUBJECT_DEPS):
            found.append((m.start, m))
    found.extend((pos, m) for pos, m in ctx.speakers if earliest <= pos < limit and ctx.is_person(m))
    return max(found, key=lambda pair: pair[0])[1] if found else None


def _role_antecedent(ctx: _Context, subject: Token, before: int) -> Mention | None:
    """ "the Russian leader" -> the last person introduced with a role that fits."""
    lex = ctx.lex
    title = subject.lemma_.lower()
    modifiers = {c.lower_ for c in subject.children if c.dep_ in {"amod", "compound", "nmod"}}
    best = None
    for m in ctx.mentions:
        if m.start >= before or m.role is None or ctx.in_quote(m.start):
            continue
        words = set(m.role.lower().split())
        if not modifiers <= words:
            continue
        if title in words or (title in lex.generic_leader_words and words & lex.leader_roles):
            best = m
    return best


def _is_demonym_person(ctx: _Context, subject: Token, mention: Mention) -> bool:
    """ "the Russian" as a subject: a nationality word with an article, singular, naming one person."""
    return (
        mention.label == "NORP"
        and mention.text.lower() in ctx.lex.demonyms
        and subject.tag_ not in {"NNS", "NNPS"}
        and not mention.text.lower().endswith("s")
        and any(c.dep_ == "det" and c.lower_ in {"the", "a", "an"} for c in subject.children)
    )


def _speaker(ctx: _Context, cue: _Cue) -> Mention | None:
    subject = cue.subject
    if subject is None:
        return None
    direct = ctx.mention_at(subject.idx)
    if direct is not None and _is_demonym_person(ctx, subject, direct):
        # "the Russian said": a person named by nationality, like "the Russian leader"
        return _role_antecedent(ctx, subject, subject.idx) or _pronoun_antecedent(ctx, cue)
    if direct is not None:
        return direct
    if subject.lower_ in PERSON_PRONOUNS:
        return _pronoun_antecedent(ctx, cue)
    for child in subject.children:
        if child.dep_ == "appos":
            named = [m for m in ctx.mentions if child.left_edge.idx <= m.start <= child.idx]
            if named:
                return next((m for m in named if ctx.is_person(m)), named[0])
    if subject.lemma_.lower() in ctx.lex.titles or subject.lower_ in ctx.lex.titles:
        return _role_antecedent(ctx, subject, subject.idx)
    return None


def _proper_subject(ctx: _Context, cue: _Cue) -> tuple[str, int, int] | None:
    """A proper-noun subject spaCy did not tag as an entity: keep its words, unlinked."""
    subject = cue.subject
    if subject is None or subject.pos_ != "PROPN":
        return None
    parts = [c for c in subject.children if c.dep_ == "compound" and c.pos_ == "PROPN"] + [subject]
    start = min(t.idx for t in parts)
    end = max(t.idx + len(t) for t in parts)
    return doc_text(ctx.doc)[start:end], start, end


def extract_quotes(doc: Doc, mentions: Sequence[Mention], lexicon: Lexicon | None = None) -> list[Quote]:
    """Direct quotations in reading order with their speaker, or speaker None if unresolved.

    ``lexicon`` (speech verbs, titles) defaults to the packaged word lists."""
    lex = lexicon if lexicon is not None else load_lexicon()
    ctx = _Context(doc, mentions, lex)
    paragraphs = _paragraph_starts(doc_text(doc))
    quotes: list[Quote] = []
    previous: tuple[int, Quote] | None = None  # (paragraph, quote) of the last kept quote
    for span in ctx.spans:
        lo, hi = _region(ctx, span)
        cue = (
            _trailing_cue(ctx, span, lo, hi)
            or _governing_cue(ctx, span)
            or _nearby_cue(ctx, span, lo, hi)
            or _quoted_cue(ctx, span)
        )
        words = len(doc_text(doc)[span.start : span.end].split())
        paragraph = _paragraph_of(paragraphs, span.start)
        first_tok = doc.char_span(span.start, span.end, alignment_mode="expand")
        sentence = sentence_of(ctx.sent_starts, first_tok.start)
        speaker: str | None = None
        s_start = s_end = -1
        cue_text = cue.text if cue else None
        if cue is not None:
            resolved = _speaker(ctx, cue)
            if resolved is not None:
                speaker, s_start, s_end = resolved.text, resolved.start, resolved.end
                ctx.speakers.append((cue.token.idx, resolved))
            elif (proper := _proper_subject(ctx, cue)) is not None:
                speaker, s_start, s_end = proper
        elif previous is not None and previous[0] == paragraph:
            prior = previous[1]
            speaker, s_start, s_end, cue_text = prior.speaker, prior.speaker_start, prior.speaker_end, prior.cue
        if words < MIN_QUOTE_WORDS and speaker is None:
            continue  # a scare quote, not a statement
        quote = Quote(
            text=doc_text(doc)[span.start : span.end],
            start=span.start,
            end=span.end,
            sentence=sentence,
            speaker=speaker,
            speaker_start=s_start,
            speaker_end=s_end,
            cue=cue_text,
        )
        quotes.append(quote)
        previous = (paragraph, quote)
    return quotes
