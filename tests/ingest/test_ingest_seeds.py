"""The five sample pages in seeds/: each must come out as exactly its article body."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.ingest import load, load_registry
from briefing.ingest.outlets import Outlet, OutletRegistry
from briefing.model import GIVEN, INFERRED, UNKNOWN

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

EXPECTED = {
    "000_c9b0038b7ffb3b63.txt": {
        "outlet": "Radio Free Europe/Radio Liberty",
        "title": "Trump Tells Putin 'Now Is Time' To Work For Israeli-Palestinian Peace",
        "first": 'U.S. President Donald Trump has told Russian counterpart Vladimir Putin that "now is the time',
        "last": "the crash of a passenger plane killed 71 people outside of Moscow on February 11.",
        "sentences": [
            'Putin said the discussion centered on finding a "common approach" to bridge the differences',
            "In an interview with Reuters last month, Trump accused Russia of helping North Korea evade",
            "Abbas's trip to Moscow comes two weeks after a visit by Israeli Prime Minister Benjamin Netanyahu.",
            "Israel has annexed East Jerusalem and declared the entire city as its capital",
        ],
        "published": "2018-02-12",
    },
    "001_90edea41f6615bdd.txt": {
        "outlet": "The Palestine Chronicle",
        "title": "Abbas and Putin Meet to Discuss Israel-Palestine ‘Peace Process’",
        "first": "Palestinian President Mahmoud Abbas has arrived in Moscow to meet with Russian President",
        "last": "to join international organizations, including the International Criminal Court.",
        "sentences": [
            "Abbas advisor, Majdi Khalidi, told Voice of Palestine in an interview.",
            "Abbas is scheduled to address the United Nations Security Council on Feb 20.",
            "Lavrov added that Russia “has not seen or heard of such a document or even any statement.”",
            "Russia previously offered to host one-on-one talks without preconditions between Abbas and Netanyahu",
        ],
        "published": "2018-02-12",
    },
    "002_cc0a9738043bbe01.txt": {
        "outlet": "The Moscow Times",
        "title": "Putin Calls for ‘Full-Fledged’ State of Palestine in Talks With Abbas",
        "first": "Russian President Vladimir Putin reiterated his calls for Palestinian statehood",
        "last": "Putin has regularly called for the creation of a Palestinian state as a long-term solution "
        "to the conflict in Israel.",
        "sentences": [
            "He also expressed “great pain and concern” about civilian deaths in Gaza during the Israel-Gaza war.",
            '"We are doing everything... to support Palestine and the Palestinian people."',
            "Last month, the Kremlin “strongly condemned” the killing of Hamas leader Ismail Haniiyeh",
            "Russia has maintained working relations with Israel, with Palestinian authorities and with Hamas",
        ],
        "published": "2024-08-13",
    },
    "003_d25358f73d044e10.txt": {
        "outlet": "Radio Free Europe/Radio Liberty",
        "title": "Trump, Putin Discuss Need For Peace In Syria, Ukraine In Phone Call",
        "first": "U.S. President Donald Trump has spoken by phone with Russian President Vladimir Putin",
        "last": "such as the formation of de-escalation zones in key regions of Syria.",
        "sentences": [
            'Trump at the time called that joint document "extraordinarily important."',
            "Turkey supports rebels who want to oust the Syrian president.",
            "The war has killed more than 330,000 people, created more than 6 million refugees",
            "The first was in October 2015, shortly after Russia launched its air and ground campaign",
        ],
        "published": "2017-11-21",
    },
    "004_91f81e908d95623e.txt": {
        "outlet": "Al-Monitor",
        "title": "Russia seeks to extend role in Mideast peace beyond Syria",
        "first": "Moscow faces many challenges in its efforts to help resolve Palestinian issues",
        "last": "but Israeli Prime Minister Benjamin Netanyahu rejected the idea.",
        "sentences": [
            "Russia’s Foreign Ministry is calling on Palestinians and Israelis to show restraint",
            "Russia is demanding that both sides avoid taking rash steps that would inflame tension",
            "Russian Foreign Minister Sergey Lavrov stated earlier this year that Moscow seeks",
        ],
        "published": "2018-04",
    },
}

BOILERPLATE = [
    "Accessibility links",
    "Breaking News",
    "Skip to main content",
    "16x9 Image",
    "RFE/RL journalists report",
    "undesirable organization",
    "click here",
    "With reporting by",
    "contributed reporting",
    "(teleSUR, PC, Social Media)",
    "registered 501(c)3",
    "Our Vision For Liberation",
    "(Photo: via Wafa, file)",
    "Enjoying ad-free content",
    "Support us",
    "Your support",
    "A Message from The Moscow Times",
    "Dear readers",
    "Remind me later",
    "paiment methods",
    "Read more",
    "Alexei Maishev",
    "(right)",
    "(left)",
    "(R)",
    "Photo credit",
    "YURI KOCHETKOV",
    "Getty Images",
    "Related Topics",
    "Subscribe for unlimited access",
    "Continue reading this article for free",
    "Terms and Conditions",
    "$14 monthly",
]


@pytest.fixture(scope="module")
def seeds():
    result = load([SEEDS])
    return {a.path.rsplit("/", 1)[-1]: a for a in result.articles}, result


@pytest.fixture(scope="module")
def bare_seeds(tmp_path_factory):
    """The seed pages without their manifest: nothing given, everything read off the page."""
    folder = tmp_path_factory.mktemp("bare")
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return {a.path.rsplit("/", 1)[-1]: a for a in load([folder]).articles}


def test_all_five_seeds_load_without_problems(seeds):
    articles, result = seeds
    assert sorted(articles) == sorted(EXPECTED)
    assert result.problems == ()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_outlet_is_read_off_the_page(bare_seeds, name):
    article = bare_seeds[name]
    assert article.outlet == EXPECTED[name]["outlet"]
    assert article.outlet_source == INFERRED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_title_is_the_headline_and_leaves_the_body(bare_seeds, name):
    article = bare_seeds[name]
    assert article.title == EXPECTED[name]["title"]
    assert article.title_source == INFERRED
    assert EXPECTED[name]["title"] not in article.text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_body_runs_from_first_to_last_sentence(seeds, name):
    article = seeds[0][name]
    assert article.text.startswith(EXPECTED[name]["first"])
    assert article.text.endswith(EXPECTED[name]["last"])
    for sentence in EXPECTED[name]["sentences"]:
        assert sentence in article.text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_body_line_of_the_page_is_kept(seeds, name):
    """Every line of the page between the first and last body sentence is in the text."""
    article = seeds[0][name]
    page = (SEEDS / name).read_text(encoding="utf-8")
    lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
    first = next(i for i, line in enumerate(lines) if line.startswith(EXPECTED[name]["first"]))
    last = next(i for i, line in enumerate(lines) if line.endswith(EXPECTED[name]["last"]))
    body = [line for line in lines[first : last + 1] if line not in article.removed_lines]
    assert article.text == "\n\n".join(body)
    assert len(body) >= last + 1 - first - 2  # at most the photo captions inside the body go


@pytest.mark.parametrize("phrase", BOILERPLATE)
def test_no_boilerplate_left(seeds, phrase):
    for article in seeds[0].values():
        assert phrase.lower() not in article.text.lower(), article.path


def test_removed_lines_are_kept_for_audit(seeds):
    removed = {line for a in seeds[0].values() for line in a.removed_lines}
    assert "Accessibility links" in removed
    assert "AFP contributed reporting." in removed
    assert "Subscribe for unlimited access" in removed


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_publication_date_given_by_the_manifest(seeds, bare_seeds, name):
    article = seeds[0][name]
    assert (article.published, article.published_source) == (EXPECTED[name]["published"], GIVEN)
    # No page states its own date: without the manifest it is unknown, never taken from the body.
    assert (bare_seeds[name].published, bare_seeds[name].published_source) == (None, UNKNOWN)


def test_ids_are_stable_content_hashes(seeds, bare_seeds):
    assert {a.id for a in seeds[0].values()} == {a.id for a in bare_seeds.values()}
    assert len({a.id for a in seeds[0].values()}) == 5


def test_outlets_come_from_general_mechanisms_not_signatures(tmp_path):
    """Strip every outlet signature: names in the pages' own furniture still decide."""
    bare = OutletRegistry(
        Outlet(o.name, o.aliases, o.domains, (), o.profile, o.text_match) for o in load_registry().outlets
    )
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    got = {a.path.rsplit("/", 1)[-1]: a.outlet for a in load([tmp_path], registry=bare).articles}
    assert got == {name: case["outlet"] for name, case in EXPECTED.items()}
