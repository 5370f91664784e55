"""Top-level routes: each app owns its own ``urls.py``."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from config.env import env_bool
from teacherreg.accounts import language

urlpatterns = [
    # Django's switch, wrapped to remember a signed-in person's choice for their notifications.
    path("i18n/setlang/", language.set_language, name="set_language"),
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
    # The portal first: its home page is the most requested path, and every root-mounted
    # include tried before it costs a failed match on each request.
    path("", include("teacherreg.portal.urls")),
    path("", include("teacherreg.support.urls")),
]
# The benchmark's bare endpoint (bench/run.py turns it on); absent, it is a plain 404.
if env_bool("TEACHERREG_BENCH_BASELINE", False):
    from teacherreg.common.bench_views import baseline

    urlpatterns.insert(0, path("bench/baseline/", baseline))
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
