"""The support app's numbers and the one setting it reads.

The support address is the operator's (``TEACHERREG_OPERATOR["email"]``, from the environment
variable ``TEACHERREG_SUPPORT_EMAIL``), the same one the footer shows, so the two never differ.
"""

from __future__ import annotations

from django.conf import settings

from teacherreg.common.ratelimit import Limit

DEFAULT_SUPPORT_EMAIL = "support@example.invalid"

MAX_SUBJECT = 100
MAX_DESCRIPTION = 2000
MAX_REPLY = 2000

# A school's office or a carrier's NAT can share one address: generous per address, tight per
# account. Anonymous senders meet the captcha first, so a robot never reaches these counters.
TICKETS_PER_ADDRESS = Limit("support_ticket_ip", 10, 3600)
TICKETS_PER_ACCOUNT = Limit("support_ticket_account", 5, 86400)
REPLIES_PER_ACCOUNT = Limit("support_reply_account", 20, 3600)


def support_email() -> str:
    operator = getattr(settings, "TEACHERREG_OPERATOR", {}) or {}
    return operator.get("email") or DEFAULT_SUPPORT_EMAIL
