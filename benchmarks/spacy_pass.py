"""What the indexed attribute ruler saves in the spaCy pass, component by component.

    .venv/bin/python -m benchmarks.spacy_pass [--articles 500] [--batch-size 16] [--compare]

One process, the texts ``benchmarks.scale`` parses (``corpus_texts``). Batches go through the
components one at a time, as ``nlp.pipe`` does, with each component's CPU seconds
(``time.process_time``: steadier than wall time on a shared machine) added up, for spaCy's
pipeline as shipped and with its attribute ruler indexed (``briefing.nlp.attribute_index``). The
whole pass varies by several seconds from run to run here; a component's own time is the steady
figure. ``--compare`` also counts the tokens whose tag, part of speech, morphology, lemma or
dependency differ between the two pipelines (it must print 0). A benchmark, not a test: nothing
is asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter


def component_seconds(nlp, texts: list[str], batch_size: int) -> Counter:
    """CPU seconds per component (and the tokenizer) over ``texts``, batch by batch."""
    spent: Counter = Counter()
    for at in range(0, len(texts), batch_size):
        started = time.process_time()
        docs = [nlp.make_doc(text) for text in texts[at : at + batch_size]]
        spent["tokenizer"] += time.process_time() - started
        for name, component in nlp.pipeline:
            started = time.process_time()
            docs = (
                list(component.pipe(docs, batch_size=batch_size))
                if hasattr(component, "pipe")
                else [component(doc) for doc in docs]
            )
            spent[name] += time.process_time() - started
    return spent


def _annotation(token) -> tuple[str, ...]:
    return token.tag_, token.pos_, str(token.morph), token.lemma_, token.dep_


def differing_tokens(a, b, texts: list[str]) -> tuple[int, int]:
    """(tokens compared, tokens annotated differently) by pipelines ``a`` and ``b``."""
    compared = differ = 0
    for x, y in zip(a.pipe(texts, batch_size=16), b.pipe(texts, batch_size=16), strict=True):
        for s, t in zip(x, y, strict=True):
            compared += 1
            differ += _annotation(s) != _annotation(t)
    return compared, differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=16, help="texts per batch (the build uses 16)")
    parser.add_argument("--compare", action="store_true", help="also count tokens annotated differently")
    args = parser.parse_args(argv)

    import spacy

    from benchmarks.scale import corpus_texts
    from briefing.config import Settings
    from briefing.nlp.attribute_index import index_attribute_ruler

    model = Settings().spacy_model
    texts = corpus_texts(args.articles)
    shipped = spacy.load(model)
    indexed = index_attribute_ruler(spacy.load(model))
    for nlp in (shipped, indexed):
        list(nlp.pipe(texts[:8]))  # warm up
    a = component_seconds(shipped, texts, args.batch_size)
    b = component_seconds(indexed, texts, args.batch_size)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words:,} words, batches of {args.batch_size}; CPU seconds")
    print(f"{'component':<18}{'as shipped':>12}{'indexed ruler':>15}")
    for name in a:
        print(f"{name:<18}{a[name]:>12.2f}{b[name]:>15.2f}")
    total_a, total_b = sum(a.values()), sum(b.values())
    print(f"{'whole pass':<18}{total_a:>12.2f}{total_b:>15.2f}")
    ruler = a["attribute_ruler"] - b["attribute_ruler"]
    print(f"the ruler: {a['attribute_ruler']:.2f} -> {b['attribute_ruler']:.2f} s, {ruler / total_a:.0%} of the pass")
    if args.compare:
        compared, differ = differing_tokens(shipped, indexed, texts)
        print(f"tokens annotated differently: {differ} of {compared:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
