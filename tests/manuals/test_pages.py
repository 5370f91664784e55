"""/help/manuals/: the index, each manual as a page with its contents, and its PDF."""

from __future__ import annotations

import re

import pytest

from teacherreg.manuals import pdf
from teacherreg.manuals.catalogue import ENTRIES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pdf_cache(settings, tmp_path):
    settings.TEACHERREG_MANUALS_PDF_DIR = str(tmp_path / "manuals")


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page[^s]", data))


def test_the_index_lists_every_manual_with_its_page_and_pdf(client):
    html = client.get("/help/manuals/").content.decode()

    assert '<h1 class="mt-3">操作手册</h1>' in html
    for slug, title in [
        ("applicant", "申请人操作手册"),
        ("staff-common", "工作人员通用操作手册"),
        ("confirmation-point", "确认点工作人员操作手册"),
        ("county-reviewer", "县级注册机构（初审）操作手册"),
        ("city-reviewer", "市级注册机构（复核）操作手册"),
        ("province-reviewer", "省级注册机构（终审）操作手册"),
        ("province-admin", "省级管理员操作手册"),
        ("national-viewer", "全国查询（只读）操作手册"),
        ("system-admins", "系统管理员、安全管理员、审计管理员操作手册"),
    ]:
        assert f'<a href="/help/manuals/{slug}/">{title}</a>' in html
        assert f'<a href="/help/manuals/{slug}.pdf">' in html
    assert len(ENTRIES) == 9


def test_a_manual_page_has_its_title_contents_and_anchors(client):
    response = client.get("/help/manuals/applicant/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<h1 class="mt-3">申请人操作手册</h1>' in html
    assert "<title>申请人操作手册 - 操作手册 - 中小学教师资格定期注册</title>" in html
    # Contents entries point at headings that exist on the page.
    for anchor, text in [("identity", "实名核验和人工审核"), ("apply", "网上报名的七个步骤"), ("withdraw", "撤回报名")]:
        assert f'<li><a href="#{anchor}">{text}</a>' in html
        assert f'<h2 id="{anchor}">{text}</h2>' in html
    assert '<li><a href="#step-6">步骤 6：提交注册申请</a></li>' in html
    assert '<h3 id="step-6">步骤 6：提交注册申请</h3>' in html
    assert '<a href="/help/manuals/applicant.pdf">下载 PDF</a>' in html
    assert "<!--" not in html.split('class="col-lg-8 order-lg-1 manual-body"', 1)[1]


def test_every_contents_link_has_its_heading(client):
    for entry in ENTRIES:
        html = client.get(f"/help/manuals/{entry.slug}/").content.decode()
        links = re.findall(r'<li><a href="#([\w-]+)">', html)
        ids = set(re.findall(r'<h[234] id="([\w-]+)">', html))

        assert links, entry.slug
        assert set(links) <= ids, entry.slug


def test_staff_manuals_are_public(client):
    response = client.get("/help/manuals/province-reviewer/")

    assert response.status_code == 200
    assert '<h2 id="revoke">撤销注册</h2>' in response.content.decode()


@pytest.mark.parametrize(
    ("slug", "heading"),
    [
        ("applicant", '<h3 id="faq">常见问题</h3>'),
        ("applicant", '<h3 id="contact">邮件咨询</h3>'),
        ("applicant", '<h3 id="my-tickets">我的咨询</h3>'),
        ("applicant", '<h3 id="announcements">通知公告</h3>'),
        ("province-admin", '<h2 id="announcements">通知公告</h2>'),
        ("province-admin", '<h2 id="support">咨询工单</h2>'),
        ("province-reviewer", '<h2 id="support">咨询工单</h2>'),
        ("system-admins", '<h2 id="faq">系统管理员：常见问题</h2>'),
        ("county-reviewer", '<h3 id="entry-start">第一步：核对证件，查找或开设账号</h3>'),
    ],
)
def test_the_help_and_office_sections_are_on_their_manuals_pages(client, slug, heading):
    assert heading in client.get(f"/help/manuals/{slug}/").content.decode()


@pytest.mark.parametrize("path", ["/help/manuals/nothing/", "/help/manuals/nothing.pdf", "/help/manuals/APPLICANT/"])
def test_an_unknown_manual_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_pdf_is_a_pdf_of_the_expected_length(client):
    response = client.get("/help/manuals/applicant.pdf")
    data = response.content

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="applicant.pdf"; filename*=UTF-8')
    assert data.startswith(b"%PDF-")
    assert 10 <= _pages(data) <= 30


def test_a_short_manual_has_a_short_pdf(client):
    data = client.get("/help/manuals/national-viewer.pdf").content

    assert data.startswith(b"%PDF-")
    assert 2 <= _pages(data) <= 5


def test_the_pdf_is_built_once_per_version(client, monkeypatch):
    calls: list[str] = []
    real_build = pdf.build

    def counting(manual):
        calls.append(manual.slug)
        return real_build(manual)

    monkeypatch.setattr(pdf, "build", counting)

    first = client.get("/help/manuals/city-reviewer.pdf")
    second = client.get("/help/manuals/city-reviewer.pdf")

    assert calls == ["city-reviewer"]
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
