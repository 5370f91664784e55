"""Top-level routes: each app owns its own ``urls.py``."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("account/", include("teacherreg.applicant.account_urls")),
    path("me/", include("teacherreg.applicant.urls")),
    path("office/", include("teacherreg.office.urls")),
    path("captcha/", include("teacherreg.captcha.urls")),
    path("wechat/", include("teacherreg.wechat.urls")),
    path("registration/notices/", include("teacherreg.portal.notice_urls")),
    path("announcements/", include("teacherreg.announcements.urls")),
    path("help/faq/", include("teacherreg.faq.urls")),
    path("help/manuals/", include("teacherreg.manuals.urls")),
    path("", include("teacherreg.support.urls")),
    path("", include("teacherreg.portal.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
