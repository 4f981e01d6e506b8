"""Readers, one per input format: bytes on disk -> decoded documents with their own metadata.

A reader never guesses: metadata written in the file (front matter, JSON fields) is GIVEN;
metadata an HTML page states about itself (via trafilatura) is kept apart as ``page`` so the
caller can mark it INFERRED. Nothing is fetched over the network.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml
from charset_normalizer import from_bytes

from briefing.model import Problem

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_FRONT_MATTER = 64 * 1024  # YAML front matter beyond this is refused (no YAML bombs)
META_FIELDS = ("title", "outlet", "published", "url")
TEXT_FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
HTML_FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html"}
JSON_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
FORMATS = {**TEXT_FORMATS, **HTML_FORMATS, **JSON_FORMATS}


class _FrontMatterLoader(yaml.SafeLoader):
    """``yaml.safe_load`` without date conversion: a date stays as written ("2018-04" or an
    impossible "2018-02-30"), to be validated and kept at its precision by ``published``."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class ReadError(ValueError):
    """A file that cannot be used; the message says why, for the user."""


@dataclass(frozen=True)
class Document:
    """One article as read, before cleaning."""

    path: str  # as shown to the user: the path given, or "file.jsonl#L3"
    text: str  # decoded text, markup already removed
    given: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    page: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    html: bool = False  # text came out of trafilatura (page header already dropped)


# --------------------------------------------------------------------------- bytes and text


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, refusing missing, oversized, empty and binary files."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(f"file is too large ({size:,} bytes; the limit is {max_bytes:,}, set by max_file_bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise ReadError(f"file is too large ({len(data):,} bytes; the limit is {max_bytes:,}, set by max_file_bytes)")
    if not data:
        raise ReadError("file is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("file is binary (contains NUL bytes), not text")
    return data


def decode(data: bytes) -> str:
    """UTF-8 when it is UTF-8 (BOM dropped), else what charset-normalizer detects."""
    return decode_noting(data)[0]


def decode_noting(data: bytes) -> tuple[str, str | None]:
    """The text, and a note for the user when it was not clean UTF-8 but could still be read.

    A file cut off in the middle of a character (a truncated download) keeps its text, the last
    broken character replaced. A file that is mostly UTF-8 with stray bytes from another encoding
    (text pasted together from several sources) stays UTF-8, the stray bytes read as Windows-1252.
    Anything else goes to charset-normalizer; if it cannot tell, the file is refused.
    """
    note = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            text = data[: exc.start].decode("utf-8-sig") + "\ufffd"
            note = "file ends in the middle of a character (truncated?); the broken character was replaced"
        elif _mostly_utf8(data):
            text = data.decode("utf-8-sig", errors=_CP1252_FALLBACK)
            note = "mixed text encodings: bytes that are not UTF-8 were read as Windows-1252"
        else:
            best = from_bytes(data).best()
            if best is None:
                raise ReadError("cannot decode the file: unknown or mixed text encoding") from None
            text = str(best)
    if "\x00" in text:
        raise ReadError("file is binary (contains NUL characters), not text")
    if not text.strip():
        raise ReadError("file has no text (only whitespace)")
    return text, note


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CP1252_FALLBACK = "briefing-cp1252"


def _mostly_utf8(data: bytes) -> bool:
    """More well-formed UTF-8 multi-byte characters than stray non-ASCII bytes outside them."""
    valid = _UTF8_MULTIBYTE.findall(data)
    stray = sum(1 for b in _UTF8_MULTIBYTE.sub(b"", data) if b >= 0x80)
    return len(valid) >= max(1, stray)


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)


def read_text(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """A file's text exactly as read (decoded, nothing cleaned), so offsets can index into it."""
    return decode(read_bytes(Path(path), max_bytes))


# --------------------------------------------------------------------------- formats


def read_file(path: Path, shown: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Document], list[Problem]]:
    """All documents in one file, with the problems met; ReadError if the file is unusable."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        supported = ", ".join(sorted(FORMATS))
        raise ReadError(f"unsupported file type {path.suffix or '(none)'!r}; supported: {supported}")
    text, note = decode_noting(read_bytes(path, max_bytes))
    notes = [Problem(shown, note, "warning")] if note else []
    if kind == "text":
        return [Document(shown, text)], notes
    if kind == "markdown":
        docs, problems = read_markdown(text, shown)
    elif kind == "html":
        docs, problems = [html_document(text, shown)], []
    elif kind == "json":
        docs, problems = read_json(text, shown)
    else:
        docs, problems = read_jsonl(text, shown)
    return docs, notes + problems


def metadata(raw: Mapping[object, object]) -> dict[str, object]:
    """The known metadata fields of a mapping, empty values dropped ("date" means published).

    Only single values (text or a number) count: a list or mapping is dropped (see
    ``non_scalar_fields``), since a YAML alias bomb in one would expand without end when shown.
    """
    out: dict[str, object] = {}
    for key, value in _meta_values(raw):
        if not _is_scalar(value) or (isinstance(value, str) and not value.strip()):
            continue
        out[key] = value.strip() if isinstance(value, str) else value
    return out


def non_scalar_fields(raw: Mapping[object, object]) -> list[str]:
    """Metadata fields whose value is not a single value, and which ``metadata`` therefore drops."""
    return [key for key, value in _meta_values(raw) if not _is_scalar(value)]


def _meta_values(raw: Mapping[object, object]) -> list[tuple[str, object]]:
    pairs = []
    for key in META_FIELDS:
        value = raw.get(key)
        if value is None and key == "published":
            value = raw.get("date")
        if value is not None:
            pairs.append((key, value))
    return pairs


def _is_scalar(value: object) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _ignored(shown: str, raw: Mapping[object, object], where: str = "") -> list[Problem]:
    return [
        Problem(shown, f"{where}{key!r} is not a single value (text or a number); ignored", "warning")
        for key in non_scalar_fields(raw)
    ]


_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


def read_markdown(text: str, shown: str) -> tuple[list[Document], list[Problem]]:
    """Markdown with optional YAML front matter (safe_load, size-capped) giving metadata."""
    problems: list[Problem] = []
    given: dict[str, object] = {}
    m = _FRONT.match(text)
    if m:
        body = text[m.end() :]
        if len(m.group(1)) > MAX_FRONT_MATTER:
            problems.append(
                Problem(shown, f"front matter larger than {MAX_FRONT_MATTER:,} characters ignored", "warning")
            )
        else:
            try:
                data = yaml.load(m.group(1), Loader=_FrontMatterLoader)  # a SafeLoader: no objects
            except yaml.YAMLError as exc:
                problems.append(
                    Problem(shown, f"front matter is not valid YAML, ignored: {_first_line(exc)}", "warning")
                )
                data = None
            if isinstance(data, dict):
                given = metadata(data)
                problems.extend(_ignored(shown, data, "front matter field "))
            elif data is not None:
                problems.append(Problem(shown, "front matter is not a mapping of fields, ignored", "warning"))
        text = body
    return [Document(shown, markdown_to_text(text), MappingProxyType(given))], problems


def markdown_to_text(text: str) -> str:
    """Plain text from light Markdown: images dropped, links and emphasis unwrapped."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links -> their text
    text = re.sub(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", r"\1", text, flags=re.MULTILINE)  # headings
    text = re.sub(r"^\s{0,3}>\s?", "", text, flags=re.MULTILINE)  # block quotes
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)  # bold
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", text)  # italics
    return text


def html_document(html: str, shown: str, given: Mapping[str, object] | None = None) -> Document:
    """Article body and page metadata extracted by trafilatura (no network, no tag stripping)."""
    from trafilatura import bare_extraction  # slow to import; only needed for HTML

    try:
        doc = bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # a parser failure on odd markup must not stop the run
        raise ReadError(f"cannot parse the HTML page: {_first_line(exc)}") from exc
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        raise ReadError("no article text found in the HTML page")
    page = {
        key: value.strip()
        for key in ("title", "date", "url", "sitename")
        if isinstance(value := getattr(doc, key, None), str) and value.strip()
    }
    # trafilatura puts one paragraph per line: make each a block of its own.
    text = "\n\n".join(line for line in body.splitlines() if line.strip())
    return Document(shown, text, MappingProxyType(dict(given or {})), MappingProxyType(page), html=True)


def record_document(record: object, shown: str) -> Document:
    """One JSON article: ``text`` or ``html`` plus optional metadata fields."""
    if not isinstance(record, dict):
        raise ReadError("expected a JSON object with a 'text' or 'html' field")
    given = metadata(record)
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return Document(shown, text, MappingProxyType(given))
    if isinstance(html, str) and html.strip():
        return html_document(html, shown, given)
    raise ReadError("no 'text' or 'html' field with content")


def read_json(text: str, shown: str) -> tuple[list[Document], list[Problem]]:
    """One object, or a list of objects (items shown as ``file.json#2``, 1-based)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if isinstance(data, dict):
        return [record_document(data, shown)], _ignored(shown, data, "field ")
    if not isinstance(data, list):
        raise ReadError("expected a JSON object or a list of objects")
    docs, problems = [], []
    for n, item in enumerate(data, start=1):
        where = f"{shown}#{n}"
        try:
            docs.append(record_document(item, where))
        except ReadError as exc:
            problems.append(Problem(where, f"item {n} skipped: {exc}"))
            continue
        problems.extend(_ignored(where, item, "field "))
    return docs, problems


def read_jsonl(text: str, shown: str) -> tuple[list[Document], list[Problem]]:
    """One article per line (``file.jsonl#L3``); a bad line is reported, the others kept."""
    docs, problems = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{shown}#L{n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(where, f"line {n} skipped: invalid JSON ({exc.msg})"))
            continue
        try:
            docs.append(record_document(record, where))
        except ReadError as exc:
            problems.append(Problem(where, f"line {n} skipped: {exc}"))
            continue
        problems.extend(_ignored(where, record, f"line {n}: field "))
    return docs, problems


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
