"""The outlet registry: names, aliases, domains, user extensions, and reading a page's owner."""

from __future__ import annotations

import pytest

from briefing.ingest import load_registry
from briefing.ingest.boilerplate import Removed
from briefing.ingest.outlets import PROFILE_FIELDS, OutletRegistry, merge, name_key, parse_outlets

REQUIRED = [
    "Reuters", "AP", "AFP", "Bloomberg", "BBC News", "CNN", "The New York Times", "The Washington Post",
    "The Wall Street Journal", "The Guardian", "Financial Times", "The Economist", "Al Jazeera English", "NPR",
    "Fox News", "HuffPost", "Politico", "Axios", "Deutsche Welle", "France 24", "RT", "TASS", "Interfax",
    "Xinhua", "Anadolu Agency", "Euronews", "Sky News", "ABC News", "CBS News", "NBC News", "The Independent",
    "The Telegraph", "The Times", "Daily Mail", "South China Morning Post", "The Japan Times", "The Hindu",
    "Times of India", "Kyodo", "Yonhap", "The Times of Israel", "Haaretz", "The Jerusalem Post",
    "The Kyiv Independent", "The Moscow Times", "Meduza", "Radio Free Europe/Radio Liberty", "RFE/RL",
    "Voice of America", "Al-Monitor", "Middle East Eye", "teleSUR", "The Palestine Chronicle", "WAFA",
    "Arab News", "The National", "Kyiv Post",
]  # fmt: skip


def test_registry_is_large_and_knows_the_required_outlets(registry):
    assert len(registry) >= 300
    missing = [name for name in REQUIRED if registry.resolve(name) is None]
    assert missing == []


def test_names_are_unique_and_profiles_hold_only_known_fields(registry):
    names = [o.name for o in registry.outlets]
    assert len(names) == len(set(names))
    for outlet in registry.outlets:
        assert set(outlet.profile) <= set(PROFILE_FIELDS), outlet.name
        assert outlet.domains, outlet.name


def test_no_name_alias_or_domain_belongs_to_two_outlets(registry):
    owners: dict[str, set[str]] = {}
    domains: dict[str, list[str]] = {}
    for outlet in registry.outlets:
        for label in (outlet.name, *outlet.aliases):
            owners.setdefault(name_key(label), set()).add(outlet.name)
        for domain in outlet.domains:
            domains.setdefault(domain, []).append(outlet.name)
    assert {key: names for key, names in owners.items() if len(names) > 1} == {}
    assert {domain: names for domain, names in domains.items() if len(names) > 1} == {}


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("RFE/RL", "Radio Free Europe/Radio Liberty"),
        ("rfe/rl", "Radio Free Europe/Radio Liberty"),
        ("Radio Liberty", "Radio Free Europe/Radio Liberty"),
        ("AP", "Associated Press"),
        ("the associated press", "Associated Press"),
        ("Guardian", "The Guardian"),
        ("Al Monitor", "Al-Monitor"),
        ("NYT", "The New York Times"),
        ("Mirror", "Daily Mirror"),
        ("Express", "Daily Express"),
        ("Evening Standard", "Evening Standard"),
        ("London Evening Standard", "Evening Standard"),
        ("MailOnline", "Daily Mail"),
        ("Mail Online", "Daily Mail"),
        ("The Sun", "The Sun"),
        ("Sunday Times", "The Times"),
        ("Daily Telegraph", "The Telegraph"),
        ("inews", "i newspaper"),
        ("The Daily Telegraph (Sydney)", "The Daily Telegraph (Sydney)"),
        ("The Daily Star (Lebanon)", "The Daily Star (Lebanon)"),
        ("Daily Star", "Daily Star"),
    ],
)
def test_aliases_resolve_to_the_canonical_name(registry, alias, canonical):
    assert registry.resolve(alias) == canonical


def test_unknown_names_stay_unknown(registry):
    assert registry.resolve("The Daily Planet") is None
    assert registry.resolve("") is None


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.rferl.org/a/trump-putin/29036043.html", "Radio Free Europe/Radio Liberty"),
        ("https://edition.cnn.com/2018/02/12/world", "CNN"),
        ("http://news.bbc.co.uk/2/hi/8012345.stm", "BBC News"),
        ("https://english.news.cn/20180212/x.htm", "Xinhua"),
        ("www.al-monitor.com/originals/2018/04/russia.html", "Al-Monitor"),
        ("https://abcnews.go.com/International/story", "ABC News"),
        ("https://WWW.THEMOSCOWTIMES.COM:443/2024/08/13/x", "The Moscow Times"),
        ("https://www.thesun.co.uk/news/123/x/", "The Sun"),
        ("https://www.the-sun.com/news/123/x/", "The Sun"),
        ("http://www.mirror.co.uk/sport/x-9254708", "Daily Mirror"),
        ("http://www.express.co.uk/news/x", "Daily Express"),
        ("https://www.dailystar.co.uk/news/x", "Daily Star"),
        ("http://www.standard.co.uk/news/x.html", "Evening Standard"),
        ("https://metro.co.uk/2016/11/09/x/", "Metro"),
        ("https://inews.co.uk/news/x", "i newspaper"),
        ("http://www.telegraph.co.uk/news/2016/x/", "The Telegraph"),
        ("http://www.dailymail.co.uk/news/article-1/x.html", "Daily Mail"),
        ("https://www.bbc.com/news/world-1", "BBC News"),
        ("https://www.theguardian.com/world/x", "The Guardian"),
        ("https://www.independent.co.uk/news/x", "The Independent"),
        ("http://nypost.com/2016/11/x/", "New York Post"),
        ("http://www.usatoday.com/story/x/", "USA Today"),
        ("https://www.irishtimes.com/x", "The Irish Times"),
        ("https://www.smh.com.au/x", "The Sydney Morning Herald"),
        ("https://www.dailytelegraph.com.au/news/x", "The Daily Telegraph (Sydney)"),
        ("https://www.thestar.com/x", "Toronto Star"),
        ("https://www.thestar.com.my/news/x", "The Star (Malaysia)"),
        ("https://www.ndtv.com/x", "NDTV"),
        ("https://www.dawn.com/news/1", "Dawn"),
        ("https://www.thedailystar.net/news/x", "The Daily Star (Bangladesh)"),
    ],
)
def test_url_domains_including_subdomains(registry, url, outlet):
    assert registry.by_url(url) == outlet


@pytest.mark.parametrize("url", ["https://notcnn.com/x", "https://cnn.com.evil.example/x", "", None, "not a url"])
def test_urls_of_unknown_sites_give_nothing(registry, url):
    assert registry.by_url(url) is None


def test_user_file_is_merged_on_top(tmp_path):
    extra = tmp_path / "outlets.yaml"
    extra.write_text(
        "outlets:\n"
        "  - name: Gaza Daily\n    aliases: [GD]\n    domains: [gazadaily.example]\n"
        "    profile: {country: Palestine}\n"
        "  - name: RFE/RL\n    aliases: [Radio Svoboda]\n    domains: [svoboda.example]\n",
        encoding="utf-8",
    )
    registry = load_registry(extra)
    assert registry.resolve("GD") == "Gaza Daily"
    assert registry.by_url("https://www.gazadaily.example/a") == "Gaza Daily"
    assert registry.get("Gaza Daily").profile["country"] == "Palestine"
    # An entry naming a known outlet by alias extends it instead of adding a second one.
    assert registry.resolve("Radio Svoboda") == "Radio Free Europe/Radio Liberty"
    assert registry.by_url("svoboda.example") == "Radio Free Europe/Radio Liberty"
    assert registry.by_url("rferl.org") == "Radio Free Europe/Radio Liberty"
    assert len(registry) == len(load_registry()) + 1


@pytest.mark.parametrize(
    "text",
    [
        "outlets: nope",
        "outlets:\n  - aliases: [x]\n",
        "outlets:\n  - name: X\n    domains: x.com\n",
        "outlets:\n  - name: X\n    profile: {slant: left}\n",
        "outlets:\n  - name: X\n    signatures: ['(']\n",
    ],
)
def test_bad_user_files_are_refused(tmp_path, text):
    extra = tmp_path / "outlets.yaml"
    extra.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError):
        load_registry(extra)


def test_merge_keeps_existing_profile_fields():
    base = parse_outlets({"outlets": [{"name": "A", "profile": {"country": "X", "language": "English"}}]}, "t")
    extra = parse_outlets({"outlets": [{"name": "A", "profile": {"ownership": "private"}}]}, "t")
    (merged,) = merge(base, extra)
    assert dict(merged.profile) == {"country": "X", "language": "English", "ownership": "private"}


def test_outlet_read_from_its_own_furniture_not_from_credits(registry):
    removed = [
        Removed("With reporting by Interfax, TASS, AFP, and Reuters", "credit"),
        Removed("Vladimir Putin and Mahmoud Abbas. Alexei Maishev / POOL / TASS", "caption"),
        Removed("By supporting The Moscow Times, you're defending open, independent journalism.", "appeal"),
    ]
    assert registry.infer(removed) == "The Moscow Times"
    assert registry.infer(removed[:2]) is None


def test_a_tie_between_outlets_is_not_guessed(registry):
    removed = [Removed("Read more from Reuters", "navigation"), Removed("Follow the BBC on X", "promo")]
    assert registry.infer(removed) is None


def test_self_description_beats_a_mention(registry):
    removed = [
        Removed("Listen to BBC News and Reuters", "promo"),
        Removed("A Message from The Moscow Times:", "appeal", ("The Moscow Times",)),
    ]
    assert registry.infer(removed) == "The Moscow Times"


def test_mentions_are_whole_words_and_case_sensitive(registry):
    assert registry.mentions("Al-Monitor’s Terms and Conditions") == ["Al-Monitor"]
    assert registry.mentions("the ap and afp are mentioned in lower case") == []
    assert registry.mentions("MAPS and RAFP") == []
    assert registry.mentions("The Kyiv Independent") == ["The Kyiv Independent"]


def test_common_word_names_are_not_looked_for_in_text(registry):
    assert registry.mentions("Time to subscribe at Dawn") == []
    assert registry.resolve("Time") == "Time"


def test_ordinary_words_and_namesakes_do_not_name_an_outlet(registry):
    text = "The Sun rose; Standard Chartered, American Express, Metro People in the Mirror, Fortune and Variety"
    assert registry.mentions(text) == []
    assert registry.mentions("Ministry of Foreign Affairs and the Stars and Stripes") == []
    # A namesake's page furniture is not read as the British paper's.
    assert registry.mentions("Subscribe to The Daily Star") == []
    assert registry.resolve("Standard") == "Evening Standard"


def test_signature_rules_come_from_the_registry():
    registry = OutletRegistry(
        parse_outlets({"outlets": [{"name": "Gaza Daily", "signatures": [r"Gaza Daily is reader-funded"]}]}, "t")
    )
    (rule,) = registry.signature_rules()
    assert rule.outlet == "Gaza Daily" and rule.ends_body
