"""Database sessions read with a statement written once (issue 7; ADR 0010).

Django's database session store, unchanged but for how it reads: every signed-in request
loads its session row, and the ORM compiled that query afresh each time (about 0.8 ms here).
The row, its expiry check and what happens when it is missing are the same as Django's; writes
(``save``, ``create``, ``delete``) are Django's own.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import router
from django.utils import timezone

from teacherreg.common.row_fetch import OneRow

# An unexpired session by its key: Django's own condition (expire_date > now).
LIVE_SESSION = OneRow(Session, ("session_key", "="), ("expire_date", ">"))


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        session = LIVE_SESSION.fetch(self.session_key, timezone.now(), using=router.db_for_read(Session))
        if session is None:
            # As Django does: a key that matches no live row is forgotten, so saving this
            # session makes a new key instead of writing under one a client chose.
            self._session_key = None
        return session
