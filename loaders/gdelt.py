"""Read GDELT event exports (1.0: 57 or 58 tab-separated columns; 2.0: 61) into canonical events."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from typing import Literal, TextIO
from urllib.parse import urlsplit

from loaders.csvfile import sniff_delimiter
from loaders.mapping import Mapped, Reading, records, rejected, shortened, skipped, undecodable, with_raw
from tracker.core.actors import registry
from tracker.core.errors import Problem

# GDELT 1.0 fields (GDELT Data Format Codebook V1.03): the historical backfile (1979 to March 2013) has these
# 57; the daily files from 1 April 2013 add SOURCEURL (58). GDELT 2.0 (Event Codebook V2.0) adds an ADM2Code
# after each ADM1Code and keeps SOURCEURL (61). Files have no header row.
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
V1_FIELDS = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
             *(f"Actor1{name}" for name in _ACTOR), *(f"Actor2{name}" for name in _ACTOR),
             "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
             "NumMentions", "NumSources", "NumArticles", "AvgTone",
             *(f"{who}Geo_{name}" for who in ("Actor1", "Actor2", "Action") for name in _GEO), "DATEADDED")
_GEO2 = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
V2_FIELDS = (*V1_FIELDS[:35], *(f"{who}Geo_{name}" for who in ("Actor1", "Actor2", "Action") for name in _GEO2),
             "DATEADDED", "SOURCEURL")
# Field names by the number of fields in a row.
LAYOUTS = {57: V1_FIELDS, 58: (*V1_FIELDS, "SOURCEURL"), 61: V2_FIELDS}

# NOTE: CAMEO event codes the tracker follows: code -> (CAMEO name, event type, status). Names checked on
# 2025 copies of GDELT's CAMEO.eventcodes.txt and the CAMEO 0.7b5 codelist (openeventdata/text_to_CAMEO); the
# two agree on every code below. Public copies of the lookup disagree elsewhere: GDELT's file fuses the 1056
# and 106 lines, and labels of 105-108 differ between versions, so only codes are trusted, never names.
# Status: GDELT codes what news reports say happened, not legal acts, so a reported imposition is
# `announced` (not `in_effect`); a threat is `expected`, an appeal or demand `requested`, an intent `proposed`.
# 074 becomes mission_launch: GDELT cannot tell a new deployment from a renewed one.
CAMEO = {
    "163": ("Impose embargo, boycott, or sanctions", "sanctions", "announced"),
    "085": ("Ease economic sanctions, boycott, embargo", "sanctions_relief", "announced"),
    "1312": ("Threaten to boycott, embargo, or sanction", "sanctions", "expected"),
    "0234": ("Appeal for military protection or peacekeeping", "peacekeeping_proposal", "requested"),
    "1034": ("Demand military protection or peacekeeping", "peacekeeping_proposal", "requested"),
    "0334": ("Express intent to provide military protection or peacekeeping", "peacekeeping_proposal", "proposed"),
    "074": ("Provide military protection or peacekeeping", "mission_launch", "announced"),
    "1661": ("Expel or withdraw peacekeepers", "mission_end", "announced"),
    "072": ("Provide military aid", "military_aid", "announced"),
    "0332": ("Express intent to provide military aid", "military_aid", "proposed"),
}

# NOTE: CAMEO country codes are ISO 3166-1 alpha-3 except the codes below, checked against two public
# transcriptions of GDELT's CAMEO.country.txt (docs/formats.md names them): pre-2002 ISO codes CAMEO kept,
# CAMEO's own codes for Montenegro and the Palestinian territories, and Baghdad (a city CAMEO codes as a
# country). KOS and ZAR are in a third public mapping of GDELT's legacy codes, not in the lookup copies.
# Codes that are neither ISO nor listed here are rejected with their value, so a wrong guess never becomes a
# wrong actor.
COUNTRY_CODES = {"ROM": "ROU", "TMP": "TLS", "MTN": "MNE", "WSB": "PSE", "GZS": "PSE", "BAG": "IRQ",
                 "ZAR": "COD", "KOS": "XKX"}

# CAMEO regional codes (EUR is Europe, not the EU): places, not actors. An Actor1 with one of these is
# skipped by rule; an Actor2 with one leaves `targets` empty.
REGIONS = frozenset({"AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "LAM",
                     "MEA", "MDT", "NAF", "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST"})

# CAMEO known-group codes of organisations in data/actors.csv, used when the actor has no state code (IGOUNO is
# the UN). Checked against a public transcription of GDELT's CAMEO.knowngroup.txt (docs/formats.md).
KNOWN_GROUPS = {"UNO": "UN", "NAT": "NATO", "EEC": "EU", "SCE": "OSCE", "ASN": "ASEAN", "WAS": "ECOWAS",
                "COE": "COE", "OAS": "OAS", "IAE": "IAEA", "GOS": "G7"}


# Columns a file with a header must name (BigQuery exports, client libraries): what the mapping reads.
REQUIRED_NAMES = ("GLOBALEVENTID", "SQLDATE", "EventCode", "EventRootCode", "Actor1CountryCode",
                  "Actor1KnownGroupCode", "Actor2CountryCode", "Actor2KnownGroupCode")

# Every field name of either version, by its upper-case spelling (headers are matched case-insensitively).
_KNOWN = {name.upper(): name for name in (*V2_FIELDS, *V1_FIELDS)}


def is_gdelt_header(cells: list[str]) -> bool:
    """True for a header row naming GDELT's event columns (any order, extra columns allowed)."""
    upper = {cell.strip().strip('"').upper() for cell in cells}
    return {"GLOBALEVENTID", "SQLDATE", "EVENTCODE"} <= upper


def read_gdelt(stream: TextIO) -> Reading:
    """Map each GDELT row lazily. Without a header (GDELT's own files, tab-separated) the layout is recognised
    by the number of fields; with one (BigQuery exports, often comma-separated, sometimes with extra columns)
    columns are taken by name."""
    first = next(stream, "")
    delimiter = sniff_delimiter(first, V2_FIELDS)
    quoting: Literal[0, 3] = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter, quoting=quoting)
    header = next(csv.reader([first], delimiter=delimiter, quoting=quoting), [])
    if not is_gdelt_header(header):
        # A row of no known length is shown under GDELT 2.0's names (the first 35 are common to every layout).
        rows = (with_raw(map_row(number, record), LAYOUTS.get(len(record), V2_FIELDS), record)
                for number, record in records(reader))
        return Reading(rows, [], [], header_row=None)
    next(reader, None)
    names = [_KNOWN.get(cell.strip().upper(), "") for cell in header]
    missing = [name for name in REQUIRED_NAMES if name not in names]
    problems = [Problem(None, name, "", f"the GDELT column '{name}' is missing from the header") for name in missing]
    extra = [cell.strip() for cell, name in zip(header, names, strict=True) if not name]
    notices = ["Row 1 is a header row: columns were matched by name."]
    if extra:
        notices.append(f"{len(extra)} columns that are not GDELT event fields were ignored: "
                       + ", ".join(extra[:10]) + (" ..." if len(extra) > 10 else "") + ".")
    titles = [cell.strip() for cell in header]
    rows = (with_raw(map_named(number, names, record), titles, record) for number, record in records(reader, first=2))
    return Reading(rows, problems, notices)


def map_named(number: int, names: list[str], record: list[str]) -> Mapped:
    """One row of a file with a header: its cells by column name (extra columns ignored), then as map_row."""
    if len(record) != len(names):
        return rejected(number, "(row)", ",".join(record)[:80], f"the row has {len(record)} fields but the header "
                        f"has {len(names)}; check commas and quotes")
    if problems := undecodable(number, names, record):
        return Mapped(number, problems=problems)
    row = dict.fromkeys(V2_FIELDS, "") | {n: cell.strip() for n, cell in zip(names, record, strict=True) if n}
    return _mapped(number, row)


def map_row(number: int, record: list[str]) -> Mapped:
    """One GDELT row as canonical cells, a skip by rule, or a rejection naming column and value."""
    fields = LAYOUTS.get(len(record))
    if fields is None:
        return rejected(number, "(row)", "\t".join(record)[:80], f"the row has {len(record)} tab-separated fields; "
                        "GDELT 1.0 rows have 57 or 58 and GDELT 2.0 rows 61")
    if problems := undecodable(number, list(fields), record):
        return Mapped(number, problems=problems)
    return _mapped(number, {name: cell.strip() for name, cell in zip(fields, record, strict=True)})


def _mapped(number: int, row: dict[str, str]) -> Mapped:
    code = event_code(row["EventCode"], row["EventRootCode"])
    if code not in CAMEO:
        return skipped(number, f"GDELT CAMEO event code {code or '(empty)'}: not in the mapping table")
    actor, why = party(row, "Actor1")
    if why:
        return rejected(number, "Actor1CountryCode", row["Actor1CountryCode"], why)
    if not actor:
        return skipped(number, "GDELT Actor1 is not a state or a known organisation")
    target, why = party(row, "Actor2")
    if why:
        return rejected(number, "Actor2CountryCode", row["Actor2CountryCode"], why)
    date = _date(row["SQLDATE"])
    if date is None:
        return rejected(number, "SQLDATE", row["SQLDATE"], "SQLDATE must be a date written YYYYMMDD")
    if not row["GLOBALEVENTID"].isdigit():
        return rejected(number, "GLOBALEVENTID", row["GLOBALEVENTID"], "GLOBALEVENTID must be a whole number")
    return Mapped(number, _cells(row, code, actor, target, date))


def event_code(code: str, root: str) -> str:
    """The CAMEO code with its leading zero, which spreadsheets drop ('74' is 074 when the root is 07)."""
    root = root.zfill(2) if root.isdigit() else root
    if code.isdigit() and root.isdigit() and not code.startswith(root):
        return "0" + code
    return code


def party(row: dict[str, str], who: str) -> tuple[str, str]:
    """(code, "") for a state or known organisation; ("", "") for none; ("", reason) for an unknown code."""
    country = row[f"{who}CountryCode"].upper()
    code = COUNTRY_CODES.get(country, country)
    if code and registry().is_code(code) and code not in REGIONS:
        return code, ""
    if group := KNOWN_GROUPS.get(row[f"{who}KnownGroupCode"].upper()):
        return group, ""
    if country and country not in REGIONS:
        return "", (f"'{country}' is neither an ISO 3166-1 alpha-3 code nor a CAMEO country code the tracker "
                    "knows (see docs/formats.md)")
    return "", ""


def _date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return None


def _cells(row: dict[str, str], code: str, actor: str, target: str, date: dt.date) -> dict[str, str]:
    name, event_type, status = CAMEO[code]
    url = row.get("SOURCEURL", "")
    return {
        "event_id": f"gdelt-{row['GLOBALEVENTID']}",
        "date": date.isoformat(),
        "date_precision": "day",
        "event_type": event_type,
        "status": status,
        "actors": actor,
        "targets": target,
        "title": _title(name, actor, target),
        "description": _description(row, code, name),
        "tags": f"gdelt;cameo-{code}",
        "source_url": url,
        "source_publisher": publisher(url),
    }


def publisher(url: str) -> str:
    """The site of the source article ('reuters.com'), or GDELT itself when the row has no URL."""
    try:
        host = urlsplit(url).hostname or "" if url.lower().startswith(("http://", "https://")) else ""
    except ValueError:  # e.g. a malformed IPv6 host; validation then rejects the URL itself
        host = ""
    return host.removeprefix("www.") or "GDELT Project"


def _title(name: str, actor: str, target: str) -> str:
    reg = registry()
    return shortened(f"{reg.name(actor)}: {name.lower()}" + (f" ({reg.name(target)})" if target else ""))


def _description(row: dict[str, str], code: str, name: str) -> str:
    names = [f"{who} {row[f'{who}Name'] or '(unnamed)'} ({row[f'{who}Code'] or 'no code'})"
             for who in ("Actor1", "Actor2") if row[f"{who}Code"] or row[f"{who}Name"]]
    place = row["ActionGeo_FullName"]
    return (f"GDELT event {row['GLOBALEVENTID']}, CAMEO {code} ({name}), machine-coded from news reports. "
            + "; ".join(names) + "." + (f" Place: {place}." if place else "")
            + f" Articles: {row['NumArticles'] or '?'}.")
