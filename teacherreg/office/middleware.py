"""The gate in front of the back office: no staff session reaches /admin/ or /office/
without the second factor (P22; security.md §1.5, 4.0.3: 4.3.1 "admin interfaces use MFA").

A signed-in staff account whose session has not passed the factor is sent to the code page,
or to enrolment when the account has no authenticator yet. The gate works on URL prefixes,
not on resolved views, so a new admin page is covered the day it is added (fail closed).
Applicants are not staff and pass straight through (the office views refuse them anyway).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from teacherreg.accounts.session_policy import redirect_away
from teacherreg.common.url_cache import path_or_none
from teacherreg.office.second_factor import is_verified, needs_second_factor

# Pages a staff member must reach before the factor: the factor itself, leaving, the timeout
# dialog's endpoints.
EXEMPT_URL_NAMES = (
    "office:verify",
    "office:enrol",
    "office:logout",
    "office:session_extend",
    "office:session_status",
    "admin:logout",
)
GATED_URL_NAMES = ("admin:index", "office:home")


def _reversed(names: tuple[str, ...]) -> list[str]:
    """The paths of those names that this URL configuration has (reversed once, url_cache)."""
    return [path for path in map(path_or_none, names) if path is not None]


class StaffSecondFactorMiddleware:
    """Place after ``SessionPolicyMiddleware`` (an expired session is ended first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @property
    def gated_prefixes(self) -> tuple[str, ...]:
        return tuple(_reversed(GATED_URL_NAMES))

    @property
    def exempt_paths(self) -> frozenset[str]:
        return frozenset(_reversed(EXEMPT_URL_NAMES))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        # In process_view, like the session policy, so MIDDLEWARE order decides which runs
        # first. Every path under /admin/ resolves (the admin has a catch-all view); an
        # unknown /office/ path is a 404 that shows nothing.
        path = request.path_info
        if (
            path.startswith(self.gated_prefixes)
            and path not in self.exempt_paths
            and needs_second_factor(request.user)
            and not is_verified(request)
        ):
            target = "office:verify" if request.user.totp_secret else "office:enrol"
            url = reverse(target)
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect_away(request, url, status=403)
        return None
