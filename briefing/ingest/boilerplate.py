"""Boilerplate removal: keep the article body, drop page furniture, remember what went.

Pages pasted as text carry navigation, captions, credits, appeals and paywalls around the
article. Two things find them:

* signatures, kept as data in ``briefing/data/boilerplate.yaml`` (users can add their own), and
* general heuristics here: duplicated lines (image alt text + caption), caption markers
  ("(right)", "(R)"), photo credits ("Name / POOL / TASS"), everything before the headline,
  everything from a closing marker (reporting credit, paywall, appeal) on, and a trailing block
  of short non-sentence lines.

The cleaner works on whole lines: it only normalises odd spaces (no-break, zero-width) and
re-joins hard-wrapped prose, so every kept sentence reads exactly as the page said it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from briefing.ingest.published import is_date_alone
from briefing.ingest.units import Unit, caption_end, needs_split, split_units

STRONG = "strong"
WEAK = "weak"
KINDS = frozenset(
    {"navigation", "widget", "caption", "credit", "appeal", "paywall", "promo", "meta", "selfdesc", "feed", "comment"}
)
# Kinds that name *other* organisations (agencies, photographers, bylines, other outlets'
# headlines, readers' comments): never a clue to whose page this is.
FOREIGN_KINDS = frozenset({"caption", "credit", "meta", "duplicate", "feed", "comment"})
# Kinds whose first line turns the rest of the page into more of the same (a comment thread).
_READERS_KINDS = frozenset({"comment", "feed"})

MAX_CAPTION_WORDS = 30  # captions and headlines are shorter; a longer unit is reporting
_SENTENCE_END = re.compile(r"""[.!?…](?:\s*["'”’)\]]+)*$""")
# Reported speech: quotation marks or a verb of saying mark a line as article text.
_REPORTED = re.compile(r"[\"“”]|\b(?:said|says|told|tells|according to|added|stated)\b")
_SPACES = re.compile(r"[^\S\n]+")  # any run of whitespace but newlines (includes U+00A0, U+2009)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Copy that speaks to the reader: appeals and promotions do, news sentences do not.
_ADDRESS = re.compile(r"\b(?:you|your|you're|we|we're|our|us)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
# "(right)", "(R)", "(2nd L)", "(center)": where someone stands in a photo.
_POSITION = re.compile(
    r"\((?:(?:\d(?:st|nd|rd|th)|far|second|third) )?(?:R|L|C|right|left|centre|center|top|bottom|"
    r"front|back|rear|centre-left|centre-right|center-left|center-right)\)"
)
# "Alexei Maishev / POOL / TASS", "YURI KOCHETKOV/AFP/Getty Images": a credit of two or more
# slash-separated capitalised names closing the line.
_SLASH_CREDIT = re.compile(
    r"(?:^|[\s.—–-])[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
    r"(?:\s*/\s*[A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*){0,3}){1,4}\s*\)?$"
)

# "REUTERS/Evgenia Novozhenina": one slash is enough when one side is a picture agency.
_AGENCY_SLASH = re.compile(
    r"\b(?:AFP|AP|REUTERS|Reuters|EPA|Getty Images|TASS|POOL|Sputnik|Xinhua|Anadolu|SIPA|Shutterstock)\s*/"
    r"|/\s*(?:AFP|AP|REUTERS|Reuters|EPA|Getty Images|TASS|POOL|Sputnik|Xinhua|Anadolu|SIPA|Shutterstock)\b"
)


@dataclass(frozen=True)
class Rule:
    """One signature: patterns that identify a kind of boilerplate line."""

    name: str
    kind: str
    strength: str = STRONG
    ends_body: bool = False
    full_line: bool = False
    patterns: tuple[re.Pattern[str], ...] = ()
    outlet: str | None = None  # set when the rule is an outlet's own self-description
    inline: bool = False  # the match alone is furniture: cut out of its sentence, the rest kept
    runs_on: bool = False  # (inline) caption text follows the match, up to the next sentence start


@dataclass(frozen=True)
class Verdict:
    """Why a line looks like boilerplate (``kind`` is None for article text)."""

    kind: str | None = None
    strength: str = WEAK
    ends_body: bool = False
    outlets: tuple[str, ...] = ()  # outlet names the line claims as its own
    whole: bool = False  # a full-line signature, or a kind that speaks for the whole line


PLAIN = Verdict()


@dataclass(frozen=True)
class Line:
    text: str
    block: int  # paragraph block (lines separated by blank lines)


@dataclass(frozen=True)
class Removed:
    text: str
    kind: str  # a rule kind, or "head" / "tail" / "trailing" / "duplicate" for heuristics
    outlets: tuple[str, ...] = ()
    header: bool = False  # stood in the page header (above the first paragraph after any standfirst)


@dataclass(frozen=True)
class Cleaned:
    """Result of cleaning: the body text, the headline line if one was found, what went."""

    text: str
    headline: str | None = None
    removed: tuple[Removed, ...] = ()
    first_body: str | None = None  # first body paragraph (for datelines)
    lines: tuple[str, ...] = field(default=())  # kept lines, in order


# --------------------------------------------------------------------------- rules


def parse_rules(data: object, source: str = "boilerplate rules") -> tuple[Rule, ...]:
    """Turn the YAML structure into compiled rules, with errors that name the bad rule."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ValueError(f"{source}: expected a mapping with a 'rules' list")
    rules = []
    for n, raw in enumerate(data["rules"], start=1):
        if not isinstance(raw, dict):
            raise ValueError(f"{source}: rule {n} is not a mapping")
        name = str(raw.get("name", f"rule {n}"))
        kind = raw.get("kind")
        if kind not in KINDS:
            raise ValueError(f"{source}: rule {name!r} has unknown kind {kind!r}")
        strength = raw.get("strength", STRONG)
        if strength not in (STRONG, WEAK):
            raise ValueError(f"{source}: rule {name!r}: strength must be strong or weak")
        flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
        patterns = raw.get("patterns") or []
        if not isinstance(patterns, list):
            raise ValueError(f"{source}: rule {name!r}: patterns must be a list")
        if raw.get("inline") and (raw.get("full_line") or raw.get("ends_body")):
            raise ValueError(f"{source}: rule {name!r}: an inline rule cannot be full_line or ends_body")
        if raw.get("runs_on") and not raw.get("inline"):
            raise ValueError(f"{source}: rule {name!r}: runs_on needs inline: true")
        compiled = []
        for p in patterns:
            try:
                compiled.append(re.compile(str(p), flags))
            except re.error as exc:
                raise ValueError(f"{source}: rule {name!r}: bad pattern {p!r}: {exc}") from exc
        rules.append(
            Rule(
                name=name,
                kind=kind,
                strength=strength,
                ends_body=bool(raw.get("ends_body", False)),
                full_line=bool(raw.get("full_line", False)),
                patterns=tuple(compiled),
                inline=bool(raw.get("inline", False)),
                runs_on=bool(raw.get("runs_on", False)),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=1)
def _packaged_rules() -> tuple[Rule, ...]:
    text = resources.files("briefing").joinpath("data/boilerplate.yaml").read_text(encoding="utf-8")
    return parse_rules(yaml.safe_load(text), "briefing/data/boilerplate.yaml")


def load_rules(extra: Path | None = None) -> tuple[Rule, ...]:
    """Packaged signatures plus, optionally, a user file with the same schema added after them."""
    rules = _packaged_rules()
    if extra is not None:
        data = yaml.safe_load(Path(extra).read_text(encoding="utf-8"))
        rules = rules + parse_rules(data, str(extra))
    return rules


# --------------------------------------------------------------------------- lines


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_sentence(text: str) -> bool:
    """Ends like a sentence (full stop, question or exclamation mark, maybe a closing quote)."""
    return bool(_SENTENCE_END.search(text))


def is_body_like(text: str) -> bool:
    """A paragraph of prose: several words ending like a sentence, or simply long."""
    n = len(words(text))
    return (n >= 8 and is_sentence(text)) or n >= 30


def split_lines(text: str) -> list[Line]:
    """Non-empty stripped lines with their block number; hard-wrapped prose is re-joined."""
    out: list[Line] = []
    block = 0
    for raw in text.splitlines():
        line = normalise_spaces(raw)
        if not line:
            block += 1
            continue
        prev = out[-1] if out else None
        if prev is not None and prev.block == block and _continues(prev.text, line):
            out[-1] = Line(f"{prev.text} {line}", block)
        else:
            out.append(Line(line, block))
    return out


def normalise_spaces(line: str) -> str:
    """Odd spaces (no-break, thin, zero-width) made plain and runs collapsed: same words, one form."""
    return _SPACES.sub(" ", _ZERO_WIDTH.sub("", line)).strip()


def _continues(prev: str, line: str) -> bool:
    """Hard-wrapped prose: a long line cut mid-sentence, the next one starting in lower case."""
    return len(prev) >= 40 and not is_sentence(prev) and not prev.endswith(":") and line[:1].islower()


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


# --------------------------------------------------------------------------- classify


def classify(text: str, rules: Sequence[Rule]) -> Verdict:
    """The first matching signature (strong ones win), else the caption heuristics, else plain."""
    found: Verdict | None = None
    for rule in rules:
        if rule.inline:
            continue
        for pattern in rule.patterns:
            m = pattern.fullmatch(text) if rule.full_line else pattern.search(text)
            if not m:
                continue
            outlets = tuple(o for o in [rule.outlet, m.groupdict().get("outlet")] if o)
            whole = rule.full_line or rule.ends_body or rule.kind in _READERS_KINDS
            verdict = Verdict(rule.kind, rule.strength, rule.ends_body, outlets, whole)
            if rule.strength == STRONG:
                return verdict
            found = found or verdict
            break
    if _is_caption(text):
        return Verdict("caption", STRONG)
    return found or PLAIN


def _is_caption(text: str) -> bool:
    """Photo captions: a position marker in a one-sentence line, or a closing slash credit."""
    if _POSITION.search(text) and len(re.findall(r"[.!?](?:\s|$)", text)) <= 1:
        return True
    if is_sentence(text):
        return False
    m = _SLASH_CREDIT.search(text)
    return bool(m) and (m.group(0).count("/") >= 2 or bool(_AGENCY_SLASH.search(m.group(0))))


def _duplicates(lines: Sequence[Line]) -> dict[int, str]:
    """Repeated lines are page furniture, but a sentence must survive once.

    Exactly two identical lines in a row are image alt text plus caption: both go (unless the
    line reads as a headline, repeated as the page's first line). Otherwise the repeats go and
    the first stays: a longer run of one paragraph, a near-identical neighbour, a long line
    repeated further down (a pull quote, a teaser).
    """
    out: dict[int, str] = {}
    seen: set[str] = set()
    i = 0
    while i < len(lines):
        key = _norm(lines[i].text)
        run = 1
        while i + run < len(lines) and _norm(lines[i + run].text) == key:
            run += 1
        n = len(words(key))
        if run == 2 and n >= 3 and not is_title_like(lines[i].text):
            out[i] = out[i + 1] = "caption"
        else:
            for j in range(i + 1, i + run):
                out[j] = "duplicate"
            repeated = n >= 10 and key in seen
            near_neighbour = n >= 6 and i > 0 and i - 1 not in out and _near_same(lines[i - 1].text, lines[i].text)
            if repeated or near_neighbour:
                out[i] = "duplicate"
        seen.add(key)
        i += run
    return out


def _near_same(a: str, b: str) -> bool:
    return fuzz.ratio(_norm(a), _norm(b)) >= 92


# --------------------------------------------------------------------------- headline


def is_title_like(text: str) -> bool:
    """A headline: a short line, not ending in a full stop, comma or colon, and not a date stamp
    ("9:53 AM, MON 22 JUL 2013" opens many pages above their headline)."""
    n = len(words(text))
    if not 3 <= n <= 25 or len(text) > 200:
        return False
    if is_date_alone(text):
        return False
    if text[-1] in ".,;:" or text.startswith(("By ", "by ")):
        return False
    first = text.lstrip("'\"‘“([")[:1]
    return first.isupper() or first.isdigit()


def find_headline(
    lines: Sequence[Line],
    verdicts: Sequence[Verdict],
    hint: str | None = None,
    *,
    search: bool = True,
    window: int = 15,
) -> int | None:
    """Index of the headline: near the top, before any body paragraph, followed by body text.

    A known title (``hint``) is looked for first; ``search=False`` stops there.
    """
    if hint:
        for i, line in enumerate(lines[:window]):
            if fuzz.ratio(_norm(line.text), _norm(hint)) >= 90:
                return i
    if not search:
        return None
    # Tightest first: right above the body or its standfirst (a section label sits higher);
    # a headline may contain a weak phrase ("ads", "donation"): last try.
    for within, allow_weak in ((2, False), (3, False), (3, True)):
        for i, line in enumerate(lines[:window]):
            verdict = verdicts[i]
            if verdict.kind is not None and (verdict.strength == STRONG or not allow_weak):
                continue
            if is_body_like(line.text) and verdict.kind is None:
                break
            if is_title_like(line.text) and _body_follows(lines, verdicts, i + 1, within):
                return i
    return None


def _body_follows(lines: Sequence[Line], verdicts: Sequence[Verdict], start: int, within: int) -> bool:
    """A body paragraph comes within ``within`` lines (after a standfirst, a byline); furniture
    is not counted."""
    seen = 0
    for line, verdict in zip(lines[start:], verdicts[start:], strict=True):
        if verdict.kind is not None and verdict.strength == STRONG:
            continue
        if is_body_like(line.text) and verdict.kind is None:
            return True
        seen += 1
        if seen >= within:
            return False
    return False


# --------------------------------------------------------------------------- clean


def clean(
    text: str,
    rules: Sequence[Rule] | None = None,
    *,
    extra_rules: Iterable[Rule] = (),
    headline: bool = True,
    title_hint: str | None = None,
) -> Cleaned:
    """Split ``text`` into body and boilerplate.

    ``headline=False`` skips the headline search (HTML extraction already dropped the page
    header); ``title_hint`` (a known title) is looked for first.
    """
    rules = tuple(rules if rules is not None else load_rules()) + tuple(extra_rules)
    lines = split_lines(text)
    verdicts = [classify(line.text, rules) for line in lines]
    for i, line in enumerate(lines):
        # a caption inside a paragraph of several sentences takes only itself: judged per unit below
        if verdicts[i].kind is not None and not verdicts[i].whole and needs_split(line.text):
            verdicts[i] = PLAIN
    for i, kind in _duplicates(lines).items():
        if verdicts[i].kind is None or verdicts[i].strength == WEAK:
            verdicts[i] = Verdict(kind, STRONG)

    zone: dict[int, str] = {}  # line index -> why it goes, for lines removed by position

    head = find_headline(lines, verdicts, title_hint, search=headline)
    if head is not None:
        for i in range(head):
            zone[i] = "head"
    else:
        for i, line in enumerate(lines):  # leading boilerplate before the first paragraph
            if is_body_like(line.text) and verdicts[i].kind is None:
                break
            if verdicts[i].kind is not None:
                zone[i] = "head"

    start = (head + 1) if head is not None else 0
    first_body = next(
        (
            i
            for i in range(start, len(lines))
            if verdicts[i].kind is None and i not in zone and is_body_like(lines[i].text)
        ),
        None,
    )
    second_body = next(
        (
            i
            for i in range((first_body or 0) + 1, len(lines))
            if verdicts[i].kind is None and i not in zone and is_body_like(lines[i].text)
        ),
        len(lines),
    )
    for i in range(start, first_body if first_body is not None else start):
        if _header_furniture(lines[i].text, verdicts[i]):  # "Save", "Listen", under the headline
            zone[i] = "head"
    end = len(lines)
    if first_body is not None:
        for i in range(first_body + 1, len(lines)):
            if verdicts[i].ends_body:
                end = i
                break
    # after a comment thread's first comment (or a feed) every line is readers' words too
    tail = verdicts[end].kind if end < len(lines) and verdicts[end].kind in _READERS_KINDS else "tail"
    for i in range(end, len(lines)):
        zone[i] = tail
    for i in _trailing_block(lines, verdicts, start, end):
        zone[i] = "trailing"

    inline = [rule for rule in rules if rule.inline]
    kept: list[Line] = []
    removed: list[Removed] = []
    for i, line in enumerate(lines):
        verdict = verdicts[i]
        if i == head:
            continue
        if i in zone or (verdict.kind is not None and verdict.strength == STRONG):
            kind = verdict.kind or zone.get(i, "head")
            header = i < min(second_body, end) and zone.get(i) != "trailing"
            removed.append(Removed(line.text, kind, verdict.outlets, header))
            continue
        body, cut = clean_units(line.text, rules, inline)
        removed.extend(cut)
        if words(body):
            kept.append(Line(body, line.block))
    return Cleaned(
        text=_join(kept),
        headline=lines[head].text if head is not None else None,
        removed=tuple(removed),
        first_body=lines[first_body].text if first_body is not None else None,
        lines=tuple(line.text for line in kept),
    )


# --------------------------------------------------------------------------- units


def clean_units(text: str, rules: Sequence[Rule], inline: Sequence[Rule] | None = None) -> tuple[str, list[Removed]]:
    """A kept line with the furniture inside it cut out: inline signatures everywhere, and in a
    line of several sentences each unit judged on its own (see ``units``). ``inline``: the inline
    rules among ``rules``, when the caller has picked them out already."""
    removed: list[Removed] = []
    inline = [rule for rule in rules if rule.inline] if inline is None else inline
    text = _cut_inline(text, inline, removed)
    if not needs_split(text):
        return text, removed
    kept: list[str] = []
    for unit in split_units(text):
        if not words(unit.text):
            removed.append(Removed(unit.text, "widget"))
            continue
        verdict = classify(unit.text, rules)
        if verdict.kind is not None and verdict.strength == STRONG:
            removed.append(Removed(unit.text, verdict.kind, verdict.outlets))
        elif _glued_caption(unit):
            removed.append(Removed(unit.text, "caption"))
        else:
            kept.append(unit.text)
    return " ".join(kept), removed


def _glued_caption(unit: Unit) -> bool:
    """Text that ran into the next sentence with no full stop: a caption, headline or link text.
    A long one, or one that reports speech, is a sentence that lost its full stop: it stays."""
    return unit.open_end and len(words(unit.text)) <= MAX_CAPTION_WORDS and not _REPORTED.search(unit.text)


def _cut_inline(text: str, rules: Sequence[Rule], removed: list[Removed]) -> str:
    """``text`` without the spans inline rules match (and the caption text a marker runs on to)."""
    for rule in rules:
        for pattern in rule.patterns:
            while (m := pattern.search(text)) and m.end() > m.start():
                end = m.end()
                if rule.runs_on:
                    end += caption_end(text[end:])
                removed.append(Removed(text[m.start() : end].strip(), rule.kind, (rule.outlet,) if rule.outlet else ()))
                text = (text[: m.start()].rstrip() + " " + text[end:].lstrip()).strip()
    return text


def _trailing_block(lines: Sequence[Line], verdicts: Sequence[Verdict], start: int, end: int) -> list[int]:
    """Lines of the block of short or commercial lines after the last body paragraph.

    Walking up from the end, lines that are boilerplate or short (<= 12 words) form the
    candidate block. It starts at its first line that is boilerplate or not a sentence, so a
    short closing sentence of the article ("He declined to comment.") stays; below that start,
    boilerplate, non-sentences and very short lines ("Remind me later.") go, other sentences stay.
    """
    top = end
    while top > start:
        line, verdict = lines[top - 1], verdicts[top - 1]
        if not _furniture(line.text, verdict) and len(words(line.text)) > 12:
            break
        top -= 1
    out: list[int] = []
    for i in range(top, end):
        text = lines[i].text
        if _furniture(text, verdicts[i]) or not is_sentence(text) or (out and len(words(text)) <= 4):
            out.append(i)
    return out


def _header_furniture(text: str, verdict: Verdict) -> bool:
    """Between headline and body: buttons, labels and the date stamp go, a standfirst stays."""
    return _furniture(text, verdict) or (not is_sentence(text) and (len(words(text)) <= 3 or is_date_alone(text)))


def _furniture(text: str, verdict: Verdict) -> bool:
    """Boilerplate for sure, or a weak match that reads like copy addressed to the reader.

    A weak phrase ("donate", "subscribe") in a third-person sentence or a quotation is news
    ("BP is to donate money ..."); in a short line or one speaking to "you" / "we", an appeal.
    """
    if verdict.kind is None:
        return False
    if verdict.strength == STRONG:
        return True
    if _REPORTED.search(text):
        return False
    return len(words(text)) <= 12 or bool(_ADDRESS.search(text))


def _join(lines: Sequence[Line]) -> str:
    """Lines of one block joined by a newline, blocks by a blank line."""
    parts: list[str] = []
    prev: int | None = None
    for line in lines:
        if prev is not None:
            parts.append("\n" if line.block == prev else "\n\n")
        parts.append(line.text)
        prev = line.block
    return "".join(parts)
