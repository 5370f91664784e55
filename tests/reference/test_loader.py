"""load_reference: counts, idempotence, and what a reload keeps."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import call_command

from teacherreg.reference.datafiles import DATA_DIR, ReferenceDataError
from teacherreg.reference.loader import load_reference
from teacherreg.reference.models import (
    CalendarDay,
    CodeItem,
    GraduationSchool,
    QualificationType,
    Region,
    SchoolStatus,
    Subject,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def test_it_loads_exactly_34_current_province_level_divisions():
    codes = set(Region.objects.provinces().values_list("code", flat=True))
    assert len(codes) == 34
    assert {"110000", "710000", "810000", "820000", "650000"} <= codes


def test_it_loads_58_ethnic_groups_13_political_statuses_and_7_qualification_types():
    assert CodeItem.objects.filter(kind="ethnic_group").count() == 58
    assert CodeItem.objects.filter(kind="political_status").count() == 13
    assert QualificationType.objects.count() == 7


def test_it_gives_ethnic_groups_their_romanisation_and_letter_codes():
    han = CodeItem.objects.get(kind="ethnic_group", code="01")
    uygur = CodeItem.objects.get(kind="ethnic_group", code="05")
    other = CodeItem.objects.get(kind="ethnic_group", code="97")
    assert (han.name, han.name_en, han.extra["letter_code"]) == ("汉族", "Han", "HA")
    assert (uygur.name, uygur.name_en, uygur.extra["letter_code"]) == ("维吾尔族", "Uygur", "UG")
    assert other.name == "其他"
    assert CodeItem.objects.get(kind="ethnic_group", code="98").name == "外国血统中国籍人士"


def test_it_names_provinces_in_their_official_romanisation():
    names = dict(Region.objects.provinces().values_list("code", "name_en"))
    assert names["110000"] == "Beijing"
    assert names["440000"] == "Guangdong"
    assert names["150000"].startswith("Nei Mongol")
    assert names["610000"] == "Shaanxi"


def test_it_uses_the_document_type_codes_of_accounts():
    codes = list(CodeItem.objects.filter(kind="document_type").order_by("sort_order").values_list("code", flat=True))
    assert codes == [
        "id_card",
        "hmt_residence_permit",
        "hk_macao_permit",
        "taiwan_permit",
        "foreign_pr_card",
        "passport",
    ]


def test_it_maps_legacy_teacher_titles_to_the_unified_levels():
    title = CodeItem.objects.get(kind="teacher_title", code="pri.senior")
    group = CodeItem.objects.get(kind="teacher_title", code="new")
    assert title.name == "小学高级教师"
    assert title.extra["new_title"] == "new.first"
    assert title.parent.code == "pri"
    assert group.is_selectable is False
    assert CodeItem.objects.get(kind="teacher_title", code="mid.senior").extra["new_title"] == "new.senior"


def test_it_changes_nothing_when_run_a_second_time():
    counts_before = {model: model.objects.count() for model in (Region, CodeItem, Subject, GraduationSchool)}

    results = load_reference()

    assert all(counts.created == 0 and counts.updated == 0 for counts in results.values())
    assert results["regions"].unchanged == 7143
    assert {model: model.objects.count() for model in counts_before} == counts_before


def test_it_restores_a_changed_name_and_keeps_an_administrators_switch():
    item = CodeItem.objects.get(kind="political_status", code="13")
    CodeItem.objects.filter(pk=item.pk).update(name="Changed", is_active=False)

    results = load_reference(only={"code items"})

    item.refresh_from_db()
    assert results["code items"].updated == 1
    assert item.name == "群众"
    assert item.is_active is False


def test_it_keeps_a_calendar_day_an_administrator_confirmed():
    day = CalendarDay.objects.get(date="2027-02-08")
    assert day.is_provisional is True
    CalendarDay.objects.filter(pk=day.pk).update(is_provisional=False, name="春节（已公布）")

    results = load_reference(only={"calendar days"})

    day.refresh_from_db()
    assert results["calendar days"].kept == 1
    assert day.name == "春节（已公布）"


def test_it_never_changes_the_status_of_a_seeded_school():
    school = GraduationSchool.objects.get(name="北京师范大学")
    assert school.status == SchoolStatus.VERIFIED
    GraduationSchool.objects.filter(pk=school.pk).update(status=SchoolStatus.REJECTED)

    load_reference(only={"graduation schools"})

    school.refresh_from_db()
    assert school.status == SchoolStatus.REJECTED


def test_it_refuses_an_unknown_table_name():
    with pytest.raises(ValueError, match="unknown reference tables"):
        load_reference(only={"regions", "planets"})


def test_it_prints_the_counts_per_table():
    out = io.StringIO()

    call_command("load_reference", stdout=out)

    assert "regions: 7143 rows: 0 created, 0 updated, 7143 unchanged" in out.getvalue()
    assert "reference data loaded in" in out.getvalue()


def test_it_writes_nothing_when_a_later_file_is_broken(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    regions = data_dir / "regions.csv"
    regions.write_text(
        regions.read_text(encoding="utf-8").replace(",北京市,Beijing,", ",北平市,Beijing,"), encoding="utf-8"
    )
    calendar = data_dir / "calendar.csv"
    calendar.write_text(calendar.read_text(encoding="utf-8") + "2027-13-01,holiday,nonsense,0\n", encoding="utf-8")

    with pytest.raises(ReferenceDataError, match=r"calendar\.csv:\d+: '2027-13-01' is not a date"):
        load_reference(data_dir=data_dir)

    assert Region.objects.current().get(code="110000").name == "北京市"
