"""The seven application steps (P2), under /me/registration/steps/."""

from django.urls import path

from teacherreg.applicant.views import application_steps

urlpatterns = [
    path("", application_steps.resume, name="application_resume"),
    path("<int:number>/", application_steps.step, name="application_step"),
    path("done/<str:number>/", application_steps.reminder, name="application_reminder"),
]
