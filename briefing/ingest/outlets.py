"""The outlet registry: canonical names, aliases, domains and self-descriptions, as data.

Used three ways: to resolve a name a user gave ("RFE/RL" -> "Radio Free Europe/Radio
Liberty"), to map a URL to its outlet (subdomains included), and to recognise an outlet from
its own page furniture (its name in an appeal or paywall line, or a self-description).
Nothing is guessed: an outlet the registry cannot support stays unknown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

import yaml
from tld import get_fld
from unidecode import unidecode

from briefing.ingest.boilerplate import FOREIGN_KINDS, STRONG, Removed, Rule

PROFILE_FIELDS = ("country", "ownership", "language")

# How much each kind of evidence counts when reading the outlet off a page.
SELF_DESCRIPTION = 3  # a signature or "A message from X" names the outlet as the page's own
NAME_IN_FURNITURE = 1  # the outlet's name in one of its appeal / paywall / promo lines


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()
    profile: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    text_match: bool = True  # False for names that are common words ("Time")


def name_key(name: str) -> str:
    """Comparison key for names: accents, case, punctuation and a leading "The" ignored."""
    key = re.sub(r"[^a-z0-9]+", " ", unidecode(name).casefold()).strip()
    return re.sub(r"^the ", "", key)


class OutletRegistry:
    """Lookup tables over a list of outlets."""

    def __init__(self, outlets: Iterable[Outlet]):
        self.outlets: tuple[Outlet, ...] = tuple(outlets)
        self._by_key: dict[str, str] = {}
        self._domains: list[tuple[str, str]] = []
        for outlet in self.outlets:
            for label in (outlet.name, *outlet.aliases):
                self._by_key.setdefault(name_key(label), outlet.name)
            for domain in outlet.domains:
                self._domains.append((_clean_host(domain), outlet.name))
        self._domains.sort(key=lambda pair: -len(pair[0]))  # most specific first
        self._mention = _mention_pattern(self.outlets)
        self._label_owner = {label: o.name for o in self.outlets if o.text_match for label in (o.name, *o.aliases)}

    def __len__(self) -> int:
        return len(self.outlets)

    def get(self, name: str) -> Outlet | None:
        canonical = self.resolve(name)
        return next((o for o in self.outlets if o.name == canonical), None)

    def resolve(self, name: str | None) -> str | None:
        """Canonical name for a name or alias, or None if the registry does not know it."""
        if not name:
            return None
        return self._by_key.get(name_key(name))

    def by_url(self, url: str | None) -> str | None:
        """Outlet whose domain (or a parent domain of it) hosts ``url``."""
        hostname = host(url)
        if not hostname:
            return None
        for domain, name in self._domains:
            if hostname == domain or hostname.endswith("." + domain):
                return name
        return None

    def mentions(self, text: str) -> list[str]:
        """Canonical names of outlets named in ``text`` (exact case, whole words, longest first)."""
        if self._mention is None:
            return []
        return [self._label_owner[m.group(0)] for m in self._mention.finditer(text)]

    def profiles(self, names: Iterable[str]) -> dict[str, Mapping[str, str]]:
        """Outlet name -> public profile (country, ownership, language) for each of ``names`` the
        registry knows: what analysis is given, so it never reads the registry itself."""
        return {name: o.profile for name in names if (o := self.get(name)) is not None and o.profile}

    def signature_rules(self) -> tuple[Rule, ...]:
        """Each outlet's self-descriptions as boilerplate rules that also name the outlet."""
        rules = []
        for outlet in self.outlets:
            if outlet.signatures:
                patterns = tuple(re.compile(s) for s in outlet.signatures)
                rules.append(
                    Rule(
                        name=f"{outlet.name} self-description",
                        kind="selfdesc",
                        strength=STRONG,
                        ends_body=True,
                        patterns=patterns,
                        outlet=outlet.name,
                    )
                )
        return tuple(rules)

    def infer(self, removed: Sequence[Removed]) -> str | None:
        """The outlet a page's own furniture points to, or None when nothing or a tie.

        Self-descriptions count most; otherwise an outlet's name in the removed appeal, paywall,
        navigation or promotion lines. Captions, credits and bylines name agencies and
        photographers, not the publisher, so they are ignored.
        """
        score: Counter[str] = Counter()
        for line in removed:
            if line.kind in FOREIGN_KINDS:
                continue
            for claimed in line.outlets:
                name = self.resolve(claimed)
                if name:
                    score[name] += SELF_DESCRIPTION
            for name in set(self.mentions(line.text)):
                score[name] += NAME_IN_FURNITURE
        if not score:
            return None
        (best, top), *rest = score.most_common()
        if rest and rest[0][1] == top:
            return None
        return best


def _mention_pattern(outlets: Sequence[Outlet]) -> re.Pattern[str] | None:
    labels = {label for o in outlets if o.text_match for label in (o.name, *o.aliases) if len(label) >= 2}
    if not labels:
        return None
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?<![\w/-])(?:{alternatives})(?![\w/-])")


def registrable_domain(url: str | None) -> str | None:
    """The domain a registrant owns ("express.co.uk" for www.express.co.uk), by the public suffix
    list bundled with ``tld``; None for IP addresses, local names and non-URLs."""
    name = host(url)
    if not name:
        return None
    return get_fld(name, fix_protocol=True, fail_silently=True) or None


_SPACED_URL_PUNCTUATION = re.compile(r"\s*([:/.?=&#_-])\s*")
_ADDRESS = re.compile(r"https?://[^\s/]+\.[^\s/]+\S*", re.IGNORECASE)


def address_on_line(line: str) -> str | None:
    """The address a line holds when it is nothing but one ("https://www.itv.com/news/..."):
    saved pages and crawlers' text dumps often open with their source. Text rebuilt from
    tokens spaces it ("http: / / www. itv. com / news /"), so spaces around its punctuation go."""
    text = line.strip()
    if text[:4].lower() != "http" or len(text) > 2000:
        return None
    text = _SPACED_URL_PUNCTUATION.sub(r"\1", text)
    return text if _ADDRESS.fullmatch(text) and host(text) else None


def plausible_name(sitename: str | None) -> str | None:
    """A site name as the page writes it, when it reads like a name (not a URL or a sentence)."""
    if not sitename:
        return None
    name = " ".join(sitename.split())
    if not 2 <= len(name) <= 60 or "://" in name or len(name.split()) > 6:
        return None
    return name


def _clean_host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def host(url: str | None) -> str | None:
    """The URL's host name, lower case, without "www."; None for anything that is no URL."""
    if not url or not url.strip():
        return None
    url = url.strip()
    if "://" not in url:
        url = "//" + url
    try:
        hostname = urlsplit(url).hostname
    except ValueError:
        return None
    return _clean_host(hostname) if hostname else None


# --------------------------------------------------------------------------- loading


def parse_outlets(data: object, source: str) -> list[Outlet]:
    """Validate the YAML structure; errors name the file and the entry."""
    if not isinstance(data, dict) or not isinstance(data.get("outlets"), list):
        raise ValueError(f"{source}: expected a mapping with an 'outlets' list")
    out = []
    for n, raw in enumerate(data["outlets"], start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
            raise ValueError(f"{source}: outlet {n} needs a 'name'")
        name = raw["name"].strip()
        lists = {}
        for key in ("aliases", "domains", "signatures"):
            value = raw.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{source}: outlet {name!r}: {key} must be a list of strings")
            lists[key] = tuple(v.strip() for v in value if v.strip())
        for pattern in lists["signatures"]:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{source}: outlet {name!r}: bad signature {pattern!r}: {exc}") from exc
        profile = raw.get("profile") or {}
        if not isinstance(profile, dict):
            raise ValueError(f"{source}: outlet {name!r}: profile must be a mapping")
        unknown = set(profile) - set(PROFILE_FIELDS)
        if unknown:
            raise ValueError(f"{source}: outlet {name!r}: unknown profile field(s) {sorted(unknown)}")
        out.append(
            Outlet(
                name=name,
                aliases=lists["aliases"],
                domains=tuple(_clean_host(d) for d in lists["domains"]),
                signatures=lists["signatures"],
                profile=MappingProxyType({k: str(v) for k, v in profile.items() if v not in (None, "")}),
                text_match=bool(raw.get("text_match", True)),
            )
        )
    return out


def merge(base: Sequence[Outlet], extra: Sequence[Outlet]) -> list[Outlet]:
    """User entries on top: a known name or alias extends that outlet, a new one is added."""
    merged = list(base)
    for new in extra:
        keys = {name_key(label) for label in (new.name, *new.aliases)}
        index = next((i for i, o in enumerate(merged) if keys & {name_key(x) for x in (o.name, *o.aliases)}), None)
        if index is None:
            merged.append(new)
            continue
        old = merged[index]
        merged[index] = Outlet(
            name=old.name,
            aliases=_union(old.aliases, (new.name, *new.aliases) if new.name != old.name else new.aliases),
            domains=_union(old.domains, new.domains),
            signatures=_union(old.signatures, new.signatures),
            profile=MappingProxyType({**old.profile, **new.profile}),
            text_match=new.text_match and old.text_match,
        )
    return merged


def _union(a: Iterable[str], b: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*a, *b]))


# libyaml's safe loader where PyYAML was built with it: the same data, read ten times faster (the
# registry is hundreds of outlets, read at every start).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def _packaged() -> tuple[Outlet, ...]:
    text = resources.files("briefing").joinpath("data/outlets.yaml").read_text(encoding="utf-8")
    return tuple(parse_outlets(yaml.load(text, Loader=_SAFE_LOADER), "briefing/data/outlets.yaml"))


def load_registry(extra: Path | None = None) -> OutletRegistry:
    """The packaged registry, with an optional user YAML file (same schema) merged on top."""
    outlets: list[Outlet] = list(_packaged())
    if extra is not None:
        path = Path(extra)
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ValueError(f"{path}: cannot read outlet registry: {exc}") from exc
        outlets = merge(outlets, parse_outlets(data, str(path)))
    return OutletRegistry(outlets)
