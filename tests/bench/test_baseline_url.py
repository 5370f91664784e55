"""The bench's bare endpoint exists only when TEACHERREG_BENCH_BASELINE is on."""

from __future__ import annotations

import importlib

import pytest
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db


def _reload_urls() -> None:
    importlib.reload(importlib.import_module("config.urls"))
    clear_url_caches()


@pytest.fixture
def urls_with(monkeypatch):
    """Reload the URL configuration under a changed environment, and back afterwards."""

    def apply(value: str | None) -> None:
        if value is None:
            monkeypatch.delenv("TEACHERREG_BENCH_BASELINE", raising=False)
        else:
            monkeypatch.setenv("TEACHERREG_BENCH_BASELINE", value)
        _reload_urls()

    yield apply
    monkeypatch.undo()
    _reload_urls()


def test_it_is_a_404_by_default(client, urls_with):
    urls_with(None)

    assert client.get("/bench/baseline/").status_code == 404


def test_it_is_a_404_when_switched_off(client, urls_with):
    urls_with("0")

    assert client.get("/bench/baseline/").status_code == 404


def test_it_answers_a_bare_ok_when_switched_on(client, urls_with, django_assert_num_queries):
    urls_with("1")

    with django_assert_num_queries(0):
        response = client.get("/bench/baseline/")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Set-Cookie" not in response
