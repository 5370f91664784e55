from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """Operator details for the footer (configured per deployment)."""
    return {"operator": settings.TEACHERREG_OPERATOR}
