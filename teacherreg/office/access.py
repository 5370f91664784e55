"""Who may open office pages. The second-factor middleware already stands in front of
/office/; these decorators say the same thing again at each view, so a view moved or mounted
elsewhere does not lose its guard."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from teacherreg.office.scope import scope_for
from teacherreg.office.second_factor import is_verified, needs_second_factor

View = Callable[..., HttpResponse]


def staff_signed_in(view: View) -> View:
    """Signed in with a password as a staff account; the second factor not yet required.
    Anonymous visitors go to the staff login; applicants get a 404 (nothing here for them)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not needs_second_factor(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def staff_verified(view: View) -> View:
    """A staff account whose session has passed the second factor."""

    @staff_signed_in
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_verified(request):
            target = "office:verify" if request.user.totp_secret else "office:enrol"
            return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))
        return view(request, *args, **kwargs)

    return wrapped


def staff_with_role(*roles: str) -> Callable[[View], View]:
    """A verified staff member holding one of ``roles`` (P21); everyone else gets a 404.

    The view finds the member's :class:`~teacherreg.office.scope.Scope` on ``request.scope``
    and must read every case and organisation through it.
    """

    def decorate(view: View) -> View:
        @staff_verified
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            scope = scope_for(request.user)
            if not scope.has_role(*roles):
                raise Http404
            request.scope = scope  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
