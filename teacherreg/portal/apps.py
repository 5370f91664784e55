from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "teacherreg.portal"
    verbose_name = _("门户")

    def ready(self) -> None:
        # What the cached public pages read (common.page_cache): a change to any of these
        # makes the next anonymous visitor get a freshly drawn page.
        from teacherreg.announcements.models import Announcement
        from teacherreg.common import page_cache
        from teacherreg.organisations.models import Organisation
        from teacherreg.reference.models import QualificationType, TeachingStage
        from teacherreg.registration.models import (
            AgencyBatch,
            ApplicationWindow,
            ConfirmationArrangement,
            ProvincialPlan,
        )

        page_cache.connect("portal", [Announcement])
        window_sources = (ProvincialPlan, AgencyBatch, ApplicationWindow, ConfirmationArrangement, Organisation)
        page_cache.connect("windows", [*window_sources, QualificationType, TeachingStage])
