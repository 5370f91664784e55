"""Reading WeChat's event XML, and what a scene keeps at rest."""

from __future__ import annotations

import pytest
from django.db import connection

from teacherreg.wechat import events
from teacherreg.wechat.services import ScenePurpose, start_scene
from tests.wechat.conftest import OPENID, scan_xml, scene_str_of


def test_a_subscribe_scan_carries_the_scene_without_its_prefix():
    event = events.parse(scan_xml(OPENID, "Scene_1-x", event="subscribe"))
    assert (event.openid, event.msg_type, event.event, event.event_key) == (
        OPENID,
        "event",
        "subscribe",
        "qrscene_Scene_1-x",
    )
    assert event.scene_str == "Scene_1-x"


def test_a_scan_by_a_follower_carries_the_scene_as_is():
    assert events.parse(scan_xml(OPENID, "Scene_1-x", event="SCAN")).scene_str == "Scene_1-x"


@pytest.mark.parametrize(
    ("event", "key", "msg_type"),
    [
        ("subscribe", "", "event"),  # a plain follow
        ("unsubscribe", "", "event"),
        ("CLICK", "menu_reset", "event"),
        ("SCAN", "has spaces", "event"),
        ("SCAN", "x" * 65, "event"),
        ("SCAN", "scene", "text"),
    ],
)
def test_other_messages_carry_no_scene(event, key, msg_type):
    body = (
        f"<xml><FromUserName>{OPENID}</FromUserName><MsgType>{msg_type}</MsgType>"
        f"<Event>{event}</Event><EventKey>{key}</EventKey></xml>"
    ).encode()
    assert events.parse(body).scene_str == ""


def test_the_builder_and_the_reader_agree():
    body = events.build_scan_xml(OPENID, "abc", subscribe=True)
    assert events.parse(body).scene_str == "abc"
    assert events.parse(events.build_scan_xml(OPENID, "abc", subscribe=False)).event == "scan"


def test_a_field_longer_than_any_wechat_sends_is_refused():
    with pytest.raises(events.BadEvent):
        events.parse(b"<xml><EventKey>" + b"k" * 300 + b"</EventKey></xml>")


@pytest.mark.django_db
def test_a_scene_keeps_neither_its_string_nor_its_code_in_clear(teacher):
    scene = start_scene(teacher, ScenePurpose.BIND, browser_key="browser-1")
    scene_str = scene_str_of(scene)
    with connection.cursor() as cursor:
        cursor.execute("SELECT scene_hash, qr_content, browser_hash FROM wechat_wechatscene")
        [row] = cursor.fetchall()
    assert all(scene_str not in value and "browser-1" not in value for value in row)
    assert len(scene_str) >= 32  # 192 random bits
