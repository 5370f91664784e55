"""Graduation school directory (search, 新增学校), under /me/schools/."""

urlpatterns: list = []
