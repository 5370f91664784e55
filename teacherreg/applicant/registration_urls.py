"""中小学教师资格定期注册 for the signed-in applicant, under /me/registration/."""

urlpatterns: list = []
