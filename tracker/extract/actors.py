"""Actor mentions in news text: country names, demonyms, capitals, organisations and office-holders to codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from tracker.core.actors import STATE_ALIASES, registry

# Words of a text, with offsets: dotted acronyms (U.S.), letter runs, digit runs. Hyphens and apostrophes split
# tokens, so "Russian-backed" yields "Russian" and "Canada's" yields "Canada".
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+|\d+")

# Longest name, in tokens ("Organization for Security and Co-operation in Europe" is 7).
MAX_TOKENS = 8

# Demonyms (adjective and plural forms) by code; "-s" plurals of -an/-i forms are added automatically.
DEMONYMS: dict[str, tuple[str, ...]] = {
    "AFG": ("Afghan",), "ALB": ("Albanian",), "DZA": ("Algerian",), "ARG": ("Argentine", "Argentinian"),
    "ARM": ("Armenian",), "AUS": ("Australian",), "AUT": ("Austrian",), "AZE": ("Azerbaijani",),
    "BLR": ("Belarusian", "Belarussian"), "BEL": ("Belgian",), "BIH": ("Bosnian",), "BRA": ("Brazilian",),
    "BGR": ("Bulgarian",), "CAN": ("Canadian",), "CHL": ("Chilean",), "CHN": ("Chinese",), "COL": ("Colombian",),
    "HRV": ("Croatian", "Croats"), "CUB": ("Cuban",), "CYP": ("Cypriot",), "CZE": ("Czech",),
    "DNK": ("Danish", "Danes"),
    "EGY": ("Egyptian",), "EST": ("Estonian",), "ETH": ("Ethiopian",), "FIN": ("Finnish", "Finns"),
    "FRA": ("French", "Frenchman"), "GEO": ("Georgian",), "DEU": ("German",), "GRC": ("Greek", "Greeks"),
    "HUN": ("Hungarian",), "ISL": ("Icelandic",), "IND": ("Indian",), "IDN": ("Indonesian",), "IRN": ("Iranian",),
    "IRQ": ("Iraqi",), "IRL": ("Irish",), "ISR": ("Israeli",), "ITA": ("Italian",), "JPN": ("Japanese",),
    "JOR": ("Jordanian",), "KAZ": ("Kazakh", "Kazakhstani"), "KEN": ("Kenyan",), "XKX": ("Kosovar",),
    "KWT": ("Kuwaiti",), "KGZ": ("Kyrgyz",), "LVA": ("Latvian",), "LBN": ("Lebanese",), "LBY": ("Libyan",),
    "LTU": ("Lithuanian",), "MYS": ("Malaysian",), "MLI": ("Malian",), "MLT": ("Maltese",), "MEX": ("Mexican",),
    "MDA": ("Moldovan",), "MNG": ("Mongolian",), "MNE": ("Montenegrin",), "MAR": ("Moroccan",),
    "MMR": ("Burmese",), "NLD": ("Dutch",), "NZL": ("New Zealander",), "NIC": ("Nicaraguan",),
    "NGA": ("Nigerian",), "PRK": ("North Korean",), "MKD": ("North Macedonian",), "NOR": ("Norwegian",),
    "PAK": ("Pakistani",), "PSE": ("Palestinian",), "PER": ("Peruvian",), "PHL": ("Filipino", "Philippine"),
    "POL": ("Polish", "Poles"), "PRT": ("Portuguese",), "QAT": ("Qatari",), "ROU": ("Romanian",),
    "RUS": ("Russian",), "SAU": ("Saudi",), "SRB": ("Serbian", "Serbs"), "SGP": ("Singaporean",),
    "SVK": ("Slovak", "Slovaks"), "SVN": ("Slovenian",), "SOM": ("Somali",), "ZAF": ("South African",),
    "KOR": ("South Korean",), "ESP": ("Spanish", "Spaniards"), "SDN": ("Sudanese",), "SWE": ("Swedish", "Swedes"),
    "CHE": ("Swiss",), "SYR": ("Syrian",), "TWN": ("Taiwanese",), "TJK": ("Tajik",), "THA": ("Thai",),
    "TUN": ("Tunisian",), "TUR": ("Turkish", "Turks"), "TKM": ("Turkmen",), "UKR": ("Ukrainian",),
    "ARE": ("Emirati",), "GBR": ("British", "Briton", "Britons", "Brits"), "USA": ("American",),
    "UZB": ("Uzbek",), "VEN": ("Venezuelan",), "VNM": ("Vietnamese",), "YEM": ("Yemeni",),
}

# Capitals and seats of government that stand for a government in news copy ("Moscow said").
CAPITALS: dict[str, str] = {
    "Ottawa": "CAN", "Moscow": "RUS", "Kyiv": "UKR", "Kiev": "UKR", "Washington": "USA", "Brussels": "EU",
    "London": "GBR", "Paris": "FRA", "Berlin": "DEU", "Beijing": "CHN", "Tokyo": "JPN", "Canberra": "AUS",
    "Warsaw": "POL", "Vilnius": "LTU", "Riga": "LVA", "Tallinn": "EST", "Helsinki": "FIN", "Stockholm": "SWE",
    "Oslo": "NOR", "Copenhagen": "DNK", "Rome": "ITA", "Madrid": "ESP", "Lisbon": "PRT", "Vienna": "AUT",
    "Bern": "CHE", "Prague": "CZE", "Bratislava": "SVK", "Budapest": "HUN", "Bucharest": "ROU", "Athens": "GRC",
    "Ankara": "TUR", "Tbilisi": "GEO", "Yerevan": "ARM", "Baku": "AZE", "Minsk": "BLR", "Chisinau": "MDA",
    "Tehran": "IRN", "Baghdad": "IRQ", "Damascus": "SYR", "Riyadh": "SAU", "Abu Dhabi": "ARE", "Doha": "QAT",
    "Cairo": "EGY", "Islamabad": "PAK", "New Delhi": "IND", "Kabul": "AFG", "Pyongyang": "PRK", "Seoul": "KOR",
    "Taipei": "TWN", "Hanoi": "VNM", "Manila": "PHL", "Jakarta": "IDN", "Bangkok": "THA", "Caracas": "VEN",
    "Havana": "CUB", "Bogota": "COL", "Brasilia": "BRA", "Buenos Aires": "ARG", "Mexico City": "MEX",
    "Nairobi": "KEN", "Addis Ababa": "ETH", "Abuja": "NGA", "Pretoria": "ZAF", "Bamako": "MLI", "Belgrade": "SRB",
    "Pristina": "XKX", "Zagreb": "HRV", "Sarajevo": "BIH", "Skopje": "MKD", "Tirana": "ALB", "Dublin": "IRL",
    "Nicosia": "CYP", "Astana": "KAZ", "Tashkent": "UZB",
    # Seats of government named by their building or institution.
    "Kremlin": "RUS", "White House": "USA", "Pentagon": "USA", "State Department": "USA", "Downing Street": "GBR",
    "Whitehall": "GBR", "Elysee": "FRA", "Élysée": "FRA", "Bundestag": "DEU", "Verkhovna Rada": "UKR",
    "State Duma": "RUS",
}

# Places that name part of a state: they make the state a target, never an actor.
REGIONS: dict[str, str] = {
    "Crimea": "UKR", "Crimean": "UKR", "Donbass": "UKR", "Donbas": "UKR", "Donetsk": "UKR", "Luhansk": "UKR",
    "Lugansk": "UKR", "Abkhazia": "GEO", "South Ossetia": "GEO", "Transnistria": "MDA", "Gaza": "PSE",
    "West Bank": "PSE", "Kaliningrad": "RUS",
}

# Organisation names beyond data/actors.csv aliases (codes must exist there).
ORGANISATIONS: dict[str, str] = {
    "EU": "EU", "E.U.": "EU", "European Council": "EU", "UN": "UN", "U.N.": "UN", "UN Security Council": "UNSC",
    "UNSC": "UNSC", "UN security council": "UNSC", "U.N. security council": "UNSC",
    "United Nations security council": "UNSC", "NATO": "NATO", "Nato": "NATO", "OSCE": "OSCE", "G7": "G7",
    "G20": "G20", "IAEA": "IAEA",
    "CSTO": "CSTO", "ECOWAS": "ECOWAS", "ASEAN": "ASEAN", "OAS": "OAS",
}

# Office-holders: name, code, first and last year in office (None: still in office), and whether the bare
# surname is safe to match. NOTE: only well-known tenures; a name counts only when the article's year is in range.
OFFICE_HOLDERS: tuple[tuple[str, str, int, int | None, bool], ...] = (
    ("Petro Poroshenko", "UKR", 2014, 2019, True), ("Volodymyr Zelensky", "UKR", 2019, None, True),
    ("Volodymyr Zelenskyy", "UKR", 2019, None, True), ("Volodymyr Zelenskiy", "UKR", 2019, None, True),
    ("Viktor Yanukovych", "UKR", 2010, 2014, True), ("Arseniy Yatsenyuk", "UKR", 2014, 2016, True),
    ("Pavlo Klimkin", "UKR", 2014, 2019, True), ("Dmytro Kuleba", "UKR", 2020, 2024, True),
    ("Vladimir Putin", "RUS", 1999, None, True), ("Dmitry Medvedev", "RUS", 2008, None, True),
    ("Sergei Lavrov", "RUS", 2004, None, True), ("Sergey Lavrov", "RUS", 2004, None, True),
    ("Sergei Shoigu", "RUS", 2012, None, True), ("Maria Zakharova", "RUS", 2015, None, True),
    ("Dmitry Peskov", "RUS", 2012, None, True), ("Barack Obama", "USA", 2009, 2017, True),
    ("Donald Trump", "USA", 2017, 2021, True), ("Donald Trump", "USA", 2025, None, True),
    ("Joe Biden", "USA", 2009, 2017, True), ("Joe Biden", "USA", 2021, 2025, True),
    ("John Kerry", "USA", 2013, 2017, False), ("Rex Tillerson", "USA", 2017, 2018, True),
    ("Mike Pompeo", "USA", 2017, 2021, True), ("Antony Blinken", "USA", 2021, 2025, True),
    ("Steven Mnuchin", "USA", 2017, 2021, True), ("Lloyd Austin", "USA", 2021, 2025, False),
    ("Justin Trudeau", "CAN", 2015, 2025, True), ("Stephen Harper", "CAN", 2006, 2015, False),
    ("Chrystia Freeland", "CAN", 2015, 2024, True), ("Harjit Sajjan", "CAN", 2015, 2025, True),
    ("Mélanie Joly", "CAN", 2021, 2025, False), ("Angela Merkel", "DEU", 2005, 2021, True),
    ("Olaf Scholz", "DEU", 2018, 2025, True), ("Heiko Maas", "DEU", 2018, 2021, True),
    ("Annalena Baerbock", "DEU", 2021, 2025, True), ("Emmanuel Macron", "FRA", 2017, None, True),
    ("François Hollande", "FRA", 2012, 2017, True), ("Francois Hollande", "FRA", 2012, 2017, True),
    ("Theresa May", "GBR", 2016, 2019, False), ("Boris Johnson", "GBR", 2016, 2022, False),
    ("David Cameron", "GBR", 2010, 2016, False), ("Rishi Sunak", "GBR", 2020, 2024, True),
    ("Keir Starmer", "GBR", 2024, None, True), ("Xi Jinping", "CHN", 2013, None, False),
    ("Recep Tayyip Erdogan", "TUR", 2003, None, True), ("Recep Tayyip Erdoğan", "TUR", 2003, None, True),
    ("Alexander Lukashenko", "BLR", 1994, None, True), ("Nicolás Maduro", "VEN", 2013, None, True),
    ("Nicolas Maduro", "VEN", 2013, None, True), ("Fumio Kishida", "JPN", 2021, 2024, True),
    ("Shinzo Abe", "JPN", 2012, 2020, False), ("Narendra Modi", "IND", 2014, None, True),
    ("Hassan Rouhani", "IRN", 2013, 2021, True), ("Bashar al-Assad", "SYR", 2000, 2024, True),
    ("Kim Jong Un", "PRK", 2011, None, False),
    ("Kim Jong-un", "PRK", 2011, None, False), ("Benjamin Netanyahu", "ISR", 2009, None, True),
    ("Mateusz Morawiecki", "POL", 2017, 2023, True), ("Andrzej Duda", "POL", 2015, 2025, True),
    ("Jens Stoltenberg", "NATO", 2014, 2024, True), ("Federica Mogherini", "EU", 2014, 2019, True),
    ("Josep Borrell", "EU", 2019, 2024, True), ("Jean-Claude Juncker", "EU", 2014, 2019, True),
    ("Ursula von der Leyen", "EU", 2019, None, True), ("Donald Tusk", "EU", 2015, 2019, True),
    ("Donald Tusk", "POL", 2007, 2014, True), ("Donald Tusk", "POL", 2023, None, True),
    ("António Guterres", "UN", 2017, None, True), ("Antonio Guterres", "UN", 2017, None, True),
    ("Ban Ki-moon", "UN", 2007, 2016, False), ("Janet Yellen", "USA", 2021, 2025, True),
    ("Jake Sullivan", "USA", 2021, 2025, False), ("Linda Thomas-Greenfield", "USA", 2021, 2025, True),
    ("Nikki Haley", "USA", 2017, 2018, False), ("Samantha Power", "USA", 2013, 2017, False),
    ("Liz Truss", "GBR", 2019, 2022, True), ("Dominic Raab", "GBR", 2018, 2023, True),
    ("James Cleverly", "GBR", 2019, 2024, False), ("David Lammy", "GBR", 2024, None, True),
    ("Ben Wallace", "GBR", 2019, 2023, False), ("Mark Carney", "CAN", 2025, None, True),
    ("Stéphane Dion", "CAN", 2015, 2017, False), ("Jean-Yves Le Drian", "FRA", 2012, 2022, True),
    ("Vassily Nebenzia", "RUS", 2017, None, True), ("Kaja Kallas", "EU", 2025, None, True),
    ("Kaja Kallas", "EST", 2021, 2024, True), ("Mark Rutte", "NATO", 2024, None, True),
    ("Mark Rutte", "NLD", 2010, 2023, True), ("Denys Shmyhal", "UKR", 2020, None, True),
    ("Andriy Yermak", "UKR", 2020, None, True), ("Oleksii Reznikov", "UKR", 2021, 2023, True),
    ("Boris Pistorius", "DEU", 2023, None, True), ("Christine Lambrecht", "DEU", 2021, 2023, True),
    ("Giorgia Meloni", "ITA", 2022, None, True), ("Mario Draghi", "ITA", 2021, 2022, True),
    ("Viktor Orban", "HUN", 2010, None, True), ("Viktor Orbán", "HUN", 2010, None, True),
    ("Ebrahim Raisi", "IRN", 2021, 2024, True), ("Mohammad Javad Zarif", "IRN", 2013, 2021, True),
    ("Ali Khamenei", "IRN", 1989, None, True), ("Wang Yi", "CHN", 2013, None, False),
)

# Phrases that refer back to an organisation of a kind named earlier in the article ("the bloc": the EU).
REFERENCES: dict[str, re.Pattern] = {
    "bloc": re.compile(r"\b[Tt]he\s+(?:\d+-(?:nation|member|country)\s+|European\s+)?bloc\b"),
    "alliance": re.compile(r"\b[Tt]he\s+(?:\d+-(?:nation|member|country)\s+|Western\s+|military\s+|"
                           r"transatlantic\s+)?alliance\b"),
}

# Lower-case aliases in tracker.core.actors.STATE_ALIASES that are written in capitals ("us" is "US").
ACRONYMS = frozenset({"us", "uk", "drc", "dprk", "dr"})

# Words before a demonym that make it a region's adjective ("Latin American"), not a state's.
REGION_BEFORE = frozenset("Latin South North Central Native Asian African Eastern Western".split())

# Titles that make an ambiguous surname safe ("Prime Minister May", "Mrs May").
TITLES = ("President", "Prime Minister", "Premier", "Chancellor", "Minister", "Secretary", "Mr", "Mrs", "Ms")

# Capitalised words that may follow a demonym or capital without making it part of another proper name
# ("Russian Foreign Minister" is Russia; "Canadian Press" or "Washington Post" is not).
ALLOWED_NEXT = frozenset(
    "President Prime Premier Foreign Defence Defense Ambassador Minister Ministry Chancellor Government Forces Armed "
    "Army Navy Air Embassy Parliament Senate Cabinet Department Secretary Deputy Chief General Gen Lt Col Adm "
    "Finance Treasury Border Coast Military National Special Interior Justice Economy Trade Energy Federal State "
    "Central King Queen Crown Prince Emperor Supreme Constitutional High Commission Delegation Mission Marines Guard "
    "Envoy Consul Consulate Vice Security Defence Navy Airborne Foreign Trade Economic Transport".split())

# Lower-case words after a capital that make it a place or a named agreement, not a government.
PLACE_NEXT = frozenset("agreement agreements accord accords deal protocol format talks process summit climate "
                       "state airport marathon".split())

# States whose name after "New" is some other place ("New Mexico", "New Jersey").
NEW_PLACES = frozenset({"Mexico", "Jersey", "Guinea"})

# Words before a capital that make it a place ("in Moscow").
LOCATIVE = frozenset("in at near outside around across inside from".split())

# Words after a UN name that make it a modifier of the thing proposed ("a UN mission"), not a party.
UN_MODIFIED = frozenset("mission missions peacekeepers peacekeeping force forces monitors observers presence "
                        "mandate troops".split())


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
    for country in pycountry.countries:
        for attr in ("common_name", "name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                names.setdefault(value, country.alpha_3)
    for alias, code in STATE_ALIASES.items():
        words = [w.upper() if "." in w or w in ACRONYMS else w if w in ("of", "the") else w.capitalize()
                 for w in alias.split()]
        names.setdefault(" ".join(words), code)
    names.update({"United States": "USA", "U.S.A.": "USA", "Russian Federation": "RUS", "Holland": "NLD"})
    return names


def _plurals(word: str) -> tuple[str, ...]:
    return (word, word + "s") if word.endswith(("an", "i")) else (word,)


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[Entry, ...]]:
    """Every name form (as a space-joined token key) with what it stands for; built once."""
    table: dict[str, list[Entry]] = {}

    def add(name: str, entry: Entry) -> None:
        bucket = table.setdefault(_key(name), [])
        if entry not in bucket:
            bucket.append(entry)

    for name, code in _state_names().items():
        add(name, Entry(code, "state"))
    for actor in registry().actors.values():
        if actor.kind != "state":
            for name in (actor.name, *actor.aliases):
                add(name, Entry(actor.code, "capital" if name == "Brussels" else "org"))
    for name, code in ORGANISATIONS.items():
        add(name, Entry(code, "org"))
    for code, forms in DEMONYMS.items():
        for form in forms:
            for word in _plurals(form):
                add(word, Entry(code, "demonym"))
    for name, code in CAPITALS.items():
        add(name, Entry(code, "capital"))
    for name, code in REGIONS.items():
        add(name, Entry(code, "region"))
    for name, code, first, last, surname_ok in OFFICE_HOLDERS:
        entry = Entry(code, "person", first, last)
        surname = TOKEN.findall(name)[-1] if "von der" not in name else "von der Leyen"
        add(name, entry)
        if surname_ok:
            add(surname, entry)
        for title in TITLES:
            add(f"{title} {surname}", entry)
    table.pop(_key("the Alliance"), None)  # NOTE: "the alliance" is too often some other alliance
    return {key: tuple(entries) for key, entries in table.items()}


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
    if before.lower() in ("former", "ex") or (before == "New" and text in NEW_PLACES):
        return True
    if entry.kind == "demonym" and before in REGION_BEFORE:
        return True
    if entry.kind in ("demonym", "capital") and after[:1].isupper() and after not in ALLOWED_NEXT:
        return True  # part of another proper name: "Canadian Press", "Washington Post", "Minsk Agreements"
    if entry.kind == "capital" and (before.lower() in LOCATIVE or after in PLACE_NEXT):
        return True
    if entry.code == "UN" and after in UN_MODIFIED:
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
    table, longest = gazetteer(), _longest()
    tokens = list(TOKEN.finditer(sentence))
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        most = longest.get(tokens[i].group(), 0)
        if not most:
            i += 1
            continue
        for n in range(min(most, MAX_TOKENS, len(tokens) - i), 0, -1):
            entries = table.get(" ".join(t.group() for t in tokens[i:i + n]))
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
