"""Reading the SIORG formats: JSON/XML list and single unit, CSV dump, URI tails, error envelope."""

from pathlib import Path

import pytest

from estrutura.formatos import ErroDeLeitura
from estrutura.formatos import siorg as formato
from tests.factories.estrutura import (
    arquivo,
    csv_siorg,
    estrutura_basica,
    json_siorg,
    json_siorg_unidade,
    servico,
    unidade_siorg,
    xml_siorg,
    xml_siorg_unidade,
)

AMOSTRA = Path(__file__).resolve().parents[2] / "estrutura/fixtures/siorg/mp_2981_resumida_exemplo_oficial.xml"


def ler(nome, conteudo):
    return formato.ler([(nome, arquivo(conteudo))])


def test_slug_and_numeric_uri_tails_give_the_same_values():
    por_slug = ler("a.json", json_siorg(estrutura_basica(numerico=False))).registros
    por_numero = ler("b.json", json_siorg(estrutura_basica(numerico=True))).registros
    assert set(por_slug) == {26, 2981, 3001, 3002, 86144}
    for codigo, registro in por_slug.items():
        assert registro.dados() == por_numero[codigo].dados()
    anac = por_slug[86144]
    assert (anac.poder, anac.esfera, anac.natureza, anac.tipo) == ("1", "1", "3", "entidade")
    assert anac.eh_orgao and not por_slug[3001].eh_orgao


def test_json_list_keeps_parent_and_orgao_codes():
    leitura = ler("lista.json", json_siorg(estrutura_basica()))
    assert not leitura.unitario
    coordenacao = leitura.registros[3002]
    assert (coordenacao.pai, coordenacao.orgao, coordenacao.sigla) == (3001, 2981, "CGPRO")
    assert leitura.registros[26].pai is None


def test_json_single_unit_answer_is_marked_unitary():
    inss = unidade_siorg(1934, 1930, "Instituto Nacional do Seguro Social", "INSS")
    leitura = ler("um.json", json_siorg_unidade(inss))
    assert leitura.unitario
    assert leitura.registros[1934].pai == 1930


def test_xml_list_with_repeated_unidades_elements():
    leitura = ler("lista.xml", xml_siorg(estrutura_basica(numerico=True)))
    assert set(leitura.registros) == {26, 2981, 3001, 3002, 86144}
    assert leitura.registros[2981].nome == "Ministério do Planejamento, Orçamento e Gestão"
    assert not leitura.unitario


def test_xml_single_unit_root_resultado_consultar_unidade_resumida():
    leitura = ler("um.xml", xml_siorg_unidade(unidade_siorg(86144, 2846, "Agência Nacional de Aviação Civil", "ANAC",
                                                           tipo="entidade")))
    assert leitura.unitario
    assert leitura.registros[86144].pai == 2846


def test_official_documentation_sample_is_read_despite_its_typos_and_whitespace():
    leitura = ler(AMOSTRA.name, AMOSTRA.read_bytes())
    mp = leitura.registros[2981]
    assert (mp.pai, mp.orgao, mp.sigla, mp.versao) == (26, 2981, "MP", "100.0.4")
    assert mp.nome == "Ministério do Planejamento, Orçamento e Gestão"
    assert (mp.poder, mp.esfera, mp.natureza, mp.tipo) == ("1", "1", "3", "orgao")
    assert leitura.unitario


@pytest.mark.parametrize("separador", [";", ","])
def test_monthly_csv_dump_with_api_named_columns(separador):
    leitura = ler("estrutura-organizacional-completa-2026-10.csv", csv_siorg(estrutura_basica(), separador))
    assert set(leitura.registros) == {26, 2981, 3001, 3002, 86144}
    assert leitura.registros[3002].pai == 3001


def test_error_envelope_is_refused_even_with_units():
    conteudo = json_siorg(estrutura_basica(), servico_=servico(102, "Unidade não encontrada"))
    with pytest.raises(ErroDeLeitura) as erro:
        ler("erro.json", conteudo)
    falha = erro.value.falhas[0]
    assert (falha.registro, falha.campo) == ("servico", "codigoErro")
    assert "102" in falha.mensagem and "Unidade não encontrada" in falha.mensagem


def test_xml_error_envelope_is_refused():
    conteudo = (b"<resultadoConsultarUnidadeResumida><servico><codigoErro>101</codigoErro>"
                b"<mensagem>Nao existem unidades</mensagem></servico></resultadoConsultarUnidadeResumida>")
    with pytest.raises(ErroDeLeitura) as erro:
        ler("erro.xml", conteudo)
    assert erro.value.falhas[0].campo == "codigoErro"


def test_malformed_record_names_the_record_and_the_field():
    unidades = estrutura_basica()
    unidades[3]["codigoUnidadePai"] = f"{unidades[3]['codigoUnidadePai'][:-4]}abc"
    unidades[4]["nome"] = "   "
    with pytest.raises(ErroDeLeitura) as erro:
        ler("ruim.json", json_siorg(unidades))
    falhas = {(f.registro, f.campo) for f in erro.value.falhas}
    assert ("registro 4 (codigoUnidade 3002)", "codigoUnidadePai") in falhas
    assert ("registro 5 (codigoUnidade 86144)", "nome") in falhas
    assert all(f.arquivo == "ruim.json" for f in erro.value.falhas)


def test_truncated_json_is_reported_not_raised_as_crash():
    with pytest.raises(ErroDeLeitura) as erro:
        ler("cortado.json", json_siorg(estrutura_basica())[:-40])
    assert "JSON inválido" in erro.value.falhas[0].mensagem


def test_same_unit_twice_with_different_data_is_an_error():
    unidades = [*estrutura_basica(), unidade_siorg(3001, 2981, "Outro nome", "X")]
    with pytest.raises(ErroDeLeitura) as erro:
        ler("dup.json", json_siorg(unidades))
    assert erro.value.falhas[0].campo == "codigoUnidade"


def test_xml_with_entity_expansion_is_refused():
    bomba = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
             b"<resultadoConsultarUnidadeResumida><unidade><codigoUnidade>1</codigoUnidade><nome>&b;</nome>"
             b"</unidade></resultadoConsultarUnidadeResumida>")
    with pytest.raises(ErroDeLeitura) as erro:
        ler("bomba.xml", bomba)
    assert "segurança" in erro.value.falhas[0].mensagem


def test_file_without_units_is_refused():
    with pytest.raises(ErroDeLeitura):
        ler("vazio.json", b'{"servico": {"codigoErro": 0}}')
