"""Django's admin site only shows estrutura data: every change goes through ``estrutura.services``
(validated and audited), from the portal's own pages."""

from django.contrib import admin

from portal.admin import SomenteLeituraAdmin as SomenteLeitura

from .models import ExecucaoDeImportacao, RepositorioDeEstruturas, Unidade


@admin.register(RepositorioDeEstruturas)
class RepositorioAdmin(SomenteLeitura):
    list_display = ("id", "nome", "ativo", "is_siorg", "criado_em")
    search_fields = ("nome",)


@admin.register(Unidade)
class UnidadeAdmin(SomenteLeitura):
    list_display = ("id", "nome", "sigla", "repositorio", "ativo", "origem", "siorg_codigo", "profundidade")
    list_filter = ("repositorio", "ativo", "origem", "eh_orgao")
    search_fields = ("nome", "sigla", "siorg_codigo", "=id")
    list_select_related = ("repositorio",)
    show_full_result_count = False


@admin.register(ExecucaoDeImportacao)
class ExecucaoAdmin(SomenteLeitura):
    list_display = ("id", "tipo", "origem", "situacao", "repositorio", "criada_em", "mensagem")
    list_filter = ("tipo", "origem", "situacao")
