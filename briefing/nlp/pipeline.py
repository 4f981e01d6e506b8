"""The language pass: one ``nlp.pipe`` over all articles, then our extractors on each Doc.

Only facts leave this module (``ArticleFacts``); Docs are dropped as soon as they are read,
so memory stays flat however many articles there are.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

from briefing.model import Article, ArticleFacts, Sentence, TimeExpression
from briefing.timing import StageTimer

log = logging.getLogger(__name__)

# spaCy refuses texts above nlp.max_length; we cut longer bodies at paragraph breaks.
CHUNK_CHARS = 100_000


class ModelNotInstalled(RuntimeError):
    """The configured spaCy pipeline is not installed."""


@lru_cache(maxsize=4)
def load_model(name: str):  # -> spacy.language.Language
    """Load an installed spaCy pipeline once per process."""
    import spacy

    from briefing.nlp.components import add_components

    try:
        return add_components(spacy.load(name))
    except OSError as error:
        raise ModelNotInstalled(
            f"spaCy pipeline {name!r} is not installed; install it or set BRIEFING_SPACY_MODEL "
            f"to an installed one ({error})"
        ) from error


def extract_facts(
    articles: Sequence[Article],
    model: str,
    on_article: Callable[[Article], None] | None = None,
    batch_size: int = 16,
    timer: StageTimer | None = None,
) -> list[ArticleFacts]:
    """Run the language pass over every article, in input order."""
    timer = timer or StageTimer()
    with timer("spacy load"):
        nlp = load_model(model)
    return list(_iter_facts(articles, nlp, on_article, batch_size, timer))


def _iter_facts(articles, nlp, on_article, batch_size, timer: StageTimer) -> Iterator[ArticleFacts]:
    from briefing.nlp.mentions import extract_mentions
    from briefing.nlp.quotes import extract_quotes
    from briefing.nlp.temporal import tag_times

    docs = nlp.pipe(_texts(articles), batch_size=batch_size)
    for article in articles:
        with timer("spacy"):
            doc = next(docs)
        with timer("sentences"):
            sentences = tuple(_sentence(i, s) for i, s in enumerate(doc.sents))
            lemmas = tuple(_content_lemmas(s) for s in doc.sents)
            phrases = tuple(_noun_phrases(s) for s in doc.sents)
        with timer("mentions"):
            mentions = extract_mentions(doc)
        with timer("quotes"):
            quotes = extract_quotes(doc, mentions)
        with timer("dates"):
            times = tuple(_with_sentence(t, sentences) for t in tag_times(article.text, article.published))
        if on_article is not None:
            on_article(article)
        yield ArticleFacts(
            article=article,
            sentences=sentences,
            mentions=tuple(mentions),
            times=times,
            quotes=tuple(quotes),
            lemmas=lemmas,
            phrases=phrases,
        )


def _texts(articles: Iterable[Article]) -> Iterator[str]:
    for article in articles:
        if len(article.text) > CHUNK_CHARS * 10:
            log.warning(
                "%s: text is very long (%d characters); only the first part is analysed",
                article.path,
                len(article.text),
            )
            yield article.text[: CHUNK_CHARS * 10]
        else:
            yield article.text


def _sentence(index: int, span) -> Sentence:
    """A sentence's offsets without the whitespace spaCy keeps around it."""
    text = span.text
    start = span.start_char + (len(text) - len(text.lstrip()))
    stripped = text.strip()
    return Sentence(index=index, start=start, end=start + len(stripped), text=stripped)


def _with_sentence(time: TimeExpression, sentences: Sequence[Sentence]) -> TimeExpression:
    starts = [s.start for s in sentences]
    index = max(bisect.bisect_right(starts, time.start) - 1, 0) if sentences else -1
    return replace(time, sentence=index)


def _content_lemmas(span) -> tuple[str, ...]:
    """Lemmas that carry meaning: alphabetic, not stop words, not names (names are actors)."""
    return tuple(
        token.lemma_.lower()
        for token in span
        if token.is_alpha
        and not token.is_stop
        and len(token) > 2
        and token.ent_type_ == ""
        and token.pos_ in {"NOUN", "VERB", "ADJ", "ADV"}
    )


# Names, dates and numbers are counted elsewhere (actors, events); framing is about the other words.
_PHRASE_SKIP_ENTS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
)


def _noun_phrases(span) -> tuple[str, ...]:
    """Noun chunks of two or more content words, as lower-case lemmas ("peace process")."""
    phrases = []
    for chunk in span.noun_chunks:
        words = [
            t.lemma_.lower()
            for t in chunk
            if t.is_alpha
            and not t.is_stop
            and len(t) > 1
            and t.ent_type_ not in _PHRASE_SKIP_ENTS
            and t.pos_ in {"NOUN", "ADJ", "PROPN", "VERB"}
        ]
        if len(words) >= 2:
            phrases.append(" ".join(words))
    return tuple(phrases)
