"""Publication dates: ISO 8601 at its own precision, validated; read only from page stamps."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.ingest import load
from briefing.ingest.published import find_date, from_dateline, from_page_lines, is_date_alone, parse_iso
from briefing.model import INFERRED, UNKNOWN


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018", "2018"),
        ("2018-04", "2018-04"),
        ("2018-04-05", "2018-04-05"),
        ("2018-04-05T10:30:00Z", "2018-04-05"),
        ("2018-04-05T10:30:00.123+03:00", "2018-04-05"),
        ("2018-04-05 10:30", "2018-04-05"),
        (2018, "2018"),
        (dt.date(2018, 4, 5), "2018-04-05"),
        ("2018-02-30", None),
        ("2018-13", None),
        ("2018-04-05T25:00", None),
        ("April 5, 2018", None),
        ("12/02/2018", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_iso_keeps_precision_and_validates(value, expected):
    assert parse_iso(value) == expected


def test_find_date():
    assert find_date("Updated Feb. 13, 2018 at 10:00") == "2018-02-13"
    assert find_date("12 February 2018") == "2018-02-12"
    assert find_date("February 30, 2018") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Posted: 03 / 14 / 2013 06: 37: 46 AM PDT", "2013-03-14"),  # text rebuilt from tokens
        ("9: 53 AM, MON 22 JUL 2013", "2013-07-22"),
        ("14/03/2013", "2013-03-14"),  # day and month cannot be confused: either order
        ("03/14/2013", "2013-03-14"),
        ("04 / 04 / 2012", "2012-04-04"),
        ("05/02/2013", None),  # 5 February or 2 May: left unread
        ("31/02/2013", None),
        ("4. 6 quake rattles Sonoma County", None),
    ],
)
def test_find_date_reads_spaced_and_unambiguous_numeric_dates(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("line", "alone"),
    [
        ("9: 53 AM, MON 22 JUL 2013", True),
        ("May 3, 2013 at 7: 31 AM ET", True),
        ("June 3, 2013 | 5: 03pm", True),
        ("Updated 5: 40 p. m. ET, Jun 3 2013", False),  # a stamp line, read as one, not a bare date
        ("Lohan checks into rehab on May 3, 2013", False),
    ],
)
def test_a_date_alone_allows_a_weekday_a_time_and_its_zone(line, alone):
    assert is_date_alone(line) is alone


@pytest.mark.parametrize(
    ("page", "title", "published", "first_words"),
    [
        (  # a stamp above the headline is the date, not the title
            "9: 53 AM, MON 22 JUL 2013\n\nFire destroys Wellington supermarket\n\n"
            "The site manager at the supermarket in Wellington says it will take days to assess the damage.\n\n"
            "Crews were called to the building on the high street just after 6am on Sunday.\n",
            "Fire destroys Wellington supermarket",
            "2013-07-22",
            "The site manager",
        ),
        (  # a stamp under the headline is the date and leaves the text
            "Lohan checks into rehab\n\nMay 3, 2013 at 7: 31 AM ET\n\n"
            "Early Friday morning the actress checked into the Betty Ford Center in Rancho Mirage.\n\n"
            "Her lawyer said she would stay for ninety days, as the judge had ordered.\n",
            "Lohan checks into rehab",
            "2013-05-03",
            "Early Friday morning",
        ),
    ],
)
def test_a_date_stamp_by_the_headline_is_the_publication_date(write, page, title, published, first_words):
    article = load([write("a.txt", page)]).articles[0]
    assert article.title == title
    assert (article.published, article.published_source) == (published, INFERRED)
    assert article.text.startswith(first_words)


def test_stamp_lines_published_beats_updated():
    assert from_page_lines(["Updated 13 February 2018", "Published: 12 February 2018"]) == "2018-02-12"
    assert from_page_lines(["Monday, February 12, 2018"]) == "2018-02-12"
    assert from_page_lines(["Putin met Abbas on Feb 12, 2018"]) is None


def test_dateline():
    assert from_dateline("MOSCOW, Feb 12, 2018 (Reuters) - Russian President Vladimir Putin said") == (
        "2018-02-12",
        "Reuters",
    )
    assert from_dateline("MOSCOW (Reuters) - Russian President Vladimir Putin said") == (None, "Reuters")
    assert from_dateline("U.S. President Donald Trump has told Russian counterpart - a dash") == (None, None)


def test_inferred_from_a_published_line(write):
    path = write(
        "a.txt",
        "Putin and Abbas meet in Moscow\n\nPublished 12 February 2018\n\n"
        "Russian President Vladimir Putin met Palestinian President Mahmoud Abbas in Moscow on Monday.\n",
    )
    article = load([path]).articles[0]
    assert (article.published, article.published_source) == ("2018-02-12", INFERRED)
    assert "Published" not in article.text


def test_inferred_from_a_wire_dateline(write):
    path = write("a.txt", "MOSCOW, Feb 12, 2018 (Reuters) - Russian President Vladimir Putin met Abbas on Monday.\n")
    article = load([path]).articles[0]
    assert (article.published, article.published_source) == ("2018-02-12", INFERRED)
    assert article.outlet == "Reuters"


def test_never_from_dates_of_events_in_the_body(write):
    path = write(
        "a.txt",
        "Putin and Abbas meet in Moscow\n\n"
        "Trump on December 6, 2017 announced his recognition of Jerusalem as Israel's capital, officials said.\n\n"
        "On Nov. 29, 2012, Palestine was designated a non-member observer state.\n",
    )
    article = load([path]).articles[0]
    assert (article.published, article.published_source) == (None, UNKNOWN)


def test_dates_in_furniture_after_the_body_are_not_the_publication_date(write):
    path = write(
        "a.txt",
        "Putin and Abbas meet in Moscow\n\n"
        "Russian President Vladimir Putin met Palestinian President Mahmoud Abbas in Moscow on Monday.\n\n"
        "Related articles\n\nPublished 3 March 2019\n",
    )
    article = load([path]).articles[0]
    assert (article.published, article.published_source) == (None, UNKNOWN)
    assert "Published 3 March 2019" in article.removed_lines
