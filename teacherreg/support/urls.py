"""Public and applicant URLs of the support app (namespace ``support``), mounted at the site root
so that /help/contact/ and /help/contacts/ sit beside the portal's /help/ (and the FAQ's
/help/faq/), and 我的咨询 sits in the personal centre at /me/support/."""

from django.urls import URLPattern, path

from teacherreg.support import applicant_views, views

app_name = "support"
urlpatterns: list[URLPattern] = [
    path("help/contact/", views.contact, name="contact"),
    path("help/contact/sent/", views.sent, name="sent"),
    path("help/contacts/", views.contacts, name="contacts"),
    path("me/support/", applicant_views.my_tickets, name="my_tickets"),
    path("me/support/<int:pk>/", applicant_views.my_ticket, name="my_ticket"),
    path("me/support/<int:pk>/reply/", applicant_views.my_ticket_reply, name="my_ticket_reply"),
    path("me/support/<int:pk>/screenshots/<int:position>/", applicant_views.my_screenshot, name="my_screenshot"),
]
