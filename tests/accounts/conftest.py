from __future__ import annotations

import types

import pytest
from django.db import transaction

from teacherreg.notify.sms.backends import MemorySmsProvider


@pytest.fixture(autouse=True)
def deliver_at_once(monkeypatch):
    """The test transaction never commits, so on_commit would never fire: deliver messages at
    once instead, and start each test with an empty SMS capture."""
    shim = types.SimpleNamespace(atomic=transaction.atomic, on_commit=lambda fn, using=None, robust=False: fn())
    monkeypatch.setattr("teacherreg.notify.services.transaction", shim)
    MemorySmsProvider.clear()
    yield
    MemorySmsProvider.clear()
