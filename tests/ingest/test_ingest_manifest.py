"""manifest.csv: user metadata per file, which always wins; bad rows are warnings."""

from __future__ import annotations

from briefing.ingest import load
from briefing.ingest.manifest import parse_manifest
from briefing.model import GIVEN, INFERRED

PAGE = (
    "Skip to main content\n\nPutin and Abbas meet in Moscow\n\n"
    "Russian President Vladimir Putin met Palestinian President Mahmoud Abbas in Moscow on Monday.\n\n"
    "A Message from The Moscow Times:\n\nPlease support us.\n"
)


def test_manifest_gives_metadata_that_beats_inference(write, tmp_path):
    write("a.txt", PAGE)
    write("manifest.csv", "file,title,outlet,published,url\na.txt,Given title,RFE/RL,2018-02,https://x.example/a\n")
    article = load([tmp_path]).articles[0]
    assert (article.title, article.title_source) == ("Given title", GIVEN)
    assert (article.outlet, article.outlet_source) == ("Radio Free Europe/Radio Liberty", GIVEN)
    assert (article.published, article.published_source) == ("2018-02", GIVEN)
    assert article.url == "https://x.example/a"
    assert "Putin and Abbas meet in Moscow" not in article.text  # the headline line still leaves the body


def test_without_manifest_the_same_page_is_inferred(write, tmp_path):
    write("a.txt", PAGE)
    article = load([tmp_path]).articles[0]
    assert (article.title, article.title_source) == ("Putin and Abbas meet in Moscow", INFERRED)
    assert (article.outlet, article.outlet_source) == ("The Moscow Times", INFERRED)


def test_missing_file_is_skipped_and_bad_date_a_warning_naming_manifest_and_row(write, tmp_path):
    write("a.txt", PAGE)
    write("b.txt", PAGE.replace("Monday", "Tuesday"))
    manifest = write(
        "manifest.csv", "file,published,title\na.txt,2018-02-30,Kept title\nmissing.txt,2018,\nb.txt,12/02/2018,\n"
    )
    result = load([tmp_path])
    warnings = {p.path: p.message for p in result.problems}
    severity = {p.path: p.severity for p in result.problems}
    assert severity == {f"{manifest}, row {n}": "error" if n == 3 else "warning" for n in (2, 3, 4)}
    assert "2018-02-30" in warnings[f"{manifest}, row 2"]
    assert "'missing.txt', which does not exist; skipped" in warnings[f"{manifest}, row 3"]
    assert "12/02/2018" in warnings[f"{manifest}, row 4"]
    a, b = result.articles
    assert a.title == "Kept title"  # the rest of the row is kept
    assert (a.published, a.published_source) == (None, "unknown")
    assert b.published is None
    assert len(result.problems) == 3  # reported once, not once per file


def test_manifest_and_docs_are_not_articles(write, tmp_path):
    write("a.txt", PAGE)
    write("manifest.csv", "file,published\na.txt,2018\n")
    write("README.md", "# About this folder\n\nThese are the sample articles used by the team this month.\n")
    write("LICENSE.txt", "Permission is hereby granted, free of charge, to any person obtaining a copy.\n")
    write("notes.pdf", b"%PDF-1.4")
    write(".hidden.txt", PAGE)
    result = load([tmp_path])
    assert [a.path for a in result.articles] == [str(tmp_path / "a.txt")]
    assert result.problems == ()


def test_manifest_applies_to_a_file_named_explicitly(write):
    path = write("a.txt", PAGE)
    write("manifest.csv", "file,published\na.txt,2018-02-12T10:00:00+03:00\n")
    assert load([path]).articles[0].published == "2018-02-12"


def test_manifest_without_file_column(tmp_path):
    manifest = parse_manifest("name,published\na.txt,2018\n", tmp_path, "m.csv")
    assert manifest.entries == {}
    assert "no 'file' column" in manifest.problems[0].message
