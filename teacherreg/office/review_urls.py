"""Office URLs: the review chain (issue 6 item 4), under /office/review/."""

from django.urls import URLPattern, path, re_path

from teacherreg.office.views import review_actions, review_case, review_notices, review_queue, review_records

# P16: an application number is 15 digits; anything else is not a case.
NUMBER = r"(?P<number>\d{15})"

urlpatterns: list[URLPattern] = [
    path("", review_queue.queue, name="review_queue"),
    path("notices/", review_notices.notices, name="review_notices"),
    # 终审: registrations without a case here (imported history)
    path("registrations/", review_records.records, name="review_records"),
    path("registrations/<int:pk>/revoke/", review_records.record_revoke, name="review_record_revoke"),
    path("registrations/<int:pk>/undo/", review_records.record_undo, name="review_record_undo"),
    path("notices/start/", review_notices.start, name="review_notices_start"),
    re_path(rf"^{NUMBER}/$", review_case.case, name="review_case"),
    re_path(rf"^{NUMBER}/photo/$", review_case.photo, name="review_photo"),
    re_path(rf"^{NUMBER}/message/$", review_actions.message, name="review_message"),
    # 初审 (county)
    re_path(rf"^{NUMBER}/propose/$", review_actions.propose, name="review_propose"),
    re_path(rf"^{NUMBER}/undo-proposal/$", review_actions.undo_proposal, name="review_undo_proposal"),
    re_path(rf"^{NUMBER}/send-to-applicant/$", review_actions.send_to_applicant, name="review_send_to_applicant"),
    re_path(rf"^{NUMBER}/notice/start/$", review_actions.start_notice, name="review_start_notice"),
    re_path(rf"^{NUMBER}/notice/end/$", review_actions.end_notice, name="review_end_notice"),
    re_path(rf"^{NUMBER}/notice/withdraw/$", review_actions.withdraw_notice, name="review_withdraw_notice"),
    # 复核 (city)
    re_path(rf"^{NUMBER}/agree/$", review_actions.city_agree, name="review_city_agree"),
    re_path(rf"^{NUMBER}/city-send-back/$", review_actions.city_send_back, name="review_city_send_back"),
    # 终审 (province)
    re_path(rf"^{NUMBER}/decide/$", review_actions.decide, name="review_decide"),
    re_path(rf"^{NUMBER}/province-send-back/$", review_actions.province_send_back, name="review_province_send_back"),
    re_path(rf"^{NUMBER}/undo/$", review_actions.undo, name="review_undo"),
    re_path(rf"^{NUMBER}/undo-revocation/$", review_actions.undo_revocation, name="review_undo_revocation"),
    re_path(rf"^{NUMBER}/revoke/$", review_actions.revoke, name="review_revoke"),
]
