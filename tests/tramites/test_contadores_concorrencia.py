"""Counters under real concurrency (PostgreSQL): transitions of many trâmites of the same day and route at
once, racing callers of the same transition, creations, auto-cancel and compaction running meanwhile — the
sums still equal the trâmites' statuses, and nobody waits on a shared counter row."""

import pytest
from django.db import connection

from tests.factories.tramites import enviar
from tests.tramites.tarefas.conftest import envelhecer
from tests.tramites.test_concorrencia import _correr
from tests.tramites.test_contadores import contados, reais
from tramites import services
from tramites import state_machine as sm
from tramites.models import Tramite
from tramites.services import autocancelamento, contadores

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (row locks, real concurrency)"),
]

E, S = sm.Evento, sm.Status


def test_transicoes_simultaneas_do_mesmo_dia_e_rota_somam_certo(orgao_a, orgao_b):
    tramites = [enviar(orgao_a, orgao_b) for _ in range(8)]

    def mover(i):
        tramite = Tramite.objects.get(pk=tramites[i].pk)
        services.aplicar(tramite, E.COMPONENTES_ARMAZENADOS, services.Agente.barramento())
        return services.aplicar(tramite, E.METADADOS_OBTIDOS, orgao_b.agente(sm.Ator.DESTINATARIO))

    assert all(isinstance(r, Tramite) for r in _correr(mover))
    assert contados() == reais()


def test_mesma_transicao_disputada_conta_uma_vez(orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)

    def tentar(_):
        return services.aplicar(Tramite.objects.get(pk=tramite.pk), E.COMPONENTES_ARMAZENADOS,
                                services.Agente.barramento())

    assert sum(isinstance(r, Tramite) for r in _correr(tentar)) == 1
    assert contados() == reais()


def test_compactacao_e_cancelamento_automatico_durante_transicoes(orgao_a, orgao_b, orgao_c):
    vencidos = [enviar(orgao_c, orgao_a) for _ in range(3)]
    for tramite in vencidos:
        envelhecer(tramite, 30)
    ativos = [enviar(orgao_a, orgao_b) for _ in range(5)]

    def trabalhar(i):
        if i < 5:
            return services.aplicar(Tramite.objects.get(pk=ativos[i].pk), E.COMPONENTES_ARMAZENADOS,
                                    services.Agente.barramento())
        if i == 5:
            return autocancelamento.cancelar_vencidos()
        if i == 6:
            return contadores.compactar()
        return enviar(orgao_b, orgao_c)

    resultados = _correr(trabalhar)
    assert not [r for r in resultados if isinstance(r, Exception)], resultados
    contadores.compactar()
    assert contados() == reais()
    assert Tramite.objects.filter(status=S.CANCELADO_AUTOMATICAMENTE.value).count() == 3
