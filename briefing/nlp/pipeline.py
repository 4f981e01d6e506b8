"""The language pass: one ``nlp.pipe`` over all articles, then our extractors on each Doc.

Only facts leave this module (``ArticleFacts``); Docs are dropped as soon as they are read,
so memory stays flat however many articles there are.
"""

from __future__ import annotations

import bisect
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

from briefing.model import Article, ArticleFacts, Sentence, TimeExpression
from briefing.timing import StageTimer

log = logging.getLogger(__name__)

# spaCy refuses texts above nlp.max_length (1,000,000); longer bodies go in pieces (``_pieces``).
CHUNK_CHARS = 100_000

# Below this many articles a second process costs more (start-up, shipping Docs back) than it saves.
PROCESSES_FROM = 200
MAX_AUTO_PROCESSES = 2


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


def resolve_processes(setting: int | str | None, articles: int, cores: int | None = None) -> int:
    """How many processes the language pass should use for ``articles`` articles.

    ``setting`` is a positive number, or "auto" / 0 / None: one process below
    ``PROCESSES_FROM`` articles, else ``min(MAX_AUTO_PROCESSES, cores)``. Never more
    processes than articles.
    """
    cores = cores or _cores()
    if setting in (None, "", "auto", 0, "0"):
        wanted = 1 if articles < PROCESSES_FROM else min(MAX_AUTO_PROCESSES, cores)
    else:
        try:
            wanted = int(setting)
        except (TypeError, ValueError):
            raise ValueError(f"processes must be a positive number or 'auto', not {setting!r}") from None
        if wanted < 1:
            raise ValueError(f"processes must be a positive number or 'auto', not {setting!r}")
    return max(1, min(wanted, articles))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def extract_facts(
    articles: Sequence[Article],
    model: str,
    on_article: Callable[[Article], None] | None = None,
    batch_size: int = 16,
    timer: StageTimer | None = None,
    processes: int | str | None = "auto",
    cluster: str | None = None,
) -> list[ArticleFacts]:
    """Run the language pass over every article, in input order.

    ``processes`` (see :func:`resolve_processes`; "auto" by default) splits the pass over
    worker processes, each running spaCy and our extractors on a chunk of articles; either way
    only facts are kept, never Docs. With several processes, the ``timer``'s per-stage seconds
    are summed over the workers and "workers" holds the wall time. ``cluster`` (the setting: a
    Dask scheduler's address, ``local`` or ``local:N``) sends the pass to Dask workers instead
    (``briefing.nlp.cluster``; ``processes`` is then the cluster's business); this process then
    never loads the model.
    """
    timer = timer or StageTimer()
    if cluster and cluster.strip().lower() not in ("none", "off"):
        from briefing.nlp.cluster import extract_on_cluster

        return extract_on_cluster(articles, model, cluster, on_article, batch_size, timer)
    with timer("spacy load"):
        nlp = load_model(model)
    n_process = resolve_processes(processes, len(articles))
    if n_process == 1:
        return list(_iter_facts(articles, nlp, on_article, batch_size, timer))
    log.debug("Language pass over %d articles in %d processes", len(articles), n_process)
    return _extract_parallel(articles, model, on_article, batch_size, timer, n_process)


# --------------------------------------------------------------------------- several processes
#
# Each worker runs the whole language pass (spaCy *and* our extractors) over a chunk of articles
# and sends back only the facts, which are small and picklable. Unlike ``nlp.pipe(n_process=)``,
# which ships every Doc back to this process and leaves our extractors to run here alone, both
# halves of the work are spread over the workers. Workers are forked where the platform allows,
# so they share the model already loaded here; elsewhere (spawn) each loads it once, with our
# components, through ``load_model``.

_worker_model: str | None = None


def _worker_start(model: str) -> None:
    global _worker_model
    _worker_model = model
    load_model(model)


def _worker_chunk(job: tuple[Sequence[Article], int]) -> tuple[list[ArticleFacts], dict[str, float]]:
    chunk, batch_size = job
    return facts_of_chunk(chunk, _worker_model, batch_size)


def facts_of_chunk(
    chunk: Sequence[Article], model: str, batch_size: int = 16
) -> tuple[list[ArticleFacts], dict[str, float]]:
    """A worker's share of the pass (a pool process's or a Dask worker's): facts without their
    article, which goes back as the caller's own object (no second copy of each text), and the
    seconds per stage. The model is loaded once per process (``load_model``'s cache)."""
    timer = StageTimer()
    with timer("worker load"):  # not "spacy load": that one is this process's own, in wall time
        nlp = load_model(model)
    facts = list(_iter_facts(chunk, nlp, None, batch_size, timer))
    return [replace(f, article=None) for f in facts], dict(timer.seconds)


def _chunk_size(articles: int, n_process: int) -> int:
    """Chunks small enough to keep every worker busy to the end, big enough for nlp.pipe batching."""
    return max(1, min(64, -(-articles // (n_process * 8))))


def _extract_parallel(articles, model, on_article, batch_size, timer: StageTimer, n_process: int) -> list[ArticleFacts]:
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    size = _chunk_size(len(articles), n_process)
    chunks = [list(articles[i : i + size]) for i in range(0, len(articles), size)]
    facts: list[ArticleFacts] = []
    with timer("workers"), context.Pool(n_process, initializer=_worker_start, initargs=(model,)) as pool:
        # imap keeps input order; stage seconds from the workers add up across processes.
        for chunk, (part, seconds) in zip(
            chunks, pool.imap(_worker_chunk, [(c, batch_size) for c in chunks]), strict=True
        ):
            for stage, secs in seconds.items():
                timer.add(stage, secs, parallel=True)
            for article, found in zip(chunk, part, strict=True):
                facts.append(replace(found, article=article))
                if on_article is not None:
                    on_article(article)
    return facts


def _iter_facts(articles, nlp, on_article, batch_size, timer: StageTimer) -> Iterator[ArticleFacts]:
    from briefing.lexicon import load_lexicon
    from briefing.nlp.mentions import extract_mentions
    from briefing.nlp.quotes import extract_quotes
    from briefing.nlp.temporal import tag_times

    lexicon = load_lexicon()  # once for the whole batch, handed to both extractors
    pieces = [_pieces(article.text) for article in articles]
    docs = nlp.pipe((piece for parts in pieces for piece in parts), batch_size=batch_size)
    for article, parts in zip(articles, pieces, strict=True):
        with timer("spacy"):
            doc = _joined([next(docs) for _ in parts])
        with timer("sentences"):
            sents = list(doc.sents)
            sentences = tuple(_sentence(i, s) for i, s in enumerate(sents))
            lemmas = tuple(_content_lemmas(s) for s in sents)
            phrases = _phrases_by_sentence(doc, sents)
        with timer("mentions"):
            mentions = extract_mentions(doc, lexicon)
        with timer("quotes"):
            quotes = extract_quotes(doc, mentions, lexicon)
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
    """Every piece spaCy is given, in order (what a bare ``nlp.pipe`` over our input sees)."""
    for article in articles:
        yield from _pieces(article.text)


def _pieces(text: str, limit: int | None = None) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters whose concatenation is ``text``.

    spaCy refuses texts above ``nlp.max_length`` (1,000,000 characters) and its parser's memory
    grows with the text; cuts fall after a paragraph break, else a line break, else a sentence
    end, else a space, so a cut rarely splits a sentence and every offset still points into
    the article's text once the pieces' Docs are joined again.
    """
    limit = limit or CHUNK_CHARS
    if len(text) <= limit:
        return [text]
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for mark in ("\n\n", "\n", ". ", " "):
            found = window.rfind(mark, limit // 2)
            if found != -1:
                cut = found + len(mark)
                break
        if cut <= 0:
            cut = limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    log.info("a text of %d characters is analysed in %d pieces", len(text), len(pieces))
    return pieces


def _joined(docs: list):  # -> spacy.tokens.Doc
    """One Doc again from the Docs of one text's pieces (text unchanged: no whitespace added)."""
    if len(docs) == 1:
        return docs[0]
    from spacy.tokens import Doc

    return Doc.from_docs(docs, ensure_whitespace=False)


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


def _phrases_by_sentence(doc, sents) -> tuple[tuple[str, ...], ...]:
    """``_noun_phrases`` of every sentence, computing the Doc's noun chunks once.

    ``Span.noun_chunks`` walks all of the Doc's chunks for each sentence (quadratic in a long
    article); here each chunk goes to the sentence that wholly contains it, as that does.
    """
    starts = [s.start for s in sents]
    inside: list[list] = [[] for _ in sents]
    for chunk in doc.noun_chunks:  # in the Doc's order, as Span.noun_chunks gives them
        i = bisect.bisect_right(starts, chunk.start) - 1
        if i >= 0 and chunk.end <= sents[i].end:
            inside[i].append(chunk)
    return tuple(_noun_phrases(sent, chunks) for sent, chunks in zip(sents, inside, strict=True))


def _noun_phrases(span, chunks=None) -> tuple[str, ...]:
    """Noun chunks of two or more content words, as lower-case lemmas ("peace process")."""
    phrases = []
    for chunk in span.noun_chunks if chunks is None else chunks:
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
