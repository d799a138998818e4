"""The Painel's counts from the engine's counters are the exact counts of its rows, for the Administrador and
for each órgão's gestor, with every filter the counters express; anything else falls back to counting rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.comites import GestorFactory
from tests.factories.portal import PerfilAtribuidoFactory, PessoaFactory
from tramites import state_machine as sm
from tramites.painel import contadores as painel_contadores

S = sm.Status


@pytest.fixture
def varios(tramite_em, orgao_a, orgao_b, orgao_c):
    feitos = [tramite_em(s) for s in (S.INICIADO, S.INICIADO, S.RECIBO_RECEBIDO_REMETENTE, S.RECUSADO)]
    feitos += [tramite_em(S.CANCELADO, orgao_b, orgao_a), tramite_em(S.RECIBO_RECEBIDO_REMETENTE, orgao_c, orgao_b),
               tramite_em(S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_c)]
    return feitos


def _filtros(orgao_a, orgao_b):
    hoje = timezone.localdate()
    return [
        {}, {"data_inicial": "", "data_final": ""},
        {"data_inicial": (hoje - timedelta(days=2)).strftime("%d/%m/%Y"), "data_final": hoje.strftime("%d/%m/%Y")},
        {"data_inicial": (hoje + timedelta(days=1)).strftime("%d/%m/%Y")},
        {"orgao_origem": str(orgao_a.comite.pk)}, {"orgao_destino": str(orgao_a.comite.pk)},
        {"orgao_origem": str(orgao_a.comite.pk), "orgao_destino": str(orgao_a.comite.pk)},
        {"spe_origem": str(orgao_a.sistema.pk)}, {"spe_destino": str(orgao_b.sistema.pk)},
        {"orgao_origem": str(orgao_a.comite.pk), "spe_origem": str(orgao_a.sistema.pk)},
        {"situacao": ["1", "6"]}, {"situacao": "9", "orgao_destino": str(orgao_b.comite.pk)},
    ]


def _comparar(cliente, parametros, monkeypatch):
    pelos_contadores = cliente.get("/painel/", parametros).context
    with monkeypatch.context() as m:
        m.setattr("tramites.views.painel.contar_pelos_contadores", lambda *args: None)
        pelas_linhas = cliente.get("/painel/", parametros).context
    assert [(i.status, i.quantidade, i.limitada) for i in pelos_contadores["contagem"].itens] == \
        [(i.status, i.quantidade, i.limitada) for i in pelas_linhas["contagem"].itens], parametros
    assert pelos_contadores["contagem"].total == pelos_contadores["table"].page.paginator.count


@pytest.mark.parametrize("quem", ["admin", "gestor_a", "gestor_b"])
def test_contagem_pelos_contadores_igual_a_das_linhas_em_cada_escopo(varios, quem, request, cliente_de,
                                                                     orgao_a, orgao_b, monkeypatch):
    cliente = cliente_de(request.getfixturevalue(quem))
    for parametros in _filtros(orgao_a, orgao_b):
        _comparar(cliente, parametros, monkeypatch)


def test_contadores_usados_quando_expressiveis(varios, admin, gestor_b, orgao_a, orgao_b):
    hoje = timezone.localdate()
    dados = {"data_inicial": hoje - timedelta(days=30), "data_final": None, "situacao": []}
    assert painel_contadores.contar_pelos_contadores(admin, dados, None).total == 7
    assert painel_contadores.contar_pelos_contadores(gestor_b, dados, None).total == 6  # A→B (4), B→A, C→B
    so_sistema = {**dados, "spe_origem": str(orgao_b.sistema.pk)}
    assert painel_contadores.contar_pelos_contadores(admin, so_sistema, None).total == 1


@pytest.mark.parametrize("extra", [{"unidade_origem": 5}, {"nre": "1"}, {"idt": 3}, {"parados": 7},
                                   {"nup": "99999000001202600"}])
def test_filtro_fora_dos_contadores_volta_a_contar_linhas(admin, extra):
    assert painel_contadores.contar_pelos_contadores(admin, {"data_inicial": None, **extra}, None) is None


def test_escopos_que_os_contadores_nao_expressam_voltam_a_contar_linhas(varios, orgao_a, orgao_b, orgao_c,
                                                                          gestor_b):
    dados = {"data_inicial": None}
    de_dois = PessoaFactory()
    GestorFactory(comite=orgao_a.comite, pessoa=de_dois)
    GestorFactory(comite=orgao_b.comite, pessoa=de_dois)
    supervisor = PerfilAtribuidoFactory(perfil="supervisor").pessoa
    assert painel_contadores.contar_pelos_contadores(de_dois, dados, None) is None  # A→B would count twice
    assert painel_contadores.contar_pelos_contadores(supervisor, dados, None) is None
    assert painel_contadores.contar_pelos_contadores(None, dados, None) is None
    # A gestor's SPE filter alone ("its órgão's trâmites sent through this SPE") is not a counter's side.
    assert painel_contadores.contar_pelos_contadores(gestor_b, {**dados, "spe_origem": str(orgao_b.sistema.pk)},
                                                     None) is None
