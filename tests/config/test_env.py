import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str, parse_database_url


def test_it_reads_booleans_and_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be a boolean"):
        env_bool("X_FLAG", False)


def test_it_falls_back_to_defaults_when_unset(monkeypatch):
    monkeypatch.delenv("X_MISSING", raising=False)
    assert env_bool("X_MISSING", True) is True
    assert env_int("X_MISSING", 7) == 7
    assert env_list("X_MISSING", ["a"]) == ["a"]
    assert env_str("X_MISSING", "d") == "d"


def test_it_requires_a_variable_without_default(monkeypatch):
    monkeypatch.delenv("X_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_REQUIRED is required"):
        env_str("X_REQUIRED")


def test_it_checks_integers_and_their_minimum(monkeypatch):
    monkeypatch.setenv("X_INT", "abc")
    with pytest.raises(ImproperlyConfigured, match="must be an integer"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("X_INT", 1, minimum=0)


def test_it_parses_database_urls():
    pg = parse_database_url("postgres://u:p%40ss@db.example:6543/reg?sslmode=verify-full")
    assert (pg.engine, pg.name, pg.user, pg.password, pg.host, pg.port) == (
        "django.db.backends.postgresql",
        "reg",
        "u",
        "p@ss",
        "db.example",
        "6543",
    )
    assert pg.options == {"sslmode": "verify-full"}
    lite = parse_database_url("sqlite:////tmp/x.sqlite3")
    assert lite.engine == "django.db.backends.sqlite3"
    assert lite.name == "/tmp/x.sqlite3"
    with pytest.raises(ImproperlyConfigured, match="not supported"):
        parse_database_url("mysql://x/y")
