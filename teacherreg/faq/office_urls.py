"""Office URLs: 常见问题 (issue 8), mounted at /office/faq/ inside the ``office`` namespace.

No delete URL on purpose: an entry is unpublished instead, so "常见问题 N" never changes meaning.
"""

from django.urls import path

from teacherreg.faq import office_views

urlpatterns = [
    path("", office_views.faq_list, name="faq_list"),
    path("new/", office_views.faq_create, name="faq_create"),
    path("<int:number>/edit/", office_views.faq_edit, name="faq_edit"),
    path("<int:number>/publish/", office_views.faq_publish, name="faq_publish"),
    path("<int:number>/unpublish/", office_views.faq_unpublish, name="faq_unpublish"),
]
