"""Office URLs: statistics (issue 6 item 8), under /office/statistics/."""

from django.urls import URLPattern, path, re_path

from teacherreg.office.statistics_tables import SLUGS
from teacherreg.office.views import statistics

urlpatterns: list[URLPattern] = [
    path("", statistics.index, name="statistics"),
    # Only the tables the page has; anything else is not a page here (404).
    re_path(rf"^(?P<table>{'|'.join(SLUGS)})\.csv$", statistics.download, name="statistics_csv"),
]
