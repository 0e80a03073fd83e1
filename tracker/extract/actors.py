"""Actor mentions in news text: country names, demonyms, capitals, organisations and office-holders to codes."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import pycountry

from tracker.core.actors import NAME_ALIASES, registry

# Words of a text, with offsets: dotted acronyms (U.S.), letter runs, digit runs. Hyphens and apostrophes split
# tokens, so "Russian-backed" yields "Russian" and "Canada's" yields "Canada".
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+|\d+")

# Longest name, in tokens ("Organization for Security and Co-operation in Europe" is 7).
MAX_TOKENS = 8

# The gazetteer's data files: names, demonyms, capitals, regions, organisations, office-holders and the context
# words that decide what a name means in its sentence (gazetteer/README.md describes each file).
GAZETTEER = Path(__file__).resolve().parent / "gazetteer"

# Phrases that refer back to an organisation of a kind named earlier in the article ("the bloc": the EU).
REFERENCES: dict[str, re.Pattern] = {
    "bloc": re.compile(r"\b[Tt]he\s+(?:\d+-(?:nation|member|country)\s+|European\s+)?bloc\b"),
    "council": re.compile(r"\b[Tt]he\s+(?:\d+-(?:nation|member)\s+)?Council\b(?!\s+(?:of|on|for)\b)"),
    "alliance": re.compile(r"\b[Tt]he\s+(?:\d+-(?:nation|member|country)\s+|Western\s+|military\s+|"
                           r"transatlantic\s+)?alliance\b"),
}


@dataclass(frozen=True)
class Context:
    """The context word lists of gazetteer/context_words.csv, one field per `rule` value."""

    title: tuple[str, ...]  # titles that make an ambiguous surname safe ("Prime Minister May", "Mrs May")
    acronym: frozenset[str]  # lower-case state aliases written in capitals ("us" is "US")
    region_before: frozenset[str]  # before a demonym: a region's adjective ("Latin American"), not a state's
    allowed_next: frozenset[str]  # after a demonym or capital: still the state ("Russian Foreign Minister")
    place_next: frozenset[str]  # lower-case, after a capital: a place or named agreement ("Minsk agreements")
    new_place: frozenset[str]  # after "New": some other place ("New Mexico")
    locative: frozenset[str]  # before a capital: the place ("in Moscow")
    un_modified: frozenset[str]  # after a UN name: a modifier of the thing proposed ("a UN mission")


@lru_cache(maxsize=16)
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of gazetteer/<name>.csv in file order, keyed by its header; each file is read once."""
    with (GAZETTEER / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@lru_cache(maxsize=1)
def context() -> Context:
    """The context word lists, read once."""
    words: dict[str, list[str]] = {rule.name: [] for rule in fields(Context)}
    for row in table("context_words"):
        if row["rule"] not in words:
            raise ValueError(f"gazetteer/context_words.csv: unknown rule {row['rule']!r}")
        words[row["rule"]].append(row["word"])
    return Context(title=tuple(words.pop("title")), **{rule: frozenset(found) for rule, found in words.items()})


def _office_holders() -> list[tuple[str, str, int, int | None, bool]]:
    """(name, code, first year, last year or None while in office, whether the bare surname is safe) per row."""
    rows = []
    for row in table("office_holders"):
        if row["surname_alone"] not in ("yes", "no"):
            raise ValueError(f"gazetteer/office_holders.csv: surname_alone is yes or no, not {row['surname_alone']!r}")
        rows.append((row["name"], row["code"], int(row["first_year"]),
                     int(row["last_year"]) if row["last_year"] else None, row["surname_alone"] == "yes"))
    return rows


@dataclass(frozen=True)
class Entry:
    """What a name stands for: a code, the kind of name, and for office-holders the years in office."""

    code: str
    kind: str
    first: int = 0
    last: int | None = None


@dataclass(frozen=True)
class Mention:
    """One resolved name in a sentence: offsets relative to the sentence, code, kind, preceding token."""

    start: int
    end: int
    code: str
    kind: str
    before: str


def _key(name: str) -> str:
    return " ".join(TOKEN.findall(name))


def _state_names() -> dict[str, str]:
    names: dict[str, str] = {}
    acronyms = context().acronym
    for country in pycountry.countries:
        for attr in ("common_name", "name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                names.setdefault(value, country.alpha_3)
    reg = registry()
    for alias, code in NAME_ALIASES.items():
        if "," in alias or reg.kind(code) == "former_state":
            continue  # list forms ("Korea, North") and former states are for files, not for today's news
        words = [w.upper() if "." in w or w in acronyms else w if w in ("of", "the") else w.capitalize()
                 for w in alias.split()]
        names.setdefault(" ".join(words), code)
    names.update({row["name"]: row["code"] for row in table("state_names")})  # they win over both
    return names


def _plurals(word: str) -> tuple[str, ...]:
    return (word, word + "s") if word.endswith(("an", "i")) else (word,)


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[Entry, ...]]:
    """Every name form (as a space-joined token key) with what it stands for; built once."""
    found: dict[str, list[Entry]] = {}

    def add(name: str, entry: Entry) -> None:
        bucket = found.setdefault(_key(name), [])
        if entry not in bucket:
            bucket.append(entry)

    for name, code in _state_names().items():
        add(name, Entry(code, "state"))
    for actor in registry().actors.values():
        if actor.kind != "state":
            for name in (actor.name, *actor.aliases):
                add(name, Entry(actor.code, "capital" if name == "Brussels" else "org"))
    for row in table("organisations"):
        add(row["name"], Entry(row["code"], "org"))
    for row in table("demonyms"):
        for word in _plurals(row["demonym"]):
            add(word, Entry(row["code"], "demonym"))
    for row in table("capitals"):
        add(row["name"], Entry(row["code"], "capital"))
    for row in table("regions"):
        add(row["name"], Entry(row["code"], "region"))
    titles = context().title
    for name, code, first, last, surname_ok in _office_holders():
        entry = Entry(code, "person", first, last)
        surname = TOKEN.findall(name)[-1] if "von der" not in name else "von der Leyen"
        add(name, entry)
        if surname_ok:
            add(surname, entry)
        for title in titles:
            add(f"{title} {surname}", entry)
    found.pop(_key("the Alliance"), None)  # NOTE: "the alliance" is too often some other alliance
    return {key: tuple(entries) for key, entries in found.items()}


def _entry(entries: tuple[Entry, ...], year: int) -> Entry | None:
    for entry in entries:
        if entry.kind != "person" or entry.first <= year <= (entry.last or 9999):
            return entry
    return None


def _next_token(sentence: str, tokens: list[re.Match], j: int, end: int) -> str:
    """The token right after a name when only spaces separate them, else ''."""
    if j < len(tokens) and sentence[end:tokens[j].start()].strip() == "":
        return tokens[j].group()
    return ""


def _dropped(entry: Entry, text: str, before: str, after: str, prev2: str) -> bool:
    """Context rules that make a name something other than a party (a place, part of another name...)."""
    words = context()
    if before.lower() in ("former", "ex") or (before == "New" and text in words.new_place):
        return True
    if entry.kind == "demonym" and before in words.region_before:
        return True
    if entry.kind in ("demonym", "capital") and after[:1].isupper() and after not in words.allowed_next:
        return True  # part of another proper name: "Canadian Press", "Washington Post", "Minsk Agreements"
    if entry.kind == "capital" and (before.lower() in words.locative or after in words.place_next):
        return True
    if entry.code == "UN" and after in words.un_modified:
        return True
    return entry.code == "UNSC" and text == "Security Council" and (before == "s" or prev2 == "demonym")


@lru_cache(maxsize=1)
def _longest() -> dict[str, int]:
    """For each first token of a name, the most tokens a name starting with it has (skips hopeless look-ups)."""
    longest: dict[str, int] = {}
    for key in gazetteer():
        first, *rest = key.split(" ")
        longest[first] = max(longest.get(first, 0), len(rest) + 1)
    return longest


def find_mentions(sentence: str, year: int) -> list[Mention]:
    """Names of actors in `sentence` (longest match first), resolved for an article published in `year`."""
    names, longest = gazetteer(), _longest()
    tokens = list(TOKEN.finditer(sentence))
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        most = longest.get(tokens[i].group(), 0)
        if not most:
            i += 1
            continue
        for n in range(min(most, MAX_TOKENS, len(tokens) - i), 0, -1):
            entries = names.get(" ".join(t.group() for t in tokens[i:i + n]))
            entry = _entry(entries, year) if entries else None
            if entry is None:
                continue
            start, end = tokens[i].start(), tokens[i + n - 1].end()
            before = tokens[i - 1].group() if i else ""
            prev_kind = mentions[-1].kind if mentions and mentions[-1].end >= start - 2 else ""
            if not _dropped(entry, sentence[start:end], before, _next_token(sentence, tokens, i + n, end), prev_kind):
                mentions.append(Mention(start, end, entry.code, entry.kind, before))
            i += n - 1
            break
        i += 1
    return mentions


def find_references(sentence: str, antecedents: dict[str, str]) -> list[Mention]:
    """Mentions of "the bloc" or "the alliance" as the organisation of that kind last named in the article."""
    found = []
    for kind, pattern in REFERENCES.items():
        if kind in antecedents:
            for match in pattern.finditer(sentence):
                before = TOKEN.findall(sentence, 0, match.start())[-1:] or [""]
                found.append(Mention(match.start(), match.end(), antecedents[kind], "org", before[0]))
    return found
