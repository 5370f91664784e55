"""The applicant photo: strict check and “fix it for me” (P13), under /me/registration/photo/."""

urlpatterns: list = []
