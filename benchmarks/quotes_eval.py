"""Quote attribution accuracy on the hand-written gold set (tests/nlp/gold/quotes.yaml).

Compares our extractor with the plain baseline "nearest PERSON before the verb of saying".
Both see the same quotations (our quote finder); only the speaker choice differs. A gold
quotation the finder misses counts as wrong for both. Run: ``python -m benchmarks.quotes_eval``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from briefing.analyse.actors import ActorIndex, resolve_actors
from briefing.config import Settings
from briefing.model import Article, ArticleFacts, Mention, Quote, Sentence
from briefing.nlp.mentions import extract_mentions, load_lexicon
from briefing.nlp.quotes import extract_quotes, find_quote_spans

GOLD = Path(__file__).resolve().parents[1] / "tests" / "nlp" / "gold" / "quotes.yaml"


def baseline_speaker(doc, mentions: Sequence[Mention], quote: Quote) -> Mention | None:
    """Nearest PERSON mention before the verb of saying closest to the quote (after it, else before)."""
    lex = load_lexicon()
    spans = find_quote_spans(doc.text)

    def in_quote(offset: int) -> bool:
        return any(s.outer_start <= offset < s.outer_end for s in spans)

    sentence = next(s for s in doc.sents if s.start_char <= quote.start < s.end_char)
    verbs = [t for t in sentence if t.lemma_.lower() in lex.speech_verbs and t.pos_ == "VERB" and not in_quote(t.idx)]
    after = [t for t in verbs if t.idx >= quote.end]
    verb = after[0] if after else (verbs[-1] if verbs else None)
    limit = verb.idx if verb is not None else quote.start
    people = [m for m in mentions if m.label == "PERSON" and m.end <= limit]
    return people[-1] if people else None


def canonical(index: ActorIndex, article_id: str, start: int, end: int) -> str | None:
    actor_id = index.actor_for(article_id, start, end)
    names = {a.id: a.name for a in index.actors}
    return names.get(actor_id) if actor_id else None


def evaluate(nlp, gold: list[dict]) -> tuple[int, int, int, list[str]]:
    ours = base = total = 0
    lines = []
    for item in gold:
        text = " ".join(item["text"].split())
        doc = nlp(text)
        mentions = extract_mentions(doc)
        quotes = extract_quotes(doc, mentions)
        sentences = tuple(Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents))
        facts = ArticleFacts(
            Article(id=item["id"], path=item["id"], text=text), sentences, tuple(mentions), (), tuple(quotes)
        )
        index = resolve_actors([facts])
        for expected in item["quotes"]:
            total += 1
            quote = next((q for q in quotes if q.text.startswith(expected["start"])), None)
            want = expected["speaker"]
            if quote is None:
                lines.append(f"  MISSED {item['id']}: {expected['start']!r}")
                continue
            got = canonical(index, item["id"], quote.speaker_start, quote.speaker_end) if quote.speaker else None
            b = baseline_speaker(doc, mentions, quote)
            got_base = canonical(index, item["id"], b.start, b.end) if b else None
            ours += got == want
            base += got_base == want
            mark = "ok " if got == want else "BAD"
            lines.append(f"  {mark} {item['id']}: {expected['start']!r} want={want} ours={got} baseline={got_base}")
    return ours, base, total, lines


def main(argv: Sequence[str] | None = None) -> int:
    import spacy

    verbose = "-v" in (argv if argv is not None else sys.argv[1:])
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    nlp = spacy.load(Settings().spacy_model)
    ours, base, total, lines = evaluate(nlp, gold)
    print(f"quote attribution on {total} gold quotations ({len(gold)} passages)")
    print(f"  ours:     {ours}/{total} = {ours / total:.1%}")
    print(f"  baseline: {base}/{total} = {base / total:.1%}  (nearest PERSON before the verb of saying)")
    if verbose:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
