"""The last gate before an HTML brief is written or handed to WeasyPrint: an nh3 allow-list.

Article text is already escaped by the templates, so this is the second control, for what a
template (built-in or the user's, through ``|safe`` or its own markup) might put in the page:
only the tags the brief's layouts use (Markdown's, plus sections, figures, tables, time, q ...),
no ``style`` attribute, no script, no form, no iframe, no event handler; links and images only
``http``, ``https`` and ``mailto`` URLs, ``#fragment`` links, and the brief's own asset files by
exact name (the chart, the stylesheets); every other URL, relative or ``file:`` or
``javascript:``, is dropped. The ``<head>`` keeps its title, ``<meta>`` (never ``http-equiv``),
its ``<style>`` (without ``@import`` or ``url()``, see :func:`clean_css`) and
``<link rel="stylesheet">`` to the brief's own stylesheets only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from briefing.text import scrub

WEB_SCHEMES = frozenset({"http", "https", "mailto"})

BODY_TAGS = frozenset(
    {
        # what Python-Markdown writes (with tables, footnotes, definition lists)
        *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "em", "strong"),
        *("a", "img", "ul", "ol", "li", "dl", "dt", "dd", "sup", "sub", "del", "ins", "abbr", "div"),
        *("table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"),
        # what the brief's layouts add
        *("article", "section", "header", "footer", "main", "nav", "aside", "figure", "figcaption"),
        *("span", "small", "time", "cite", "q", "mark", "b", "i", "u", "s"),
    }
)
HEAD_TAGS = frozenset({"title", "meta", "link", "style"})
GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir"})
BODY_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "abbr": {"title"},
}
HEAD_ATTRIBUTES = {"meta": {"charset", "name", "content"}, "link": {"rel", "href", "media"}, "style": {"media"}}
_URL_ATTRIBUTES = {"href", "src"}

_HEAD = re.compile(r"<head\b[^>]*>(?P<head>.*?)</head\s*>", re.IGNORECASE | re.DOTALL)
_BODY = re.compile(r"<body\b(?P<attrs>[^>]*)>(?P<body>.*)</body\s*>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)


def sanitise_document(document: str, own_urls: Collection[str] = ()) -> str:
    """The page rebuilt from its sanitised head and body; a fragment is sanitised as a body."""
    own = frozenset(own_urls)
    document = scrub(document)  # a lone surrogate would stop nh3 (and is no character anyway)
    body = _BODY.search(document)
    if body is None:
        return sanitise_body(document, own)
    head = _HEAD.search(document[: body.start()])
    html_tag = _HTML_TAG.search(document[: body.start()])
    html_attrs = _safe_attributes(html_tag.group(0) if html_tag else "<html>", {"lang", "dir"})
    body_attrs = _safe_attributes(f"<body{body['attrs']}>", GENERIC_ATTRIBUTES)
    return (
        f"<!DOCTYPE html>\n<html{html_attrs}>\n<head>\n{sanitise_head(head['head'] if head else '', own)}\n</head>\n"
        f"<body{body_attrs}>\n{sanitise_body(body['body'], own)}\n</body>\n</html>\n"
    )


def sanitise_body(fragment: str, own_urls: Collection[str] = ()) -> str:
    own = frozenset(own_urls)
    fragment = scrub(fragment)

    def keep_url(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in _URL_ATTRIBUTES:
            return value
        return value if is_allowed_url(value, own) else None

    return nh3.clean(
        fragment,
        tags=set(BODY_TAGS),
        clean_content_tags={"script", "style", "template", "textarea", "noscript", "iframe", "object"},
        attributes={"*": set(GENERIC_ATTRIBUTES), **{tag: set(names) for tag, names in BODY_ATTRIBUTES.items()}},
        attribute_filter=keep_url,
        url_schemes=set(WEB_SCHEMES),
        strip_comments=True,
    )


def sanitise_head(fragment: str, own_urls: Collection[str] = ()) -> str:
    own = frozenset(own_urls)
    fragment = scrub(fragment)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "link" and attribute == "href":
            return value if value in own else None
        if tag == "link" and attribute == "rel":
            return value if value.strip().lower() == "stylesheet" else None
        return value

    cleaned = nh3.clean(
        fragment,
        tags=set(HEAD_TAGS),
        clean_content_tags={"script", "noscript", "template"},
        attributes={tag: set(names) for tag, names in HEAD_ATTRIBUTES.items()},
        attribute_filter=keep,
        url_schemes={"file", "http", "https"},  # the link filter above admits only the brief's own URLs
        link_rel=None,
        strip_comments=True,
    )
    # A <link> that lost its URL or is not a stylesheet, a <meta> that names nothing (it was an
    # http-equiv, such as a refresh to another page): of no use, and left out.
    cleaned = re.sub(r'<link\b(?![^>]*\bhref=)[^>]*>|<link\b(?![^>]*\brel="stylesheet")[^>]*>', "", cleaned)
    cleaned = re.sub(r"<meta\b(?![^>]*\b(?:name|charset)=)[^>]*>", "", cleaned)
    return _STYLE.sub(lambda m: m["open"] + clean_css(m["css"]) + m["close"], cleaned)


_STYLE = re.compile(r"(?P<open><style\b[^>]*>)(?P<css>.*?)(?P<close></style>)", re.IGNORECASE | re.DOTALL)
_CSS_IMPORT = re.compile(r"@import\b[^;]*;?", re.IGNORECASE)
_CSS_URL = re.compile(r"\b(?:url|image-set|image|cross-fade|element)\s*\(\s*(?!['\"]?data:)[^)]*\)", re.IGNORECASE)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)


def clean_css(css: str) -> str:
    """A stylesheet that fetches nothing: ``@import`` rules go, and every ``url(...)`` other than a
    ``data:`` URL becomes ``none``. A stylesheet hiding a URL behind CSS escapes is dropped whole."""
    unescaped = _CSS_ESCAPE.sub(lambda m: chr(min(int(m[1], 16), 0x10FFFF)) if m[1] else m[2], css)
    if _fetches(unescaped) > _fetches(css):
        return "/* removed: a stylesheet that hides URLs behind escapes */"
    return _CSS_URL.sub("none", _CSS_IMPORT.sub("", css))


def _fetches(css: str) -> int:
    return len(_CSS_IMPORT.findall(css)) + len(_CSS_URL.findall(css))


def is_allowed_url(value: str, own_urls: Collection[str] = ()) -> bool:
    """True for ``#fragment``, one of ``own_urls`` exactly, or an absolute http(s)/mailto URL."""
    url = value.strip()
    if url.startswith("#") or url in own_urls:
        return True
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in WEB_SCHEMES:
        return False
    return parts.scheme.lower() == "mailto" or bool(parts.netloc)


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs) -> None:
        if not self.attrs:
            self.attrs = attrs


def _safe_attributes(tag: str, allowed: Collection[str]) -> str:
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    kept = [(name, value) for name, value in parser.attrs if name in allowed and value is not None]
    return "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in kept)
