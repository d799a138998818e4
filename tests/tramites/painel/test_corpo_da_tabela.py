"""The Painel's table body is written without django-tables2's per-cell machinery; it must be the very HTML
that machinery writes (links, hidden data after a refusal, the date of receipt or its "—", the Cancelar
button), for the sender's gestor, the receiver's gestor and the Administrador."""

import pytest
from django.urls import include, path

from tramites import state_machine as sm
from tramites.models import Tramite
from tramites.tables.painel import PainelTable, url_de
from tramites.views.painel import PainelView


def _tabela(pessoa):
    linhas = PainelView._com_colunas(Tramite.objects.order_by("-idt"))
    tabela = PainelTable(linhas, principal=pessoa)
    tabela.paginate(per_page=50)
    return tabela


@pytest.mark.parametrize("quem", ["gestor_a", "gestor_b", "admin"])
def test_corpo_rapido_igual_ao_do_django_tables2(tramite_em, request, quem):
    for status in (sm.Status.COMPONENTES_ENVIADOS_REMETENTE, sm.Status.RECIBO_ENVIADO_DESTINATARIO,
                   sm.Status.RECIBO_RECEBIDO_REMETENTE, sm.Status.RECUSADO, sm.Status.CANCELADO):
        tramite_em(status)
    pessoa = request.getfixturevalue(quem)
    tabela = _tabela(pessoa)
    rapido, por_celula = str(tabela.corpo_html()), str(tabela.corpo_html_por_celula())
    assert rapido == por_celula
    assert rapido.count("<tr ") == 5


def test_corpo_vazio_diz_que_nada_foi_encontrado(admin):
    assert "Nenhum trâmite encontrado" in str(_tabela(admin).corpo_html())


def _vista(request, idt):  # pragma: no cover - only reversed
    raise NotImplementedError


# The detail and cancel pages as helper "detalhe" routes them (this module is its own urlconf for one test).
urlpatterns = [path("", include(([
    path("painel/tramites/<int:idt>/", _vista, name="tramite"),
    path("painel/tramites/<int:idt>/cancelar/", _vista, name="cancelar"),
], "tramites")))]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("nome", ["tramites:tramite", "tramites:cancelar", "tramites:inexistente"])
def test_url_reversa_uma_vez_por_pagina_igual_a_de_cada_linha(tramite_em, admin, nome):
    tramites = [tramite_em(sm.Status.COMPONENTES_ENVIADOS_REMETENTE), tramite_em(sm.Status.CANCELADO)]
    tabela = _tabela(admin)
    for tramite in tramites:
        assert tabela._url(nome, tramite.idt) == url_de(nome, tramite.idt)
    if nome != "tramites:inexistente":
        assert tabela._url(nome, tramites[0].idt) == f"/painel/tramites/{tramites[0].idt}/" + (
            "cancelar/" if nome.endswith("cancelar") else "")


@pytest.mark.urls(__name__)
def test_corpo_rapido_igual_com_links_de_detalhe_e_cancelamento(tramite_em, gestor_a):
    tramite_em(sm.Status.COMPONENTES_ENVIADOS_REMETENTE)
    tramite_em(sm.Status.RECIBO_RECEBIDO_REMETENTE)
    tabela = _tabela(gestor_a)
    rapido = str(tabela.corpo_html())
    assert rapido == str(tabela.corpo_html_por_celula())
    assert rapido.count("/cancelar/") == 1 and rapido.count('href="/painel/tramites/') == 3
