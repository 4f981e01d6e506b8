"""Made-up pages in the layouts of three outlets (tests/ingest/pages): headline found past
section labels, standfirst kept, header buttons, bylines, captions and footers gone."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.ingest import load
from briefing.model import INFERRED, UNKNOWN_OUTLET

PAGES = Path(__file__).parent / "pages"

CASES = {
    "guardian_style.txt": {
        "title": "Putin and Abbas hold talks in Moscow",
        "outlet": "The Guardian",
        "published": "2018-02-12",
        "first": "Palestinian leader seeks Russian backing after US recognition",  # the standfirst
        "last": "Putin said he had discussed the conflict with Donald Trump by telephone before the meeting.",
        "gone": ["Middle East and north Africa", "Andrew Roth", "Photograph", "Explore more", "Vladimir Putin\n"],
    },
    "reuters_style.txt": {
        "title": "Putin tells Abbas he discussed Middle East with Trump",
        "outlet": "Reuters",
        "published": "2018-02-12",
        "first": "MOSCOW (Reuters) - Russian President Vladimir Putin told Palestinian President",
        "last": "Abbas told Putin the Palestinians would no longer accept the United States as a mediator.",
        "gone": ["Exclusive news", "By Andrew Osborn", "minute read", "REUTERS/", "Editing by", "Our Standards"],
    },
    "aljazeera_style.txt": {
        "title": "Abbas seeks Russian role in peace talks",
        "outlet": UNKNOWN_OUTLET,  # its only own name is in the "Source:" credit, which does not count
        "published": "2018-02-12",
        "first": "Palestinian leader tells Putin the US can no longer be the sole mediator",
        "last": '"We refuse any cooperation with the United States as a mediator," Abbas said at the start',
        "gone": ["Skip links", "Published On", "Save", "share2", "Click here", "Source:", "play"],
    },
}


@pytest.fixture(scope="module")
def pages():
    result = load([PAGES])
    assert result.problems == ()
    return {a.path.rsplit("/", 1)[-1]: a for a in result.articles}


@pytest.mark.parametrize("name", sorted(CASES))
def test_page(pages, name):
    article, case = pages[name], CASES[name]
    assert (article.title, article.title_source) == (case["title"], INFERRED)
    assert article.outlet == case["outlet"]
    assert (article.published, article.published_source) == (case["published"], INFERRED)
    assert article.text.startswith(case["first"])
    assert case["last"] in article.text.splitlines()[-1]
    for phrase in case["gone"]:
        assert phrase not in article.text + "\n", phrase
