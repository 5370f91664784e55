"""Reading the field-encryption and blind-index keys (config/keys.py)."""

import base64
import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.keys import development_keys, keys_from_environment, parse_keys

A = base64.b64encode(b"a" * 32).decode()
B = base64.b64encode(b"b" * 32).decode()
INDEX = base64.b64encode(b"i" * 32).decode()


def test_it_parses_keys_and_makes_the_first_current():
    keys = parse_keys(f"k2:{A}, k1:{B}", INDEX)
    assert keys.field_keys == {"k2": b"a" * 32, "k1": b"b" * 32}
    assert list(keys.field_keys) == ["k2", "k1"]
    assert keys.current_key_id == "k2"
    assert keys.blind_index_key == b"i" * 32


def test_it_ignores_empty_entries():
    assert list(parse_keys(f",k1:{A},,", INDEX).field_keys) == ["k1"]


@pytest.mark.parametrize(
    ("field_keys", "index", "message"),
    [
        ("k1:not*base64", INDEX, r"TEACHERREG_FIELD_KEYS\[k1\] is not valid base64"),
        (f"k1:{A}", "not*base64", "TEACHERREG_BLIND_INDEX_KEY is not valid base64"),
        (
            "k1:" + base64.b64encode(b"short").decode(),
            INDEX,
            r"TEACHERREG_FIELD_KEYS\[k1\] must decode to 32 bytes, got 5",
        ),
        ("k1:", INDEX, r"must decode to 32 bytes, got 0"),
        (f"k1:{A}", base64.b64encode(b"i" * 16).decode(), "TEACHERREG_BLIND_INDEX_KEY must decode to 32 bytes, got 16"),
        (f"k1:{A},k1:{B}", INDEX, "names key id 'k1' twice"),
        ("", INDEX, "names no key"),
        (" , ", INDEX, "names no key"),
    ],
)
def test_it_refuses_bad_keys_with_a_clear_message(field_keys, index, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_keys(field_keys, index)


@pytest.mark.parametrize(
    "key_id",
    ["", "K1", "key-one", "toolongid", "k 1", "k1\n", "密钥", "ｋ1"],
)
def test_it_refuses_a_bad_key_id(key_id):
    with pytest.raises(ImproperlyConfigured, match="ids are 1-8 lowercase letters or digits"):
        parse_keys(f"{key_id}:{A}", INDEX)


def test_it_refuses_a_pair_without_a_colon():
    with pytest.raises(ImproperlyConfigured, match="must be 'id:base64' pairs"):
        parse_keys(A, INDEX)


def test_it_reads_keys_from_the_environment(monkeypatch):
    monkeypatch.setenv("TEACHERREG_FIELD_KEYS", f"p1:{A}")
    monkeypatch.setenv("TEACHERREG_BLIND_INDEX_KEY", INDEX)
    assert keys_from_environment().current_key_id == "p1"


def test_it_requires_both_variables_in_the_environment(monkeypatch):
    monkeypatch.setenv("TEACHERREG_FIELD_KEYS", f"p1:{A}")
    monkeypatch.delenv("TEACHERREG_BLIND_INDEX_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="TEACHERREG_BLIND_INDEX_KEY is required"):
        keys_from_environment()


def test_it_makes_development_keys_once_in_a_private_file(tmp_path, monkeypatch):
    monkeypatch.delenv("TEACHERREG_FIELD_KEYS", raising=False)
    path = tmp_path / "var" / "dev-keys.env"
    first = development_keys(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first.current_key_id == "dev1"
    assert len(first.field_keys["dev1"]) == 32
    assert len(first.blind_index_key) == 32
    assert first.field_keys["dev1"] != first.blind_index_key
    content = path.read_text()
    assert development_keys(path) == first
    assert path.read_text() == content
    # No temporary file is left behind.
    assert [p.name for p in path.parent.iterdir()] == ["dev-keys.env"]


def test_it_makes_private_development_keys_under_a_permissive_umask(tmp_path, monkeypatch):
    monkeypatch.delenv("TEACHERREG_FIELD_KEYS", raising=False)
    old = os.umask(0)
    try:
        development_keys(tmp_path / "dev-keys.env")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "dev-keys.env").stat().st_mode) == 0o600


def test_it_prefers_environment_keys_over_the_development_file(tmp_path, monkeypatch):
    monkeypatch.setenv("TEACHERREG_FIELD_KEYS", f"env1:{A}")
    monkeypatch.setenv("TEACHERREG_BLIND_INDEX_KEY", INDEX)
    path = tmp_path / "dev-keys.env"
    assert development_keys(path).current_key_id == "env1"
    assert not path.exists()


def test_it_reports_a_development_file_that_lacks_a_key(tmp_path, monkeypatch):
    monkeypatch.delenv("TEACHERREG_FIELD_KEYS", raising=False)
    path = tmp_path / "dev-keys.env"
    path.write_text(f"TEACHERREG_FIELD_KEYS=dev1:{A}\n")
    with pytest.raises(ImproperlyConfigured, match="does not set TEACHERREG_BLIND_INDEX_KEY"):
        development_keys(path)
