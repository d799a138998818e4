import django_tables2 as tables
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html

from portal.auditoria import nome_do_tipo, rotulo_da_acao
from portal.models import RegistroDeAuditoria


class RegistroDeAuditoriaTable(tables.Table):
    # A plain column: DateTimeColumn is a TemplateColumn that compiles a template for every cell
    # (about half of the audit page's rendering time at 50 rows).
    momento = tables.Column(verbose_name="Data/hora")
    usuario_repr = tables.Column(verbose_name="Usuário", attrs={"td": {"class": "portal-quebra"}})
    perfil = tables.Column(verbose_name="Perfil")
    acao = tables.Column(verbose_name="Ação")
    alvo = tables.Column(verbose_name="Objeto", accessor="alvo_repr", order_by=("alvo_tipo", "alvo_id"))
    ip = tables.Column(verbose_name="IP", attrs={"td": {"class": "portal-nowrap"}})
    request_id = tables.Column(verbose_name="Requisição", attrs={"td": {"class": "portal-quebra"}})
    detalhes = tables.Column(verbose_name="", accessor="pk", orderable=False, exclude_from_export=True)

    class Meta:
        model = RegistroDeAuditoria
        fields = ("momento", "usuario_repr", "perfil", "acao", "alvo", "ip", "request_id")
        order_by = ("-momento",)
        empty_text = "Nenhum registro encontrado!"

    def render_momento(self, value):
        return dateformat.format(timezone.localtime(value), "d/m/Y H:i")

    def value_momento(self, value):
        return value  # exports keep the full instant (as before)

    def render_acao(self, value):
        return format_html('<span title="{}">{}</span>', value, rotulo_da_acao(value))

    def value_acao(self, value):
        return value  # exports keep the internal action name, stable for whoever processes them

    def render_alvo(self, record):
        if not record.alvo_tipo:
            return "—"
        return format_html("{} <small>({})</small>", record.alvo_repr, nome_do_tipo(record.alvo_tipo))

    def value_alvo(self, record):
        return f"{record.alvo_repr} ({record.alvo_tipo} #{record.alvo_id})" if record.alvo_tipo else ""

    def render_detalhes(self, value):
        return format_html('<a href="{}">Detalhes</a>', reverse("portal:auditoria_detalhe", args=[value]))
