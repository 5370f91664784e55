"""Whole-page caching of public pages for anonymous visitors (common.page_cache, issue 7).

The test settings turn the cache off for the rest of the suite; here it is on, and every test
starts with fresh generations so nothing drawn by another test (or another xdist worker sharing
Redis) can be served.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory

from teacherreg.common import page_cache
from tests.announcements.world import announcement
from tests.factories import ApplicantFactory
from tests.registration.world import build_world

pytestmark = pytest.mark.django_db
WINDOWS = "/registration/windows/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.TEACHERREG_PAGE_CACHE = True
    page_cache.bump("portal")
    page_cache.bump("windows")


@pytest.fixture(autouse=True)
def _frozen():
    # 10:00 in Shanghai on 10 October 2026, inside the ready world's 历下 window.
    with time_machine.travel(datetime.datetime(2026, 10, 10, 2, 0, tzinfo=datetime.UTC), tick=False):
        yield


def _visit(client: Client, path: str = "/", **extra) -> tuple[str, str]:
    response = client.get(path, **extra)
    assert response.status_code == 200
    return response.get("X-Page-Cache", ""), response.content.decode()


def _tokenless(html: str) -> str:
    return html.replace(TOKEN.search(html).group(1), "")


def test_the_second_anonymous_visit_is_served_from_the_cache():
    first, html = _visit(Client())
    second, again = _visit(Client())

    assert (first, second) == ("miss", "hit")
    assert _tokenless(html) == _tokenless(again)
    assert page_cache.MARKER not in again


def test_each_visitor_gets_a_token_that_works_with_their_own_cookie():
    _visit(Client())  # draws and stores the page
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    tokens = []
    for visitor in visitors:
        state, html = _visit(visitor)
        assert state == "hit"
        tokens.append(TOKEN.search(html).group(1))
        # The language switch posts with the page's token: refused if the token were another's.
        switched = visitor.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[-1]})
        assert switched.status_code == 302
        assert visitor.cookies["django_language"].value == "en"
    assert tokens[0] != tokens[1]
    # htmx sends the same token in its header.
    assert f'"X-CSRFToken": "{tokens[1]}"' in html


def test_a_signed_in_visitor_is_never_served_or_stored():
    user = ApplicantFactory()
    member = Client()
    member.force_login(user)

    state, html = _visit(member)
    assert state == ""
    assert "个人信息中心" in html
    # Nor did the signed-in page become what anonymous visitors get.
    anonymous_state, anonymous_html = _visit(Client())
    assert anonymous_state == "miss"
    assert "个人信息中心" not in anonymous_html.split("</header>", 1)[0]


def test_a_new_announcement_shows_at_once():
    _visit(Client())
    assert _visit(Client())[0] == "hit"

    announcement(title="补充报名通知", starts_on=datetime.date(2026, 10, 1))

    state, html = _visit(Client())
    assert state == "miss"
    assert "补充报名通知" in html


def test_a_withdrawn_announcement_disappears_at_once():
    notice = announcement(title="即将撤下的公告", starts_on=datetime.date(2026, 10, 1))
    assert "即将撤下的公告" in _visit(Client())[1]

    notice.is_published = False
    notice.save()

    assert "即将撤下的公告" not in _visit(Client())[1]


def test_languages_and_query_strings_are_kept_apart():
    world = build_world()
    _visit(Client())
    english = Client()
    english.cookies["django_language"] = "en"

    state, html = _visit(english)
    assert state == "miss" and 'lang="en"' in html

    shandong = {"province": world.shandong.pk}
    jinan = {"province": world.shandong.pk, "city": world.jinan.pk}
    assert _visit(Client(), WINDOWS, data=shandong)[0] == "miss"
    assert _visit(Client(), WINDOWS, data=jinan)[0] == "miss"
    assert _visit(Client(), WINDOWS, data=shandong)[0] == "hit"


def test_a_window_change_redraws_the_window_query():
    world = build_world()
    params = {"province": world.shandong.pk, "city": world.jinan.pk, "agency": world.lixia.pk}
    assert "正在网报" in _visit(Client(), WINDOWS, data=params)[1]
    assert _visit(Client(), WINDOWS, data=params)[0] == "hit"

    world.batch.is_open = False
    world.batch.save()

    state, html = _visit(Client(), WINDOWS, data=params)
    assert state == "miss"
    assert "该注册机构现在不能报名" in html


def test_a_new_day_draws_the_page_again():
    _visit(Client())
    with time_machine.travel(datetime.datetime(2026, 10, 11, 2, 0, tzinfo=datetime.UTC), tick=False):
        assert _visit(Client())[0] == "miss"


def test_a_pending_message_is_shown_not_cached():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    assert page_cache.cacheable(request)

    request._messages.add(constants.SUCCESS, "已退出登录。")

    assert not page_cache.cacheable(request)
    assert len(get_messages(request)) == 1  # looking did not use the message up


def test_only_reads_are_cached(settings):
    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    assert not page_cache.cacheable(request)
    settings.TEACHERREG_PAGE_CACHE = False
    assert not page_cache.cacheable(RequestFactory().get("/"))


def test_a_page_whose_token_cannot_be_found_is_not_stored():
    assert page_cache._without_token('<input name="csrfmiddlewaretoken" value="abc">x abc') == (
        f'<input name="csrfmiddlewaretoken" value="{page_cache.MARKER}">x {page_cache.MARKER}'
    )
    assert page_cache._without_token("<p>plain</p>") == "<p>plain</p>"
    assert page_cache._without_token("<p data-csrf='?'>odd</p>") is None


def test_a_process_answers_from_its_own_copy_for_a_second_only(monkeypatch):
    """A change made in another process (its generation raised in Redis, not here) is seen
    here once this process's own copy is older than LOCAL_SECONDS."""
    clock = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    assert _visit(Client())[0] == "miss"
    assert _visit(Client())[0] == "hit"  # now kept in this process too

    # Another process raises the generation: Redis knows, this process's copy does not.
    from django.core.cache import cache

    cache.incr(page_cache._generation_key("portal"))
    clock[0] += page_cache.LOCAL_SECONDS / 2
    assert _visit(Client())[0] == "hit"
    clock[0] += page_cache.LOCAL_SECONDS
    assert _visit(Client())[0] == "miss"


def test_a_change_in_this_process_empties_its_own_copy_at_once():
    _visit(Client())
    _visit(Client())
    assert page_cache._local
    page_cache.bump("portal")
    assert page_cache._local == {}
