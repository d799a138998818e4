"""Each filter of the Painel narrows the rows (and the counters) as its label says."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.tramites import enviar
from tramites import state_machine as sm
from tramites.models import Tramite
from tramites.services import contadores


def _idts(resposta):
    assert resposta.status_code == 200
    assert not resposta.context["filter"].form.errors, resposta.context["filter"].form.errors
    return sorted(linha.record.idt for linha in resposta.context["table"].page.object_list)


def _envelhecer(tramite, dias):
    quando = timezone.now() - timedelta(days=dias)
    Tramite.objects.filter(pk=tramite.pk).update(criado_em=quando, status_desde=quando)
    contadores.recontar()  # the engine never moves a trâmite's envio; its counters follow the rewritten date


@pytest.fixture
def tres(orgao_a, orgao_b, orgao_c, tramite_em):
    """A→B concluded (6), B→A refused (9), A→C waiting for components (1)."""
    return {"ab": tramite_em(sm.Status.RECIBO_RECEBIDO_REMETENTE), "ba": tramite_em(
        sm.Status.CIENCIA_RECUSA, orgao_b, orgao_a), "ac": tramite_em(sm.Status.INICIADO, orgao_a, orgao_c)}


def test_sem_datas_mostra_os_ultimos_30_dias(client_admin, tres):
    _envelhecer(tres["ab"], 45)
    assert _idts(client_admin.get("/painel/")) == sorted([tres["ba"].idt, tres["ac"].idt])
    form = client_admin.get("/painel/").context["filter"].form
    assert form["data_inicial"].value() == (timezone.localdate() - timedelta(days=30)).strftime("%d/%m/%Y")


def test_periodo_informado_e_datas_vazias_mostram_todo_o_historico(client_admin, tres):
    _envelhecer(tres["ab"], 45)
    inicio = (timezone.localdate() - timedelta(days=50)).strftime("%d/%m/%Y")
    fim = (timezone.localdate() - timedelta(days=40)).strftime("%d/%m/%Y")
    assert _idts(client_admin.get("/painel/", {"data_inicial": inicio, "data_final": fim})) == [tres["ab"].idt]
    todos = _idts(client_admin.get("/painel/", {"data_inicial": "", "data_final": ""}))
    assert todos == sorted(t.idt for t in tres.values())


def test_spe_de_origem_e_de_destino(client_admin, tres, orgao_a, orgao_c):
    assert _idts(client_admin.get("/painel/", {"spe_origem": orgao_a.sistema.pk})) == sorted(
        [tres["ab"].idt, tres["ac"].idt])
    assert _idts(client_admin.get("/painel/", {"spe_destino": orgao_c.sistema.pk})) == [tres["ac"].idt]


def test_orgao_de_origem_e_de_destino(client_admin, tres, orgao_b):
    assert _idts(client_admin.get("/painel/", {"orgao_origem": orgao_b.comite.pk})) == [tres["ba"].idt]
    assert _idts(client_admin.get("/painel/", {"orgao_destino": orgao_b.comite.pk})) == [tres["ab"].idt]


def test_unidade_de_origem_e_de_destino_pelo_codigo(client_admin, tres, orgao_b, orgao_c):
    assert _idts(client_admin.get("/painel/", {"unidade_origem": orgao_b.protocolo.pk})) == [tres["ba"].idt]
    assert _idts(client_admin.get("/painel/", {"unidade_destino": f" {orgao_c.protocolo.pk} "})) == [tres["ac"].idt]


def test_nup_com_qualquer_pontuacao(client_admin, orgao_a, orgao_b):
    alvo = enviar(orgao_a, orgao_b, protocolo="19975.000101/2026-39")
    enviar(orgao_a, orgao_b, protocolo="19975.000102/2026-83")
    for texto in ("19975.000101/2026-39", "19975000101202639", " 19975.000101/2026-39 "):
        assert _idts(client_admin.get("/painel/", {"nup": texto})) == [alvo.idt], texto


def test_nre_e_idt(client_admin, tres):
    assert _idts(client_admin.get("/painel/", {"nre": tres["ba"].nre})) == [tres["ba"].idt]
    assert _idts(client_admin.get("/painel/", {"idt": str(tres["ac"].idt)})) == [tres["ac"].idt]


def test_situacao_uma_varias_ou_todas(client_admin, tres):
    assert _idts(client_admin.get("/painel/", {"situacao": "9"})) == [tres["ba"].idt]
    assert _idts(client_admin.get("/painel/", {"situacao": ["1", "6"]})) == sorted([tres["ab"].idt, tres["ac"].idt])
    assert len(_idts(client_admin.get("/painel/", {"situacao": []}))) == 3
    contagem = client_admin.get("/painel/", {"situacao": "9"}).context["contagem"]
    assert [(i.status.value, i.quantidade) for i in contagem.itens] == [(9, 1)]


def test_parados_ha_mais_de_n_dias_so_os_em_andamento(client_admin, tres, orgao_a, orgao_b, tramite_em):
    parado = tramite_em(sm.Status.COMPONENTES_ENVIADOS_REMETENTE)
    _envelhecer(parado, 10)
    _envelhecer(tres["ab"], 10)  # concluded: never "parado"
    _envelhecer(tres["ac"], 2)
    assert _idts(client_admin.get("/painel/", {"parados": "7", "data_inicial": ""})) == [parado.idt]
    contagem = client_admin.get("/painel/", {"parados": "7", "data_inicial": ""}).context["contagem"]
    assert {i.status for i in contagem.itens} == set(sm.ABERTOS)


def test_ordenacao_por_coluna(client_admin, tres):
    resposta = client_admin.get("/painel/", {"sort": "situacao"})
    situacoes = [linha.record.status for linha in resposta.context["table"].page.object_list]
    assert situacoes == sorted(situacoes)
    resposta = client_admin.get("/painel/", {"sort": "-idt"})
    assert [linha.record.idt for linha in resposta.context["table"].page.object_list] == sorted(
        (t.idt for t in tres.values()), reverse=True)


def test_cinquenta_por_pagina(client_admin, orgao_a, orgao_b):
    for _ in range(51):
        enviar(orgao_a, orgao_b, documentos=[])
    resposta = client_admin.get("/painel/")
    tabela = resposta.context["table"]
    assert len(tabela.page.object_list) == 50 and tabela.paginator.num_pages == 2
    assert len(client_admin.get("/painel/", {"page": "2"}).context["table"].page.object_list) == 1
