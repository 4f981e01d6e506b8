"""Units of a long line: sentences, and the stretches of page furniture glued between them.

Crawlers and news APIs hand articles over as one paragraph: captions, credits, "Read more"
links and newsletter prompts run into the sentences with no line break and often no full stop.
Boilerplate is judged per unit, so one caption cannot take a whole article with it.

A unit ends at a sentence end (full stop, question or exclamation mark, maybe a closing quote)
or at a *hidden boundary*: a word in lower case followed by a word that starts sentences
("... to the scene The boy, named ...", "... rally Sunday \"Right now ..."). A unit that ends at
a hidden boundary did not end like a sentence: it is a caption or link text run into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A line is cut into units only when it is long or holds several sentences; a shorter one (a
# caption of a sentence and its credit) is judged whole, as a line.
MIN_WORDS_TO_SPLIT = 40
MIN_SENTENCES_TO_SPLIT = 3

# Words that end in a full stop without ending the sentence.
_ABBREVIATIONS = _word_set(
    """mr mrs ms dr prof st sr jr gen lt col capt sgt cpl maj adm gov sen rep rev hon pres supt insp det
    inc co corp ltd plc llc bros no nos vs v etc al approx dept est fig op vol jan feb mar apr jun jul aug
    sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun ft mt pt"""
)
_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_TOKEN = re.compile(r"\S+")
_WORD_BEFORE = re.compile(r"([\w.]+)[.]$")  # the word a full stop ends ("Mr.", "U.S.", "B.")
_LONGEST_WORD = 40  # how far back that word is looked for

# Capitalised words that start sentences far more often than they stand inside one ("Mr" does not:
# "how Mr Hayward ..."; nor does "A": "influenza A virus", "hepatitis A").
SENTENCE_STARTERS = _word_set(
    """The An He She It They We His Her Its Their This These Those There Then But However Meanwhile
    In On At After Before As When While If According Earlier Later Now"""
)
# Lower-case words after which a capitalised word continues the sentence: articles, prepositions,
# conjunctions, verbs of saying and being ("told The Paper", "at The Guardian", "warned \"We ..."),
# and nouns a title follows ("pop duo The Communards", "the newspaper The Sun").
_CONTINUES = _word_set(
    """a an the of to in on at by for from with into onto about as than like via and or nor but
    said says told tells say tell wrote writes called named dubbed titled reads read is was are were be
    been being become became his her their its our my your this that these those which who whom whose
    include includes including between among against over under after before during per vs versus
    near outside inside beyond toward towards across behind alongside added warned insisted claimed
    stated declared tweeted posted replied explained announced urged asked admitted argued revealed
    joked shouted chanted captioned simply just saying
    duo trio band group newspaper paper tabloid magazine daily weekly film movie show series album song
    single book novel play musical programme program website channel station agency firm company"""
)
_OPEN_QUOTE = re.compile(r"""^["“‘']+[A-Z]""")


@dataclass(frozen=True)
class Unit:
    """A stretch of one line: a sentence, or text that ended without punctuation."""

    text: str
    open_end: bool = False  # ended at a hidden boundary: no full stop before the next sentence


def needs_split(line: str) -> bool:
    """Long lines and lines of several sentences are judged unit by unit."""
    return len(_TOKEN.findall(line)) >= MIN_WORDS_TO_SPLIT or len(sentence_ends(line)) >= MIN_SENTENCES_TO_SPLIT - 1


def split_units(line: str) -> list[Unit]:
    """The line cut at sentence ends and hidden boundaries; joined by spaces they give it back."""
    cuts = sorted({(end, False) for end in sentence_ends(line)} | {(at, True) for at in hidden_boundaries(line)})
    units: list[Unit] = []
    start = 0
    for at, hidden in cuts:
        piece = line[start:at].strip()
        if piece:
            units.append(Unit(piece, open_end=hidden))
        start = at
    rest = line[start:].strip()
    if rest:
        units.append(Unit(rest))
    return units


def sentence_ends(line: str) -> list[int]:
    """Offsets just after each sentence end that is followed by more text (abbreviations skipped)."""
    out = []
    for m in _SENTENCE_END.finditer(line):
        word = _WORD_BEFORE.search(line, max(0, m.start() - _LONGEST_WORD), m.start() + 1)
        if word and m.group(0).startswith("."):
            stem = word.group(1).rstrip(".").lower()
            # "U.S." and initials ("James B. Comey") are abbreviations; so is "Mr."
            if stem in _ABBREVIATIONS or len(stem) == 1 or "." in stem:
                continue
        out.append(m.end())
    return out


def hidden_boundaries(line: str) -> list[int]:
    """Offsets where a sentence starts with no full stop before it."""
    tokens = list(_TOKEN.finditer(line))
    out = []
    for left, right in zip(tokens, tokens[1:], strict=False):
        word, nxt = left.group(0), right.group(0)
        if not _ends_lower(word) or word.lower().strip("\"'“”‘’()") in _CONTINUES:
            continue
        bare = nxt.strip(",;:")
        if bare in SENTENCE_STARTERS or _OPEN_QUOTE.match(nxt):
            out.append(right.start())
    return out


def _ends_lower(word: str) -> bool:
    """A word written in lower case (or a number) with no punctuation after it."""
    if not word[-1:].isalnum():
        return False
    first = word[0]
    # a day of the month ends a caption ("... on November 6 A boy ..."); a year is named ("declared 2010 The ...")
    return first.islower() or (word.isdigit() and len(word) <= 2)


def caption_end(text: str, min_words: int = 3) -> int:
    """Where caption text after a caption marker ends, since captions end without a full stop:
    at the first capitalised word after a lower-case one (once ``min_words`` words are in), or at
    the first word that starts sentences ("McLaren-Honda The race ..."); else the whole text."""
    tokens = list(_TOKEN.finditer(text))
    limit = min(sentence_ends(text), default=len(text))  # a caption with a full stop ends there
    for n, (left, right) in enumerate(zip(tokens, tokens[1:], strict=False), start=1):
        word, nxt = left.group(0), right.group(0)
        if right.start() >= limit:
            break
        if word.lower() in _CONTINUES:
            continue
        if nxt in SENTENCE_STARTERS:
            return right.start()
        lower = _ends_lower(word) or word.isdigit()  # inside a caption a year ends it too ("built in 1962 The")
        if n >= min_words and lower and (nxt[:1].isupper() or _OPEN_QUOTE.match(nxt)):
            return right.start()
    return limit
