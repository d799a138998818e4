"""Bad filter input gets a pt-BR message on its field and no rows — never a 500, never "everything"."""

import pytest

from tramites import state_machine as sm


@pytest.fixture
def um(tramite_em):
    return tramite_em(sm.Status.INICIADO)


@pytest.mark.parametrize(("campo", "valor", "trecho"), [
    ("idt", "٣", "apenas algarismos de 0 a 9"),
    ("idt", "１２", "apenas algarismos de 0 a 9"),
    ("idt", "12a", "apenas algarismos de 0 a 9"),
    ("idt", "9" * 30, "apenas algarismos de 0 a 9"),
    ("unidade_origem", "²", "apenas algarismos de 0 a 9"),
    ("unidade_destino", "-5", "apenas algarismos de 0 a 9"),
    ("parados", "０", "entre 1 e 3650"),
    ("parados", "0", "entre 1 e 3650"),
    ("parados", "99999", "entre 1 e 3650"),
    ("data_inicial", "31/02/2026", "data válida"),
    ("data_inicial", "０１/０１/２０２６", "apenas com os algarismos de 0 a 9"),
    ("data_final", "01/01/0001", "entre 01/01/1990 e 31/12/2100"),
    ("data_final", "ontem", "data válida"),
    ("nup", "19975.000101/2026-00", "não conferem: o correto é 39"),
    ("nup", "19975.٠٠٠101/2026-39", "não é um algarismo de 0 a 9"),
    ("nup", "x" * 41, "longo demais"),
    ("nre", "12.34", "até 16 algarismos"),
    ("nre", "１２３", "até 16 algarismos"),
    ("situacao", "11", "Faça uma escolha válida"),
    ("situacao", "٣", "Faça uma escolha válida"),
    ("spe_origem", "abc", "Faça uma escolha válida"),
    ("grafico", "pizza", "Faça uma escolha válida"),
])
def test_valor_invalido_da_erro_no_campo_e_nenhuma_linha(client_admin, um, campo, valor, trecho):
    resposta = client_admin.get("/painel/", {campo: valor})
    assert resposta.status_code == 200
    erros = resposta.context["filter"].form.errors
    assert campo in erros and trecho in " ".join(erros[campo]), erros
    assert list(resposta.context["table"].page.object_list) == []
    assert resposta.context["contagem"].total == 0
    assert 'class="feedback danger"' in resposta.content.decode()


def test_data_final_antes_da_inicial(client_admin, um):
    resposta = client_admin.get("/painel/", {"data_inicial": "10/11/2026", "data_final": "01/11/2026"})
    assert "igual ou posterior" in " ".join(resposta.context["filter"].form.errors["data_final"])


@pytest.mark.parametrize("consulta", ["idt=1%00", "nup=%00", "data_inicial=01%2F01%2F2026%00"])
def test_caractere_nulo_e_recusado_com_400_explicado(client_admin, um, consulta):
    resposta = client_admin.get(f"/painel/?{consulta}")
    assert resposta.status_code == 400
    assert "caractere nulo" in resposta.content.decode()


@pytest.mark.parametrize("pagina", ["٣", "abc", "-1", "99999", "1" * 40])
def test_pagina_estranha_nao_quebra(client_admin, um, pagina):
    assert client_admin.get("/painel/", {"page": pagina}).status_code == 200


def test_exportacao_com_filtro_invalido_nao_exporta_tudo(client_admin, um):
    resposta = client_admin.get("/painel/", {"idt": "x", "exportar": "csv"})
    conteudo = b"".join(resposta.streaming_content).decode("utf-8-sig")
    assert um.protocolo not in conteudo


@pytest.mark.parametrize("ordem", ["recebimento", "cancelar", "nao_existe", "-", "٣", "idt,protocolo"])
def test_ordenacao_desconhecida_nao_quebra(client_admin, um, ordem):
    assert client_admin.get("/painel/", {"sort": ordem}).status_code == 200
