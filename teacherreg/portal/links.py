"""Where the portal's entry buttons lead.

The account, application and query pages are built in other apps and arrive in later issues.
The portal links to them by URL name and shows a link only when that name resolves, so a page
never points at a route that does not exist yet. When an app adds one of these routes under the
name below, the portal picks it up without a change here.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import resolve_url

from teacherreg.common.url_cache import path_or_none

# Entry point -> URL names to try, first match wins.
ENTRY_POINTS: dict[str, tuple[str, ...]] = {
    "personal_centre": ("applicant:centre",),
    "apply": ("applicant:registration_platform", "applicant:apply"),
    "registration_windows": ("applicant:registration_windows",),
    "own_certificates": ("applicant:certificates",),
    "third_party_query": ("portal:third_party_query",),
    "logout": ("accounts:logout", "admin:logout"),
    "office": ("office:home",),
}


def _first_resolving(names: tuple[str, ...]) -> str | None:
    return next((path for path in map(path_or_none, names) if path is not None), None)


def entry_links() -> dict[str, str | None]:
    """URL of every entry point, or None when its page is not there.

    ``login`` always has a target: Django's ``LOGIN_URL``. Pages that need a signed-in applicant
    (``apply``, ``own_certificates``) fall back to it, which is where the user would be sent anyway.
    """
    login = resolve_url(settings.LOGIN_URL)
    links: dict[str, str | None] = {name: _first_resolving(names) for name, names in ENTRY_POINTS.items()}
    links["login"] = login
    links["apply"] = links["apply"] or login
    links["own_certificates"] = links["own_certificates"] or login
    return links
