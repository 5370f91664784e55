"""Office URLs: imports (issue 6 item 6), mounted at /office/imports/.

Entry page: ``office:imports`` (province and system administrators; each sees the kinds their
role imports). ``office:import_kind`` is one kind's templates and upload form.
"""

from django.urls import path

from teacherreg.office.views import imports

urlpatterns = [
    path("", imports.index, name="imports"),
    path("kinds/<slug:kind>/", imports.kind, name="import_kind"),
    path("kinds/<slug:kind>/template.<str:file_format>", imports.template, name="import_template"),
    path("<int:batch>/", imports.batch, name="import_batch"),
    path("<int:batch>/commit/", imports.commit, name="import_commit"),
    path("<int:batch>/report.csv", imports.report, name="import_report"),
]
