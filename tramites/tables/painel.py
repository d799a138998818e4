"""The Painel's table: "Últimos Trâmites ocorridos no Tramita.GOV.BR" (spec portal-features §8.3).

Built with the person looking at it (``principal``) and the IDTs of the page they may cancel
(``cancelaveis``, one query for the page: ``tramites.painel.cancelamento``). After a refusal only the
sender's side sees the trâmite's data (``tramites.visibilidade.pode_ver_dados``): NRE and protocolo are
then hidden from the receiving órgão, in the page and in exports; route, dates and status stay.
"""

from __future__ import annotations

import django_tables2 as tables
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from tramites.models import Tramite
from tramites.painel.cancelamento import cancelaveis
from tramites.visibilidade import pode_ver_dados

OCULTO = "Restrito ao remetente"


def _data(valor) -> str:
    return dateformat.format(timezone.localtime(valor), "d/m/Y H:i:s") if valor else "—"


def url_de(nome: str, *args) -> str | None:
    """The trâmite's detail, NRE and cancel pages (issue #12 items 2, 3, 6): ``None`` while not routed."""
    try:
        return reverse(nome, args=args)
    except NoReverseMatch:
        return None


class PainelTable(tables.Table):
    # Plain columns (no TemplateColumn): a template compiled per cell would cost more than the query.
    idt = tables.Column(verbose_name="IDT", attrs={"td": {"class": "portal-nowrap"}})
    envio = tables.Column(verbose_name="Data/Hora do Envio", accessor="criado_em", order_by=("criado_em", "idt"),
                          attrs={"td": {"class": "portal-nowrap"}})
    recebimento = tables.Column(verbose_name="Data/Hora do Recebimento", accessor="recebido_em", orderable=False,
                                default="—", attrs={"td": {"class": "portal-nowrap"}})
    nre = tables.Column(verbose_name="NRE", order_by=("nre", "idt"))
    protocolo = tables.Column(verbose_name="Protocolo", order_by=("protocolo", "idt"),
                              attrs={"td": {"class": "portal-nowrap"}})
    unidade_origem = tables.Column(verbose_name="Unidade de Origem", accessor="unidade_remetente", orderable=False)
    unidade_destino = tables.Column(verbose_name="Unidade de Destino", accessor="unidade_destinatario",
                                    orderable=False)
    situacao = tables.Column(verbose_name="Situação Atual do Trâmite", accessor="status", order_by=("status", "idt"))
    cancelar = tables.Column(verbose_name="Cancelar Trâmite", accessor="idt", orderable=False,
                             exclude_from_export=True, empty_values=())

    class Meta:
        model = Tramite
        fields = ()
        sequence = ("idt", "envio", "recebimento", "nre", "protocolo", "unidade_origem", "unidade_destino",
                    "situacao", "cancelar")
        order_by = ("-envio",)
        empty_text = "Nenhum trâmite encontrado para o filtro informado."
        attrs = {"class": "portal-tabela-painel"}
        template_name = "tramites/painel/tabela.html"

    def __init__(self, *args, principal=None, **kwargs):
        self.principal = principal
        super().__init__(*args, **kwargs)

    @cached_property
    def cancelaveis(self) -> frozenset[int]:
        """IDTs of the rows shown that the principal may cancel (one query for the page)."""
        linhas = self.page.object_list if hasattr(self, "page") else self.rows
        return cancelaveis(self.principal, [linha.record for linha in linhas])

    # Each column's value for the page's body, read straight from the record (django-tables2's ``get_cell``
    # inspects the signature of the render method once per cell: a third of the page's time at 50 rows).
    _VALORES = {
        "idt": lambda r: r.idt, "envio": lambda r: r.criado_em,
        "recebimento": lambda r: getattr(r, "recebido_em", None), "nre": lambda r: r.nre,
        "protocolo": lambda r: r.protocolo, "unidade_origem": lambda r: r.unidade_remetente,
        "unidade_destino": lambda r: r.unidade_destinatario, "situacao": lambda r: r.status,
        "cancelar": lambda r: r.idt,
    }

    def _celulas(self):
        """(attributes, actions marker, cell(record)) per column, in the order shown."""
        def celula(nome, coluna):
            valor, padrao = self._VALORES[nome], coluna.default
            render = getattr(self, f"render_{nome}", None)
            vazios = coluna.column.empty_values
            if render is None:
                return lambda r: padrao if (v := valor(r)) in vazios else v
            parametros = render.__code__.co_varnames[1:render.__code__.co_argcount]
            if parametros == ("value",):
                return lambda r: padrao if (v := valor(r)) in vazios else render(v)
            if parametros == ("value", "record"):
                return lambda r: padrao if (v := valor(r)) in vazios else render(v, r)
            return lambda r: padrao if valor(r) in vazios else render(r)  # ("record",)

        return [(coluna.attrs["td"].as_html(), mark_safe(" data-acoes") if coluna.column.exclude_from_export else "",
                 celula(coluna.name, coluna)) for coluna in self.columns]

    def corpo_html(self):
        """The ``<tbody>`` rows, each column's attributes and renderer worked out once (not once per cell)."""
        colunas = self._celulas()
        linhas = [
            format_html('<tr class="{}">{}</tr>', "odd" if n % 2 else "even", format_html_join(
                "", "<td {}{}>{}</td>", ((attrs, acoes, celula(linha.record)) for attrs, acoes, celula in colunas)))
            for n, linha in enumerate(self.paginated_rows)
        ]
        if not linhas:
            return format_html('<tr><td colspan="{}" class="portal-vazio">{}</td></tr>', len(colunas),
                               self.empty_text)
        return mark_safe("".join(linhas))

    def corpo_html_por_celula(self):
        """The same body through django-tables2's ``get_cell`` (what ``corpo_html`` must equal; tests)."""
        colunas = [(coluna.name, coluna.attrs["td"].as_html(),
                    mark_safe(" data-acoes") if coluna.column.exclude_from_export else "")
                   for coluna in self.columns]
        linhas = [
            format_html('<tr class="{}">{}</tr>', "odd" if n % 2 else "even", format_html_join(
                "", "<td {}{}>{}</td>", ((attrs, acoes, linha.get_cell(nome)) for nome, attrs, acoes in colunas)))
            for n, linha in enumerate(self.paginated_rows)
        ]
        return mark_safe("".join(linhas))

    _MARCA = 987654321987654321

    def _url(self, nome: str, chave) -> str | None:
        """``url_de(nome, chave)`` with one ``reverse`` per URL name and page, not one per row."""
        modelos = self.__dict__.setdefault("_modelos_de_url", {})
        if nome not in modelos:
            modelos[nome] = url_de(nome, self._MARCA)
        modelo = modelos[nome]
        return modelo.replace(str(self._MARCA), str(chave)) if modelo else None

    def _ve(self, record) -> bool:
        return pode_ver_dados(self.principal, record)

    def render_idt(self, value):
        url = self._url("tramites:tramite", value)
        return format_html('<a href="{}">{}</a>', url, value) if url else str(value)

    def render_envio(self, value):
        return _data(value)

    def value_envio(self, value):
        return _data(value)

    def render_recebimento(self, value):
        return _data(value)

    def value_recebimento(self, value):
        return _data(value) if value else ""

    def render_nre(self, value, record):
        if not self._ve(record):
            return OCULTO
        url = url_de("tramites:nre", value)
        return format_html('<a href="{}">{}</a>', url, value) if url else value

    def value_nre(self, value, record):
        return value if self._ve(record) else OCULTO

    def render_protocolo(self, value, record):
        return value if self._ve(record) else OCULTO

    def value_protocolo(self, value, record):
        return value if self._ve(record) else OCULTO

    def render_situacao(self, record):
        status = record.situacao
        return format_html('<span class="portal-badge {}" title="{}">{}</span>', status.cor, status.significado,
                           status.rotulo_com_numero)

    def value_situacao(self, record):
        return record.situacao.rotulo_com_numero

    def render_cancelar(self, value):
        if value not in self.cancelaveis:
            return ""
        url = self._url("tramites:cancelar", value)
        if not url:
            return ""
        return format_html('<a class="br-button secondary small" href="{}" aria-label="Cancelar o trâmite {}">'
                           "Cancelar</a>", url, value)
