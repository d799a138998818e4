"""CSV hierarchy import: NUL, control characters and non-ASCII digits are refused naming line and column."""

import pytest

from estrutura.formatos import ErroDeLeitura
from estrutura.formatos import planilha as formato

CABECALHO = "CODIGO,CODIGO DO PAI,NOME,SIGLA,SIGLA COMPLETA\n"


def falhas_de(texto: str):
    with pytest.raises(ErroDeLeitura) as erro:
        formato.ler(texto.encode(), limite_de_linhas=100)
    return [(f.registro, f.campo, f.mensagem) for f in erro.value.falhas]


def test_nul_no_nome_e_recusado_nomeando_linha_e_coluna():
    [(linha, coluna, mensagem)] = falhas_de(CABECALHO + "1,,Secretaria\x00 de Saúde,SES,SES\n")

    assert (linha, coluna) == ("linha 2", "NOME")
    assert "caractere nulo" in mensagem


def test_nul_na_sigla_completa_e_recusado():
    [(linha, coluna, _)] = falhas_de(CABECALHO + "1,,Secretaria,SES,SES\n2,1,Departamento,DEP,DEP\x00\n")

    assert (linha, coluna) == ("linha 3", "SIGLA COMPLETA")


def test_caractere_de_controle_na_sigla_e_recusado():
    [(linha, coluna, mensagem)] = falhas_de(CABECALHO + "1,,Secretaria,S\x07ES,SES\n")

    assert (linha, coluna) == ("linha 2", "SIGLA")
    assert "código 7" in mensagem


@pytest.mark.parametrize("codigo", ["²", "1²", "٣"])
def test_codigo_com_digito_que_nao_e_ascii_e_recusado(codigo):
    [(linha, coluna, mensagem)] = falhas_de(CABECALHO + f"{codigo},,Secretaria,SES,SES\n")

    assert (linha, coluna) == ("linha 2", "CODIGO")
    assert "número inteiro" in mensagem
