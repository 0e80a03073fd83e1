"""GDELT events: 1.0 and 2.0 layouts, the documented CAMEO table, country codes, rules and rejections."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders.formats import parse_any, read_path
from loaders.gdelt import CAMEO, LAYOUTS, event_code, publisher
from tests.conftest import FIXTURES, ROOT

V1 = FIXTURES / "formats" / "gdelt_v1.tsv"
V2 = FIXTURES / "formats" / "gdelt_v2.tsv"

# The mapping as documented in docs/formats.md, written out independently of loaders/gdelt.py.
EXPECTED = [
    ("163", "sanctions", "announced"),
    ("085", "sanctions_relief", "announced"),
    ("1312", "sanctions", "expected"),
    ("0234", "peacekeeping_proposal", "requested"),
    ("1034", "peacekeeping_proposal", "requested"),
    ("0334", "peacekeeping_proposal", "proposed"),
    ("074", "mission_launch", "announced"),
    ("1661", "mission_end", "announced"),
    ("072", "military_aid", "announced"),
    ("0332", "military_aid", "proposed"),
]


def by_tag(path):
    events = read_path(path).events
    return {tag.split(";")[1].removeprefix("cameo-"): event for tag, (_, event) in
            zip(events["tags"], events.iterrows(), strict=True)}


def test_the_layouts_have_the_documented_field_counts():
    assert sorted(LAYOUTS) == [57, 58, 61]
    assert LAYOUTS[58][-1] == LAYOUTS[61][-1] == "SOURCEURL" and LAYOUTS[57][-1] == "DATEADDED"
    assert LAYOUTS[61].index("Actor1Geo_ADM2Code") == LAYOUTS[61].index("Actor1Geo_ADM1Code") + 1


@pytest.mark.parametrize(("code", "event_type", "status"), EXPECTED)
def test_every_mapped_cameo_code_becomes_its_event_type_and_status(code, event_type, status):
    event = by_tag(V1)[code]
    assert (event["event_type"], event["status"], event["date_precision"]) == (event_type, status, "day")


def test_the_table_in_code_is_exactly_the_documented_one():
    assert {code: (t, s) for code, (_, t, s) in CAMEO.items()} == {code: (t, s) for code, t, s in EXPECTED}
    page = (ROOT / "docs" / "formats.md").read_text()
    for code, (name, event_type, status) in CAMEO.items():
        assert f"| {code} | {name} | `{event_type}` | `{status}` |" in page


def test_codes_outside_the_table_are_skipped_and_counted_per_code():
    assert read_path(V1).skipped == {
        "GDELT CAMEO event code 043: not in the mapping table": 2,
        "GDELT CAMEO event code 190: not in the mapping table": 1,
        "GDELT Actor1 is not a state or a known organisation": 2,
    }
    assert read_path(V2).skipped == {"GDELT CAMEO event code 0254: not in the mapping table": 1}


def test_cameo_country_and_group_codes_become_tracker_codes():
    events = read_path(V1).events.set_index("event_id")
    assert events.loc["gdelt-10", "actors"] == "ROU"                  # CAMEO ROM
    assert events.loc["gdelt-7", "actors"] == "UN"                    # IGOUNO, no country
    assert events.loc["gdelt-4", "targets"] == "UN"
    assert events.loc["gdelt-15", "actors"] == "EU"                   # EUR region with known group EEC
    assert "gdelt-14" not in events.index                             # EUR alone is Europe, not the EU


def test_a_region_as_actor2_leaves_targets_empty():
    event = read_path(V2).events.set_index("event_id").loc["gdelt-1000005"]
    assert (event["actors"], event["targets"]) == ("USA", "")
    assert "EUROPE (EURGOV)" in event["description"]


def test_rejections_name_the_gdelt_column_and_value():
    found = {(p.row, p.column): p for p in read_path(V1).problems}
    assert set(found) == {(16, "Actor1CountryCode"), (17, "SQLDATE"), (19, "(row)")}
    assert found[(16, "Actor1CountryCode")].value == "XYZ"
    assert "57 or 58" in found[(19, "(row)")].reason
    found = {(p.row, p.column): p for p in read_path(V2).problems}
    assert set(found) == {(6, "Actor2CountryCode"), (7, "source_url")}


def test_gdelt_2_rows_read_their_fields_from_the_61_column_layout():
    event = read_path(V2).events.set_index("event_id").loc["gdelt-1000001"]
    assert (str(event["date"].date()), event["actors"], event["targets"]) == ("2023-05-12", "USA", "RUS")
    assert event["source_url"] == "https://www.example-news.test/story/1000001"
    assert event["source_publisher"] == "example-news.test"
    assert event["title"] == "United States: impose embargo, boycott, or sanctions (Russia)"


def test_a_code_that_lost_its_leading_zero_is_restored():
    event = read_path(V2).events.set_index("event_id").loc["gdelt-1000002"]
    assert (event["event_type"], event["tags"]) == ("mission_launch", "gdelt;cameo-074")


@pytest.mark.parametrize(("code", "root", "expected"), [
    ("074", "07", "074"), ("74", "7", "074"), ("234", "2", "0234"), ("163", "16", "163"), ("1312", "13", "1312"),
    ("", "", ""),
])
def test_event_codes_get_back_a_dropped_leading_zero_only_when_the_root_says_so(code, root, expected):
    assert event_code(code, root) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.reuters.com/world/x", "reuters.com"), ("http://news.example.test/a", "news.example.test"),
    ("", "GDELT Project"), ("ftp://x.test/y", "GDELT Project"), ("http://[::1/broken", "GDELT Project"),
])
def test_publisher_is_the_site_of_the_source_url(url, expected):
    assert publisher(url) == expected


def test_a_header_row_from_gdelt_lookup_files_is_skipped_with_a_notice():
    header = "\t".join(LAYOUTS[61])
    result = parse_any((header + "\n" + V2.read_text()).encode(), "with-header.tsv")
    assert result.rows == 7 and result.loaded == 4
    assert any("header row" in notice for notice in result.notices)


def _headered(path, fields, delimiter=",", extra=True) -> bytes:
    """A GDELT file as BigQuery exports it: a header row, comma-separated, columns by name, maybe extra ones."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    header = list(fields) + (["EventDescription"] if extra else [])
    writer.writerow(header)
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) in (len(fields), len(fields) + 1):  # the 57-field backfile layout: a 58-field row less its URL
            writer.writerow(cells[:len(fields)] + (["Impose embargo, boycott, or sanctions"] if extra else []))
    return out.getvalue().encode()


@pytest.mark.parametrize(("path", "fields"), [(V2, LAYOUTS[61]), (V1, LAYOUTS[58]), (V1, LAYOUTS[57])])
@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_a_gdelt_export_with_a_header_is_read_by_column_name(path, fields, delimiter):
    from loaders.formats import detect

    data = _headered(path, fields, delimiter)
    assert detect(data) == "gdelt"
    headless = read_path(path).events.set_index("event_id")
    result = parse_any(data, "bq-export.csv")
    events = result.events.set_index("event_id")
    assert not [p for p in result.problems if p.row is None]
    same = headless.index.intersection(events.index)
    assert len(same) == len(events) > 0
    columns = ["date", "event_type", "status", "actors", "targets", "title"]
    pd.testing.assert_frame_equal(events.loc[same, columns], headless.loc[same, columns])
    assert any("EventDescription" in notice for notice in result.notices)


def test_a_header_in_another_column_order_maps_by_name():
    import csv
    import io

    rows = list(csv.reader(io.StringIO(_headered(V2, LAYOUTS[61]).decode())))
    order = list(reversed(range(len(rows[0]))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[row[i] for i in order] for row in rows])
    reordered = parse_any(out.getvalue().encode(), "reordered.csv").events
    plain = read_path(V2).events
    assert sorted(reordered["event_id"]) == sorted(plain["event_id"])


def test_a_header_missing_a_needed_column_says_which():
    data = _headered(V2, LAYOUTS[61], extra=False).decode().replace("Actor2CountryCode", "SomethingElse", 1)
    result = parse_any(data.encode(), "bad-header.csv")
    assert any(p.row is None and p.column == "Actor2CountryCode" for p in result.problems)


@pytest.mark.parametrize(("country", "group", "code"), [
    ("MTN", "", "MNE"), ("WSB", "", "PSE"), ("GZS", "", "PSE"), ("ROM", "", "ROU"), ("TMP", "", "TLS"),
    ("ZAR", "", "COD"), ("KOS", "", "XKX"), ("", "SCE", "OSCE"), ("", "ASN", "ASEAN"), ("", "WAS", "ECOWAS"),
    ("", "GOS", "G7"), ("EUR", "EEC", "EU"), ("", "UNO", "UN"),
])
def test_cameo_codes_checked_against_the_lookup_map_to_tracker_codes(country, group, code):
    from loaders.gdelt import party

    assert party({"Actor1CountryCode": country, "Actor1KnownGroupCode": group}, "Actor1") == (code, "")
