"""Office URLs: staff accounts, roles and invitations (issue 6, P21, P22)."""

from django.urls import URLPattern, path

from teacherreg.office.views import staff, staff_invitations

urlpatterns: list[URLPattern] = [
    path("", staff.staff_list, name="staff_list"),
    path("invite/", staff_invitations.invite, name="staff_invite"),
    path("invitations/<int:pk>/cancel/", staff_invitations.cancel_invitation, name="staff_invitation_cancel"),
    # Public: the link in the invitation (no account yet).
    path("invitation/<str:token>/", staff_invitations.accept, name="staff_invitation"),
    path("<int:pk>/", staff.staff_detail, name="staff_detail"),
    path("<int:pk>/disable/", staff.staff_disable, name="staff_disable"),
    path("<int:pk>/enable/", staff.staff_enable, name="staff_enable"),
    path("<int:pk>/roles/grant/", staff.staff_grant, name="staff_grant"),
    path("<int:pk>/roles/<int:membership_pk>/revoke/", staff.staff_revoke, name="staff_revoke"),
]
