from briefing.config import Settings
from briefing.model import Article
from briefing.nlp.components import PARAGRAPH_BREAKS, add_components
from briefing.nlp.pipeline import _pieces, extract_facts, load_model

TEXT = (
    "Leaders Meet In Geneva\n\n"
    'Berg said the talks went well, adding that "the ceasefire will hold."\n\n'
    "On March 3, Foreign Minister Anna Berg met Prime Minister Paul Okafor in Geneva.\n\n"
    "\u201cWe agreed on the next steps,\u201d Berg told reporters."
)


def test_paragraph_breaks_end_sentences_and_closing_quotes_stay_behind():
    nlp = load_model(Settings().spacy_model)
    assert PARAGRAPH_BREAKS in nlp.pipe_names
    assert add_components(nlp).pipe_names.count(PARAGRAPH_BREAKS) == 1
    sentences = [s.text.strip() for s in nlp(TEXT).sents]
    assert sentences[0] == "Leaders Meet In Geneva"
    assert sentences[1].endswith('hold."')
    assert sentences[2].startswith("On March 3")


def test_facts_carry_offsets_that_index_the_article_text():
    article = Article(id="x1", path="x.txt", text=TEXT, published="2018-02-12")
    (facts,) = extract_facts([article], Settings().spacy_model)
    assert [TEXT[s.start : s.end] for s in facts.sentences] == [s.text for s in facts.sentences]
    assert all(s.text == s.text.strip() for s in facts.sentences)
    assert len(facts.lemmas) == len(facts.sentences)
    (march,) = [t for t in facts.times if t.text == "March 3"]
    assert march.value == "2018-03-03"
    assert "March 3" in facts.sentences[march.sentence].text
    assert {m.text for m in facts.mentions} >= {"Anna Berg", "Paul Okafor"}
    (quote,) = [q for q in facts.quotes if q.text.startswith("We agreed")]
    assert TEXT[quote.start : quote.end] == quote.text
    assert quote.speaker is not None and "Berg" in quote.speaker


def test_pieces_rejoin_to_the_text_and_respect_the_limit():
    text = "".join(f"Paragraph {i} has a sentence. And another one here.\n\n" for i in range(400))
    pieces = _pieces(text, limit=1_000)
    assert "".join(pieces) == text
    assert len(pieces) > 1 and all(len(p) <= 1_000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])  # cut after a paragraph break
    unbroken = "x" * 2_500  # no break at all: cut hard, still nothing lost
    assert "".join(_pieces(unbroken, limit=1_000)) == unbroken


def test_a_text_above_the_piece_size_keeps_its_offsets(monkeypatch):
    """Texts above spaCy's max_length are parsed in pieces; facts still index the whole text."""
    monkeypatch.setattr("briefing.nlp.pipeline.CHUNK_CHARS", 200)
    text = (TEXT + "\n\n") * 4
    article = Article(id="x2", path="long.txt", text=text, published="2018-02-12")
    (facts,) = extract_facts([article], Settings().spacy_model, processes=1)
    assert [text[s.start : s.end] for s in facts.sentences] == [s.text for s in facts.sentences]
    assert sum(1 for t in facts.times if t.text == "March 3") == 4
    assert all(text[m.start : m.end] == m.text for m in facts.mentions)
    assert sum(1 for q in facts.quotes if q.text.startswith("We agreed")) == 4
