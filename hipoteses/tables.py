"""Tables of the catalogue lists: an administrator's table (with actions) and a public one for each."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from portal.models import GestorTecnologico, SistemaDeGoverno

from .models import EspecieDocumental, HipoteseLegal, SugestaoDeHipotese

VAZIO = "Nenhum registro encontrado!"


class StatusColumn(tables.Column):
    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", "Situação")
        kwargs.setdefault("accessor", "ativo")
        super().__init__(**kwargs)

    def render(self, value):
        if value:
            return format_html('<span class="portal-badge {}">{}</span>', "verde", "Ativo")
        return format_html('<span class="portal-badge {}">{}</span>', "vermelho", "Inativo")

    def value(self, value):
        return "Ativo" if value else "Inativo"


def _classe_perigo(rotulo):
    """Destructive actions look different (and always lead to a confirmation page)."""
    return mark_safe(' class="portal-perigo"') if rotulo == "Excluir" else ""


class AcoesColumn(tables.Column):
    """Editar, Inativar/Reativar and Excluir links; the last two lead to a confirmation page (no JavaScript)."""

    def __init__(self, rota: str, **kwargs):
        self.rota = rota
        super().__init__(verbose_name="Ações", accessor="pk", orderable=False, exclude_from_export=True, **kwargs)

    def render(self, record):
        def url(acao):
            return reverse(f"hipoteses:{self.rota}_{acao}", args=[record.pk])

        alternar = ("inativar", "Inativar") if record.ativo else ("reativar", "Reativar")
        links = [(url("editar"), "Editar"), (url(alternar[0]), alternar[1]), (url("excluir"), "Excluir")]
        nome = getattr(record, "nome", str(record))
        return format_html_join(
            " · ", '<a href="{}"{} aria-label="{} {}">{}</a>',
            ((u, _classe_perigo(r), r, nome, r) for u, r in links),
        )


class _Base(tables.Table):
    excluir_da_exportacao = ("acoes",)

    class Meta:
        empty_text = VAZIO
        row_attrs = {"class": lambda record: "" if getattr(record, "ativo", True) else "inativo"}
        attrs = {"class": "table"}


def _data():
    return tables.DateTimeColumn(verbose_name="Data de Criação", accessor="criado_em", format="d/m/Y")


# ----------------------------------------------------------------------------------- hipóteses legais


class HipoteseLegalPublicaTable(_Base):
    identificacao = tables.Column(verbose_name="ID")
    nome = tables.Column(verbose_name="Nome")
    base_legal = tables.Column(verbose_name="Base Legal")
    descricao = tables.Column(verbose_name="Descrição", default="")
    status = StatusColumn()

    class Meta(_Base.Meta):
        model = HipoteseLegal
        fields = ("identificacao", "nome", "base_legal", "descricao", "status")
        order_by = ("identificacao",)


class HipoteseLegalTable(_Base):
    identificacao = tables.Column(verbose_name="ID")
    nome = tables.Column(verbose_name="Nome")
    base_legal = tables.Column(verbose_name="Base Legal")
    criado_em = _data()
    status = StatusColumn()
    acoes = AcoesColumn("hipotese")

    class Meta(_Base.Meta):
        model = HipoteseLegal
        fields = ("identificacao", "nome", "base_legal", "criado_em", "status", "acoes")
        order_by = ("identificacao",)


# ------------------------------------------------------------------------------- espécies documentais


class EspecieDocumentalPublicaTable(_Base):
    codigo = tables.Column(verbose_name="Código")
    nome = tables.Column(verbose_name="Nome")
    observacao = tables.Column(verbose_name="Observação", default="")
    status = StatusColumn()

    class Meta(_Base.Meta):
        model = EspecieDocumental
        fields = ("codigo", "nome", "observacao", "status")
        order_by = ("codigo",)


class EspecieDocumentalTable(EspecieDocumentalPublicaTable):
    acoes = AcoesColumn("especie")

    class Meta(EspecieDocumentalPublicaTable.Meta):
        fields = ("codigo", "nome", "observacao", "status", "acoes")


# --------------------------------------------------------------------------------- sistemas de governo


class SistemaDeGovernoPublicaTable(_Base):
    codigo = tables.Column(verbose_name="Código")
    nome = tables.Column(verbose_name="Nome")
    sigla = tables.Column(verbose_name="Sigla", default="")
    descricao = tables.Column(verbose_name="Descrição", default="")
    status = StatusColumn()

    class Meta(_Base.Meta):
        model = SistemaDeGoverno
        fields = ("codigo", "nome", "sigla", "descricao", "status")
        order_by = ("codigo",)


class SistemaDeGovernoTable(SistemaDeGovernoPublicaTable):
    acoes = AcoesColumn("sistema")

    class Meta(SistemaDeGovernoPublicaTable.Meta):
        fields = ("codigo", "nome", "sigla", "descricao", "status", "acoes")


# ------------------------------------------------------------------------------ gestores tecnológicos


class GestorTecnologicoPublicaTable(_Base):
    nome = tables.Column(verbose_name="Nome")
    descricao = tables.Column(verbose_name="Descrição")
    interno = tables.BooleanColumn(verbose_name="Hospedagem", yesno="Interna,Externa")
    status = StatusColumn()

    class Meta(_Base.Meta):
        model = GestorTecnologico
        fields = ("nome", "descricao", "interno", "status")
        order_by = ("nome",)


class GestorTecnologicoTable(GestorTecnologicoPublicaTable):
    id = tables.Column(verbose_name="ID")
    criado_em = _data()
    acoes = AcoesColumn("gestor")

    class Meta(GestorTecnologicoPublicaTable.Meta):
        fields = ("id", "nome", "descricao", "interno", "criado_em", "status", "acoes")
        sequence = ("id", "nome", "descricao", "interno", "criado_em", "status", "acoes")


# ------------------------------------------------------------------------------------------ sugestões


class SugestaoTable(_Base):
    criado_em = tables.DateTimeColumn(verbose_name="Data da Sugestão", format="d/m/Y H:i")
    nome = tables.Column(verbose_name="Nome", linkify=("hipoteses:sugestao_detalhe", [tables.A("pk")]))
    base_legal = tables.Column(verbose_name="Base Legal")
    sugerido_por = tables.Column(verbose_name="Sugerida por", accessor="sugerido_por__nome")
    status = tables.Column(verbose_name="Situação")

    class Meta(_Base.Meta):
        model = SugestaoDeHipotese
        fields = ("criado_em", "nome", "base_legal", "sugerido_por", "status")
        order_by = ("-criado_em",)
        row_attrs = {}

    def render_status(self, record):
        cor = {"pendente": "laranja", "aceita": "verde", "recusada": "vermelho"}[record.status]
        return format_html('<span class="portal-badge {}">{}</span>', cor, record.get_status_display())

    def value_status(self, record):
        return record.get_status_display()
