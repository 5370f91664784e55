"""/wechat/callback/: WeChat's URL check and its events (security.md §1.11; testing.md)."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from teacherreg.audit.models import AuditEvent
from teacherreg.wechat.models import WechatBinding
from teacherreg.wechat.services import ScenePurpose, start_scene
from tests.wechat.conftest import OPENID, TOKEN, post_event, scan_xml, scene_str_of, signed_query

pytestmark = pytest.mark.django_db
URL = "/wechat/callback/"


def _get(query: dict[str, str]):
    return Client().get(URL, query)


@pytest.fixture
def bind_scene(teacher):
    return start_scene(teacher, ScenePurpose.BIND, browser_key="browser-1")


# --- the URL check (GET) -------------------------------------------------------------------


def test_the_url_check_echoes_echostr_when_the_signature_verifies():
    response = _get({**signed_query(), "echostr": "5838479218127813673"})
    assert response.status_code == 200
    assert response.content == b"5838479218127813673"
    assert response["Content-Type"].startswith("text/plain")


def test_a_signature_worked_out_by_hand_verifies(settings, time_machine):
    # sha1("1409304348" + "1514711492" + "token"): the three values sorted, joined, hashed once
    # with sha1sum and pasted here.
    settings.TEACHERREG_WECHAT_TOKEN = "token"
    time_machine.move_to(1409304348 + 60, tick=False)
    query = {
        "signature": "c2d61cdbef024ada468672b31b30433b8905c6e3",
        "timestamp": "1409304348",
        "nonce": "1514711492",
        "echostr": "ok",
    }
    assert _get(query).content == b"ok"


@pytest.mark.parametrize(
    "change",
    [
        {"signature": "0" * 40},  # bad
        {"signature": ""},  # missing
        {"nonce": "other"},  # the signature was made over another nonce
        {"timestamp": str(int(time.time()) - 301)},  # stale: also changes the signature
    ],
    ids=["bad", "empty", "other-nonce", "other-timestamp"],
)
def test_a_query_that_does_not_verify_is_refused(change):
    response = _get({**signed_query(), "echostr": "123", **change})
    assert response.status_code == 403
    assert b"123" not in response.content


def test_a_missing_signature_is_refused():
    query = signed_query()
    del query["signature"]
    assert _get({**query, "echostr": "123"}).status_code == 403


def test_a_correctly_signed_but_stale_timestamp_is_refused():
    assert _get({**signed_query(timestamp=int(time.time()) - 301), "echostr": "1"}).status_code == 403
    assert _get({**signed_query(timestamp=int(time.time()) + 301), "echostr": "1"}).status_code == 403
    assert _get({**signed_query(timestamp=int(time.time()) - 290), "echostr": "1"}).status_code == 200


def test_a_signature_made_with_another_token_is_refused():
    assert _get({**signed_query("not-our-token"), "echostr": "1"}).status_code == 403


def test_without_a_configured_token_everything_is_refused(settings):
    # An empty token would make the signature computable by anyone.
    settings.TEACHERREG_WECHAT_TOKEN = ""
    assert _get({**signed_query(""), "echostr": "1"}).status_code == 403


def test_other_methods_are_refused():
    assert Client().put(URL + "?" + "&".join(f"{k}={v}" for k, v in signed_query().items())).status_code == 405


# --- events (POST) -------------------------------------------------------------------------


def test_a_scan_with_a_bad_signature_changes_nothing(bind_scene, teacher):
    query = {**signed_query(), "signature": "f" * 40}
    response = post_event(scan_xml(OPENID, scene_str_of(bind_scene)), query)
    assert response.status_code == 403
    assert not WechatBinding.objects.exists()


def test_a_stale_scan_is_refused_as_a_replay(bind_scene):
    response = post_event(scan_xml(OPENID, scene_str_of(bind_scene)), signed_query(timestamp=int(time.time()) - 600))
    assert response.status_code == 403
    assert not WechatBinding.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><FromUserName>&a;</FromUserName></xml>',
        b'<!DOCTYPE xml SYSTEM "file:///etc/passwd"><xml></xml>',
        b'<xml><!ENTITY x SYSTEM "http://127.0.0.1/">  </xml>',
        b"<!doctype xml><xml></xml>",
    ],
    ids=["internal-entity", "external-dtd", "entity-only", "lower-case"],
)
def test_a_body_with_a_dtd_or_an_entity_is_refused(body, bind_scene):
    assert post_event(body).status_code == 400


def test_a_billion_laughs_body_is_refused_before_parsing():
    lol = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    assert post_event(lol + b"<xml><FromUserName>&lol2;</FromUserName></xml>").status_code == 400


def test_a_body_over_16_kb_is_refused(bind_scene):
    padding = b"<Padding>" + b"x" * (16 * 1024) + b"</Padding>"
    body = scan_xml(OPENID, scene_str_of(bind_scene)).replace(b"</xml>", padding + b"</xml>")
    response = post_event(body)
    assert response.status_code == 413
    assert not WechatBinding.objects.exists()


def test_a_body_of_exactly_16_kb_is_read(bind_scene):
    body = scan_xml(OPENID, scene_str_of(bind_scene))
    body = body.replace(
        b"</xml>", b"<Padding>" + b"x" * (16 * 1024 - len(body) - len(b"<Padding></Padding>")) + b"</Padding></xml>"
    )
    assert len(body) == 16 * 1024
    assert post_event(body).content == b"success"
    assert WechatBinding.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [b"", b"not xml", b"<xml><FromUserName>unclosed</xml>", b"<other><FromUserName>x</FromUserName></other>"],
    ids=["empty", "text", "unclosed", "wrong-root"],
)
def test_a_malformed_body_is_refused(body):
    assert post_event(body).status_code == 400


def test_a_subscribe_scan_binds_and_wechat_gets_success(bind_scene, teacher):
    response = post_event(scan_xml(OPENID, scene_str_of(bind_scene), event="subscribe"))
    assert response.status_code == 200
    assert response.content == b"success"
    assert WechatBinding.objects.get().user == teacher


def test_a_scan_event_of_a_follower_binds_too(bind_scene, teacher):
    assert post_event(scan_xml(OPENID, scene_str_of(bind_scene), event="SCAN")).content == b"success"
    assert WechatBinding.objects.get().user == teacher


def test_a_subscribe_without_the_qrscene_prefix_is_not_a_scan(bind_scene):
    body = scan_xml(OPENID, scene_str_of(bind_scene), event="SCAN").replace(b"[SCAN]", b"[subscribe]")
    assert post_event(body).content == b"success"
    assert not WechatBinding.objects.exists()


def test_an_unknown_scene_is_answered_and_audited_as_denied():
    assert post_event(scan_xml(OPENID, "no-such-scene")).content == b"success"
    event = AuditEvent.objects.get(action="wechat.scan")
    assert event.result == "denied" and event.data["outcome"] == "unknown_scene"


def test_the_same_signed_query_cannot_carry_a_second_body(bind_scene, teacher):
    query = signed_query()
    first = post_event(b"<xml><MsgType><![CDATA[text]]></MsgType></xml>", query)
    assert first.content == b"success"
    replay = post_event(scan_xml(OPENID, scene_str_of(bind_scene)), query)
    assert replay.status_code == 200 and replay.content == b"success"
    assert not WechatBinding.objects.exists()


def test_a_plain_follow_is_audited_without_the_openid():
    body = (
        b"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[" + OPENID.encode() + b"]]>"
        b"</FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        b"<Event><![CDATA[unsubscribe]]></Event></xml>"
    )
    assert post_event(body).content == b"success"
    event = AuditEvent.objects.get(action="wechat.event")
    assert event.data["event"] == "unsubscribe"
    assert len(event.data["openid_ref"]) == 12


def test_no_audit_event_holds_the_openid(bind_scene):
    post_event(scan_xml(OPENID, scene_str_of(bind_scene)))
    post_event(scan_xml("oSomeoneElse00000000000000", scene_str_of(bind_scene)))
    events = list(AuditEvent.objects.values_list("data", flat=True))
    assert events
    assert all(OPENID not in str(data) and "oSomeoneElse" not in str(data) for data in events)


def test_an_openid_with_strange_characters_is_refused(bind_scene):
    assert post_event(scan_xml("o<script>", scene_str_of(bind_scene))).status_code == 400


def test_the_callback_needs_no_csrf_token(bind_scene):
    client = Client(enforce_csrf_checks=True)
    assert post_event(scan_xml(OPENID, scene_str_of(bind_scene)), client=client).content == b"success"


def test_the_token_is_used_as_configured(settings, bind_scene):
    settings.TEACHERREG_WECHAT_TOKEN = "rotated"
    assert post_event(scan_xml(OPENID, scene_str_of(bind_scene)), signed_query(TOKEN)).status_code == 403
    assert post_event(scan_xml(OPENID, scene_str_of(bind_scene)), signed_query("rotated")).content == b"success"


def test_the_route_is_the_one_configured_in_wechat():
    assert reverse("wechat:callback") == URL
