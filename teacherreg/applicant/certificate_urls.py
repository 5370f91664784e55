"""教师资格证书信息 pages, under /me/certificates/ (names stay in the ``applicant`` namespace)."""

from django.urls import path

from teacherreg.applicant.views import certificates

urlpatterns = [
    path("", certificates.certificate_list, name="certificates"),
    path("add/", certificates.certificate_add_notes, name="certificate_add_notes"),
    path("add/form/", certificates.certificate_add, name="certificate_add"),
    path("<int:pk>/", certificates.certificate_detail, name="certificate_detail"),
    path("<int:pk>/photo/", certificates.certificate_photo, name="certificate_photo"),
    path("<int:pk>/photo/<int:position>/", certificates.certificate_photo, name="certificate_extra_photo"),
    path("<int:pk>/resubmit/", certificates.certificate_resubmit, name="certificate_resubmit"),
    path("<int:pk>/delete/", certificates.certificate_withdraw, name="certificate_withdraw"),
]
