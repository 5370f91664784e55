"""Graduation school directory (search, 新增学校), under /me/schools/ (``applicant`` namespace)."""

from django.urls import path

from teacherreg.applicant.views import schools

urlpatterns = [
    path("", schools.directory, name="schools"),
    path("search/", schools.school_search, name="school_search"),
    path("new/", schools.school_propose, name="school_propose"),
]
