"""Office URLs: the confirmation-point desk (issue 6 item 3), under /office/desk/."""

from django.urls import URLPattern, path, re_path

from teacherreg.office.views import desk_actions, desk_case, desk_queue, desk_roster

# P16: an application number is 15 digits; anything else is not a case.
NUMBER = r"(?P<number>\d{15})"

urlpatterns: list[URLPattern] = [
    path("", desk_queue.queue, name="desk_queue"),
    path("bulk-confirm/", desk_queue.bulk, name="desk_bulk_confirm"),
    path("roster/", desk_roster.roster, name="desk_roster"),
    re_path(rf"^{NUMBER}/$", desk_case.case, name="desk_case"),
    re_path(rf"^{NUMBER}/photo/$", desk_case.photo, name="desk_photo"),
    re_path(rf"^{NUMBER}/form/$", desk_case.form_pdf, name="desk_form"),
    re_path(rf"^{NUMBER}/confirm/$", desk_actions.confirm, name="desk_confirm"),
    re_path(rf"^{NUMBER}/return/$", desk_actions.return_case, name="desk_return"),
    re_path(rf"^{NUMBER}/message/$", desk_actions.message, name="desk_message"),
]
