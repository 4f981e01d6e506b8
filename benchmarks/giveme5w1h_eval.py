"""Real articles as crawlers hand them: Giveme5W1H's 2016 stories, one brief per story folder.

    .venv/bin/python -m benchmarks.giveme5w1h_eval [--data PATH] [--story NAME] [--json PATH]

For each folder of ``../shared/data/giveme5w1h`` (one story, several outlets, text as the
crawler extracted it: one paragraph with captions, credits and prompts run in) it runs
``briefing build FOLDER --format json`` (the command itself, in this process) and reports:

- articles kept: articles in the brief's sources / records in the folder (goal: all);
- outlets named: sources whose outlet is not "unknown outlet" (goal: all), and named right: the
  outlet hosting the article's URL matches the gold publisher (its slug, "dailymail", is in
  one of the outlet's registry domains, or is the registrable domain the outlet was named by);
- who found: the gold "who" of the folder's articles (distinct, after lower-casing) for which
  one of the brief's actors has a name or alias standing in the gold phrase as whole words
  ("Red Bull boss Christian Horner" is found by "Christian Horner"), or the gold phrase stands
  in one of them;
- when found: the gold "when" days of the folder's articles (distinct) that are the date of
  one of the brief's events;
- glued furniture: sentences shown in the brief (event summaries, key developments, actor and
  quote citations) that still carry caption, credit or link text (see ``FURNITURE``; goal 0).

Then all the folders mixed together in one ``briefing build`` (a small week of news): every
article must be kept. Exits 0 with a message when the data folder is absent.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from unidecode import unidecode

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "giveme5w1h"

# Page furniture that must never be read inside a sentence of a brief.
FURNITURE = re.compile(
    r"Media caption|Image caption|Image copyright|\bRead more\b|\(Photo:|\bPhoto: |\bGetty Images\b|Click to share"
    r"|pic\.twitter\.com|Skip Ad|Video Loading|Invalid Email|Continue reading the main story|Play slideshow"
    r"|Read or Share this story|-LRB- Photo|\bAP:Associated Press\b|\bPA:Press Association\b"
)


def stories(data: Path = DATA) -> list[Path]:
    return sorted(p for p in data.iterdir() if (p / "articles.jsonl").is_file()) if data.is_dir() else []


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", unidecode(text).lower()).split())


def run_build(sources: Sequence[Path], out: Path) -> tuple[dict, int]:
    """The brief.json of ``briefing build SOURCES --format json`` and the command's exit code."""
    from briefing.cli import main

    args = [*map(str, sources), "--format", "json", "--out", str(out), "--title", "Evaluation"]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(["-q", "build", *args])
    written = out / "brief.json"
    return (json.loads(written.read_text(encoding="utf-8")) if written.is_file() else {}), code


def brief_sentences(brief: dict) -> list[str]:
    """Every sentence the brief shows a reader."""
    out = [e.get("summary") or "" for e in brief.get("events", [])]
    out += [k.get("text") or "" for k in brief.get("key_developments", [])]
    for group in ("actors", "events", "quotes", "key_developments"):
        for item in brief.get(group, []):
            citations = [*item.get("citations", []), *([item["citation"]] if item.get("citation") else [])]
            out += [c.get("sentence") or "" for c in citations]
    return [s for s in out if s]


def glued(sentences: Iterable[str]) -> list[str]:
    return sorted({s for s in sentences if FURNITURE.search(s)})


def who_found(gold_who: Iterable[str], brief: dict) -> tuple[int, int, list[str]]:
    names = {
        _norm(n)
        for actor in brief.get("actors", [])
        for n in (actor.get("name", ""), *actor.get("aliases", []))
        if len(_norm(n)) >= 3
    }
    gold = sorted({_norm(w) for w in gold_who if _norm(w)})
    missed = [g for g in gold if not any(_names(n, g) for n in names)]
    return len(gold) - len(missed), len(gold), missed


def _names(name: str, phrase: str) -> bool:
    """The actor's name stands in the gold phrase as whole words, or the phrase is one of its words."""
    return bool(re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", phrase)) or phrase in name.split(" ")


def when_found(gold_when: Iterable[str], brief: dict) -> tuple[int, int, list[str]]:
    days = {e.get("date") for e in brief.get("events", [])}
    gold = sorted({w[:10] for w in gold_when if w})
    missed = [d for d in gold if d not in days]
    return len(gold) - len(missed), len(gold), missed


def outlet_right(source: dict, publisher: str | None, registry) -> bool:
    """The named outlet's registry domains (or the domain it was named by) hold the gold publisher slug."""
    if not publisher:
        return False
    outlet = registry.get(source.get("outlet") or "")
    hosts = outlet.domains if outlet is not None else (source.get("outlet") or "",)
    slug = publisher.lower()
    return any(slug in host.replace(".", "").replace("-", "") for host in hosts)


def evaluate_story(folder: Path, out: Path, registry) -> dict:
    lines = (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    gold_file = folder.parent / "gold" / f"{folder.name}.json"
    gold = {g["url"]: g for g in json.loads(gold_file.read_text(encoding="utf-8"))} if gold_file.is_file() else {}
    brief, code = run_build([folder], out)
    sources = brief.get("sources", [])
    named = [s for s in sources if s.get("outlet") and s["outlet"] != "unknown outlet"]
    right = [s for s in named if outlet_right(s, gold.get(s.get("url"), {}).get("publisher"), registry)]
    who = who_found([w for g in gold.values() for w in g.get("who", [])], brief)
    when = when_found([w for g in gold.values() for w in g.get("when", [])], brief)
    junk = glued(brief_sentences(brief))
    return {
        "story": folder.name,
        "articles": len(records),
        "kept": len(sources),
        "outlets_named": len(named),
        "outlets_right": len(right),
        "who_found": who[0],
        "who_gold": who[1],
        "who_missed": who[2],
        "when_found": when[0],
        "when_gold": when[1],
        "when_missed": when[2],
        "glued": junk,
        "sentences": len(brief_sentences(brief)),
        "exit": code,
    }


def evaluate(data: Path = DATA, only: Sequence[str] = ()) -> dict | None:
    """Per-story figures, totals, and the mixed build; None when the data is absent."""
    from briefing.ingest import load_registry

    folders = [f for f in stories(data) if not only or f.name in only]
    if not folders:
        return None
    with tempfile.TemporaryDirectory(prefix="briefing-g5-") as tmp:
        registry = load_registry()
        results = [evaluate_story(f, Path(tmp) / f.name, registry) for f in folders]
        mixed_brief, _ = run_build(folders, Path(tmp) / "mixed")
    total = {key: sum(r[key] for r in results) for key in ("articles", "kept", "outlets_named", "outlets_right")}
    total.update({key: sum(r[key] for r in results) for key in ("who_found", "who_gold", "when_found", "when_gold")})
    total["glued"] = sum(len(r["glued"]) for r in results)
    total["sentences"] = sum(r["sentences"] for r in results)
    mixed = {"articles": total["articles"], "kept": len(mixed_brief.get("sources", []))}
    mixed["glued"] = glued(brief_sentences(mixed_brief))
    return {"stories": results, "total": total, "mixed": mixed}


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.1f}%)" if b else "-"


def format_table(result: dict) -> str:
    head = "| story | kept | outlets named | named right | who found | when found | glued |"
    lines = [head, "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in [*result["stories"], {"story": "**all**", **result["total"]}]:
        n_glued = r["glued"] if isinstance(r["glued"], int) else len(r["glued"])
        lines.append(
            f"| {r['story']} | {r['kept']}/{r['articles']} | {r['outlets_named']}/{r['kept']} | "
            f"{r['outlets_right']}/{r['kept']} | {_pct(r['who_found'], r['who_gold'])} | "
            f"{_pct(r['when_found'], r['when_gold'])} | {n_glued}/{r['sentences']} |"
        )
    mixed = result["mixed"]
    lines.append("")
    lines.append(
        f"All folders mixed in one build: {mixed['kept']}/{mixed['articles']} articles kept, "
        f"{len(mixed['glued'])} sentence(s) with glued furniture."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"Giveme5W1H folder (default {DATA})")
    parser.add_argument("--story", action="append", default=[], help="only this story folder; repeatable")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed gold items and glued sentences")
    args = parser.parse_args(argv)
    result = evaluate(args.data, args.story)
    if result is None:
        print(f"Giveme5W1H data not found at {args.data} (shared data folder absent): nothing to evaluate.")
        return 0
    print(format_table(result))
    if args.verbose:
        for r in result["stories"]:
            print(f"\n{r['story']}: who missed {r['who_missed']}; when missed {r['when_missed']}")
            for sentence in r["glued"]:
                print(f"  glued: {sentence}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
