"""Gerenciar Perfis list and its "Relatório" export (same columns, CPF masked by the same rule)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from portal.models import Pessoa
from portal.services import perfis as servico
from portal.templatetags.cpf import cpf_visivel


def _lista_html(itens):
    if not itens:
        return "—"
    linhas = format_html_join("", "<li>{}</li>", ((i,) for i in itens))
    return format_html('<ul class="portal-lista-celula">{}</ul>', linhas)


class PessoaTable(tables.Table):
    """``usuario`` decides how CPFs show; build the class for a user with ``PessoaTable.para(usuario)``."""

    usuario = None

    nome = tables.Column("Nome")
    cpf = tables.Column("CPF", orderable=False, attrs={"td": {"class": "portal-nowrap"}})
    email = tables.Column("E-mail", attrs={"td": {"class": "portal-quebra"}})
    email_unidade = tables.Column("E-mail da Unidade", attrs={"td": {"class": "portal-quebra"}})
    telefone = tables.Column("Telefone", orderable=False, attrs={"td": {"class": "portal-nowrap"}})
    celular = tables.Column("Celular", orderable=False, attrs={"td": {"class": "portal-nowrap"}})
    perfis = tables.Column("Perfis", accessor="pk", orderable=False, empty_values=())
    orgaos = tables.Column("Órgãos", accessor="pk", order_by=("orgaos_ordem", "nome"), empty_values=())
    sistemas = tables.Column("Sistemas de Governo", accessor="pk", orderable=False, empty_values=())
    is_active = tables.Column("Situação")
    editar = tables.Column("Editar", accessor="pk", orderable=False, empty_values=(), exclude_from_export=True)

    excluir_da_exportacao = ("editar",)

    class Meta:
        model = Pessoa
        fields = ("nome", "cpf", "email", "email_unidade", "telefone", "celular", "perfis", "orgaos", "sistemas",
                  "is_active", "editar")
        empty_text = "Nenhum registro encontrado!"
        row_attrs = {"class": lambda record: "" if record.is_active else "inativo"}

    @classmethod
    def para(cls, usuario):
        return type(cls.__name__, (cls,), {"usuario": usuario, "Meta": cls.Meta})

    def render_cpf(self, record):
        return cpf_visivel(self.usuario, record)

    def value_cpf(self, record):
        return cpf_visivel(self.usuario, record)

    def render_perfis(self, record):
        return _lista_html(servico.rotulos_de_perfis(record))

    def value_perfis(self, record):
        return ", ".join(servico.rotulos_de_perfis(record))

    def render_orgaos(self, record):
        return _lista_html(servico.orgaos_de(record))

    def value_orgaos(self, record):
        return "; ".join(servico.orgaos_de(record))

    def render_sistemas(self, record):
        return ", ".join(servico.sistemas_de_governo_de(record)) or "—"

    def value_sistemas(self, record):
        return ", ".join(servico.sistemas_de_governo_de(record))

    def render_is_active(self, value):
        return "Ativo" if value else "Inativo"

    def value_is_active(self, value):
        return self.render_is_active(value)

    def render_editar(self, record):
        return format_html('<a class="br-button secondary small" href="{}" aria-label="Editar {}">Editar</a>',
                           reverse("portal:perfis_editar", args=[record.pk]), record.nome)
