"""The personal centre's record modules (考试, 普通话, 学历, 学位, 其他证书), under /me/records/.

Names stay in the ``applicant`` namespace: ``applicant:record_exams``, and for each kind
(``mandarin``, ``education``, ``degree``, ``other``) ``applicant:record_list``,
``record_add``, ``record_edit``, ``record_delete`` and ``record_scan`` with the kind first.
"""

from django.urls import path, register_converter

from teacherreg.applicant.views import records
from teacherreg.records.kinds import KINDS


class RecordKindConverter:
    regex = "|".join(KINDS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RecordKindConverter, "record_kind")

urlpatterns = [
    path("exams/", records.exams, name="record_exams"),
    path("<record_kind:kind>/", records.record_list, name="record_list"),
    path("<record_kind:kind>/add/", records.record_add, name="record_add"),
    path("<record_kind:kind>/<int:pk>/edit/", records.record_edit, name="record_edit"),
    path("<record_kind:kind>/<int:pk>/delete/", records.record_delete, name="record_delete"),
    path("<record_kind:kind>/<int:pk>/scan/", records.record_scan, name="record_scan"),
]
