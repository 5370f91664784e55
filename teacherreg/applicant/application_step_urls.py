"""The seven application steps (P2), under /me/registration/steps/."""

urlpatterns: list = []
