"""教师资格证书信息 pages, under /me/certificates/ (names stay in the ``applicant`` namespace)."""

from django.urls import path

from teacherreg.applicant.views import certificates

urlpatterns = [
    path("", certificates.certificate_list, name="certificates"),
    path("<int:pk>/", certificates.certificate_detail, name="certificate_detail"),
]
