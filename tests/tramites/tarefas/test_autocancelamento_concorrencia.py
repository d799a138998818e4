"""Auto-cancel racing ``services.aplicar`` on PostgreSQL: exactly one wins for each trâmite, history complete.

Real threads with their own connections (SQLite serializes whole-database writes and its test database is
one in-memory connection, so these run on PostgreSQL only: the CI leg with ``DATABASE_URL=postgres://…``).
"""

import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from tests.factories.tramites import enviar, levar_a
from tests.tramites.tarefas.conftest import envelhecer
from tramites import services
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus, Tramite
from tramites.services import Agente, ConflitoDeStatus, autocancelamento

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (row locks, real concurrency)"),
]

S, E, A = sm.Status, sm.Evento, sm.Ator
PRAZO = 8
DESTINO = sm.proximo(S.COMPONENTES_ENVIADOS_REMETENTE, E.PRAZO_EXPIRADO, A.BARRAMENTO)


def _parado_em_2(orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    envelhecer(tramite, PRAZO + 1)
    return tramite


def _em_thread(funcao):
    resultado: dict = {}

    def alvo():
        try:
            resultado["valor"] = funcao()
        except Exception as erro:  # noqa: BLE001 (asserted by the test)
            resultado["erro"] = erro
        finally:
            connections.close_all()

    thread = threading.Thread(target=alvo)
    thread.start()
    return thread, resultado


def _historico(tramite) -> list[tuple]:
    return list(HistoricoDeStatus.objects.filter(tramite=tramite).order_by("id").values_list("de", "para"))


def test_aplicar_que_chega_durante_o_lote_espera_e_perde(orgao_a, orgao_b):
    """The batch holds the row (locked, updated, not committed); ``aplicar`` blocks on it, then its
    compare-and-set finds status 10 and it gets ``ConflitoDeStatus``; nothing of it is written."""
    tramite = _parado_em_2(orgao_a, orgao_b)
    lido = Tramite.objects.get(pk=tramite.pk)  # the receiver read status 2
    no_lote, pode_confirmar = threading.Event(), threading.Event()

    def lote():
        with transaction.atomic():
            pares = autocancelamento.cancelar_lote([tramite.pk], autocancelamento.limite_do_prazo(), timezone.now(),
                                                   Agente.barramento(), "teste")
            no_lote.set()
            assert pode_confirmar.wait(10)
        return pares

    thread_lote, do_lote = _em_thread(lote)
    assert no_lote.wait(10)
    thread_aplicar, do_aplicar = _em_thread(
        lambda: services.aplicar(lido, E.METADADOS_OBTIDOS, orgao_b.agente(A.DESTINATARIO)))
    thread_aplicar.join(0.5)
    assert thread_aplicar.is_alive()  # waiting for the batch's row lock
    pode_confirmar.set()
    thread_lote.join(10)
    thread_aplicar.join(10)

    assert do_lote["valor"] == [(tramite.pk, S.COMPONENTES_ENVIADOS_REMETENTE)]
    assert isinstance(do_aplicar.get("erro"), ConflitoDeStatus), do_aplicar
    assert Tramite.objects.get(pk=tramite.pk).status == DESTINO
    assert _historico(tramite) == [(None, S.INICIADO), (S.INICIADO, S.COMPONENTES_ENVIADOS_REMETENTE),
                                   (S.COMPONENTES_ENVIADOS_REMETENTE, DESTINO)]


def test_lote_que_chega_durante_o_aplicar_pula_o_tramite(orgao_a, orgao_b):
    """``aplicar`` holds the row (updated to 3, not committed); the batch skips the locked row and the
    trâmite ends in 3 with no cancellation in its history; the next run finds it fresh."""
    tramite = _parado_em_2(orgao_a, orgao_b)
    no_aplicar, pode_confirmar = threading.Event(), threading.Event()

    def aplicar():
        with transaction.atomic():
            services.aplicar(Tramite.objects.get(pk=tramite.pk), E.METADADOS_OBTIDOS, orgao_b.agente(A.DESTINATARIO))
            no_aplicar.set()
            assert pode_confirmar.wait(10)

    thread_aplicar, do_aplicar = _em_thread(aplicar)
    assert no_aplicar.wait(10)
    thread_lote, do_lote = _em_thread(autocancelamento.cancelar_vencidos)
    thread_lote.join(10)
    assert not thread_lote.is_alive()  # SKIP LOCKED: it did not wait
    pode_confirmar.set()
    thread_aplicar.join(10)

    assert "erro" not in do_aplicar and "erro" not in do_lote, (do_aplicar, do_lote)
    assert do_lote["valor"].cancelados == 0
    assert Tramite.objects.get(pk=tramite.pk).status == S.METADADOS_RECEBIDO_DESTINATARIO
    assert autocancelamento.cancelar_vencidos().cancelados == 0
    assert _historico(tramite)[-1] == (S.COMPONENTES_ENVIADOS_REMETENTE, S.METADADOS_RECEBIDO_DESTINATARIO)
    assert not HistoricoDeStatus.objects.filter(tramite=tramite, evento=E.PRAZO_EXPIRADO).exists()


def test_corrida_livre_em_muitos_tramites_um_vencedor_por_tramite(orgao_a, orgao_b):
    """The auto-cancel (small batches) and the receiver's ``aplicar`` on every trâmite, released together."""
    tramites = [_parado_em_2(orgao_a, orgao_b) for _ in range(40)]
    lidos = list(Tramite.objects.filter(pk__in=[t.pk for t in tramites]).order_by("-idt"))
    barreira = threading.Barrier(2)
    vitorias_do_aplicar: list[int] = []
    perdas_do_aplicar: list[int] = []

    def receptor():
        barreira.wait()
        for tramite in lidos:
            try:
                services.aplicar(tramite, E.METADADOS_OBTIDOS, orgao_b.agente(A.DESTINATARIO))
                vitorias_do_aplicar.append(tramite.pk)
            except ConflitoDeStatus:
                perdas_do_aplicar.append(tramite.pk)

    def cancelador():
        barreira.wait()
        return autocancelamento.cancelar_vencidos(lote=3)

    (t1, r1), (t2, r2) = _em_thread(receptor), _em_thread(cancelador)
    t1.join(60)
    t2.join(60)
    assert "erro" not in r1 and "erro" not in r2, (r1, r2)

    finais = dict(Tramite.objects.filter(pk__in=[t.pk for t in tramites]).values_list("idt", "status"))
    cancelados = {idt for idt, status in finais.items() if status == DESTINO}
    assert set(finais.values()) <= {DESTINO, S.METADADOS_RECEBIDO_DESTINATARIO}
    assert cancelados == set(perdas_do_aplicar)
    assert set(finais) - cancelados == set(vitorias_do_aplicar)
    assert r2["valor"].cancelados == len(cancelados)
    for tramite in tramites:
        saidas_de_2 = HistoricoDeStatus.objects.filter(tramite=tramite, de=S.COMPONENTES_ENVIADOS_REMETENTE)
        assert list(saidas_de_2.values_list("para", flat=True)) == [finais[tramite.pk]]
        assert HistoricoDeStatus.objects.filter(tramite=tramite).count() == 3
