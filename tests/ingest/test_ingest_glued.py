"""Articles as crawlers and news APIs hand them: one paragraph, furniture run into the sentences.

Made-up texts in the shapes real crawled pages take (a gallery credit and count before a caption,
a caption with no full stop, a newsletter prompt, share buttons, an embedded post's signature):
the furniture goes, each reporting sentence stays, and nothing is emptied.
"""

from __future__ import annotations

import json

import pytest

from briefing.ingest import load
from briefing.ingest.boilerplate import clean
from briefing.ingest.units import caption_end, hidden_boundaries, needs_split, split_units

REPORTING = [
    "The city council voted on Tuesday to close the old harbour bridge for repairs.",
    "The engineers found cracks in two of its steel supports last month, the mayor said.",
    '"We cannot take risks with people\'s safety," said council leader Anna Berg.',
    "The bridge carries about 20,000 vehicles a day and will reopen in March.",
    "Local businesses fear the closure will cost them customers during the winter.",
    "A ferry service will run every twenty minutes while the work goes on.",
]


def glued(*furniture: str) -> str:
    """REPORTING as one paragraph, with ``furniture[i]`` run in before sentence ``i + 1`` (the first
    two start with a word that starts sentences, as most do: "The", "\"We")."""
    parts = [REPORTING[0]]
    for i, sentence in enumerate(REPORTING[1:]):
        if i < len(furniture):
            parts.append(furniture[i])
        parts.append(sentence)
    return " ".join(parts)


def assert_reporting_kept(text: str) -> None:
    for sentence in REPORTING:
        assert sentence in text, sentence


@pytest.mark.parametrize(
    "furniture",
    [
        "Getty Images 9 Workers inspect the cracked supports under the bridge",  # gallery credit + count
        "PA:Press Association 12 The bridge seen from the harbour wall",
        "(Photo: Jane Doe, Getty Images)",
        "Image copyright Reuters Image caption The bridge was built in 1962",
        "Click to share on Facebook (Opens in new window) Click to share on Twitter (Opens in new window)",
        "Get local updates directly to your inbox + Subscribe Thank you for subscribing! Could not subscribe, "
        "try again later Invalid Email",
        "Skip Ad Ad Loading... x Embed x Share",
        "Advertisement Continue reading the main story",
        "pic.twitter.com/AbC123xyz -- Sam Reader (@samreads) November 8, 2016",
    ],
)
def test_furniture_inside_a_paragraph_goes_and_the_reporting_stays(furniture):
    text = glued(furniture, furniture, furniture)
    cleaned = clean(text, title_hint="Harbour bridge to close for repairs")
    assert_reporting_kept(cleaned.text)
    for piece in ("Getty", "Photo:", "Image caption", "Click to share", "Invalid Email", "Skip Ad", "@samreads"):
        assert piece not in cleaned.text
    assert cleaned.removed, "what was cut is recorded"


def test_a_caption_without_a_full_stop_run_into_the_next_sentence_goes():
    caption = "Council workers close the road to the bridge on Tuesday evening"
    text = glued(caption, "Residents queue for the ferry in the rain")
    cleaned = clean(text)
    assert_reporting_kept(cleaned.text)
    assert caption not in cleaned.text
    assert "Residents queue for the ferry" not in cleaned.text
    assert {r.kind for r in cleaned.removed} == {"caption"}


def test_one_photo_credit_in_a_forty_sentence_paragraph_does_not_empty_the_article():
    paragraph = " ".join(REPORTING * 7) + " Steve Parsons/PA " + " ".join(REPORTING)
    cleaned = clean(paragraph)
    assert_reporting_kept(cleaned.text)
    assert len(cleaned.text) > 0.8 * len(paragraph)


def test_a_sentence_that_lost_its_full_stop_but_reports_speech_is_kept():
    lost = 'The mayor said the work was "overdue and unavoidable" after years of delays'
    text = glued(lost)
    cleaned = clean(text)
    assert lost in cleaned.text


def test_short_paragraphs_are_judged_as_lines_as_before():
    caption = "Smoke rises over the harbour on Friday. (Photo: via Wafa, file)"
    cleaned = clean("\n\n".join([REPORTING[0], caption, *REPORTING[1:]]))
    assert caption in [r.text for r in cleaned.removed]
    assert_reporting_kept(cleaned.text)


def test_a_text_of_nothing_but_furniture_is_refused_with_what_it_was(tmp_path):
    path = tmp_path / "page.jsonl"
    record = {"text": "Click to share on Facebook (Opens in new window) Skip Ad Ad Loading... x Embed x Share"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = load([path])
    assert result.articles == ()
    (problem,) = result.problems
    assert "page furniture" in problem.message and "widget" in problem.message


# --------------------------------------------------------------------------- units


def test_units_join_back_into_the_line():
    line = glued("Getty Images 9 Workers inspect the cracked supports under the bridge")
    units = split_units(line)
    assert " ".join(u.text for u in units) == line
    assert [u.open_end for u in units].count(True) == 1


@pytest.mark.parametrize(
    "line",
    [
        "James B. Comey of the F.B.I. told Mr. Smith that the U.S. inquiry was over on Nov. 6 and he left.",
        "It is difficult to see how Mr Hayward can stay, and told The Guardian he would not resign.",
        'The minister warned "We will not pay" and left the room before the vote.',
    ],
)
def test_no_false_sentence_breaks_in_ordinary_sentences(line):
    assert split_units(line) == split_units(line)[:1]
    assert hidden_boundaries(line) == []


def test_hidden_boundary_before_a_sentence_starter_after_a_lower_case_word():
    line = "Rescuers dig a shaft beside the well The boy fell in on Sunday."
    assert hidden_boundaries(line) == [line.index("The boy")]


def test_a_caption_after_its_marker_ends_at_the_next_sentence_start():
    text = "Rescuers dig beside the dry well Dozens of rescuers worked through the night."
    assert text[: caption_end(text)].strip() == "Rescuers dig beside the dry well"
    assert caption_end("McLaren-Honda The race was stopped.") == len("McLaren-Honda ")


def test_only_long_lines_or_lines_of_several_sentences_are_split():
    assert not needs_split("One sentence. And a second one.")
    assert needs_split("One. Two here. Three there.")
    assert needs_split(" ".join(["word"] * 45))


@pytest.mark.parametrize(
    "furniture",
    [
        "-LRB- Read more here -RRB-",
        "(Read more)",
        "Letters for publication should be sent to: letters@paper.example If you need help using the site: "
        "help@paper.example Call the main Paper switchboard: 020 7946 0000",
    ],
)
def test_link_text_and_contact_lines_inside_a_paragraph_go(furniture):
    cleaned = clean(glued(furniture))
    assert_reporting_kept(cleaned.text)
    assert (
        "Read more" not in cleaned.text and "@paper.example" not in cleaned.text and "switchboard" not in cleaned.text
    )
