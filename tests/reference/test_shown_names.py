"""Reference names as pages show them (issue 8 item 4)."""


def test_english_pages_add_the_standard_romanisation_and_chinese_pages_do_not():
    """Issue 8 item 4: reference data shows the Chinese name, followed on English pages by the
    romanisation of the national standard where the table has one."""
    from django.utils import translation

    from teacherreg.reference.models import CodeItem, Region

    han = CodeItem(kind="ethnic_group", code="01", name="汉族", name_en="Han")
    beijing = Region(code="110000", name="北京市", name_en="Beijing")
    district = Region(code="110101", name="东城区", name_en="")
    with translation.override("zh-hans"):
        assert (str(han), beijing.shown) == ("汉族", "北京市")
    with translation.override("en"):
        assert (str(han), beijing.shown, district.shown) == ("汉族 (Han)", "北京市 (Beijing)", "东城区")
