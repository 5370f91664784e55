"""Fixtures for the captcha tests.

Each visitor gets a fresh session and a random address, so the per-address counter of one
test never meets another's (on Redis the counters outlive a test's transaction).
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.captcha.helpers import a_new_address


@pytest.fixture
def visitor(db) -> Client:
    return Client(REMOTE_ADDR=a_new_address())


@pytest.fixture
def make_visitor(db):
    return lambda address=None: Client(REMOTE_ADDR=address or a_new_address())
