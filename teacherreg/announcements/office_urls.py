"""Office URLs for 公告, mounted at /office/announcements/; names stay in the office namespace."""

from django.urls import path

from teacherreg.announcements import office_views

urlpatterns = [
    path("", office_views.index, name="announcements"),
    path("new/", office_views.create, name="announcement_create"),
    path("<int:announcement>/edit/", office_views.edit, name="announcement_edit"),
    path("<int:announcement>/publish/", office_views.publish, name="announcement_publish"),
    path("<int:announcement>/unpublish/", office_views.unpublish, name="announcement_unpublish"),
]
