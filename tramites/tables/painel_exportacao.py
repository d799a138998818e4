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
from django.utils import timezone

from tramites.models import Tramite
from tramites.visibilidade import pode_ver_conteudo, pode_ver_dados

RESTRITO_AO_REMETENTE = "Restrito ao remetente"
CONTEUDO_RESTRITO = "Conteúdo restrito"


def _data(valor) -> str:
    return timezone.localtime(valor).strftime("%d/%m/%Y %H:%M:%S") if valor else ""


def _coluna(rotulo: str, caminho: str) -> tables.Column:
    return tables.Column(verbose_name=rotulo, accessor=caminho, orderable=False, default="")


class PainelExportacaoTable(tables.Table):
    idt = tables.Column(verbose_name="IDT")
    envio = tables.Column(verbose_name="Envio", accessor="criado_em", order_by=("criado_em", "idt"))
    recebimento = _coluna("Recebimento", "recebido_em")
    nre = tables.Column(verbose_name="NRE", order_by=("nre", "idt"))
    protocolo = tables.Column(verbose_name="Protocolo", order_by=("protocolo", "idt"))
    spe_origem = _coluna("SPE Origem", "sistema_remetente")
    spe_destino = _coluna("SPE Destino", "sistema_destinatario")
    situacao = tables.Column(verbose_name="Situação Atual", accessor="status", order_by=("status", "idt"))
    orgao_origem = _coluna("Órgão de Origem", "comite_remetente")
    unidade_origem = _coluna("Unidade de Origem", "unidade_remetente")
    orgao_destino = _coluna("Órgão de Destino", "comite_destinatario")
    unidade_destino = _coluna("Unidade de Destino", "unidade_destinatario")
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
        super().__init__(*args, **kwargs)

    @staticmethod
    def com_colunas(linhas):
        """The queryset with what the columns read, in the same query (exports read it in chunks)."""
        return linhas.select_related(
            "sistema_remetente", "sistema_destinatario", "unidade_remetente", "unidade_destinatario",
            "comite_remetente__unidade", "comite_destinatario__unidade",
        )

    def value_envio(self, value):
        return _data(value)

    def value_recebimento(self, value):
        return _data(value)

    def value_nre(self, value, record):
        return value if pode_ver_dados(self.principal, record) else RESTRITO_AO_REMETENTE

    def value_protocolo(self, value, record):
        return value if pode_ver_dados(self.principal, record) else RESTRITO_AO_REMETENTE

    def value_situacao(self, record):
        return record.situacao.rotulo_com_numero

    def value_descricao(self, value, record):
        if not pode_ver_dados(self.principal, record):
            return RESTRITO_AO_REMETENTE
        return value if pode_ver_conteudo(self.principal, record) else CONTEUDO_RESTRITO
