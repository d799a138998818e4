"""Read-only Django admin for the comites data: changes go through ``comites.services`` (audited)."""

from django.contrib import admin

from comites.models import (
    Comite,
    Gestor,
    HistoricoGestorTecnologico,
    NotaInterna,
    Sistema,
    SolicitacaoDeAcesso,
    VinculoSistemaComite,
)
from portal.admin import SomenteLeituraAdmin, SomenteLeituraInline


class GestorInline(SomenteLeituraInline):
    model = Gestor
    fk_name = "comite"
    fields = ("pessoa", "ativo", "adicionado_em", "adicionado_por", "removido_em")
    readonly_fields = fields


class HistoricoGestorTecnologicoInline(SomenteLeituraInline):
    model = HistoricoGestorTecnologico
    fields = ("gestor_tecnologico", "data_inicial", "data_final", "alterado_por")
    readonly_fields = fields


@admin.register(Comite)
class ComiteAdmin(SomenteLeituraAdmin):
    list_display = ("unidade", "ambiente", "ativo", "implantacao", "implantado_em", "criado_em")
    list_filter = ("ambiente", "ativo", "implantacao")
    search_fields = ("unidade__nome", "unidade__sigla", "cnpj")
    inlines = [GestorInline, HistoricoGestorTecnologicoInline]


class NotaInline(SomenteLeituraInline):
    model = NotaInterna
    fields = ("autor", "texto", "criado_em")
    readonly_fields = fields


@admin.register(SolicitacaoDeAcesso)
class SolicitacaoDeAcessoAdmin(SomenteLeituraAdmin):
    list_display = ("protocolo", "orgao_rotulo", "ambiente", "status", "criado_em", "avaliado_em")
    list_filter = ("status", "ambiente", "executivo_federal")
    search_fields = ("protocolo", "orgao_nome", "orgao_sigla", "unidade__nome", "nome")
    exclude = ("token",)
    inlines = [NotaInline]


class VinculoInline(SomenteLeituraInline):
    model = VinculoSistemaComite
    fields = ("comite", "criado_em")
    readonly_fields = fields


@admin.register(Sistema)
class SistemaAdmin(SomenteLeituraAdmin):
    list_display = ("nome", "sistema_de_governo", "orgao_responsavel", "ativo")
    search_fields = ("nome",)
    inlines = [VinculoInline]
