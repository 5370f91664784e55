"""The manuals in English (issue 8 item 4): an English page gets the English edition, or the
Chinese one with a note while the English is not written; each edition has its own PDF; and
every English edition matches its Chinese original section for section.

The page tests read a content folder made here (the Chinese files as they are, one small
English edition of our own), so they do not depend on the state of the translations. The parity
tests at the end read the real ``content/en/`` and fail until every manual is translated.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from teacherreg.manuals import catalogue, pdf
from teacherreg.manuals.catalogue import CHINESE, ENGLISH, ENTRIES, edition, edition_of, manual
from teacherreg.manuals.markdown import parse

# national-viewer in English, short, with the Chinese file's anchors and page markers. Its
# paragraphs are wrapped in the source, as an English writer would.
NATIONAL_VIEWER_EN = """# National read-only guide

This guide is for staff with the
national read-only role: they see every province's queues and
statistics and handle nothing.

## How to use this guide {#purpose}

- Signing in is described in the guide
  for all staff.

## Before you start {#before-you-start}

1. Check that your account has the read-only role.

## Review queues {#queues}

<!-- page: office:queue_index office:queue_identity office:queue_identity_item -->
<!-- page: office:queue_certificates office:queue_certificate office:queue_records office:queue_record -->
<!-- page: office:queue_schools office:queue_school -->

Open a queue and click **View** on an item.

## Data export {#exports}

<!-- page: office:exports office:export_job -->

Exports are masked.

## Statistics {#statistics}

<!-- page: office:statistics -->

Choose a year.

## Common messages and what to do {#common-messages}

| Message | What to do |
|---|---|
| Your role can only view | Ask the province. |
"""

ENGLISH_BROWSER = {"accept-language": "en"}


@pytest.fixture
def content(tmp_path, monkeypatch):
    """A content folder with every Chinese manual and only national-viewer in English."""
    folder = tmp_path / "content"
    (folder / ENGLISH).mkdir(parents=True)
    for entry in ENTRIES:
        (folder / f"{entry.slug}.md").symlink_to(catalogue.CONTENT_DIR / f"{entry.slug}.md")
    (folder / ENGLISH / "national-viewer.md").write_text(NATIONAL_VIEWER_EN, encoding="utf-8")
    monkeypatch.setattr(catalogue, "CONTENT_DIR", folder)
    return folder


@pytest.fixture(autouse=True)
def _pdf_cache(settings, tmp_path):
    settings.TEACHERREG_MANUALS_PDF_DIR = str(tmp_path / "pdf")


def in_english(text: str) -> str:
    """What an English page shows for ``text`` (its msgid until the translation is added)."""
    with translation.override(ENGLISH):
        return gettext(text)


# -- choosing the edition ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ENGLISH), ("en-gb", ENGLISH), ("EN-US", ENGLISH), ("zh-hans", CHINESE), ("fr", CHINESE), (None, CHINESE)],
)
def test_it_maps_a_page_language_to_an_edition(language, expected):
    assert edition_of(language) == expected


def test_it_reads_the_english_edition_and_falls_back_to_the_chinese_one(content):
    english = manual("national-viewer", ENGLISH)
    fallback = manual("applicant", ENGLISH)

    assert (english.language, english.title) == (ENGLISH, "National read-only guide")
    assert (fallback.language, fallback.title) == (CHINESE, "申请人操作手册")
    assert manual("national-viewer").language == CHINESE
    assert edition("applicant", ENGLISH) is None
    assert manual("nothing", ENGLISH) is None


def test_the_english_summary_comes_from_the_english_edition(content):
    assert manual("national-viewer", ENGLISH).summary == (
        "This guide is for staff with the national read-only role: they see every province's queues and "
        "statistics and handle nothing."
    )


# -- the pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_english_page_shows_the_english_edition(content, client):
    response = client.get("/help/manuals/national-viewer/", headers=ENGLISH_BROWSER)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert '<h1 class="mt-3">National read-only guide</h1>' in html
    assert '<li><a href="#queues">Review queues</a>' in html
    assert '<h2 id="queues">Review queues</h2>' in html
    assert "<p>Open a queue and click <strong>View</strong> on an item.</p>" in html
    assert "<li>Signing in is described in the guide for all staff.</li>" in html
    assert 'class="alert alert-info"' not in html


@pytest.mark.django_db
def test_a_chinese_page_shows_the_chinese_edition_of_the_same_manual(content, client):
    html = client.get("/help/manuals/national-viewer/").content.decode()

    assert '<h1 class="mt-3">全国查询（只读）操作手册</h1>' in html
    assert "National read-only guide" not in html


@pytest.mark.django_db
def test_the_language_switcher_changes_the_edition(content, client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/help/manuals/national-viewer/"})
    assert (
        '<h1 class="mt-3">National read-only guide</h1>'
        in client.get("/help/manuals/national-viewer/").content.decode()
    )

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/help/manuals/national-viewer/"})
    assert (
        '<h1 class="mt-3">全国查询（只读）操作手册</h1>'
        in client.get("/help/manuals/national-viewer/").content.decode()
    )


@pytest.mark.django_db
def test_a_manual_not_yet_in_english_shows_the_chinese_text_with_a_note(content, client):
    response = client.get("/help/manuals/applicant/", headers=ENGLISH_BROWSER)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="en">' in html
    # The Chinese text is marked as Chinese inside the English page, for screen readers.
    assert '<h1 class="mt-3" lang="zh-hans">申请人操作手册</h1>' in html
    assert f'<p class="alert alert-info">{in_english("本手册暂时只有中文版。")}</p>' in html
    assert '<div lang="zh-hans"><p>本手册写给办理中小学教师资格定期注册的教师。' in html


@pytest.mark.django_db
def test_a_chinese_page_has_no_note(content, client):
    html = client.get("/help/manuals/applicant/").content.decode()

    assert 'class="alert alert-info"' not in html
    assert 'lang="zh-hans">申请人操作手册' not in html


@pytest.mark.django_db
def test_the_english_index_lists_the_english_titles_and_marks_the_chinese_only_ones(content, client):
    html = client.get("/help/manuals/", headers=ENGLISH_BROWSER).content.decode()

    assert '<a href="/help/manuals/national-viewer/">National read-only guide</a></h3>' in html
    assert "This guide is for staff with the national read-only role" in html
    chinese_only = f'<small class="text-muted-strong">{in_english("（暂时只有中文版）")}</small>'
    assert f'<a href="/help/manuals/applicant/" lang="zh-hans">申请人操作手册</a> {chinese_only}' in html
    assert html.count(chinese_only) == len(ENTRIES) - 1


# -- the PDF -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_language_gets_its_own_pdf(content, client, tmp_path):
    english = client.get("/help/manuals/national-viewer.pdf", headers=ENGLISH_BROWSER)
    chinese = client.get("/help/manuals/national-viewer.pdf")

    assert english.content.startswith(b"%PDF-")
    assert chinese.content.startswith(b"%PDF-")
    assert english.content != chinese.content
    assert english["ETag"] != chinese["ETag"]
    assert (english["Content-Language"], chinese["Content-Language"]) == ("en", "zh-hans")
    assert b"/Lang (en)" in english.content
    assert b"/Title (National read-only guide)" in english.content
    assert b"/Lang (zh-Hans)" in chinese.content
    # Both stay cached: asking for one edition does not remove the other's file.
    assert {p.name for p in (tmp_path / "pdf").iterdir()} == {
        pdf.cache_path(manual("national-viewer", ENGLISH)).name,
        pdf.cache_path(manual("national-viewer", CHINESE)).name,
    }


@pytest.mark.django_db
def test_an_english_page_without_an_english_edition_gets_the_chinese_pdf(content, client):
    fallback = client.get("/help/manuals/applicant.pdf", headers=ENGLISH_BROWSER)
    chinese = client.get("/help/manuals/applicant.pdf")

    assert fallback.content == chinese.content
    assert fallback["Content-Language"] == "zh-hans"


def test_each_pdf_adds_its_words_in_its_own_language_whatever_the_request(content):
    # The cached file is shared by every request for its edition, so the first request's
    # language must not leak into it: here the author and subject in the PDF's properties.
    with translation.override(CHINESE):
        english = pdf.build(manual("national-viewer", ENGLISH))
    with translation.override(ENGLISH):
        chinese = pdf.build(manual("national-viewer", CHINESE))

    assert b"/Author (School Teacher Qualification Periodic Registration)" in english
    assert b"/Subject (National search \\(read only\\))" in english
    assert b"School Teacher" not in chinese
    assert b"National search" not in chinese


# -- parity of the real English editions with the Chinese originals -----------------------------


def _headings(document) -> list[tuple[int, str]]:
    return [(h.level, h.anchor) for h in document.headings(1, 2, 3, 4)]


def _markers(source: str) -> list[list[str]]:
    """The page markers in order, each as its list of URL names."""
    return [re.split(r"[\s,]+", m.strip()) for m in re.findall(r"<!--\s*page:(.*?)-->", source)]


@pytest.mark.parametrize("slug", [entry.slug for entry in ENTRIES])
def test_the_english_edition_matches_the_chinese_one(slug):
    chinese = edition(slug, CHINESE)
    english_path = catalogue.path_of(slug, ENGLISH)

    assert english_path.exists(), f"{slug}: no English edition at {english_path}"
    english_source = english_path.read_text(encoding="utf-8")
    english = parse(english_source)
    assert _headings(english) == _headings(chinese.document), f"{slug}: the sections differ"
    assert _markers(english_source) == _markers(chinese.source), f"{slug}: the page markers differ"
    assert english.pages == chinese.document.pages
