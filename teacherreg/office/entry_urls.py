"""Office URLs: 后台采集 (issue 6 item 4), under /office/entry/."""

from django.urls import URLPattern, path

from teacherreg.office.views import entry

urlpatterns: list[URLPattern] = [
    path("", entry.entry_start, name="entry_start"),
    path("application/", entry.entry_application, name="entry_application"),
    path("schools/search/", entry.entry_school_search, name="entry_school_search"),
    path("schools/new/", entry.entry_school_propose, name="entry_school_propose"),
]
