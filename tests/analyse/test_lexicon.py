"""The one lexicon: read once, below every stage, handed to the analysis by its entry points."""

from __future__ import annotations

import ast
from pathlib import Path

import briefing.analyse
from briefing.analyse.brief import build_brief
from briefing.lexicon import LEXICON_PATH, Lexicon, load_lexicon
from briefing.nlp import mentions

from .factories import make_facts

ANALYSE = Path(briefing.analyse.__file__).parent
ENTRY_POINTS = {"resolve_actors", "outlet_positions", "build_brief"}  # where load_lexicon() may be the default


def test_the_lexicon_is_read_once_and_holds_every_word_list():
    lex = load_lexicon()
    assert load_lexicon() is lex is load_lexicon(LEXICON_PATH)
    assert lex.seats["kremlin"] == "Russia" and lex.seats["white house"] == "United States"
    assert lex.demonyms["russian"] == "Russia" and lex.countries["burma"] == "Myanmar"
    assert "president" in lex.titles and "mr" in lex.honorifics
    assert mentions.Lexicon is Lexicon and mentions.load_lexicon is load_lexicon  # older imports still work


def test_a_users_word_list_file_is_a_parameter(tmp_path):
    path = tmp_path / "words.yaml"
    path.write_text("titles: [Doge]\nseats:\n  Castle Hill: Ruritania\n", encoding="utf-8")
    lex = load_lexicon(path)
    assert lex.titles == {"doge"} and lex.seats == {"castle hill": "Ruritania"} and lex.demonyms == {}


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == name]


def test_analysis_loads_the_lexicon_only_at_its_entry_points_and_reads_no_data_file():
    for module in sorted(ANALYSE.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            if _calls(func, "load_lexicon"):
                assert func.name in ENTRY_POINTS, f"{module.name}: {func.name} loads the lexicon itself"
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "yaml" not in imported and "importlib.resources" not in imported, module.name
        assert "read_text" not in {getattr(n.func, "attr", None) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        assert not any(m.startswith("briefing.ingest") for m in imported), module.name


def test_build_brief_passes_outlet_profiles_and_lexicon_on():
    shared = ["Officials met again this week.", "Talks continued about the region."]
    facts = [make_facts("a1", "Reuters", shared), make_facts("a2", "Unheard Of Gazette", shared)]
    profiles = {"Reuters": {"country": "Nowhere", "ownership": "cooperative"}}
    brief = build_brief(facts, outlet_profiles=profiles, lexicon=load_lexicon())
    by_name = {p.outlet: p for p in brief.outlets}
    assert by_name["Reuters"].profile.country == "Nowhere" and "based in Nowhere" in by_name["Reuters"].statement
    assert by_name["Unheard Of Gazette"].profile is None
    assert all(p.profile is None for p in build_brief(facts, outlet_profiles={}).outlets)
    assert all(p.profile is None for p in build_brief(facts).outlets)  # not given: none known
