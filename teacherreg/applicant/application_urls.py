"""查询报名信息: the applicant's applications, details, edits, withdrawal, messages, under /me/registration/applications/."""

urlpatterns: list = []
