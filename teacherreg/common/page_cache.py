"""Whole-page caching of public pages for anonymous visitors (issue 7: anonymous pages).

The home page and the window query are what an autumn peak hits first, by people who are not
signed in, and their HTML is the same for every such visitor. Rendering them costs far more than
reading them back, so ``anonymous_page`` keeps the view's body in the cache:

- **Who**: only anonymous GET/HEAD requests with no pending flash message. A signed-in person
  sees their name in the header and gets the page rendered for them, as before.
- **Key**: the scope, the language, today's date in Asia/Shanghai (window states change by
  date, and an announcement's date window too) and the full path with its query string.
- **Freshness**: each scope has a generation number in the cache, raised by ``bump`` whenever a
  model the pages read is saved or deleted (``connect``). The entry remembers the generation it
  was drawn at and is used only while that is still current, so an administrator who publishes
  a notice sees it on the next request. ``TIMEOUT`` bounds what a signal cannot see (a bulk
  ``update()``, a change made straight in the database).
- **CSRF**: the page holds a CSRF token (the language switch form and htmx's header). It is
  stored as a marker and every response gets the visitor's own token in its place; asking for
  the token also makes the CSRF middleware set the visitor's cookie, as rendering would have.

One cache read per request at most: the entry and the generation come back in one ``get_many``.
Each process also keeps the pages it served for ``LOCAL_SECONDS`` (``_local``), so a page
asked for again within that second is answered without a round trip to Redis. A change made in
the same process empties that copy at once (``bump``); one made in another process is seen
there at most ``LOCAL_SECONDS`` later.
``TEACHERREG_PAGE_CACHE`` turns it off (the test settings do, so a page cached by one test cannot
leak into the next; the tests of this module turn it on).
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from teacherreg.common.dates import today

TIMEOUT = 60  # seconds: the longest a change that bypasses the signals can stay unseen
LOCAL_SECONDS = 1.0  # how long a process answers from its own copy (see the module docstring)
LOCAL_ENTRIES = 256  # a bound on that copy: it is emptied when full (pages × languages × paths)
MARKER = "__teacherreg_csrf_token__"
_TOKEN_IN_FORM = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_TOKEN_IN_HEADER = re.compile(r'"X-CSRFToken": "([^"]+)"')

View = Callable[..., HttpResponse]


def enabled() -> bool:
    return bool(getattr(settings, "TEACHERREG_PAGE_CACHE", True))


def _generation_key(scope: str) -> str:
    return f"page-cache:generation:{scope}"


def _entry_key(scope: str, request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page-cache:{scope}:{get_language()}:{today().isoformat()}:{path}"


# key → (monotonic time until which it may be served, content type, page with the marker)
_local: dict[str, tuple[float, str, str]] = {}


def bump(scope: str) -> None:
    """Every page of ``scope`` drawn so far is out of date."""
    _local.clear()
    key = _generation_key(scope)
    cache.add(key, 0, timeout=None)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr: start again from a new number
        cache.set(key, 1, timeout=None)


def cacheable(request: HttpRequest) -> bool:
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated:
        return False
    # len() looks at the stored messages without marking them read.
    return len(messages.get_messages(request)) == 0


def _without_token(html: str) -> str | None:
    """The page with its CSRF token replaced by the marker; None when the token cannot be
    found for certain (the page is then not stored)."""
    found = _TOKEN_IN_FORM.search(html) or _TOKEN_IN_HEADER.search(html)
    if found is None:
        return html if "csrf" not in html.lower() else None
    return html.replace(found.group(1), MARKER)


def _served(request: HttpRequest, content_type: str, html: str) -> HttpResponse:
    response = HttpResponse(html.replace(MARKER, get_token(request)), content_type=content_type)
    response["X-Page-Cache"] = "hit"
    # The page differs by language cookie and by whether a session signs someone in.
    patch_vary_headers(response, ("Cookie",))
    return response


def anonymous_page(scope: str) -> Callable[[View], View]:
    """Serve the view's page from the cache to anonymous visitors (see the module docstring)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not cacheable(request):
                return view(request, *args, **kwargs)
            key, generation_key = _entry_key(scope, request), _generation_key(scope)
            now = time.monotonic()
            kept = _local.get(key)
            if kept is not None and kept[0] > now:
                return _served(request, kept[1], kept[2])
            found = cache.get_many([key, generation_key])
            generation = found.get(generation_key, 0)
            entry = found.get(key)
            if entry is not None and entry[0] == generation:
                _, content_type, html = entry
                if len(_local) >= LOCAL_ENTRIES:
                    _local.clear()
                _local[key] = (now + LOCAL_SECONDS, content_type, html)
                return _served(request, content_type, html)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                stored = _without_token(response.content.decode(response.charset))
                if stored is not None:
                    cache.set(key, (generation, response["Content-Type"], stored), TIMEOUT)
                response["X-Page-Cache"] = "miss"
            return response

        return wrapper

    return decorate


def connect(scope: str, models: Iterable[type[Model]]) -> None:
    """Raise ``scope``'s generation whenever one of ``models`` is saved or deleted."""

    def changed(sender: type[Model], **kwargs: Any) -> None:
        bump(scope)

    for model in models:
        uid = f"page-cache:{scope}:{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)
