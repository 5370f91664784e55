"""Office URLs: the review queues moved from the Django admin (issue 6 item 9), under
/office/queues/. Every name starts with ``queue`` so the areas' names never clash."""

from django.urls import URLPattern, path

from teacherreg.office.views import (
    queue_certificates,
    queue_contacts,
    queue_identity,
    queue_index,
    queue_records,
    queue_schools,
)

urlpatterns: list[URLPattern] = [
    path("", queue_index.index, name="queue_index"),
    # 人工审核
    path("identity/", queue_identity.queue, name="queue_identity"),
    path("identity/<int:pk>/", queue_identity.item, name="queue_identity_item"),
    path("identity/<int:pk>/photo/<str:side>/", queue_identity.photo, name="queue_identity_photo"),
    path("identity/<int:pk>/approve/", queue_identity.approve, name="queue_identity_approve"),
    path("identity/<int:pk>/reject/", queue_identity.reject, name="queue_identity_reject"),
    # 手动添加证书核验
    path("certificates/", queue_certificates.queue, name="queue_certificates"),
    path("certificates/<int:pk>/", queue_certificates.item, name="queue_certificate"),
    path("certificates/<int:pk>/photo/<int:position>/", queue_certificates.scan, name="queue_certificate_photo"),
    path("certificates/<int:pk>/verify/", queue_certificates.verify, name="queue_certificate_verify"),
    path("certificates/<int:pk>/reject/", queue_certificates.reject, name="queue_certificate_reject"),
    # 普通话、学历、学位、其他证书录入核验
    # ``kind``: a slug of records.kinds.KINDS (mandarin, education, degree, other); others 404.
    path("records/<slug:kind>/", queue_records.queue, name="queue_records"),
    path("records/<slug:kind>/<int:pk>/", queue_records.item, name="queue_record"),
    path("records/<slug:kind>/<int:pk>/scan/", queue_records.scan, name="queue_record_scan"),
    path("records/<slug:kind>/<int:pk>/verify/", queue_records.verify, name="queue_record_verify"),
    path("records/<slug:kind>/<int:pk>/reject/", queue_records.reject, name="queue_record_reject"),
    # 新增毕业学校
    path("schools/", queue_schools.queue, name="queue_schools"),
    path("schools/<int:pk>/", queue_schools.item, name="queue_school"),
    path("schools/<int:pk>/verify/", queue_schools.verify, name="queue_school_verify"),
    path("schools/<int:pk>/reject/", queue_schools.reject, name="queue_school_reject"),
    path("schools/<int:pk>/merge/", queue_schools.merge, name="queue_school_merge"),
    # 修改联系方式
    path("contacts/", queue_contacts.lookup, name="queue_contacts"),
    path("contacts/<int:pk>/", queue_contacts.account, name="queue_contact"),
    path("contacts/<int:pk>/change/", queue_contacts.change, name="queue_contact_change"),
]
