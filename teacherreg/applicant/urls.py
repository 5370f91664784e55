app_name = "applicant"
urlpatterns: list = []
