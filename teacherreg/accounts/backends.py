"""Applicants sign in with their document number (P3); staff with their login name.

Both read the signed-in user of every request with one statement written once
(``common.row_fetch``; issue 7, ADR 0010) instead of a query compiled per request; who may
sign in and how is Django's ``ModelBackend`` unchanged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from teacherreg.accounts.models import User, UserKind
from teacherreg.common.fields import index_for
from teacherreg.common.row_fetch import OneRow

USER_BY_ID = OneRow(User, (User._meta.pk.name, "="))

# The paths a session records for each kind of sign-in (``login(..., backend=…)``); the same
# strings stand in ``AUTHENTICATION_BACKENDS`` (a test holds them together).
APPLICANT_BACKEND = "teacherreg.accounts.backends.DocumentNumberBackend"
STAFF_BACKEND = "teacherreg.accounts.backends.LoginNameBackend"


class QuickUserMixin:
    """``get_user`` for the user id a session carries, as ``ModelBackend`` answers it."""

    def get_user(self, user_id: Any) -> User | None:
        user = USER_BY_ID.fetch(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class LoginNameBackend(QuickUserMixin, ModelBackend):
    """Staff: login name and password, exactly as Django's ``ModelBackend``."""


class DocumentNumberBackend(QuickUserMixin, ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        document_number: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not document_number or password is None:
            return None
        user = User.objects.filter(
            kind=UserKind.APPLICANT, document_number_index=index_for("document_number", document_number)
        ).first()
        if user is None:
            # Same work for an unknown number as for a wrong password, so the response time
            # does not tell which it was (security.md §4.5).
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
