"""Events in the clauses of a news article: parties, type, status and date of each, before they become rows."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from tracker.core.actors import registry
from tracker.extract.actors import Mention, find_mentions, find_references
from tracker.extract.cues import (
    GOVERNING,
    REPORTING,
    Cue,
    background_spans,
    clauses,
    find_cue,
    find_status,
    inside,
)
from tracker.extract.dates import SAME_DAY, find_dates, resolve
from tracker.extract.text import sentences

# Types whose "to <date>" phrase is an expiry ("extended to March 2022").
RENEWALS = ("sanctions_renewal", "mission_renewal")

# NOTE: an event whose period (its day, month or year) ended more than this many days before publication is
# background the article recalls, not its news (the news set's labelling rule, docs/news-eval.md).
NEWS_WINDOW_DAYS = 14

# Names a mission or initiative, and counts the people deployed.
_INITIATIVE = re.compile(r"\bOperation\s+[A-Z][\w-]+")
_PERSONNEL = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[A-Z]\w+\s+)?(?:troops|soldiers|service members|"
                        r"servicemen|personnel|instructors|trainers)\b")

# A clause that opens on "the mission" or "the measures" refers back to the article's earlier event of that kind.
_ANAPHOR = re.compile(r"^\W*(?:The|This|Its|Their|These)\s+(?:[\w-]+\s+){0,3}?(?P<noun>(?i:mission|operation|"
                      r"deployment|force|measures|sanctions|embargo|bans?|package|aid))\b")
_ANAPHOR_FAMILY = {"mission": "mission", "operation": "mission", "deployment": "mission", "force": "mission",
                   "measures": "sanctions", "sanctions": "sanctions", "embargo": "sanctions", "ban": "sanctions",
                   "bans": "sanctions", "package": "military_aid", "aid": "military_aid"}

# A cue that opens with an adjective ("new U.S. sanctions"): a name inside it is the actor, not an object.
_MODIFIER_CUE = re.compile(r"(?:new|fresh|additional|further|more|tougher|wider|sweeping|targeted|punishing|"
                           r"coordinated)\b", re.IGNORECASE)

# A trailing attribution: ", Defence Minister Christine Lambrecht said".
_ATTRIBUTION = re.compile(r",\s*([^,]{0,80}?)\b(?:said|says|announced|told|added|decided|agreed|wrote|stated)\b")

# A trailing attribution to a decision-maker (", the U.N. Security Council decided on Tuesday"): it names who
# decided even when the clause before it opens with other names ("A joint UN and AU mission ... will end").
_DECIDED = re.compile(r",\s*([^,]{0,80}?)\b(?:decided|agreed|voted|ruled|ordered)\b")

# Passive agent: "was made by the heads of state and government of the European Union".
_AGENT = re.compile(r"\bby\s+(?:the\s+)?(?:[\w-]+\s+){0,6}?(?:of\s+(?:the\s+)?)?$")

# Sentences of an article that are its lead (where news puts its news).
LEAD_SENTENCES = 2

# "also": a further act of the same party, on the same occasion as the one just told.
_ALSO = re.compile(r"(?<!\bwill )(?<!\bwould )\balso\b(?! (?:will|plans?|wants?)\b)", re.IGNORECASE)

# Organisations whose decisions "the Council" takes: the Security Council, the Council of the EU.
COUNCILS = ("UNSC", "EU")

# A sentence opening on "Since <date>" tallies what happened over a period ("Since February 24, Canada has imposed
# sanctions on more than 700 individuals"): not one new event.
_TALLY = re.compile(r"\W*Since\b")

# Nouns an attacker's demonym modifies: "a Russian airstrike", "Israeli shelling".
_INCIDENT_HEAD = re.compile(r"\s+(?:air ?strikes?|missile strikes?|drone strikes?|strikes?|shelling|attacks?|bombing|"
                            r"bombardment|offensive|missiles?|drones?|forces|troops)\b", re.IGNORECASE)

# A statement made together ("a joint statement", "jointly"): one event with several actors; otherwise each party's
# words are its own statement (the labelling rule: one statement per party per day).
_JOINT = re.compile(r"\b(?:joint(?:ly)?|together|in unison)\b", re.IGNORECASE)

# Mission types: a UN mission is the Security Council's decision (data/README.md records it so).
_MISSION_TYPES = ("mission_launch", "mission_renewal", "mission_end")


# A subject that is a group of unnamed states ("Nine European countries"): the next sentence may name them.
_GROUP = re.compile(r"\b(?:countries|nations|governments|allies|states|partners)\b", re.IGNORECASE)


@dataclass
class Candidate:
    """One extracted event before it becomes a row."""

    event_type: str
    status: str
    actors: list[str]
    targets: list[str]
    date: dt.date
    precision: str
    end_date: dt.date | None
    confidence: float
    start: int
    end: int
    extras: dict[str, str] = field(default_factory=dict)
    dated: bool = True  # the date came from the text, not from the publication
    signals: dict[str, bool] = field(default_factory=dict)  # what confidence.confidence scores


def _governed(mentions: list[Mention]) -> set[int]:
    """Indexes of mentions that are places or objects ("in Ukraine", "on Russia and Belarus"), not agents."""
    governed: set[int] = set()
    for i, mention in enumerate(mentions):
        if mention.kind == "region" or mention.before.lower() in GOVERNING:
            governed.add(i)
        elif mention.before.lower() in ("and", "or") and i - 1 in governed \
                and mention.start - mentions[i - 1].end < 12:
            governed.add(i)
    return governed


def _parties(sentence: str, mentions: list[Mention], pivot: int, cue: Cue) -> tuple[list[str], list[str], bool]:
    """Actor and target codes, and whether the actors came from the subject of the sentence.

    The actors are the free (not place or object) names before the event's verb, after the last verb of saying
    ("X predicted Canada and the EU will announce ..."); failing that, names inside the cue ("new U.S. sanctions"),
    a passive agent ("imposed by the EU") or a trailing attribution (", the German minister said").
    """
    governed = _governed(mentions)
    free = [m for i, m in enumerate(mentions) if i not in governed]
    decided = _DECIDED.search(sentence, pivot)
    if decided and (deciders := [m for m in free if decided.start(1) <= m.start < decided.end(1)]):
        codes = list(dict.fromkeys(m.code for m in deciders))
        return codes, list(dict.fromkeys(m.code for m in mentions if m.code not in codes)), True
    reports = list(REPORTING.finditer(sentence, 0, pivot))
    source_end = reports[-1].end() if reports else 0
    actors = [m for m in free if source_end <= m.start and m.end <= pivot]
    actors = actors or [m for m in free if m.end <= pivot]
    subject = bool(actors)
    if not actors and _MODIFIER_CUE.match(sentence, cue.start):
        actors = [m for m in free if cue.start <= m.start < cue.end]
    if not actors:
        actors = [m for m in free if m.start >= pivot and _AGENT.search(sentence, max(pivot, m.start - 60), m.start)]
        attribution = _ATTRIBUTION.search(sentence, pivot)
        if not actors and attribution:
            actors = [m for m in free if attribution.start(1) <= m.start < attribution.end(1)]
    codes = list(dict.fromkeys(m.code for m in actors))
    sources = {m.code for m in mentions if m.end <= source_end and m not in actors}
    # NOTE: a region is a target even of its own state's action ("Ukraine calls for a mission to the Donbass").
    targets = [m.code for m in mentions if m.kind == "region" or (m.code not in codes and m.code not in sources)]
    return codes, list(dict.fromkeys(targets)), subject


def _later_statement(sentence: str, cue: Cue, spans: list[tuple[int, int]]) -> Cue | None:
    """The next statement cue after one that opens the sentence before its speakers are named."""
    rest = find_cue(sentence[cue.end:], [(s - cue.end, e - cue.end) for s, e in spans], types=("statement",))
    return Cue("statement", rest.start + cue.end, rest.end + cue.end) if rest else None


def _family(event_type: str) -> str:
    return "mission" if event_type.startswith("mission") or event_type == "peacekeeping_proposal" \
        else "sanctions" if event_type.startswith("sanctions") else event_type


def _antecedent(clause: str, cue: Cue, earlier: list[Candidate]) -> Candidate | None:
    """The earlier event that "the mission" or "the measures" at the start of an actorless clause refers to."""
    match = _ANAPHOR.match(clause)
    if not match or _ANAPHOR_FAMILY[match["noun"].lower()] != _family(cue.event_type):
        return None
    return next((c for c in reversed(earlier) if _family(c.event_type) == _family(cue.event_type)), None)


def _event_date(sentence: str, spans: list[tuple[int, int]], cue: Cue, pivot: int, status: str, published: dt.date,
                previous: Candidate | None, section: tuple[dt.date, str] | None = None
                ) -> tuple[dt.date, str, dt.date | None, bool]:
    """(date, precision, end date, whether the date came from the sentence) for one event."""
    every = find_dates(sentence)
    phrases = [p for p in every if not inside(p.start, spans)]
    # An expiry often sits in a relative clause (", whose mandate is up at the end of March"): look there too.
    ends = [p for p in every if p.is_end or (p.weak_end and cue.event_type in RENEWALS and p in phrases)]
    end_date = next((d for p in ends if (d := resolve(p, published, end=True))), None)
    starts = [p for p in phrases if p not in ends and (status == "in_effect" or not p.future)]
    for phrase in sorted(starts, key=lambda p: abs(p.start - pivot)):
        day = resolve(phrase, published)
        latest = published + dt.timedelta(days=phrase.form == "weekday")  # "early Thursday": the next day
        if day and (day <= latest or status == "in_effect"):
            return day, phrase.precision, end_date, True
    if previous and SAME_DAY.search(sentence):  # "hours later", "earlier that day": the last event's date
        return previous.date, previous.precision, end_date, True
    # a mission ends when its mandate does ("..., which expired on Thursday"), a lapsing measure likewise
    if cue.event_type in ("mission_end", "sanctions_relief"):
        for phrase in (p for p in every if p.is_end):
            if (day := resolve(phrase, published)) and day <= published:
                return day, phrase.precision, None, True
    if section:  # under a timeline's or live blog's dated heading ("February 22: ..."): that day
        return section[0], section[1], end_date, True
    # NOTE: no usable date phrase: the event is dated by the report (as curators do), with lower confidence.
    return published, "day", end_date, False


def _candidate(sentence: str, names: list[Mention], published: dt.date, start: int, end: int,
               earlier: list[Candidate], antecedents: dict[str, str],
               section: tuple[dt.date, str] | None = None) -> Candidate | None:
    """The event one clause reports, if it has an event cue and an actor; `names` are the clause's actor names and
    `start`/`end` locate its sentence in the article."""
    if _TALLY.match(sentence):
        return None
    spans = background_spans(sentence)
    quote_end = _quotation(sentence)
    if quote_end is not None:
        return _quoted(sentence, names, quote_end, spans, published, start, end)
    cue = find_cue(sentence, spans)
    if cue is None:
        return None
    status, status_match = find_status(sentence, cue, spans)
    pivot = cue.start
    if status in ("requested", "proposed") and status_match and status_match.start() < pivot:
        pivot = status_match.start()
    mentions = names + find_references(sentence, antecedents)
    mentions = sorted((m for m in mentions if not inside(m.start, spans)), key=lambda m: m.start)
    actors, targets, subject = _parties(sentence, mentions, pivot, cue)
    if not actors and cue.event_type == "statement" and (later := _later_statement(sentence, cue, spans)):
        cue, pivot = later, later.start  # "In a joint statement on Thursday, A and B called on ...": A and B
        actors, targets, subject = _parties(sentence, mentions, pivot, cue)
    antecedent = None if actors else _antecedent(sentence, cue, earlier)
    if antecedent:
        actors, targets = antecedent.actors, antecedent.targets
    if cue.event_type in _MISSION_TYPES or cue.event_type.startswith("sanctions"):
        actors = list(dict.fromkeys("UNSC" if code == "UN" else code for code in actors))
    if status == "rejected" and _family(cue.event_type) in ("mission", "sanctions") and "UNSC" not in actors \
            and any(m.code in ("UN", "UNSC") for m in mentions):
        actors = ["UNSC", *actors]  # NOTE: a blocked UN renewal is the Council's rejected draft (data/README.md)
    if not actors and cue.event_type == "incident":  # "killed in a Russian airstrike": the attacker
        actors = list(dict.fromkeys(m.code for m in mentions if m.kind == "demonym"
                                    and _INCIDENT_HEAD.match(sentence, m.end)))
    group = not actors and bool(_GROUP.search(sentence, 0, pivot))
    if not actors and not group:
        return None
    previous = earlier[-1] if earlier else None
    day, precision, end_date, explicit = _event_date(sentence, spans, cue, pivot, status, published, previous,
                                                     section)
    if status == "expired" and cue.event_type == "sanctions_relief":
        status = "in_effect"  # NOTE: a measure that lapsed is relief in effect (data/README.md: a UN embargo lapsing)
    if not explicit and previous and previous.dated and _ALSO.search(sentence) \
            and set(actors) <= set(previous.actors):  # "The Council also decided ...": the same sitting
        day, precision, explicit = previous.date, previous.precision, True
    if antecedent and not explicit:
        return None  # "The measures freeze assets ...": more about the earlier event, not a new one
    signals = {"dated": explicit, "status_cue": status_match is not None, "subject": subject,
               "decision": cue.event_type not in ("statement", "incident"), "several_actors": len(actors) > 1}
    return Candidate(cue.event_type, status, actors, targets, day, precision, end_date, 0.0, start, end,
                     _extras(sentence, cue.event_type), explicit, signals)


# Opening and closing quotation marks.
_QUOTES = {"“": "”", '"': '"', "‘": "’"}


def _quotation(sentence: str) -> int | None:
    """Where the quotation a sentence opens with closes, when the sentence opens with one and says who spoke after
    it ("“We welcome ...,” the minister said"); None otherwise."""
    opening = sentence.lstrip()[:1]
    if opening not in _QUOTES:
        return None
    close = sentence.find(_QUOTES[opening], sentence.index(opening) + 1)
    if close == -1 or not REPORTING.search(sentence, close):
        return None
    return close


def _quoted(sentence: str, names: list[Mention], quote_end: int, spans: list[tuple[int, int]],
            published: dt.date, start: int, end: int) -> Candidate | None:
    """A quotation is its speaker's statement, or nothing: the acts it mentions are the speaker's words, not the
    reporter's ("“Canada is taking strong action ...,” Trudeau said" proposes no sanctions)."""
    cue = find_cue(sentence[:quote_end], spans, types=("statement",))
    governed = _governed(names)
    speakers = [m for i, m in enumerate(names) if m.start > quote_end and i not in governed]
    # NOTE: a speaker named by title only ("said a National Defence spokesperson") speaks for the party the
    # quotation opens with ("“Canada’s support ... is unwavering”").
    speakers = speakers or [m for m in names[:1] if m.start <= 3 and m.kind != "region"]
    if cue is None or not speakers:
        return None
    actors = list(dict.fromkeys(m.code for m in speakers))
    targets = list(dict.fromkeys(m.code for m in names if m.start < quote_end and m.code not in actors))
    status, status_match = find_status(sentence, cue, spans)
    day, precision, _, explicit = _event_date(sentence, spans, cue, quote_end, status, published, None)
    signals = {"dated": explicit, "status_cue": status_match is not None, "quotation": True,
               "several_actors": len(actors) > 1}
    return Candidate("statement", status, actors, targets, day, precision, None, 0.0, start, end, {}, explicit,
                     signals)


def _extras(sentence: str, event_type: str) -> dict[str, str]:
    """The named initiative ("Operation Unifier") and, for missions, the number of people deployed."""
    extras = {}
    if initiative := _INITIATIVE.search(sentence):
        extras["initiative"] = initiative.group()
    if event_type.startswith("mission") and (count := _PERSONNEL.search(sentence)):
        extras["personnel"] = count.group(1).replace(",", "")
    return extras


def _named_group(sentence: str, published: dt.date) -> list[str]:
    """Codes of two or more states a sentence names without a date of its own ("Britain, Estonia ... signed")."""
    if find_dates(sentence):
        return []
    mentions = find_mentions(sentence, published.year)
    governed = _governed(mentions)
    codes = list(dict.fromkeys(m.code for i, m in enumerate(mentions) if i not in governed))
    return codes if len(codes) >= 2 else []


def _heading(sentence: str, published: dt.date) -> tuple[dt.date, str] | None:
    """The date a timeline entry opens with ("February 22: The Russian parliament ..."), or None."""
    phrases = find_dates(sentence[:40])
    if not phrases or phrases[0].start > 3 or not sentence[phrases[0].end:].lstrip().startswith(":"):
        return None
    day = resolve(phrases[0], published)
    return (day, phrases[0].precision) if day and day <= published else None


def _remember(mentions: list[Mention], antecedents: dict[str, str]) -> None:
    """Note the organisations "the bloc", "the alliance" and "the Council" would now refer to."""
    for mention in mentions:
        if (kind := registry().kind(mention.code)) in ("bloc", "alliance"):
            antecedents[kind] = mention.code
        if mention.code in COUNCILS:
            antecedents["council"] = mention.code


def candidates(text: str, title: str, published: dt.date, publisher: str = "") -> list[Candidate]:
    """Every event the article's clauses report, in text order (repeats included).

    An event whose subject is an unnamed group ("Nine European countries pledged ...") takes its actors from the
    next sentence when that one names two or more states and gives no date of its own.
    """
    found: list[Candidate] = []
    pending: Candidate | None = None
    # The last bloc, alliance and council named (the title first), for "the bloc", "the alliance", "the Council".
    antecedents: dict[str, str] = {}
    section: tuple[dt.date, str] | None = None  # the date of the timeline heading the text is under
    _remember(find_mentions(f"{publisher}. {title}", published.year), antecedents)  # an official release's author
    days: dict[dt.date, int] = {}  # the recent days the text names, with where each is first named
    for number, (start, end) in enumerate(sentences(text, title)):
        sentence = text[start:end]
        for day in _recent_days(sentence, published):
            days.setdefault(day, start)
        mentions = find_mentions(sentence, published.year)
        _remember(mentions, antecedents)
        section = _heading(sentence, published) or section
        if pending and (named := _named_group(sentence, published)):
            pending.actors, pending.targets = named, [t for t in pending.targets if t not in named]
            pending.end = end
            found.append(pending)
            pending = None
            continue
        pending = None
        for clause_start, clause_end in clauses(sentence):
            names = [replace(m, start=m.start - clause_start, end=m.end - clause_start) for m in mentions
                     if clause_start <= m.start < clause_end]
            candidate = _candidate(sentence[clause_start:clause_end], names, published, start, end, found,
                                   antecedents, section)
            if candidate:
                candidate.signals["lead"] = number < LEAD_SENTENCES
            if candidate and candidate.actors:
                found.extend(_per_party(candidate, sentence))
            elif candidate:
                pending = candidate
    return _news_day(found, days, published)


# NOTE: how far back a day the text names may be and still be the day of its undated news (a second-language
# outlet's or weekly's report of Wednesday's veto, published on Thursday).
NEWS_DAY_BACK = 7


def _recent_days(sentence: str, published: dt.date) -> set[dt.date]:
    """The days within NEWS_DAY_BACK before publication a sentence names, outside background."""
    spans = background_spans(sentence)
    found = set()
    for phrase in find_dates(sentence):
        if phrase.precision != "day" or phrase.future or phrase.is_end or inside(phrase.start, spans):
            continue
        day = resolve(phrase, published)
        if day and 0 <= (published - day).days <= NEWS_DAY_BACK:
            found.add(day)
    return found


def _news_day(found: list[Candidate], days: dict[dt.date, int], published: dt.date) -> list[Candidate]:
    """Undated events told before the article first names its one recent day take that day, when it names exactly
    one and not the publication day: an undated lead whose day the story gives later ("Russia has vetoed ..." then
    "the meeting held on Wednesday"). Undated events after it keep the publication day."""
    if len(days) != 1 or published in days:
        return found
    ((day, named),) = days.items()
    for candidate in found:
        if not candidate.dated and candidate.date == published and candidate.start < named:
            candidate.date, candidate.precision = day, "day"
    return found


def _per_party(candidate: Candidate, sentence: str) -> list[Candidate]:
    """A statement by several parties not made jointly ("The EU and NATO called for restraint") as one statement per
    party; any other event as it is."""
    if candidate.event_type != "statement" or len(candidate.actors) < 2 or _JOINT.search(sentence):
        return [candidate]
    return [replace(candidate, actors=[code], signals=dict(candidate.signals), extras=dict(candidate.extras))
            for code in candidate.actors]


def period_end(day: dt.date, precision: str) -> dt.date:
    """The last day a date covers at its precision."""
    if precision == "year":
        return day.replace(month=12, day=31)
    if precision == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def is_news(candidate: Candidate, published: dt.date) -> bool:
    """False for an event the article recalls from before its news window (see NEWS_WINDOW_DAYS)."""
    return (published - period_end(candidate.date, candidate.precision)).days <= NEWS_WINDOW_DAYS


def deduplicated(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per (actors, type, date); a later one whose actors are a subset of an earlier one's is a
    restatement of it (news repeats its lead) and only marks the earlier one as restated."""
    kept: list[Candidate] = []
    for candidate in candidates:
        same = next((k for k in kept if k.event_type == candidate.event_type and k.date == candidate.date
                     and set(candidate.actors) <= set(k.actors)), None)
        if same is None:
            kept.append(candidate)
        else:
            same.signals["restated"] = True
            same.end_date = same.end_date or candidate.end_date
    return kept


