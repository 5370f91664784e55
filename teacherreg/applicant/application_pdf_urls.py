"""申请表: the application form PDF, under /me/registration/applications/."""

from django.urls import path

from teacherreg.applicant.views import application_pdf

urlpatterns = [
    path("<str:number>/form.pdf", application_pdf.application_pdf, name="application_pdf"),
]
