"""The reportable text of a news article: sentences with offsets, without captions, boilerplate or datelines."""

from __future__ import annotations

import re
from bisect import bisect_left

# Lines a news page adds around the story (links, players, prompts): never events.
BOILERPLATE = re.compile(
    r"^\s*(?:READ MORE|WATCH|Click to play video|Story continues below|Sponsored content|Advertisement|RELATED|"
    r"Related:|SEE ALSO|See also:|Sign up|Subscribe|Share this|Listen to|Trending|Copyright|©|Follow us)",
    re.IGNORECASE)

# Photo and video captions: their dates are when a picture was taken, not when an event happened.
CAPTION = re.compile(
    r"\bAP Photo\b|\(Photo\b|^\s*Photo:|\bPhoto:|\bPhoto by\b|\bPhotograph:|\bREUTERS/|\(Reuters/|/AFP\b|"
    r"\bGetty Images\b|^\s*FILE\s*[-–—]|\bFILE PHOTO\b|\bFile photo\b|THE CANADIAN PRESS/|\bImage caption\b|"
    r"\bPhoto credit\b|\(CP Photo\b|\bpictured\b")

# A dateline opening a paragraph: "OTTAWA –", "KIEV, Ukraine (AP) —", "MOSCOW, Feb 25 (Reuters) -".
DATELINE = re.compile(
    r"^\s*(?!(?:NATO|OSCE|IAEA|ASEAN|ECOWAS|CSTO|UNSC)\b)[A-Z](?!\.)[A-Z'.\-]{2,}(?:\s+[A-Z][A-Z'.\-]+)*"
    r"(?:,\s*[A-Z][A-Za-z'.\-]+(?:\s+[A-Z][A-Za-z'.\-]+)*)?"
    r"(?:,?\s+[A-Z][a-z]{2,}\.?\s+\d{1,2})?\s*(?:\([^()]{1,40}\))?\s*[–—-]{1,2}\s+")

# A dateline that is a date with the outlet's name: "Jan 2, 2021(Nyamilepedia) —" (the publication's, not an event's).
DATE_DATELINE = re.compile(r"^\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4})"
                           r"\s*(?:\([^()]{1,40}\))?\s*[–—-]{1,2}\s+")

# A dated item line (a linked video or story with its own date): "Russia fences off Crimea – Dec 28, 2018".
DATED_ITEM = re.compile(r"\s[–—-]\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}\s*$")

# Where a sentence may end: terminal punctuation and closing quotes, then space and a capital, digit or quote.
# Linear in the text: a match starts only where a run of punctuation starts, and never gives characters back
# (a run of 40,000 dots was quadratic before).
BOUNDARY = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s+[\"'“‘(\[]?[A-Z0-9])")

# Abbreviations whose full stop does not end a sentence (and single initials such as "J." or "U.S.").
ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Cpl|Adm|Maj|Gov|Sen|Rep|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|"
    r"Oct|Nov|Dec|No|Inc|Corp|Ltd|Jr|Sr|vs|Prof|Rev|Hon|Mt|Ft|Co|approx)|\b[A-Z])\.$")

# Longest quotation kept inside one sentence, in characters (a longer one is split like plain text).
MAX_QUOTE = 600


def _normal(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().casefold()


# A line cut mid-sentence by hard wrapping (wire copy at ~60 characters): long, with no terminal punctuation, and the
# next line goes straight on (lower case, or a capitalised word then a lower-case one). In an article with at least
# WRAPPED_ARTICLE such lines every long line without terminal punctuation runs on ("... against President\\nVladimir").
_WRAPPED_MIN = 40  # characters: a wrapped line is long; a short one is a heading or a label
_OPEN_END = re.compile(r"[\w,;:–—-]\s*$")
_CONTINUES = re.compile(r"^\s*[a-z0-9(“\"]|^\s*[A-Z][a-z]+ [a-z]")
WRAPPED_ARTICLE = 3


def _runs_on(line: str, following: str, liberal: bool) -> bool:
    if len(line.strip()) < _WRAPPED_MIN or not _OPEN_END.search(line) or not following.strip():
        return False
    if any(CAPTION.search(text) or BOILERPLATE.match(text.strip()) for text in (line, following)) \
            or DATED_ITEM.search(following.rstrip()):
        return False
    return liberal or bool(_CONTINUES.match(following))


def _lines(text: str) -> list[str]:
    """The text's lines with their line ends, a hard-wrapped sentence ("... in the steps\\nof the United States")
    joined back into one line."""
    lines = text.splitlines(keepends=True)
    pairs = list(zip(lines, [*lines[1:], ""][:len(lines)], strict=True))
    liberal = sum(_runs_on(line, following, False) for line, following in pairs) >= WRAPPED_ARTICLE
    joined, pending = [], ""
    for line, following in pairs:
        pending += line
        if not _runs_on(line, following, liberal):
            joined.append(pending)
            pending = ""
    return joined + ([pending] if pending else [])


def _paragraphs(text: str, title: str):
    """(start, end) of each line worth reading: not boilerplate, caption, headline or a repeat of the title."""
    title_key = _normal(title)
    offset = 0
    for line in _lines(text):
        start, stripped = offset, line.strip()
        offset += len(line)
        if not stripped or BOILERPLATE.match(stripped) or CAPTION.search(stripped):
            continue
        if title_key and _normal(stripped) == title_key:
            continue
        if stripped[-1] not in ".!?\"'”’)" and not DATED_ITEM.search(stripped):
            continue  # a headline, label or link text without a sentence
        lead = len(line) - len(line.lstrip())
        dateline = DATELINE.match(line) or DATE_DATELINE.match(line)
        yield start + (dateline.end() if dateline else lead), start + len(line.rstrip())


class _Quotes:
    """Where quotation marks stand in one paragraph, so each question about a position costs a bisection."""

    def __init__(self, paragraph: str) -> None:
        self.opens = [i for i, c in enumerate(paragraph) if c == "“"]
        self.closes = [i for i, c in enumerate(paragraph) if c == "”"]
        self.straight = [i for i, c in enumerate(paragraph) if c == '"']

    def inside(self, position: int) -> bool:
        """True when `position` is inside a quotation that closes within the paragraph."""
        opens, closes = bisect_left(self.opens, position), bisect_left(self.closes, position)
        opened = opens - closes if len(self.opens) == len(self.closes) else 0  # unbalanced: ignore curly quotes
        straight_before = bisect_left(self.straight, position)
        straight = straight_before % 2 == 1 and len(self.straight) % 2 == 0
        if not (opened > 0 or straight):
            return False
        last_open = max(self.opens[opens - 1] if opens else -1,
                        self.straight[straight_before - 1] if straight_before else -1)
        return position - last_open < MAX_QUOTE


def sentences(text: str, title: str = "") -> list[tuple[int, int]]:
    """(start, end) offsets in `text` of each sentence that may report an event, in order."""
    spans = []
    for start, end in _paragraphs(text, title):
        paragraph = text[start:end]
        quotes = _Quotes(paragraph)
        begin = 0
        for match in BOUNDARY.finditer(paragraph):
            stop = match.end()
            if ABBREVIATION.search(paragraph[max(0, match.start() - 8):match.start() + 1]):
                continue
            if quotes.inside(stop):
                continue
            spans.append((start + begin, start + stop))
            begin = stop + len(paragraph[stop:]) - len(paragraph[stop:].lstrip())
        if paragraph[begin:].strip():
            spans.append((start + begin, end))
    return spans
