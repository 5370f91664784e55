"""The personal centre's record modules (考试, 普通话, 学历, 学位, 其他证书), under /me/records/."""

urlpatterns: list = []
