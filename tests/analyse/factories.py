"""Small hand-built facts for analysis tests: no spaCy model needed."""

from __future__ import annotations

import re

from briefing.model import GIVEN, Article, ArticleFacts, Mention, Quote, Sentence, TimeExpression


def make_facts(
    article_id: str,
    outlet: str,
    sentences: list[str],
    *,
    published: str | None = "2018-02-12",
    published_source: str = GIVEN,
    names: dict[str, str] | None = None,
    times: list[tuple[str, str, str]] | None = None,
    quotes: list[tuple[str, str | None]] | None = None,
) -> ArticleFacts:
    """Facts for one article.

    names: surface -> label, found in every sentence; times: (sentence text fragment, expression, value);
    quotes: (quoted words, speaker surface or None).
    """
    text = " ".join(sentences)
    spans, offset = [], 0
    for i, s in enumerate(sentences):
        spans.append(Sentence(i, offset, offset + len(s), s))
        offset += len(s) + 1
    mentions = []
    for surface, label in (names or {}).items():
        for match in re.finditer(re.escape(surface), text):
            index = next(s.index for s in spans if s.start <= match.start() < s.end)
            mentions.append(Mention(surface, label, match.start(), match.end(), index))
    time_objs = []
    for expression, value, how in times or []:
        start = text.index(expression)
        index = next(s.index for s in spans if s.start <= start < s.end)
        time_objs.append(
            TimeExpression(expression, start, start + len(expression), "DATE", value, how=how, sentence=index)
        )
    quote_objs = []
    for words, speaker in quotes or []:
        start = text.index(words)
        index = next(s.index for s in spans if s.start <= start < s.end)
        speaker_start = text.find(speaker, start) if speaker else -1
        quote_objs.append(
            Quote(
                words,
                start,
                start + len(words),
                index,
                speaker=speaker,
                speaker_start=speaker_start,
                speaker_end=speaker_start + len(speaker) if speaker else -1,
                cue="said",
            )
        )
    lemmas = tuple(tuple(w.lower().strip('.,"') for w in s.split() if len(w) > 3) for s in sentences)
    article = Article(
        id=article_id,
        path=f"{article_id}.txt",
        text=text,
        outlet=outlet,
        outlet_source=GIVEN,
        published=published,
        published_source=published_source,
    )
    return ArticleFacts(article, tuple(spans), tuple(mentions), tuple(time_objs), tuple(quote_objs), lemmas)


def actor_by_surface(facts_list, mapping: dict[str, str]):
    """An actor_for(source_id, start, end) that maps surface text to actor ids."""
    texts = {f.article.id: f.article.text for f in facts_list}

    def actor_for(source_id: str, start: int, end: int) -> str | None:
        return mapping.get(texts[source_id][start:end])

    return actor_for
