"""Django's admin site only shows the catalogues: every change goes through ``hipoteses.services``
(validated and audited), from the portal's own pages."""

from django.contrib import admin

from portal.admin import SomenteLeituraAdmin as SomenteLeitura

from .models import EspecieDocumental, HipoteseLegal, SugestaoDeHipotese


@admin.register(HipoteseLegal)
class HipoteseLegalAdmin(SomenteLeitura):
    list_display = ("identificacao", "nome", "base_legal", "ativo", "criado_em")
    list_filter = ("ativo",)
    search_fields = ("nome", "base_legal")


@admin.register(EspecieDocumental)
class EspecieDocumentalAdmin(SomenteLeitura):
    list_display = ("codigo", "nome", "ativo")
    list_filter = ("ativo",)
    search_fields = ("nome",)


@admin.register(SugestaoDeHipotese)
class SugestaoDeHipoteseAdmin(SomenteLeitura):
    list_display = ("nome", "sugerido_por", "status", "criado_em", "decidido_em")
    list_filter = ("status",)
    search_fields = ("nome", "base_legal")
