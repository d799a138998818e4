"""XLSX exports survive any text: control characters are dropped from the cell, the rest is kept."""

import io

import pytest
from openpyxl import load_workbook

from tests.factories.comites import SolicitacaoFactory
from tests.factories.hipoteses import EspecieDocumentalFactory

pytestmark = pytest.mark.django_db


def celulas(resposta) -> list[str]:
    livro = load_workbook(io.BytesIO(resposta.getvalue()))
    return [str(c) for linha in livro.active.iter_rows(values_only=True) for c in linha if c is not None]


def test_exportacao_xlsx_de_solicitacoes_com_texto_de_solicitante_com_controle(client_admin):
    SolicitacaoFactory(executivo_federal=False, unidade=None, repositorio=None,
                       orgao_nome="Prefeitura\x07 de Bel\x1bo\x01 Monte", orgao_sigla="")

    resposta = client_admin.get("/acesso/solicitacoes/", {"exportar": "xlsx"})

    assert resposta.status_code == 200
    assert "Prefeitura de Belo Monte" in celulas(resposta)


def test_exportacao_xlsx_do_catalogo_publico_com_caractere_de_controle(client):
    EspecieDocumentalFactory(nome="Ofício\x0b Circular")

    resposta = client.get("/catalogos/especies-documentais/", {"exportar": "xlsx"})

    assert resposta.status_code == 200
    assert "Ofício Circular" in celulas(resposta)


def test_celula_ainda_neutraliza_formula():
    from portal.views.generic import _celula

    assert _celula("\x01=1+1") == "'=1+1"
