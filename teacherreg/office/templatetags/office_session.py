"""``{% session_timeout_config as timeout %}``: what the timeout dialog needs to know."""

from __future__ import annotations

import math
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from teacherreg.accounts.session_policy import is_staff_account, policy_for, remaining

register = template.Library()


def _logout_url(user: Any) -> str:
    # Applicants leave through their own logout once the accounts pages add it.
    if not is_staff_account(user):
        try:
            return reverse("accounts:logout")
        except NoReverseMatch:
            pass
    return reverse("office:logout")


@register.simple_tag(takes_context=True)
def session_timeout_config(context: template.Context) -> dict[str, Any] | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    try:
        urls = {
            "extend_url": reverse("office:session_extend"),
            "status_url": reverse("office:session_status"),
            "logout_url": _logout_url(user),
        }
    except NoReverseMatch:
        # A URL configuration without the office (some tests mount the portal alone): no
        # dialog rather than a broken page. The server still enforces the limits.
        return None
    policy = policy_for(user)
    left = remaining(request)
    return {
        "idle": max(math.floor(left.idle), 0),
        "absolute": max(math.floor(left.absolute), 0),
        "warning": policy.warning_seconds,
        **urls,
    }
