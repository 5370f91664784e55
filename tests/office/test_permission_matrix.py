"""Every office URL × every role × GET/POST against the hand-written matrix in ``matrix/``.

Personas (``office_world``): each P21 role in our region and in another region, an applicant and
an anonymous visitor. Allowed roles get an answer below 400; every other staff role and the
applicant get a 404 (the office does not admit that a page exists for them); another region's
holder of an allowed role gets a 404 on a regional object; anonymous visitors go to the login.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.office import matrix
from tests.office.matrix import Row
from tests.office.office_world import ALL_ROLES, build_office_world, office_client

# Pages a staff member reaches before the second factor, covered by test_second_factor.py.
BEFORE_SECOND_FACTOR = {
    "office:verify",
    "office:enrol",
    "office:logout",
    "office:session_extend",
    "office:session_status",
}


def _rows() -> list[Row]:
    rows: list[Row] = []
    for info in pkgutil.iter_modules(matrix.__path__):
        rows.extend(importlib.import_module(f"{matrix.__name__}.{info.name}").ROWS)
    return rows


ROWS = _rows()


def _office_url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _office_url_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name and prefix.startswith("office:"):
            names.add(f"{prefix}{entry.name}")
    return names


def test_every_office_url_is_in_the_matrix():
    listed = {row.name for row in ROWS} | BEFORE_SECOND_FACTOR
    missing = _office_url_names() - listed
    assert not missing, f"office URLs with no row in tests/office/matrix/: {sorted(missing)}"
    assert len({(row.name, row.methods) for row in ROWS}) == len(ROWS), "a URL is listed twice"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    # Rows that need a photo save one; it goes to a temporary folder, not var/private.
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def world(db):
    return build_office_world()


def _call(client: Client, method: str, url: str, data: dict):
    return client.get(url) if method == "GET" else client.post(url, data)


CASES = [(row, method) for row in ROWS for method in row.methods]


@pytest.mark.parametrize(("row", "method"), CASES, ids=[f"{r.name}-{m}" for r, m in CASES])
def test_the_matrix(row: Row, method: str, world):
    url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
    data = row.data(world) if row.data else {}
    failures: list[str] = []

    if row.public:
        personas = {"anonymous": Client(), "applicant": office_client(world.applicant)}
        personas |= {role: office_client(world.ours.staff[role]) for role in sorted(ALL_ROLES)}
        for who, client in personas.items():
            answer = _call(client, method, url, data)
            if answer.status_code >= 400 or "login" in answer.get("Location", ""):
                failures.append(f"{who}: {answer.status_code} {answer.get('Location', '')}")
        assert not failures, f"{method} {url} (public):\n" + "\n".join(failures)
        return

    anonymous = _call(Client(), method, url, data)
    if anonymous.status_code != 302 or "login" not in anonymous["Location"]:
        failures.append(f"anonymous: {anonymous.status_code}")
    applicant = _call(office_client(world.applicant), method, url, data)
    if applicant.status_code != 404:
        failures.append(f"applicant: {applicant.status_code}")

    for role in sorted(ALL_ROLES):
        # Each persona's own client: a POST may change the session or the data.
        answer = _call(office_client(world.ours.staff[role]), method, url, data).status_code
        if role in row.allowed and not answer < 400:
            failures.append(f"{role} (our region) allowed but got {answer}")
        if role not in row.allowed and answer != 404:
            failures.append(f"{role} (our region) not allowed but got {answer}")
        if row.regional and role in row.allowed and role != "national_viewer":
            other = _call(office_client(world.theirs.staff[role]), method, url, data).status_code
            if other != 404:
                failures.append(f"{role} (other region) got {other}, not 404")
    assert not failures, f"{method} {url}:\n" + "\n".join(failures)
