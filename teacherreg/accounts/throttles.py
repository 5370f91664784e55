"""Per-IP and per-target limits on the account pages (security.md §6), in the database."""

from __future__ import annotations

from teacherreg.common.ratelimit import Limit

LOGIN_PER_IP = Limit("login-ip", 20, 60)
RESET_LOOKUP_PER_TARGET = Limit("reset-target", 5, 3600)
RESET_LOOKUP_PER_IP = Limit("reset-ip", 20, 3600)
SIGN_UP_PER_IP = Limit("sign-up-ip", 20, 3600)
REAUTH_PER_USER = Limit("reauth-user", 5, 900)
