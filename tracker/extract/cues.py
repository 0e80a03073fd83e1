"""Cues in a news sentence: which event type and status it reports, and which parts of it are only background."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A gap inside one clause: up to N characters without sentence or clause punctuation.
_GAP = r"[^.;!?]{0,%d}?"

# Nouns for restrictive measures. NOTE: bare "measures" counts only after a verb of imposing or announcing.
_SANCTIONS = (r"(?:sanctions?|asset freezes?|travel bans?|visa bans?|entry bans?|restrictive measures|embargo(?:es)?|"
              r"export (?:controls|bans?|curbs)|punitive measures|designations|sanctions? (?:package|regime|list))")
_IMPOSE = (r"(?:impos\w*|plac(?:e|es|ed|ing)|back(?:s|ed)|endors\w+|"
           r"introduc\w+|announc\w+|adopt\w*|approv\w+|slap\w*|level\w*|unveil\w*|agree[ds]?(?: on| to)?|"
           r"expand\w*|widen\w*|tighten\w*|broaden\w*|step\w* up|ramp\w* up|toughen\w*|enact\w*|blacklist\w*)")

# Nouns for a mission or a deployment.
_MISSION = (r"(?:missions?|mandates?|panels? of (?:[\w.]+\s+)?experts|deployments?|contingents?|"
            r"Operation\s+[A-Z]\w+|operations?|battle ?groups?|"
            r"peacekeepers|peacekeeping force|presence)")
_PERSONNEL = r"(?:troops|soldiers|service members|servicemen|personnel|instructors|trainers|military advisers|marines)"

_PEACE = re.compile(r"\b(?:peacekeep\w*|peace-keep\w*|blue helmets|(?:UN|U\.N\.|United Nations|international|"
                    r"regional|multinational|protection|stabili[sz]ation)\s+(?:\w+\s+)?(?:mission|force|monitors|"
                    r"observers|presence))\b", re.IGNORECASE)


def _rx(*patterns: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


# Event-type cues in priority order: the first type with a match outside background wins.
TYPE_CUES: tuple[tuple[str, tuple[re.Pattern, ...]], ...] = (
    ("sanctions_relief", _rx(
        rf"\b(?:lift(?:s|ed|ing)?|eas(?:e|es|ed|ing)|suspend\w*|remov\w+|relax\w*|roll\w* back|scrap\w*|unfreez\w*|"
        rf"delist\w*|terminat\w+)\b{_GAP % 40}\b{_SANCTIONS}",
        rf"\b{_SANCTIONS}\b{_GAP % 30}\b(?:were|was|are|is|be|been|being)\s+(?:lifted|eased|suspended|removed)\b",
        rf"\b{_SANCTIONS}\b{_GAP % 30}\b(?:expired|lapsed|ran out)\b",
        r"\bsanctions relief\b|\b(?:lifting|easing|removal|suspension) of\b[^.;]{0,30}\bsanctions\b")),
    ("sanctions_renewal", _rx(
        rf"\b(?:extend\w*|prolong\w*|renew\w*|roll(?:s|ed|ing)? over)\b{_GAP % 40}\b(?:{_SANCTIONS}|measures)",
        rf"\b{_SANCTIONS}\b{_GAP % 40}\b(?:extended|prolonged|renewed|rolled over)\b",
        rf"\b(?:extension|renewal|prolongation|rollover) of\b{_GAP % 30}\b{_SANCTIONS}")),
    ("sanctions", _rx(
        rf"\b{_IMPOSE}\b{_GAP % 40}\b(?:{_SANCTIONS}|measures)\b",
        rf"\b(?:new|fresh|additional|further|more|tougher|wider|sweeping|targeted|punishing|coordinated)\s+"
        rf"(?:[\w.’'-]+\s+){{0,2}}{_SANCTIONS}",
        rf"\b{_SANCTIONS}\b{_GAP % 30}\b(?:were|was|have been|has been|are|is|be)\s+(?:imposed|introduced|adopted)",
        rf"\b{_SANCTIONS}\b{_GAP % 40}\b(?:(?:enter|entered|enters|came|come|comes|went|go|goes) into (?:force|effect)|"
        rf"(?:take|takes|took) effect)",
        r"\b(?:sanctioned|sanctioning|blacklisted|froze|freezing)\b|\bfreez(?:e|es)\b[^.;]{0,40}\bassets\b",
        r"\b(?:ban(?:s|ned|ning)?|forb(?:id|ids|ade|idding)|prohibit(?:s|ed|ing)?)\b[^.;]{0,40}\b(?:airlines|flights|"
        r"imports|exports|entry|oil|gas|investments?)\b",
        r"\b(?:asset freezes?|travel bans?|visa bans?)\b")),
    ("mission_end", _rx(
        rf"\bnot to (?:renew|extend|prolong)\b{_GAP % 40}\b{_MISSION}",
        rf"\b{_MISSION}\b{_GAP % 40}\b(?:will end|would end|is to end|to end|will be terminated|will close)\b",
        rf"\b(?:withdr[ae]w\w*|pull(?:s|ed|ing)? (?:out|back)|end(?:s|ed|ing)?|terminat\w+|wind(?:s|ing)? down|"
        rf"wound down|scrap\w*|halt\w*)\b{_GAP % 40}\b(?:{_MISSION}|{_PERSONNEL})",
        rf"\b{_MISSION}\b{_GAP % 30}\b(?:ended|expired|was withdrawn|were withdrawn|wound down|was terminated)\b",
        rf"\bwithdrawal of\b{_GAP % 30}\b(?:{_PERSONNEL}|forces|{_MISSION})")),
    ("mission_renewal", _rx(
        rf"\b(?:extend\w*|renew\w*|prolong\w*|expand\w*|widen\w*)\b{_GAP % 45}\b{_MISSION}",
        rf"\b{_MISSION}\b{_GAP % 30}\b(?:extended|renewed|prolonged|expanded)\b",
        rf"\b(?:extension|renewal|expansion|prolongation)\b{_GAP % 25}\b{_MISSION}")),
    ("mission_launch", _rx(
        rf"\b(?:launch\w*|deploy\w*|establish\w*|set(?:s|ting)? up|dispatch\w*|send|sends|sent|sending|"
        rf"station\w*|begin|began|begun|begins|start\w*|took command)\b{_GAP % 40}\b(?:{_MISSION}|{_PERSONNEL})",
        rf"\b(?:have|has|had) had\b{_GAP % 60}\b{_PERSONNEL}\b{_GAP % 40}\bsince\b",
        rf"\b{_MISSION}\b{_GAP % 30}\b(?:was|were|has been|have been)\s+(?:launched|deployed|established|set up|"
        rf"created|started|begun)\b",
        rf"\b(?:announc\w+|order\w*|approv\w+|authori[sz]\w+|agree\w* to (?:send|deploy))\b{_GAP % 50}"
        rf"\b(?:deployment|missions?|(?:\w+\s+)?force)\b",
        rf"\b(?:deploy\w*|send|sends|sent|sending)\b{_GAP % 20}\b(?:military |armed |ground |naval )?forces\b",
        rf"\b(?:{_PERSONNEL}|forces)\b{_GAP % 30}\b(?:began|begin|begins|started|start|starts) "
        rf"(?:arriving|deploying)\b")),
    ("military_aid", _rx(
        r"\b(?:military|security|defen[cs]e|lethal|non-lethal|weapons|arms|ammunition)\s+(?:aid|assistance|package|"
        r"support|supplies|deliveries|shipments?|equipment|funding|help)\b",
        rf"\b(?:send|sends|sent|sending|provid\w+|suppl(?:y|ies|ied|ying)|deliver\w*|donat\w+|give|gives|gave|"
        rf"pledg\w+|ship\w*|transfer\w*|approv\w+)\b{_GAP % 50}\b(?:weapons|arms|missiles|tanks|howitzers|"
        rf"artillery|ammunition|drones|air[- ]defen[cs]e|rifles|armou?red vehicles|Javelins?|Stingers?|HIMARS|"
        rf"F-16s?|fighter jets|helicopters|body armou?r|radars?|anti-tank|anti-aircraft|guns)\b",
        r"\b(?:train(?:s|ed|ing)?|help(?:s|ed|ing)? (?:to )?train)\b(?:\s+[\w,’'-]+){0,4}?\s+(?:troops|forces|"
        r"soldiers|military|army|armed forces|servicemen|pilots|Ukrainians|recruits)\b")),
    ("incident", _rx(
        r"\b(?:seiz(?:e|es|ed|ing|ure)|annex(?:es|ed|ing|ation)?|invad(?:e|es|ed|ing)|invasion|shot down|"
        r"shoots? down|shoot-down|downing of|attack(?:s|ed|ing)?|shell(?:ed|ing)|bomb(?:ed|ing)|air ?strikes?|"
        r"missile strikes?|drone strikes?|captur(?:e|es|ed|ing)|detain(?:s|ed|ing)?|arrest(?:s|ed|ing)?|"
        r"poison(?:s|ed|ing)|hack(?:s|ed|ing)|cyber-?attacks?|rammed|fired on|opened fire|blockad(?:e|es|ed|ing)|"
        r"assassinat\w+|test-fired|missile tests?|nuclear tests?|military operation|offensive|fired (?:at|on)|"
        r"killed|ordered (?:\w+\s+)?(?:troops|forces) into)\b")),
    ("statement", _rx(
        r"\b(?:condemn\w*|denounc\w+|warn(?:s|ed)?|pledg\w+|vow\w*|reaffirm\w*|recogni[sz]\w+|agree(?:s|d)? (?:to|on)|"
        r"signed|declar(?:ed|es|ation)|stand(?:s)? (?:with|by)|stood (?:with|by)|solidarity with|unwavering|open to|"
        r"oppos(?:e|es|ed|ing)|reject\w*|welcom\w+|call(?:s|ed)? (?:up)?on|demand\w*|accus\w+|summon\w*|expel\w*|"
        r"protest\w*|joint statement|deplor\w+|critici[sz]\w+|unacceptable|illegitimate|provocati\w+|unfriendly|"
        r"deni(?:ed|es)|called for|lauded|prais(?:ed|es)|hailed|regrett?(?:ed|s)|slammed|dismiss(?:ed|es)|"
        r"express(?:ed|es) (?:concern|regret|support|appreciation)|"
        r"retaliat\w+|undermin\w+|vetoe?d|vetoes|vetoing)\b")),
)

# Nouns naming an incident: a definite or possessive one ("the invasion", "its annexation") refers back to a
# known event, so it does not report a new one.
_INCIDENT_NOUN = re.compile(r"(?:seizure|annexation|invasion|attacks?|shelling|bombing|strikes?|blockade|"
                            r"poisoning|downing of)", re.IGNORECASE)
_DEFINITE = re.compile(r"\b(?:the|its|their|his|her|this|that|these|those|s)\s+(?:\d{4}\s+)?$", re.IGNORECASE)

# Negation just before a cue ("would not go it alone on supplying arms"): the event did not happen.
_NEGATION = re.compile(r"\b(?:not|never|no longer|cannot|won't|wouldn't|didn't|doesn't|don't|isn't|aren't|"
                       r"without|fail(?:s|ed)? to)\b[^,;]{0,25}$", re.IGNORECASE)

# A possibility, not an act: "said it could send troops if asked", "would be willing to send troops" ("may" only
# lower-case: "May" is also a name).
_HYPOTHETICAL = re.compile(r"\b(?:[Cc]ould|[Mm]ight|may|[Ww]illing to|[Rr]eady to)\s+(?:\w+\s+){0,2}$")

# Stances that make a sentence about peacekeeping a statement of position, not a proposal.
_STANCE = re.compile(r"\b(?:oppos(?:e|es|ed|ing)|open to|against)\b", re.IGNORECASE)

# Status cues in priority order (the first status with a cue outside background wins; default "announced").
STATUS_CUES: tuple[tuple[str, re.Pattern], ...] = (
    ("rejected", re.compile(r"\b(?:vetoe?d|vetoes|voted down|blocked|failed to win|"
                            r"reject(?:s|ed|ing)?|refus(?:e|es|ed|ing) to|"
                            r"declin(?:e|es|ed|ing) to|turned down)\b", re.IGNORECASE)),
    ("in_effect", re.compile(r"\b(?:tak(?:e|es|ing) effect|took effect|(?:came|come|comes|coming|entered|enter|enters|"
                             r"entering|went|go|goes|going) into (?:force|effect)|entry into force|formally adopted|"
                             r"signed into law|in force|remains? in place|(?:have|has) had|(?:is|are)\s+(?:also\s+)?"
                             r"(?:helping|training|providing|supplying|stationed))\b", re.IGNORECASE)),
    ("requested", re.compile(r"\b(?:ask(?:s|ed|ing)?|calls? for|called for|calling for|call(?:s|ed|ing)? (?:up)?on|"
                             r"urg(?:e|es|ed|ing)|demand(?:s|ed|ing)?|appeal(?:s|ed|ing)?|request(?:s|ed|ing)?|"
                             r"press(?:es|ed|ing)? for|plead\w*)\b", re.IGNORECASE)),
    ("proposed", re.compile(r"\b(?:propos(?:e|es|ed|ing|al|als)|suggest(?:s|ed|ing)?|tabl(?:e|es|ed|ing)|put forward|"
                            r"floated|push(?:es|ed|ing)? for|draft(?:ed)? (?:resolution|proposal)|plan for)\b",
                            re.IGNORECASE)),
    ("expected", re.compile(r"\b(?:(?:is|are|was|were) expected|expects?|predict(?:s|ed|ing)?|plan(?:s|ned|ning)? to|"
                            r"(?:is|are) set to|(?:is|are) poised to|likely to|intend(?:s|ed)? to|"
                            r"(?:is|are) preparing to|"
                            r"will (?:soon )?(?:announce|unveil|decide|consider)|would announce|confiden(?:t|ce) that|"
                            r"hop(?:e|es|ed|ing)|anticipat\w+|(?:is|are) due to)\b", re.IGNORECASE)),
    ("expired", re.compile(r"\b(?:expired|lapsed)\b", re.IGNORECASE)),
)

# Farthest a status cue may be from the event's cue, in characters.
STATUS_REACH = 100

# Statuses a statement can have (a statement is not proposed or in force; it is made, asked for or refused).
STATEMENT_STATUSES = ("rejected", "requested")

# Clause openers whose clause is background to the main event ("after Russia seized ...", ", which ...").
_BACKGROUND = re.compile(r"\b(?:after|following|amid|despite|over|because of|due to|in response to|"
                         r"in retaliation for|in the wake of|weeks after|days after)\b|,\s*(?:which|who|whose)\b",
                         re.IGNORECASE)

# Verbs of saying: a party named after the last one, before the event, is the one acting ("X said Y will ...").
REPORTING = re.compile(r"\b(?:said|says|say|told|tells|predicted|predicts|expects?|hopes?|hoping|hoped|believes?|"
                       r"confiden(?:t|ce)|insisted|added|argued|stressed|noted|claimed|according to)\b"
                       r"(?:\s+(?:on|last|this)\s+\w+)?(?:\s+that)?", re.IGNORECASE)

# Words before a name that make it a place or object of the action rather than its agent.
GOVERNING = frozenset("in into to on against at with over toward towards upon across for about between "
                      "inside near around".split())


@dataclass(frozen=True)
class Cue:
    """The event a sentence reports: its type, and where its governing phrase starts and ends."""

    event_type: str
    start: int
    end: int


def background_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of clauses that only give background: from an opener to the next comma, or to a status cue (which
    belongs to the main clause: "sanctions over the attack on Skripal came into force on Monday"), or the end."""
    stops = [m.start() for m in dict(STATUS_CUES)["in_effect"].finditer(sentence)]
    spans = []
    for match in _BACKGROUND.finditer(sentence):
        comma = sentence.find(",", match.end())
        end = comma if comma != -1 else len(sentence)
        end = min([end, *(s for s in stops if s > match.end())])
        spans.append((match.start(), end))
    return spans


def inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """True when `position` falls in one of `spans`."""
    return any(start <= position < end for start, end in spans)


def _counts(match: re.Match, sentence: str, spans: list[tuple[int, int]]) -> bool:
    """False for a cue in background, under negation, or naming an incident already known."""
    if inside(match.start(), spans):
        return False
    before = sentence[max(0, match.start() - 40):match.start()]
    if _NEGATION.search(before) or _HYPOTHETICAL.search(before):
        return False
    return not (_INCIDENT_NOUN.fullmatch(match.group()) and _DEFINITE.search(before))


def _first(patterns: tuple[re.Pattern, ...], sentence: str, spans: list[tuple[int, int]]) -> re.Match | None:
    found = [m for p in patterns for m in p.finditer(sentence) if _counts(m, sentence, spans)]
    return min(found, key=lambda m: m.start()) if found else None


# Where a sentence holds two reports: a semicolon, or a comma before "while", "whereas" or "but" and a new subject.
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:while|whereas|but)\s+(?=[A-Z])")


def clauses(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each clause that may report its own event."""
    cuts = [0, *[m.end() for m in _CLAUSE_BREAK.finditer(sentence)]]
    return [(start, (cuts[i + 1] if i + 1 < len(cuts) else len(sentence))) for i, start in enumerate(cuts)]


def _peacekeeping(sentence: str, spans: list[tuple[int, int]]) -> Cue | None:
    if not _PEACE.search(sentence):
        return None
    stance = _first((_STANCE,), sentence, spans)
    if stance:
        return Cue("statement", stance.start(), stance.end())
    for status in ("requested", "proposed", "rejected"):
        match = _first((dict(STATUS_CUES)[status],), sentence, spans)
        if match:
            return Cue("peacekeeping_proposal", match.start(), match.end())
    return None


# Words one of a type's cues needs: a sentence without them skips that type's patterns (they are the slow part).
_NEEDS = {
    "sanctions_relief": re.compile(r"sanction|embargo|ban|measures|freez|control|curb", re.IGNORECASE),
    "sanctions_renewal": re.compile(r"sanction|embargo|ban|measures|freez|control|curb", re.IGNORECASE),
    "sanctions": re.compile(r"sanction|embargo|ban|measures|freez|froz|control|curb|blacklist|forb|prohibit",
                            re.IGNORECASE),
    "mission_end": re.compile(r"mission|mandate|panel|deploy|contingent|operation|battle|peacekeep|presence|troops|"
                              r"soldiers|service|personnel|instructors|trainers|advisers|marines|force",
                              re.IGNORECASE),
    "military_aid": re.compile(r"aid|assistance|package|support|suppl|deliver|shipment|equipment|funding|help|"
                               r"weapons|arms|missile|tank|howitzer|artillery|ammunition|drone|defen|rifle|armou?r|"
                               r"javelin|stinger|himars|f-16|jets|helicopter|radar|guns|train", re.IGNORECASE),
}
_NEEDS["mission_renewal"] = _NEEDS["mission_launch"] = _NEEDS["mission_end"]


# Verbs of reacting to someone else's act: "Lebanon lauded the Council's decision to extend ..." is Lebanon's
# statement, not a renewal by Lebanon.
REACTION = re.compile(r"\b(?:welcom\w+|laud\w*|prais\w+|hail\w*|condemn\w*|critici[sz]\w+|denounc\w+|deplor\w+|"
                      r"regrett?\w*|slam\w*|oppos(?:e|es|ed|ing)|blast\w*|decr(?:y|ied|ies)|"
                      r"express(?:ed|es) (?:concern|regret|appreciation))\b", re.IGNORECASE)


def find_cue(sentence: str, spans: list[tuple[int, int]], types: tuple[str, ...] | None = None) -> Cue | None:
    """The event type a sentence reports, from the highest-priority cue outside background clauses (only among
    `types` when given); a reaction verb before the cue makes the sentence a statement about it."""
    cue = _type_cue(sentence, spans, types)
    if cue and cue.event_type != "statement" and (types is None or "statement" in types):
        reaction = _first((REACTION,), sentence, spans)
        if reaction and reaction.start() < cue.start:
            return Cue("statement", reaction.start(), reaction.end())
    return cue


def _type_cue(sentence: str, spans: list[tuple[int, int]], types: tuple[str, ...] | None) -> Cue | None:
    for event_type, patterns in TYPE_CUES:
        if types is not None and event_type not in types:
            continue
        if event_type == "mission_end" and types is None:  # a call for peacekeepers outranks the missions
            peace = _peacekeeping(sentence, spans)
            if peace:
                return peace
        if event_type in _NEEDS and not _NEEDS[event_type].search(sentence):
            continue
        match = _first(patterns, sentence, spans)
        if match:
            return Cue(event_type, match.start(), match.end())
    return None


def find_status(sentence: str, cue: Cue, spans: list[tuple[int, int]]) -> tuple[str, re.Match | None]:
    """The status the sentence gives the event, with the cue that says so (None for the default): the first status,
    in priority order, with a cue near the event's own ("asks Canada to extend", not a verb two clauses away)."""
    for status, pattern in STATUS_CUES:
        if cue.event_type == "statement" and status not in STATEMENT_STATUSES:
            continue
        near = [m for m in pattern.finditer(sentence, max(0, cue.start - STATUS_REACH), cue.end + STATUS_REACH)
                if _counts(m, sentence, spans)]
        if near:
            return status, near[0]
    return "announced", None
