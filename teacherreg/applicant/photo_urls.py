"""The applicant photo: strict check and “fix it for me” (P13), under /me/registration/photo/."""

from django.urls import path

from teacherreg.applicant.views import photo

urlpatterns = [
    path("", photo.photo, name="photo"),
    path("fix/<int:pk>/", photo.photo_fix, name="photo_fix"),
    path("fix/<int:pk>/original/", photo.photo_original_image, name="photo_original_image"),
    path("<int:pk>/", photo.photo_review, name="photo_review"),
    path("<int:pk>/accept/", photo.photo_accept, name="photo_accept"),
    path("<int:pk>/image/", photo.photo_image, name="photo_image"),
]
