"""The portal speaks Chinese first and English on request."""

import pytest

# The home and 网上办事 pages read the announcements (issue 8 item 3).
pytestmark = pytest.mark.django_db


def test_it_answers_in_english_for_an_english_browser(client):
    html = client.get("/services/", headers={"accept-language": "en"}).content.decode()

    assert '<html lang="en">' in html
    assert "<title>Online services - School Teacher Qualification Periodic Registration</title>" in html
    assert '<h1 class="mt-3">Online services</h1>' in html
    assert ">Skip to main content</a>" in html


def test_it_answers_in_chinese_for_a_chinese_browser(client):
    html = client.get("/", headers={"accept-language": "zh-CN,zh;q=0.9"}).content.decode()

    assert '<html lang="zh-hans">' in html
    assert "<title>中小学教师资格定期注册</title>" in html


def test_it_switches_language_with_the_header_form(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/help/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/help/"
    html = client.get("/help/").content.decode()
    assert '<h1 class="mt-3">Help and contact</h1>' in html
    assert "Rare characters in names" in html

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/help/"})
    assert '<h1 class="mt-3">咨询服务</h1>' in client.get("/help/").content.decode()


@pytest.mark.parametrize("path", ["/", "/services/", "/certificate-query/", "/help/"])
def test_it_offers_the_other_language_in_its_own_name(client, path):
    html = client.get(path).content.decode()

    assert (
        '<button class="lang-switch__button" type="submit" name="language" value="en" lang="en">English</button>'
        in html
    )
    assert '<span class="lang-switch__current" lang="zh-hans" aria-current="true">简体中文</span>' in html
    assert f'<input type="hidden" name="next" value="{path}">' in html
