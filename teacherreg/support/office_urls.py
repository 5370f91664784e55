"""Office URLs of 咨询工单, under /office/support/, in the ``office`` namespace (names start
with ``support`` so they never clash with another area's)."""

from django.urls import URLPattern, path

from teacherreg.support import office_views

urlpatterns: list[URLPattern] = [
    path("", office_views.queue, name="support_queue"),
    path("<int:pk>/", office_views.ticket, name="support_ticket"),
    path("<int:pk>/screenshots/<int:position>/", office_views.screenshot, name="support_screenshot"),
    path("<int:pk>/reply/", office_views.reply, name="support_reply"),
    path("<int:pk>/close/", office_views.close, name="support_close"),
    path("<int:pk>/reopen/", office_views.reopen, name="support_reopen"),
]
