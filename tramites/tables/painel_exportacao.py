"""What an export of the Painel writes (issue #12 item 7): the columns of spec portal-features §8.5.

IDT | Envio | Recebimento | NRE | Protocolo | SPE Origem | SPE Destino | Situação Atual, in every format;
the spreadsheets (CSV, XLSX) also carry the órgãos and unidades of both sides and the descrição, which a
landscape A4 page has no room for (``excluir_do_pdf``).

Visibility, one row at a time with the person's órgãos computed once (``tramites.visibilidade``):
after a refusal the receiving órgão's people get NRE, protocolo and descrição as "Restrito ao remetente";
the descrição of a restrito/sigiloso process shows only to people of the two órgãos involved.
"""

from __future__ import annotations

import django_tables2 as tables
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from tramites.models import Tramite
from tramites.visibilidade import pode_ver_conteudo, pode_ver_dados

# What the visibility rules and the columns read of the trâmite itself.
CAMPOS_DO_TRAMITE = ("idt", "criado_em", "nre", "protocolo", "status", "descricao", "nivel_de_sigilo",
                     "comite_remetente", "comite_destinatario")
RESTRITO_AO_REMETENTE = "Restrito ao remetente"
CONTEUDO_RESTRITO = "Conteúdo restrito"


def _data(valor, zona=None) -> str:
    return timezone.localtime(valor, zona).strftime("%d/%m/%Y %H:%M:%S") if valor else ""


def _nome_da_unidade(caminho: str):
    """A unit (or an órgão's root unit) as ``estrutura.Unidade.__str__`` writes it, "nome - sigla (código)",
    computed by the database; empty when there is none."""
    nome, sigla, codigo = F(f"{caminho}__nome"), F(f"{caminho}__sigla"), Cast(f"{caminho}__id", CharField())
    return Case(
        When(**{f"{caminho}__isnull": True}, then=Value("")),
        When(**{f"{caminho}__sigla": ""}, then=Concat(nome, Value(" ("), codigo, Value(")"))),
        default=Concat(nome, Value(" - "), sigla, Value(" ("), codigo, Value(")")),
        output_field=CharField(),
    )


def _coluna(rotulo: str, caminho: str) -> tables.Column:
    return tables.Column(verbose_name=rotulo, accessor=caminho, orderable=False, default="")


class PainelExportacaoTable(tables.Table):
    idt = tables.Column(verbose_name="IDT")
    envio = tables.Column(verbose_name="Envio", accessor="criado_em", order_by=("criado_em", "idt"))
    recebimento = _coluna("Recebimento", "recebido_em")
    nre = tables.Column(verbose_name="NRE", order_by=("nre", "idt"))
    protocolo = tables.Column(verbose_name="Protocolo", order_by=("protocolo", "idt"))
    spe_origem = _coluna("SPE Origem", "spe_origem_nome")
    spe_destino = _coluna("SPE Destino", "spe_destino_nome")
    situacao = tables.Column(verbose_name="Situação Atual", accessor="status", order_by=("status", "idt"))
    orgao_origem = _coluna("Órgão de Origem", "orgao_origem_nome")
    unidade_origem = _coluna("Unidade de Origem", "unidade_origem_nome")
    orgao_destino = _coluna("Órgão de Destino", "orgao_destino_nome")
    unidade_destino = _coluna("Unidade de Destino", "unidade_destino_nome")
    descricao = tables.Column(verbose_name="Descrição", orderable=False, default="")

    # The sort keys (envio, nre, protocolo, situacao) are the Painel table's: the export follows the page's sort.
    excluir_do_pdf = ("orgao_origem", "unidade_origem", "orgao_destino", "unidade_destino", "descricao")

    class Meta:
        model = Tramite
        fields = ()
        sequence = ("idt", "envio", "recebimento", "nre", "protocolo", "spe_origem", "spe_destino", "situacao",
                    "orgao_origem", "unidade_origem", "orgao_destino", "unidade_destino", "descricao")
        order_by = ("-envio",)

    def __init__(self, *args, principal=None, **kwargs):
        self.principal = principal
        self.zona = timezone.get_current_timezone()  # once, not per date
        super().__init__(*args, **kwargs)

    @staticmethod
    def com_colunas(linhas):
        """The queryset with what the columns (and the visibility rules) read, as plain columns of one
        query: a row is one model instance, the names of systems, units and órgãos already written by the
        database (exports read 100 000 rows in chunks; building the related rows as instances, or the
        names in Python, cost more than writing the file)."""
        return linhas.select_related(None).only(*CAMPOS_DO_TRAMITE).annotate(
            spe_origem_nome=F("sistema_remetente__nome"), spe_destino_nome=F("sistema_destinatario__nome"),
            orgao_origem_nome=_nome_da_unidade("comite_remetente__unidade"),
            unidade_origem_nome=_nome_da_unidade("unidade_remetente"),
            orgao_destino_nome=_nome_da_unidade("comite_destinatario__unidade"),
            unidade_destino_nome=_nome_da_unidade("unidade_destinatario"),
        )

    def value_envio(self, value):
        return _data(value, self.zona)

    def value_recebimento(self, value):
        return _data(value, self.zona)

    def _dados_visiveis(self, record) -> bool:
        # Asked by three columns of each row: once per record.
        visiveis = getattr(record, "_dados_visiveis", None)
        if visiveis is None:
            visiveis = record._dados_visiveis = pode_ver_dados(self.principal, record)
        return visiveis

    def value_nre(self, value, record):
        return value if self._dados_visiveis(record) else RESTRITO_AO_REMETENTE

    def value_protocolo(self, value, record):
        return value if self._dados_visiveis(record) else RESTRITO_AO_REMETENTE

    def value_situacao(self, record):
        return record.situacao.rotulo_com_numero

    def value_descricao(self, value, record):
        if not self._dados_visiveis(record):
            return RESTRITO_AO_REMETENTE
        return value if pode_ver_conteudo(self.principal, record) else CONTEUDO_RESTRITO
