"""Concurrent receivers and senders on PostgreSQL: the side-effecting reads and the last download move the
trâmite once, and every caller gets the same answer (real threads, one connection each, a barrier)."""

import pytest
from django.db import connection

from portal.permissions import SistemaAutenticado
from tests.factories.tramites import enviar, levar_a
from tests.tramites.test_concorrencia import THREADS, _correr
from tramites import state_machine as sm
from tramites.models import ComponenteDigital, HistoricoDeStatus, Tramite
from tramites.services import consulta, recebimento

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (row locks, real concurrency)"),
]
E, S = sm.Evento, sm.Status


def _principal(orgao) -> SistemaAutenticado:
    return SistemaAutenticado(nome=orgao.sistema.nome, comite_ids=frozenset({orgao.comite.pk}), pk=orgao.sistema.pk)


def _transicoes(tramite, evento) -> int:
    return HistoricoDeStatus.objects.filter(tramite=tramite, evento=evento).count()


def test_eight_simultaneous_metadata_reads_move_2_to_3_once_and_all_answer_the_same(orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    b = _principal(orgao_b)
    resultados = _correr(lambda _: recebimento.ler_metadados(consulta.obter_tramite(b, tramite.pk), b))
    assert all(isinstance(r, dict) for r in resultados), resultados
    assert all(r == resultados[0] for r in resultados)
    assert Tramite.objects.get(pk=tramite.pk).status == S.METADADOS_RECEBIDO_DESTINATARIO
    assert _transicoes(tramite, E.METADADOS_OBTIDOS) == 1


def test_parts_finishing_together_merge_and_move_3_to_4_exactly_once(orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO, orgao_a, orgao_b)
    componente = ComponenteDigital.objects.get(tramite=tramite)  # 11 bytes
    ComponenteDigital.objects.filter(pk=componente.pk).update(tamanho=THREADS * 10)
    b = _principal(orgao_b)

    def parte(i):
        download = recebimento.Download(tramite.pk, (componente.pk,), "x", i * 10, (i + 1) * 10, THREADS * 10)
        return recebimento.registrar_download(download, b)

    resultados = _correr(parte)
    assert all(isinstance(r, bool) for r in resultados), resultados
    assert resultados.count(True) == 1
    componente.refresh_from_db()
    assert componente.baixado and componente.intervalos_baixados == [[0, THREADS * 10]]
    assert Tramite.objects.get(pk=tramite.pk).status == S.COMPONENTES_RECEBIDOS_DESTINATARIO
    assert _transicoes(tramite, E.COMPONENTES_BAIXADOS) == 1


def test_eight_simultaneous_acknowledgements_record_one_ciencia(orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.RECUSADO, orgao_a, orgao_b)
    a = _principal(orgao_a)
    resultados = _correr(lambda _: recebimento.dar_ciencia(consulta.obter_tramite(a, tramite.pk), a))
    assert all(isinstance(r, Tramite) for r in resultados), resultados
    assert Tramite.objects.get(pk=tramite.pk).status == S.CIENCIA_RECUSA
    assert _transicoes(tramite, E.CIENCIA_DA_RECUSA) == 1
