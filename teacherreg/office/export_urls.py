"""Office URLs: 数据导出 (issue 6 item 7; P23), under /office/exports/."""

from django.urls import URLPattern, path

from teacherreg.office.views import exports

urlpatterns: list[URLPattern] = [
    path("", exports.index, name="exports"),
    path("applications/", exports.start, name="export_start"),
    path("stickers/", exports.stickers, name="export_stickers"),
    path("<uuid:public_id>/", exports.job, name="export_job"),
    path("<uuid:public_id>/download/", exports.download, name="export_download"),
]
