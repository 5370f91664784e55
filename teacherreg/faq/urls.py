"""Public 常见问题, included from config/urls.py at /help/faq/ (namespace ``faq``)."""

from django.urls import path

from teacherreg.faq import views

app_name = "faq"
urlpatterns = [
    path("", views.faq_list, name="list"),
    path("<int:number>/", views.faq_detail, name="detail"),
]
