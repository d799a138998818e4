"""Concurrent callers of ``services.aplicar`` and ``criar_tramite`` on PostgreSQL: exactly one wins.

Real threads, each with its own database connection, released together by a barrier. SQLite serializes
whole-database writes (and its test database is in memory, one connection), so these run on PostgreSQL
only (the CI leg with ``DATABASE_URL=postgres://…``).
"""

import threading

import pytest
from django.db import connection, connections

from tests.factories.tramites import enviar, levar_a, protocolo_novo
from tramites import services
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus, Tramite
from tramites.services import Agente, ConflitoDeStatus, TramiteEmAndamento

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (row locks, real concurrency)"),
]

E, S, A = sm.Evento, sm.Status, sm.Ator
THREADS = 8


def _correr(funcao, n=THREADS):
    """Runs ``funcao(i)`` in ``n`` threads released together; returns each result or exception."""
    barreira = threading.Barrier(n)
    resultados: list = [None] * n

    def alvo(i):
        try:
            barreira.wait()
            resultados[i] = funcao(i)
        except Exception as erro:  # noqa: BLE001 (collected and asserted by the test)
            resultados[i] = erro
        finally:
            connections.close_all()

    threads = [threading.Thread(target=alvo, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return resultados


def test_oito_chamadas_simultaneas_da_mesma_transicao_tem_um_so_vencedor(orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)

    def tentar(_):
        return services.aplicar(Tramite.objects.get(pk=tramite.pk), E.COMPONENTES_ARMAZENADOS, Agente.barramento())

    resultados = _correr(tentar)
    vencedores = [r for r in resultados if isinstance(r, Tramite)]
    perdedores = [r for r in resultados if not isinstance(r, Tramite)]
    assert len(vencedores) == 1
    assert all(isinstance(r, sm.TransicaoInvalida) and r.codigo_erro == "0065" for r in perdedores), perdedores
    assert Tramite.objects.get(pk=tramite.pk).status == S.COMPONENTES_ENVIADOS_REMETENTE
    assert list(HistoricoDeStatus.objects.filter(tramite=tramite).values_list("para", flat=True).order_by("id")) == [
        S.INICIADO, S.COMPONENTES_ENVIADOS_REMETENTE]


def test_cancelamento_e_recusa_simultaneos_nunca_ganham_os_dois(orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b)
    lido = Tramite.objects.get(pk=tramite.pk)  # both read status 3 before either acts

    def tentar(i):
        copia = Tramite.objects.get(pk=lido.pk)
        copia.status = lido.status
        if i % 2:
            return services.aplicar(copia, E.CANCELAMENTO, orgao_a.agente(A.REMETENTE))
        return services.aplicar(copia, E.RECUSA, orgao_b.agente(A.DESTINATARIO),
                                dados={"motivo": "99", "justificativa": "Teste de corrida."})

    resultados = _correr(tentar)
    vencedores = [r for r in resultados if isinstance(r, Tramite)]
    assert len(vencedores) == 1
    assert all(isinstance(r, ConflitoDeStatus | sm.TransicaoInvalida) for r in resultados if r not in vencedores)
    final = Tramite.objects.get(pk=tramite.pk).status
    assert final in (S.CANCELADO, S.RECUSADO)
    assert HistoricoDeStatus.objects.filter(tramite=tramite, de=S.METADADOS_RECEBIDO_DESTINATARIO).count() == 1


def test_envios_simultaneos_do_mesmo_processo_criam_um_so_tramite(orgao_a, orgao_b):
    protocolo = protocolo_novo()
    resultados = _correr(lambda _: enviar(orgao_a, orgao_b, protocolo=protocolo))
    criados = [r for r in resultados if isinstance(r, Tramite)]
    assert len(criados) == 1, resultados
    assert all(isinstance(r, TramiteEmAndamento) and r.codigo_erro == "0044" for r in resultados if r not in criados)
    assert Tramite.objects.filter(protocolo=protocolo).count() == 1
