"""The tagger's vocabulary: word tables (weekdays, seasons, number words, units) and the regex pieces
the rules are built from. Kept apart so that every rule family spells a month, a number or a unit
the same way, and so the tables can be read (and extended) in one place.
"""

from __future__ import annotations

from briefing.timeml import MONTH_NUMBERS

# --------------------------------------------------------------------------- words

_MONTH_NAMES = MONTH_NUMBERS = MONTH_NUMBERS
_WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}


_ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
_VAGUE = {
    "a few": "X",
    "few": "X",
    "several": "X",
    "some": "X",
    "many": "X",
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a number of": "X",
    "numerous": "X",
    "a dozen": 12,
    "dozen": 12,
    "dozens of": "X",
    "hundreds of": "X",
    "a": 1,
    "an": 1,
    "one": 1,
}
_UNIT = {
    "second": "S",
    "sec": "S",
    "minute": "M",
    "min": "M",
    "hour": "H",
    "hr": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "fortnight": "W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "yr": "Y",
    "decade": "DE",
    "century": "CE",
    "centurie": "CE",
    "weekend": "WE",
}
_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}

# --------------------------------------------------------------------------- regex pieces

_B = r"(?<![\w'])"  # left word boundary (also not after an apostrophe)
_E = r"(?![\w])"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept\.?|Sep\.|Oct\.?|Nov\.?|Dec\.?)"
)
_WDAY = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Mon\.|Tues?\.|Wed\.|Thu(?:rs)?\.|Fri\.|Sat\.|Sun\.)"
)
_ONE9 = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_NUMW = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ]" + _ONE9 + r")?"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|a hundred|one hundred)"
)
_NUMD = r"(?:\d{1,3}(?:,\d{3})*(?:\.\d+)?(?:\s+\d/\d)?|\d+(?:\.\d+)?)"
_NUM = (
    r"(?:" + _NUMD + r"|" + _NUMW + r"(?:\s+and\s+a\s+half)?"
    r"|a\s+few|a\s+couple(?:\s+of)?|couple\s+of|several|a\s+dozen|dozens\s+of|a\s+number\s+of|many|few"
    r"|hundreds\s+of)"
)
_NUM1 = r"(?:" + _NUM + r"|an?)"
_UNITS = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?"
    r"|decades?|century|centuries)"
)
_UNIT_ADJ = r"(?:second|minute|hour|day|night|week|month|quarter|year|decade|century)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DAYWORD = (
    r"(?:(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
    r"|thirtieth)"
)
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
_SPELLED_YEAR = (
    r"(?:nineteen|eighteen|twenty)[- ](?:" + r"(?:twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety)(?:[- ]" + _ONE9 + r")?|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|hundred|oh[- ]" + _ONE9 + r")"
    r"|two thousand(?:(?: and)? (?:" + _ONE9 + r"|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ]" + _ONE9 + r")?))?"
)
_ORD_Q = r"(?:first|second|third|fourth|1st|2nd|3rd|4th|final|last)"
_TZ = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|ET|local time))?"
_AMPM = r"(?:a\.m\.?|p\.m\.?|am|pm|a\. m\.|p\. m\.)"

# --------------------------------------------------------------------------- parts of the day and capitals

_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}


def _cap_ok(word: str) -> bool:
    """Month and weekday names count only capitalised ("may", "march", "sun" are other words)."""
    return bool(word) and word[0].isupper()
