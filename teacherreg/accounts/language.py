"""The language a person's notifications are written in (issue 8 item 4).

SMS and e-mail leave while nobody is looking at a page, often sent by a staff member's action,
so they cannot use the language of the request that causes them (notify.services.notify_user
reads ``User.language``). We remember the language each person last used the site in: at every
sign-in, and whenever a signed-in person switches language with the header's switch.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.i18n import set_language as django_set_language

SUPPORTED = frozenset(code for code, _name in settings.LANGUAGES)


def remember(user: Any, language: str | None) -> None:
    """Store ``language`` as the user's notification language, if it is one we offer."""
    if not language or language not in SUPPORTED or getattr(user, "language", language) == language:
        return
    user.language = language
    user.save(update_fields=["language"])


@receiver(user_logged_in, dispatch_uid="teacherreg.accounts.language.remember_on_login")
def remember_on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None:
        remember(user, translation.get_language())


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice of a signed-in person."""
    response = django_set_language(request)
    user = getattr(request, "user", None)
    if request.method == "POST" and user is not None and user.is_authenticated:
        remember(user, request.POST.get("language"))
    return response
