"""The settings the foundation promises (issue 2 item 1, P24, security.md §5.5)."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends import db as db_sessions

from config.settings import base

ROOT = Path(__file__).resolve().parents[2]


def _production_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TEACHERREG_", "DATABASE_", "REDIS_"))}
    for line in (ROOT / ".ci/production-check.env").read_text().splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    env.update(overrides)
    return env


def _load_production(**overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('loaded')"],
        cwd=ROOT,
        env=_production_env(**overrides),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_embedded_sqlite_default_uses_wal_immediate_and_a_long_timeout(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = base._database()
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert db["OPTIONS"]["timeout"] >= 20
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_postgresql_connections_have_bounded_waits(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1:5432/reg")
    db = base._database()
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert db["OPTIONS"]["connect_timeout"] == 3
    assert "statement_timeout" in db["OPTIONS"]["options"]
    assert "lock_timeout" in db["OPTIONS"]["options"]


def test_language_time_zone_and_sessions():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    # In the database (a Redis outage signs nobody out): Django's store, read more cheaply.
    assert settings.SESSION_ENGINE == "teacherreg.accounts.session_store"
    assert issubclass(import_module(settings.SESSION_ENGINE).SessionStore, db_sessions.SessionStore)


def test_production_settings_load_with_their_variables():
    result = _load_production()
    assert result.returncode == 0, result.stderr
    assert "loaded" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"TEACHERREG_DEMO_ALLOWED": "1"}, "P24: demo data"),
        ({"TEACHERREG_CAPTCHA_TEST_HOOK": "1"}, "P24: the captcha test hook"),
        ({"DATABASE_URL": "sqlite:////tmp/prod.sqlite3"}, "Production runs on PostgreSQL"),
        ({"REDIS_URL": ""}, "Production needs REDIS_URL"),
        ({"TEACHERREG_FIELD_KEYS": "k1:bm90LWEta2V5"}, "must decode to 32 bytes"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS is required"),
    ],
)
def test_production_settings_refuse_to_start_when_misconfigured(overrides, complaint):
    result = _load_production(**overrides)
    assert result.returncode != 0
    assert complaint in result.stderr
