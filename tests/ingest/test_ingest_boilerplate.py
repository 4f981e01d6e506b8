"""Boilerplate removal on short made-up pages: furniture goes, every article sentence stays."""

from __future__ import annotations

import pytest

from briefing.ingest.boilerplate import clean, is_title_like, load_rules, parse_rules, split_lines

BODY = [
    "Israel and Hamas agreed on Monday to extend a truce in Gaza by two days, mediator Qatar said.",
    "The extension will allow more hostages to be released, officials said.",
    '"We need your support to keep the truce alive," a Qatari official told reporters on Monday.',
    "Fighting could resume on Thursday if no further deal is reached, diplomats warned.",
    "He declined to comment.",
]


def page(*before: str, after: tuple[str, ...] = (), middle: tuple[str, ...] = ()) -> str:
    body = [BODY[0], *middle, *BODY[1:]]
    return "\n\n".join([*before, *body, *after])


def assert_body_intact(text: str) -> None:
    for sentence in BODY:
        assert sentence in text


def test_navigation_and_headline_before_the_body():
    cleaned = clean(page("Skip to main content", "World", "Middle East", "Truce in Gaza extended by two days"))
    assert cleaned.headline == "Truce in Gaza extended by two days"
    assert cleaned.text.startswith(BODY[0])
    assert "Skip to main content" in [r.text for r in cleaned.removed]
    assert "Truce in Gaza" not in cleaned.text
    assert_body_intact(cleaned.text)


@pytest.mark.parametrize(
    "caption",
    [
        "Smoke rises over Gaza City on Friday. (Photo: via Wafa, file)",
        "Qatar's prime minister (right) greets the Egyptian envoy in Doha on November 27.",
        "Palestinians wait at the Rafah crossing (R) in southern Gaza on November 27, 2023.",
        "Palestinians wait at the Rafah crossing. Alexei Maishev / POOL / TASS",
        "Palestinians wait at the Rafah crossing. — MAHMUD HAMS/AFP/Getty Images",
        "Palestinians wait at the crossing. / AFP PHOTO / POOL (Photo credit should read MAHMUD HAMS/AFP)",
        "Palestinians wait at the Rafah crossing. Photograph: Mohammed Salem/Reuters",
    ],
)
def test_photo_captions_go(caption):
    cleaned = clean(page("Truce in Gaza extended by two days", middle=(caption,)))
    assert caption not in cleaned.text
    assert caption in [r.text for r in cleaned.removed]
    assert_body_intact(cleaned.text)


def test_duplicated_caption_lines_both_go():
    caption = "Qatari mediators meet Egyptian officials in Doha on November 27."
    cleaned = clean(page("Truce in Gaza extended by two days", caption + "\n" + caption))
    assert caption not in cleaned.text
    assert [r.text for r in cleaned.removed].count(caption) == 2
    assert_body_intact(cleaned.text)


def test_a_long_line_repeated_further_down_is_kept_once():
    repeated = "Qatar said the truce would hold for two more days while talks on further releases went on."
    cleaned = clean(page("Truce in Gaza extended by two days", repeated, after=(repeated,)))
    assert cleaned.text.count(repeated) == 1


@pytest.mark.parametrize(
    "credit",
    [
        "With reporting by AFP, AP, and Reuters",
        "AFP contributed reporting.",
        "The Associated Press contributed to this report.",
        "(teleSUR, PC, Social Media)",
        "Reporting by Jane Doe in Doha; Editing by John Roe",
    ],
)
def test_reporting_credits_end_the_body(credit):
    cleaned = clean(page("Truce in Gaza extended by two days", after=(credit, "Most read", "Share")))
    assert credit not in cleaned.text
    assert cleaned.text.endswith(BODY[-1])
    assert_body_intact(cleaned.text)


def test_a_sentence_about_a_writer_is_not_a_credit():
    line = "Written by award-winning writer Matthew Solon, the play is directed by John Dryden."
    cleaned = clean(page("Truce in Gaza extended by two days", middle=(line,)))
    assert line in cleaned.text
    assert_body_intact(cleaned.text)


def test_donation_appeal_after_the_body_goes():
    appeal = (
        "A Message from Gaza Daily:",
        "Dear readers,",
        "Your support, no matter how small, makes a world of difference. Please donate today.",
        "Once",
        "Monthly",
        "Remind me later.",
    )
    cleaned = clean(page("Truce in Gaza extended by two days", after=appeal))
    assert cleaned.text.endswith(BODY[-1])
    assert "Dear readers" not in cleaned.text
    assert_body_intact(cleaned.text)
    assert ("Gaza Daily",) in [r.outlets for r in cleaned.removed]


@pytest.mark.parametrize(
    "form",
    [
        "Add your comments on this story, using the form below.",
        "Send us your comments using the form below . A selection of your comments may be published .",
        "Tell us your experiences by filling in the form below.",
        "The BBC may edit your comments and not all emails will be published.",
    ],
)
def test_a_comment_form_and_the_reader_comments_under_it_go(form):
    comments = (
        form,
        "At 3:17 pm on 28 May 2010 , antro wrote : Most of these comments seem to be from the UK .",
        "The government said nothing, as usual.",
        "At 19:23 26th Apr 2009, Theboywho wrote: # 25.",
        "They should have acted sooner, officials said.",
    )
    cleaned = clean(page("Truce in Gaza extended by two days", after=comments))
    assert cleaned.text.endswith(BODY[-1])
    assert "antro" not in cleaned.text and "officials said" not in cleaned.text.split(BODY[-1])[-1]
    assert_body_intact(cleaned.text)


def test_a_comment_thread_without_a_form_goes_from_its_first_comment():
    after = ("At 10:14 am on 28 May 2010 , pzero wrote : I think the response by BP is admirable .", "Quite.")
    cleaned = clean(page("Truce in Gaza extended by two days", after=after))
    assert cleaned.text.endswith(BODY[-1])


def test_a_news_feed_list_of_other_headlines_goes_but_a_sentence_with_one_age_stays():
    feed = (
        "UK Obama forms spill commission as oil mess spreads - 44 mins ago Mail Online "
        "BP chief heckled by protester at US hearing - 1 hr ago The Independent"
    )
    kept = "The well was capped 3 days ago, officials said."
    cleaned = clean(page("Truce in Gaza extended by two days", middle=(feed, kept)))
    assert "Mail Online" not in cleaned.text and kept in cleaned.text
    assert_body_intact(cleaned.text)


def test_news_about_comments_and_a_dated_statement_stay():
    lines = (
        "Whether his comments herald a rethink on drilling, it is still too early to say.",
        'At 3 pm on Monday, the minister wrote: "we will act".',
    )
    cleaned = clean(page("Truce in Gaza extended by two days", middle=lines))
    for line in lines:
        assert line in cleaned.text
    assert_body_intact(cleaned.text)


def test_appeal_without_a_header_is_trimmed_as_a_trailing_block():
    after = ("Support independent journalism. Donate today.", "Share", "Facebook", "Twitter")
    cleaned = clean(page("Truce in Gaza extended by two days", after=after))
    assert cleaned.text.endswith(BODY[-1])
    assert_body_intact(cleaned.text)


def test_paywall_goes():
    after = (
        "Subscribe for unlimited access",
        "All news, events and analysis, and all 10 of our newsletters. Learn more",
        "$14 monthly or $100 annually",
        "By signing up, you agree to Gaza Daily's Terms and Conditions and Privacy Policy.",
    )
    cleaned = clean(page("Truce in Gaza extended by two days", after=after))
    assert cleaned.text.endswith(BODY[-1])
    assert "newsletters" not in cleaned.text


def test_ad_appeal_before_the_headline_goes():
    before = (
        "×",
        "Enjoying ad-free content?",
        "Since July 1, 2024, we have disabled all ads to improve your reading experience.",
        "Support us",
        "Truce in Gaza extended by two days",
    )
    cleaned = clean(page(*before))
    assert cleaned.headline == "Truce in Gaza extended by two days"
    assert cleaned.text.startswith(BODY[0])


def test_weak_phrases_in_news_sentences_stay():
    last = "BP is to donate money from selling the recovered oil to wildlife protection in the region."
    text = "\n\n".join([BODY[0], BODY[1], last, "Most read"])
    cleaned = clean(text)
    assert cleaned.text.endswith(last)


def test_share_widgets_and_lone_symbols_go():
    cleaned = clean(page("Truce in Gaza extended by two days", middle=("  • 16x9 Image", "•", "Share this article")))
    assert "16x9" not in cleaned.text and "Share" not in cleaned.text
    assert_body_intact(cleaned.text)


def test_no_headline_when_the_page_starts_with_prose():
    cleaned = clean("\n\n".join(BODY))
    assert cleaned.headline is None
    assert cleaned.text.startswith(BODY[0])
    assert_body_intact(cleaned.text)


def test_hard_wrapped_prose_is_rejoined_and_blocks_kept():
    text = "Israel and Hamas agreed on Monday to extend a truce in Gaza\nby two days, mediator Qatar said.\n\nNext."
    lines = split_lines(text)
    assert lines[0].text == BODY[0]
    assert clean(text).text == BODY[0] + "\n\nNext."


def test_odd_spaces_are_normalised():
    assert clean("Putin\u00a0met Abbas in Moscow on Monday, the Kremlin said in a statement.").text.startswith(
        "Putin met"
    )


def test_title_like():
    assert is_title_like("Trump, Putin Discuss Need For Peace In Syria, Ukraine In Phone Call")
    assert is_title_like("Did Mexico over-react on swine flu?")
    assert not is_title_like("He declined to comment.")
    assert not is_title_like("By Jane Smith")
    assert not is_title_like("World")


def test_user_rules_extend_the_signatures(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "rules:\n  - name: house promo\n    kind: promo\n    strength: strong\n    full_line: true\n"
        "    patterns: ['Download the Gaza Daily app']\n",
        encoding="utf-8",
    )
    text = page("Truce in Gaza extended by two days", middle=("Download the Gaza Daily app",))
    assert "Download the Gaza Daily app" in clean(text).text
    assert "Download the Gaza Daily app" not in clean(text, load_rules(extra)).text


@pytest.mark.parametrize(
    "data",
    [
        {"rules": "no"},
        {"rules": [{"name": "x", "kind": "nonsense", "patterns": ["a"]}]},
        {"rules": [{"name": "x", "kind": "promo", "patterns": ["(unclosed"]}]},
        {"rules": [{"name": "x", "kind": "promo", "strength": "medium", "patterns": ["a"]}]},
    ],
)
def test_bad_rule_files_are_refused_with_a_reason(data):
    with pytest.raises(ValueError):
        parse_rules(data, "mine.yaml")


def test_outlets_named_in_reader_comments_and_news_feeds_are_no_clue_to_the_page():
    after = (
        "At 3:17 pm on 28 May 2010 , antro wrote : I read it on CNN first .",
        "Reuters had it an hour earlier .",
    )
    cleaned = clean(page("Truce in Gaza extended by two days", after=after))
    assert {r.kind for r in cleaned.removed if "CNN" in r.text or "Reuters" in r.text} == {"comment"}
    feed = "Spill spreads - 44 mins ago Mail Online Hayward heckled - 1 hr ago The Independent"
    cleaned = clean(page("Truce in Gaza extended by two days", middle=(feed,)))
    assert [r.kind for r in cleaned.removed if "Mail Online" in r.text] == ["feed"]
