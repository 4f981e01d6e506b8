"""Publication dates: ISO 8601 at its own precision, validated; read only from page stamps."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.ingest import load
from briefing.ingest.published import find_date, from_dateline, from_page_lines, parse_iso
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
