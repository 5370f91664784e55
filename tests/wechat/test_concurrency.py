"""One openid ↔ one account under a race (security.md 6.8.1): ten accounts' codes scanned at the
same moment by one WeChat user give exactly one binding. Real transactions on PostgreSQL;
SQLite serialises writers and proves nothing."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from teacherreg.wechat.models import SceneRefusal, WechatBinding, WechatScene
from teacherreg.wechat.services import ScenePurpose, record_scan, start_scene
from tests.factories import ApplicantFactory
from tests.wechat.conftest import OPENID, scene_str_of


@pytest.mark.concurrency
@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; PostgreSQL shows the race")
def test_ten_simultaneous_scans_of_one_openid_bind_one_account():
    scenes = [start_scene(ApplicantFactory(), ScenePurpose.BIND, browser_key=f"b{i}") for i in range(10)]
    barrier = threading.Barrier(10, timeout=30)
    outcomes: list[str] = []
    lock = threading.Lock()

    def scan(scene_str: str) -> None:
        try:
            barrier.wait()
            result = record_scan(scene_str, OPENID, event="subscribe")
            with lock:
                outcomes.append(result.outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan, args=(scene_str_of(s),)) for s in scenes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert sorted(outcomes) == ["confirmed"] + ["refused"] * 9
    assert WechatBinding.objects.count() == 1
    assert WechatScene.objects.filter(refusal=SceneRefusal.OPENID_TAKEN).count() == 9
