"""申请表: the application form PDF, under /me/registration/applications/."""

urlpatterns: list = []
