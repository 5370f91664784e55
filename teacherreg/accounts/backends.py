"""Applicants sign in with their document number (P3); staff keep Django's username backend."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from teacherreg.accounts.models import User, UserKind
from teacherreg.common.fields import index_for


class DocumentNumberBackend(ModelBackend):
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
