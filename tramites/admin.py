"""Read-only Django admin for trâmites: every change goes through ``tramites.services`` (one door)."""

from django.contrib import admin

from portal.admin import SomenteLeituraAdmin, SomenteLeituraInline
from tramites.models import ComponenteDigital, Documento, HistoricoDeStatus, Recibo, Tramite


class HistoricoInline(SomenteLeituraInline):
    model = HistoricoDeStatus
    fields = ("momento", "de", "para", "evento", "ator", "sistema", "pessoa", "ator_descricao", "motivo")
    readonly_fields = fields


class DocumentoInline(SomenteLeituraInline):
    model = Documento
    fields = ("protocolo", "ordem", "descricao", "especie", "nivel_de_sigilo", "hipotese_legal", "retirado")
    readonly_fields = fields


class ComponenteInline(SomenteLeituraInline):
    model = ComponenteDigital
    fields = ("documento", "ordem", "nome", "hash", "tamanho", "mime_type", "recebido", "verificado", "baixado")
    readonly_fields = fields


class ReciboInline(SomenteLeituraInline):
    model = Recibo
    fields = ("tipo", "data_de_recebimento", "hashes", "momento")
    readonly_fields = fields


@admin.register(Tramite)
class TramiteAdmin(SomenteLeituraAdmin):
    list_display = ("idt", "nre", "protocolo", "tipo", "status", "unidade_remetente", "unidade_destinatario",
                    "criado_em", "status_desde")
    list_filter = ("status", "tipo", "ambiente", "urgente")
    search_fields = ("=idt", "=nre", "protocolo")
    list_select_related = ("unidade_remetente", "unidade_destinatario")
    inlines = [HistoricoInline, DocumentoInline, ComponenteInline, ReciboInline]
