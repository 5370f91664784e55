from django.conf import settings
from django.http import HttpRequest

from teacherreg.portal.links import entry_links


def site(request: HttpRequest) -> dict:
    """Operator details for the footer (configured per deployment) and the entry links of the header."""
    return {"operator": settings.TEACHERREG_OPERATOR, "entry": entry_links()}
