"""Counters per status for the filtered set (bounded, never an unbounded COUNT), and "Trâmites por situação"
as an SVG chart with its numbers in a table, readable without JavaScript."""

import re

import pytest

from tramites import state_machine as sm
from tramites.models import Tramite
from tramites.painel.contagem import contar_por_situacao


@pytest.fixture
def varios(tramite_em, orgao_a, orgao_c):
    feitos = [tramite_em(s) for s in (1, 1, 2, 6, 6, 6, 9)]
    feitos.append(tramite_em(sm.Status.CANCELADO, orgao_a, orgao_c))
    return feitos


def test_contadores_batem_com_as_linhas(client_admin, varios):
    resposta = client_admin.get("/painel/")
    linhas = [linha.record.status for linha in resposta.context["table"].page.object_list]
    contagem = resposta.context["contagem"]
    for item in contagem.itens:
        assert item.quantidade == linhas.count(item.status.value) and not item.limitada
    assert contagem.total == len(linhas) == 8


def test_contadores_do_gestor_seguem_o_escopo(varios, gestor_b, cliente_de):
    contagem = cliente_de(gestor_b).get("/painel/").context["contagem"]
    assert contagem.total == 7  # A→C is not B's
    assert contagem.de(6).quantidade == 3


def test_contagem_para_no_limite_e_diz_mais_de(varios):
    contagem = contar_por_situacao(Tramite.objects.all(), limite=2, limite_total=3)
    assert contagem.limitada
    assert contagem.de(6).limitada and contagem.de(6).quantidade == 2 and contagem.de(6).texto == "mais de 2"
    assert not contagem.de(9).limitada and contagem.de(9).quantidade == 1
    assert contagem.de(1).quantidade == 2 and not contagem.de(1).limitada


def test_contagem_exata_abaixo_do_limite_total(varios):
    contagem = contar_por_situacao(Tramite.objects.all(), limite=1, limite_total=100)
    assert not contagem.limitada and contagem.de(6).quantidade == 3


def test_contagem_em_numero_constante_de_consultas(varios, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        contar_por_situacao(Tramite.objects.all(), limite=2, limite_total=3)


def test_pagina_diz_mais_de_quando_a_contagem_para(client_admin, varios, monkeypatch):
    monkeypatch.setattr("tramites.painel.contagem.LIMITE_TOTAL", 3)
    monkeypatch.setattr("tramites.painel.contagem.LIMITE", 2)
    # A filter the engine's counters cannot express: the bounded counts over the rows.
    monkeypatch.setattr("tramites.views.painel.contar_pelos_contadores", lambda *args: None)
    pagina = client_admin.get("/painel/").content.decode()
    assert "mais de 2" in pagina and "a contagem para nesse limite" in pagina


def _svg(pagina):
    encontrado = re.search(r"<svg[^>]*>.*?</svg>", pagina, re.S)
    assert encontrado, "no inline SVG"
    return encontrado.group(0)


def test_grafico_svg_acessivel_com_a_tabela_dos_numeros(client_admin, varios):
    pagina = client_admin.get("/painel/").content.decode()
    svg = _svg(pagina)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Trâmites por situação (por percentual)" in svg
    assert "6 – Recibo de conclusão recebido pelo remetente" in svg
    assert "37,5%" in svg  # 3 of 8
    assert '<rect class="verde"' in svg
    tabela = re.search(r'<table class="portal-tabela-situacoes">.*?</table>', pagina, re.S).group(0)
    assert "<caption>" in tabela and 'scope="row"' in tabela
    assert re.search(r"Recibo de conclusão recebido pelo remetente</th>\s*<td>3</td><td>37,5%</td>", tabela)
    assert "<script" not in svg


def test_grafico_por_quantidade_pelo_parametro_get(client_admin, varios):
    pagina = client_admin.get("/painel/", {"grafico": "quantidade"}).content.decode()
    svg = _svg(pagina)
    assert "(por quantidade)" in svg and "37,5%" not in svg
    assert re.search(r'class="portal-grafico-valor">3<', svg)
    assert 'href="?grafico=percentual"' in pagina  # the other mode is a plain link


def test_sem_tramites_o_grafico_diz_que_nao_ha(client_admin):
    pagina = client_admin.get("/painel/").content.decode()
    assert "Nenhum trâmite no filtro informado." in pagina and "<svg class=\"portal-grafico\"" not in pagina


def test_paginas_do_painel_em_numero_constante_de_consultas(client_admin, tramite_em, orgao_a, orgao_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def consultas():
        with CaptureQueriesContext(connection) as capturadas:
            assert client_admin.get("/painel/").status_code == 200
        return len(capturadas)

    tramite_em(sm.Status.INICIADO)
    consultas()  # warms the per-person caches of the page's header (the Alertas) so both counts compare the page
    poucas = consultas()
    for s in sm.Status:
        for _ in range(3):
            tramite_em(s)
    assert consultas() == poucas
