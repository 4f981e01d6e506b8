"""spaCy's attribute ruler, with its patterns looked up by token instead of tried at every token.

The stock ``attribute_ruler`` runs a ``Matcher`` holding all its patterns (179 in the English
pipelines: tag → part of speech and morphology, plus exceptions) over every token; that costs
as much as the parser (3.8 s of a 32 s pass over 500 articles). Nearly every pattern fixes the
first token's tag, lower-case form or dependency, so an index on those values finds the few
candidates for a token at once. The annotations are the same: patterns are matched on the
tokens as the earlier components left them, then applied in the ruler's own order (later
patterns win), with spaCy's own ``set_token_attrs``. A ruler using anything the index does not
understand (operators, other attributes or predicates) is left as it is.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

log = logging.getLogger(__name__)

INDEXED_ATTRIBUTE_RULER = "briefing_indexed_attribute_ruler"

# Matcher attributes the index understands: string attributes (compared as hashes), flags (0/1).
STRING_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "TAG": "TAG", "DEP": "DEP"}
FLAG_ATTRS = ("IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_TITLE", "IS_LOWER", "IS_UPPER")
MAX_REMEMBERED = 200_000  # distinct token rows kept (``PatternIndex.seen``): a few tens of MB at most
INDEXED = ("TAG", "LOWER", "ORTH", "DEP")  # the first token's value looked up, in this preference


class Unsupported(ValueError):
    """A pattern the index cannot match exactly as the Matcher would."""


@dataclass(frozen=True)
class Check:
    column: int
    equals: int | None = None
    within: frozenset[int] | None = None
    outside: frozenset[int] | None = None
    regex: re.Pattern | None = None

    def passes(self, value: int, strings) -> bool:
        if self.equals is not None and value != self.equals:
            return False
        if self.within is not None and value not in self.within:
            return False
        if self.outside is not None and value in self.outside:
            return False
        return self.regex is None or self.regex.search(strings[value]) is not None


@dataclass(frozen=True)
class CompiledPattern:
    rule: int  # the ruler's pattern group: its attrs and index, and its precedence
    tokens: tuple[tuple[Check, ...], ...]


@dataclass
class Filed:
    """Patterns filed under the (column, value) their first token needs, or tried everywhere."""

    by_value: dict[tuple[int, int], list[CompiledPattern]] = field(default_factory=dict)
    everywhere: list[CompiledPattern] = field(default_factory=list)

    keyed_columns: tuple[int, ...] = ()

    def add(self, pattern: CompiledPattern, keys: list[tuple[int, int]] | None) -> None:
        if keys is None:
            self.everywhere.append(pattern)
        for key in keys or ():
            self.by_value.setdefault(key, []).append(pattern)
        self.keyed_columns = tuple(sorted({column for column, _ in self.by_value}))

    def candidates(self, row: Sequence[int]) -> list[CompiledPattern]:
        found = list(self.everywhere)
        for column in self.keyed_columns:
            found.extend(self.by_value.get((column, row[column]), ()))
        return found


@dataclass
class PatternIndex:
    columns: list[str]  # the token attributes the patterns read, as ``Doc.to_array`` gives them
    one_token: Filed = field(default_factory=Filed)
    longer: Filed = field(default_factory=Filed)
    # What a token's own values decide (``_first_token_matches``), remembered per distinct row
    # of values, so a common word costs one lookup.
    seen: dict[tuple[int, ...], tuple] = field(default_factory=dict)


def compile_patterns(patterns: Sequence[dict], vocab) -> PatternIndex:
    """The ruler's ``patterns`` (``AttributeRuler.patterns``) as an index; raises Unsupported."""
    specs = [spec for entry in patterns for pattern in entry["patterns"] for spec in pattern]
    columns = sorted({_column_name(name) for spec in specs for name in spec})
    index = PatternIndex(columns)
    for rule, entry in enumerate(patterns):
        for pattern in entry["patterns"]:
            if not pattern:
                raise Unsupported("an empty pattern")
            compiled = CompiledPattern(rule, tuple(_token_checks(spec, columns, vocab) for spec in pattern))
            filed = index.one_token if len(pattern) == 1 else index.longer
            filed.add(compiled, _index_keys(pattern[0], columns, vocab))
    return index


def _column_name(name: str) -> str:
    if name in STRING_ATTRS:
        return STRING_ATTRS[name]
    if name in FLAG_ATTRS:
        return name
    raise Unsupported(f"attribute {name!r}")


def _token_checks(spec: dict, columns: list[str], vocab) -> tuple[Check, ...]:
    checks = []
    for name, wanted in spec.items():
        is_flag = name in FLAG_ATTRS
        column = columns.index(_column_name(name))
        if not isinstance(wanted, dict):
            checks.append(Check(column, equals=_value(wanted, is_flag, vocab)))
            continue
        for predicate, argument in wanted.items():
            if predicate == "IN":
                checks.append(Check(column, within=frozenset(_value(v, is_flag, vocab) for v in argument)))
            elif predicate == "NOT_IN":
                checks.append(Check(column, outside=frozenset(_value(v, is_flag, vocab) for v in argument)))
            elif predicate == "REGEX" and not is_flag:
                checks.append(Check(column, regex=re.compile(argument)))
            else:
                raise Unsupported(f"predicate {predicate!r} on {name}")
    return tuple(checks)


def _value(value, is_flag: bool, vocab) -> int:
    if is_flag:
        if not isinstance(value, bool):
            raise Unsupported(f"flag value {value!r}")
        return int(value)
    if not isinstance(value, str):
        raise Unsupported(f"value {value!r}")
    return vocab.strings.add(value)


def _index_keys(spec: dict, columns: list[str], vocab) -> list[tuple[int, int]] | None:
    """The (column, value) keys under which a pattern starting with ``spec`` is filed; None: any token."""
    for name in INDEXED:
        for key, wanted in spec.items():
            if STRING_ATTRS.get(key) != name:
                continue
            column = columns.index(name)
            if isinstance(wanted, str):
                return [(column, vocab.strings.add(wanted))]
            if isinstance(wanted, dict) and set(wanted) == {"IN"}:
                return [(column, vocab.strings.add(v)) for v in wanted["IN"]]
    return None


def _passes(pattern: CompiledPattern, rows: list, start: int, strings, first: int = 0) -> bool:
    """Whether ``pattern`` matches the rows from ``start``, its tokens before ``first`` known to."""
    return all(
        check.passes(rows[at][check.column], strings)
        for at, checks in enumerate(pattern.tokens[first:], start + first)
        for check in checks
    )


def _first_token_matches(index: PatternIndex, row: tuple[int, ...], strings):
    """The rules of one-token patterns a token with these values matches, and the longer
    patterns whose first token it matches: the same for every token with the same values."""
    single = tuple(p.rule for p in index.one_token.candidates(row) if _passes(p, [row], 0, strings))
    longer = tuple(
        p for p in index.longer.candidates(row) if all(c.passes(row[c.column], strings) for c in p.tokens[0])
    )
    return single, longer


def find_matches(index: PatternIndex, doc: Doc) -> list[tuple[int, int, int]]:
    """(rule, start, end) of every pattern match, in the order the ruler applies them."""
    if len(doc) == 0:
        return []
    rows = [tuple(row) for row in doc.to_array(index.columns).reshape(len(doc), -1).tolist()]
    strings = doc.vocab.strings
    found = set()
    for start, row in enumerate(rows):
        known = index.seen.get(row)
        if known is None:
            if len(index.seen) >= MAX_REMEMBERED:
                index.seen.clear()
            known = index.seen[row] = _first_token_matches(index, row, strings)
        single, longer = known
        found.update((rule, start, start + 1) for rule in single)
        for pattern in longer:
            end = start + len(pattern.tokens)
            if end <= len(rows) and _passes(pattern, rows, start, strings, first=1):
                found.add((pattern.rule, start, end))
    return sorted(found)


class IndexedAttributeRuler:
    """Applies an ``AttributeRuler``'s rules (its ``attrs`` and ``indices``) through a ``PatternIndex``."""

    def __init__(self, name: str = INDEXED_ATTRIBUTE_RULER):
        self.name = name
        self.index: PatternIndex | None = None
        self.attrs: list[dict] = []
        self.indices: list[int] = []

    def __call__(self, doc: Doc) -> Doc:
        for rule, start, end in find_matches(self.index, doc):
            at = self.indices[rule]
            token = start + at if at >= 0 else end + at  # the Span's indexing, without making a Span
            if not start <= token < end:
                raise ValueError(f"attribute rule {rule} points at token {at} of a {end - start}-token match")
            set_token_attrs(doc[token], self.attrs[rule])
        return doc


@Language.factory(INDEXED_ATTRIBUTE_RULER)
def make_indexed_attribute_ruler(nlp: Language, name: str) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(name)


def index_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> Language:
    """Swap the pipeline's stock attribute ruler for the indexed one, where it can stand in."""
    ruler = nlp.get_pipe(name) if name in nlp.pipe_names else None
    if ruler is None or isinstance(ruler, IndexedAttributeRuler):
        return nlp
    try:
        index = compile_patterns(ruler.patterns, ruler.vocab)
    except Unsupported as why:
        log.info("keeping spaCy's attribute ruler: its patterns use %s", why)
        return nlp
    indexed = nlp.replace_pipe(name, INDEXED_ATTRIBUTE_RULER)
    indexed.index, indexed.attrs, indexed.indices = index, list(ruler.attrs), list(ruler.indices)
    return nlp
