"""Date phrases in news sentences: found with one regex, resolved with dateparser against the publication date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import dateparser

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?!\d)"
_YEAR_DIGITS = r"(?:19[5-9]\d|20[0-4]\d)"
_YEAR = _YEAR_DIGITS + r"(?![\d-])"
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)"
_ABOUT = r"(?:(?:nearly|almost|about|some|more than|over|roughly|around|just over|less than)\s+)?"

# Every date phrase we resolve. The named group says the form, hence the precision; `prep` and `mod` give the
# role ("until the end of March" is an end date) and are required for bare months and years ("in May", "in 2014").
DATE_PHRASE = re.compile(
    r"(?:(?P<prep>\b(?:on|in|since|from|until|till|through|beyond|by|at|during|before|after|to|as of)\s+)?"
    r"(?P<mod>(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+|(?:early|mid|late)[-\s]+(?:on\s+)?)?)"
    rf"(?:(?P<iso>\b{_YEAR_DIGITS}-\d\d-\d\d\b)"
    rf"|(?P<mdy>\b{_MONTH}\.?\s+{_DAY}(?:,?\s+{_YEAR})?)"
    rf"|(?P<dmy>\b{_DAY}\s+(?:of\s+)?{_MONTH}\b\.?(?:,?\s+{_YEAR})?)"
    rf"|(?P<my>\b{_MONTH}\.?,?\s+{_YEAR})"
    rf"|(?P<lastmonth>\blast\s+{_FULL_MONTH}\b)"
    rf"|(?P<weekday>\b(?:(?:last|this|on)\s+)?{_WEEKDAY}\b(?:\s+(?:morning|afternoon|evening|night))?)"
    r"|(?P<day>\b(?:yesterday|today|tomorrow)\b|\b" + _ABOUT + _COUNT + r"\s+days?\s+ago\b)"
    r"|(?P<week>\b(?:last|this|past|next)\s+week\b|\bearlier\s+this\s+week\b|\b" + _ABOUT + _COUNT
    + r"\s+weeks?\s+ago\b)"
    r"|(?P<month>\b(?:last|this|next)\s+month\b|\bearlier\s+this\s+month\b|\b" + _ABOUT + _COUNT
    + r"\s+months?\s+ago\b)"
    r"|(?P<year>\b(?:last|this|next)\s+year\b|\bearlier\s+this\s+year\b|\b" + _ABOUT + _COUNT
    + r"\s+years?\s+ago\b)"
    rf"|(?P<bare_month>\b{_FULL_MONTH}\b)"
    rf"|(?P<bare_year>\b{_YEAR}))",
    re.IGNORECASE,
)

# Forms whose core must start with a capital letter (month and weekday names).
_CAPITALISED = ("mdy", "my", "weekday", "bare_month")

# Precision of each form. NOTE: "last week" gets month precision, as curators record it: the day is unknown.
PRECISION = {"iso": "day", "mdy": "day", "dmy": "day", "weekday": "day", "day": "day", "my": "month",
             "lastmonth": "month", "week": "month", "month": "month", "bare_month": "month", "year": "year",
             "bare_year": "year"}

# Text just before a phrase that makes it the end of a mandate or measure ("expires at the end of March").
_END_BEFORE = re.compile(r"\b(?:expir\w*|is up|are up|runs?|running|ends?|ended|ending|valid|lasts?|lapse[sd]?)\s*"
                         r"(?:on|in|at|until|through)?\s*$", re.IGNORECASE)

# Past-tense endings: their date is in the past ("the mandate expired on Thursday").
_ENDED_BEFORE = re.compile(r"\b(?:expired|ended|lapsed|ran out)\b", re.IGNORECASE)

# Words that put what follows in the future ("will meet on Friday"); checked back to the last comma.
_FUTURE = re.compile(r"\b(?:will|would|next|due|set to|expected to|scheduled|plans? to|planning to|going to|shall)\b",
                     re.IGNORECASE)

# Words dateparser does not read: "on" and times of day around a weekday, "last" before a month name, qualifiers
# of a count ("nearly five years ago"), and vague counts.
_STRIP = re.compile(r"^(?:on|last)\s+|\s+(?:morning|afternoon|evening|night)$|"
                    r"\b(?:nearly|almost|about|some|more than|over|roughly|around|just over|less than)\s+",
                    re.IGNORECASE)
_VAGUE = re.compile(r"\b(?:a few|several)\b", re.IGNORECASE)

# Leading words of a core that may be lower-case before a capitalised month or weekday name.
_LEAD = re.compile(r"^(?:(?:on|last|this)\s+)?", re.IGNORECASE)

# Phrases that put a sentence on the day of the event reported just before it.
SAME_DAY = re.compile(r"\b(?:(?:earlier|later) (?:in|on) the day|(?:earlier|later) that day|the same day|"
                      r"hours (?:earlier|later))\b", re.IGNORECASE)


# An explicit date right after a weekday.
_DATE_AFTER = re.compile(r",?\s+(?:" + _MONTH + r"\.?\s+\d|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b)")


# A day and month without a year lying further back than this is read as the coming one.
YEARLESS_BACK_DAYS = 180
_HAS_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class DatePhrase:
    """A date phrase in a sentence: offsets, form, precision, and its role (end date, future)."""

    start: int
    end: int
    text: str
    core: str
    form: str
    precision: str
    is_end: bool
    weak_end: bool
    future: bool


def _role(sentence: str, match: re.Match, prep: str, mod: str) -> tuple[bool, bool, bool]:
    before = sentence[max(0, match.start() - 30):match.start()]
    is_end = prep in ("until", "till", "through", "beyond") or bool(_END_BEFORE.search(before))
    # "to March 2022", "at the end of March": an expiry only when the event is a renewal (decided by the caller).
    weak_end = prep == "to" or (mod.startswith(("end", "the end")) and prep in ("at", "by"))
    clause = sentence[:match.start()].rsplit(",", 1)[-1][-50:]
    core_word = match.group(0).lower()
    future = bool(_FUTURE.search(clause)) or "next" in core_word or "tomorrow" in core_word
    if is_end and not _ENDED_BEFORE.search(before):
        future = True  # a mandate or measure runs until a date that is usually still ahead
    return is_end, weak_end, future


# What any date phrase contains: a digit, or a month, weekday or relative word (a cheap test before the big one).
_ANY_DATE = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)|"
                       r"yesterday|today|tomorrow|week|month|year|ago\b", re.IGNORECASE)


def find_dates(sentence: str) -> list[DatePhrase]:
    """Date phrases in `sentence`; bare months and years only after a preposition or modifier."""
    if not _ANY_DATE.search(sentence):
        return []
    phrases = []
    for match in DATE_PHRASE.finditer(sentence):
        form = match.lastgroup or ""
        core = match.group(form)
        prep = (match.group("prep") or "").strip().lower()
        mod = (match.group("mod") or "").strip().lower()
        lead = _LEAD.match(core)
        if form in _CAPITALISED and not core[lead.end() if lead else 0:][:1].isupper():
            continue
        if form in ("bare_month", "bare_year") and not (prep or mod):
            continue
        if form == "weekday" and _DATE_AFTER.match(sentence, match.end()):
            continue  # "Wednesday, May 16, 2018", "Thursday 31st December": the explicit date that follows wins
        is_end, weak_end, future = _role(sentence, match, prep, mod)
        phrases.append(DatePhrase(match.start(), match.end(), match.group(0), core, form, PRECISION[form],
                                  is_end, weak_end, future))
    return phrases


@lru_cache(maxsize=8192)
def _parse(core: str, base: dt.date, prefer: str) -> dt.date | None:
    settings = {"RELATIVE_BASE": dt.datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": prefer,
                "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(core, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _truncate(day: dt.date, precision: str, end: bool) -> dt.date:
    if precision == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1] if end else 1)
    if precision == "year":
        return dt.date(day.year, 12, 31) if end else dt.date(day.year, 1, 1)
    return day


def resolve(phrase: DatePhrase, published: dt.date, end: bool = False) -> dt.date | None:
    """The date a phrase names, read against the publication date (the past unless the phrase looks ahead); with
    `end`, the last day of the period it names ("until March 2022" is 2022-03-31), else the first.

    NOTE: a weekday equal to the publication's weekday is the publication day itself ("on Monday" in a story
    published on a Monday), as wire copy uses it; the next day's weekday is that next day (a story dated by a US
    outlet reporting Asia or Europe after midnight, a live blog's "early Thursday"), never six days back, which news
    writes "last Wednesday"; any other weekday is the most recent past one. A day and month without a year that
    would lie more than YEARLESS_BACK_DAYS back is the coming one ("beyond May 18" in a story of 9 May).
    """
    core = phrase.core.strip()
    lowered = core.lower()
    prefer = "future" if phrase.future else "past"
    if phrase.form == "weekday" and not lowered.startswith(("last", "this")):
        core = _STRIP.sub("", core).strip()
        if core.capitalize() == calendar.day_name[published.weekday()]:
            return published
        if core.capitalize() == calendar.day_name[(published.weekday() + 1) % 7]:
            return published + dt.timedelta(days=1)  # NOTE: the next day where the event's time zone is ahead
    elif lowered.startswith("earlier this"):
        core = "today"
    elif phrase.form == "year" and lowered.startswith("this"):
        core = "today"
    elif phrase.form == "lastmonth" or lowered.endswith("ago"):
        core = _VAGUE.sub("3", _STRIP.sub("", core))
    elif lowered == "past week":
        core = "last week"
    day = _parse(core, published, prefer)
    if day is None:
        return None
    if phrase.form in ("mdy", "dmy") and not _HAS_YEAR.search(core) and (published - day).days > YEARLESS_BACK_DAYS:
        day = _parse(core, published, "future") or day
    return _truncate(day, phrase.precision, end)
