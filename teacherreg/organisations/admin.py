from django.contrib import admin

from teacherreg.organisations.models import Organisation, OrganisationAnnulment, OrganisationNameChange


class NameChangeInline(admin.TabularInline):
    model = OrganisationNameChange
    fk_name = "organisation"
    extra = 0


class AnnulmentInline(admin.TabularInline):
    model = OrganisationAnnulment
    fk_name = "organisation"
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "region", "parent", "phone", "is_active", "annulled_on")
    list_filter = ("level", "is_active")
    search_fields = ("name", "region__code", "region__name")
    autocomplete_fields = ("parent",)
    raw_id_fields = ("region",)
    inlines = (NameChangeInline, AnnulmentInline)
