"""Hostile SIORG files: deep nesting is refused naming the file; odd values are refused naming record and field."""

import pytest

from estrutura.formatos import ErroDeLeitura
from estrutura.formatos import siorg as formato
from tests.factories.estrutura import arquivo, json_siorg, unidade_siorg, xml_siorg

PROFUNDO = 150_000


def falhas_de(nome, conteudo):
    with pytest.raises(ErroDeLeitura) as erro:
        formato.ler([(nome, arquivo(conteudo))])
    return erro.value.falhas


@pytest.mark.parametrize(("nome", "conteudo"), [
    ("aninhado.json", b'{"unidades":[{"codigoUnidade":1,"nome":"A","x":' + b"[" * PROFUNDO + b"]" * PROFUNDO + b"}]}"),
    ("servico.json", b'{"servico":' + b'{"a":' * PROFUNDO + b"1" + b"}" * PROFUNDO + b"}"),
    ("aninhado.xml", b"<r>" + b"<a>" * PROFUNDO + b"</a>" * PROFUNDO + b"</r>"),
])
def test_arquivo_aninhado_demais_e_recusado_nomeando_o_arquivo(nome, conteudo):
    [falha] = falhas_de(nome, conteudo)

    assert falha.arquivo == nome
    assert "níveis de aninhamento" in falha.mensagem
    assert nome in falha.texto()


def test_aninhamento_normal_do_siorg_continua_aceito():
    leitura = formato.ler([("ok.json", arquivo(json_siorg([unidade_siorg(26)])))])

    assert set(leitura.registros) == {26}


@pytest.mark.parametrize("codigo", ["1e400", "1E+999999999", "123456789012345678901234"])
def test_codigo_numerico_enorme_e_recusado_nomeando_registro_e_campo(codigo):
    conteudo = b'{"unidades":[{"codigoUnidade":' + codigo.encode() + b',"nome":"A"}]}'

    [falha] = falhas_de("numeros.json", conteudo)

    assert (falha.registro, falha.campo) == ("registro 1", "codigoUnidade")


@pytest.mark.parametrize("codigo", ["²", "1²", "٣"])
def test_codigo_com_digito_que_nao_e_ascii_e_recusado(codigo):
    unidade = unidade_siorg(26, codigoUnidade=f"https://estruturaorganizacional.dados.gov.br/id/unidade-organizacional/{codigo}")

    [falha] = falhas_de("codigos.json", json_siorg([unidade]))

    assert (falha.registro, falha.campo) == ("registro 1", "codigoUnidade")


def test_codigo_do_pai_com_digito_que_nao_e_ascii_e_recusado_no_xml():
    unidade = unidade_siorg(3001, 26, codigoUnidadePai="²")

    [falha] = falhas_de("codigos.xml", xml_siorg([unidade_siorg(26), unidade]))

    assert (falha.registro, falha.campo) == ("registro 2 (codigoUnidade 3001)", "codigoUnidadePai")


@pytest.mark.parametrize("campo", ["nome", "sigla", "versaoConsulta"])
def test_caractere_nulo_e_recusado_nomeando_registro_e_campo(campo):
    unidade = unidade_siorg(26, **{campo: "Texto\x00 com nulo"})

    [falha] = falhas_de("nulo.json", json_siorg([unidade]))

    assert (falha.registro, falha.campo) == ("registro 1 (codigoUnidade 26)", campo)
    assert "caractere nulo" in falha.mensagem
