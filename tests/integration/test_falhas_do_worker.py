"""Real Celery worker processes racing each other and dying mid-task (issue 11, item 5).

Each test starts its own workers on a queue of its own (``trabalhadores.Trabalhador``) against the test
database and the CI's Redis broker. What must hold: exactly one transition wins each race, the history has
exactly one row per transition, no task is lost and none is applied twice.
"""

from __future__ import annotations

import time

import pytest
from django.db import connection, connections
from django.utils import timezone

from portal.models import RegistroDeAuditoria
from portal.permissions import SistemaAutenticado
from tests.factories.estrutura import RepositorioFactory
from tests.factories.tramites import enviar, orgao
from tests.integration.cenarios import clonar, saidas_por_tramite
from tests.integration.conftest import esperar
from tests.integration.trabalhadores import Trabalhador, exigir_integracao, fila_propria
from tramites import state_machine as sm
from tramites.armazenamento import Armazem
from tramites.models import ComponenteDigital, HistoricoDeStatus, Tramite
from tramites.services import autocancelamento, componentes
from tramites.tarefas.autocancelamento import cancelar_vencidos
from tramites.tarefas.componentes import verificar_componentes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

S, E = sm.Status, sm.Evento
CANCELADO = sm.proximo(S.INICIADO, E.PRAZO_EXPIRADO, sm.Ator.BARRAMENTO)


@pytest.fixture
def orgao_a(db):
    return orgao("ORGA", RepositorioFactory(nome="Repositório R1"))


@pytest.fixture
def orgao_b(orgao_a):
    return orgao("ORGB", orgao_a.orgao.repositorio)


@pytest.fixture
def pasta_de_componentes(settings, tmp_path):
    """The components storage, shared by this process and the workers it starts."""
    pasta = tmp_path / "componentes"
    settings.STORAGES = {**settings.STORAGES, "componentes": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(pasta)}}}
    return pasta


@pytest.fixture
def trabalhadores():
    """Starts ``n`` workers on ``fila`` together (``trabalhadores(fila, n, **opcoes)`` → the first) and kills
    them all at the end (their queue is this test's own: nothing of another test is lost)."""
    exigir_integracao()
    iniciados: list[Trabalhador] = []

    def iniciar(fila, n=1, **opcoes) -> Trabalhador:
        novos = [Trabalhador(fila, **opcoes).lancar() for _ in range(n)]
        iniciados.extend(novos)
        for trabalhador in novos:
            trabalhador.aguardar()
        return novos[0]

    yield iniciar
    for trabalhador in iniciados:
        trabalhador.matar()


def _fila_vazia(trabalhador: Trabalhador) -> bool:
    """No message of the worker's queue waits or is held unacknowledged in the broker."""
    with trabalhador.app().connection_for_write() as conexao:
        cliente = conexao.default_channel.client
        if cliente.llen(trabalhador.fila):
            return False
        return not any(trabalhador.fila.encode() in valor for valor in cliente.hvals("unacked"))


def _principal(orgao) -> SistemaAutenticado:
    return SistemaAutenticado(nome=orgao.sistema.nome, comite_ids=frozenset({orgao.comite.pk}), pk=orgao.sistema.pk)


def _com_componente_recebido(orgao_a, orgao_b) -> Tramite:
    """A trâmite in 1 whose (only) component arrived whole and waits for its verification, as
    ``componentes._completo`` leaves it (the bytes are the same for every trâmite: content-addressed)."""
    tramite = enviar(orgao_a, orgao_b)
    componente = ComponenteDigital.objects.get(tramite=tramite)
    conteudo = "conteúdo 1".encode()
    Armazem().gravar_parte(componentes.chave_do_envio(tramite.ticket, componente.hash), 0, len(conteudo),
                           conteudo, len(conteudo))
    ComponenteDigital.objects.filter(pk=componente.pk).update(recebido=True, bytes_recebidos=len(conteudo))
    return tramite


def test_two_workers_verifying_the_same_components_move_each_tramite_once(
        orgao_a, orgao_b, pasta_de_componentes, trabalhadores):
    fila = fila_propria()
    um = trabalhadores(fila, 2, componentes=pasta_de_componentes)
    tramites = [_com_componente_recebido(orgao_a, orgao_b) for _ in range(10)]
    sistema = componentes.sistema_como_dados(_principal(orgao_a))
    for tramite in tramites:  # each verification three times in a row: both workers take copies together
        hash_ = ComponenteDigital.objects.get(tramite=tramite).hash
        for _ in range(3):
            um.enviar(verificar_componentes, tramite.ticket, hash_, sistema)

    idts = [t.pk for t in tramites]
    esperar(lambda: Tramite.objects.filter(pk__in=idts, status=S.COMPONENTES_ENVIADOS_REMETENTE).count() == 10)
    esperar(lambda: _fila_vazia(um))
    assert set(saidas_por_tramite(idts, S.INICIADO).values()) == {1}
    assert HistoricoDeStatus.objects.filter(tramite_id__in=idts, evento=E.COMPONENTES_ARMAZENADOS).count() == 10
    assert ComponenteDigital.objects.filter(tramite_id__in=idts, verificado=True, falha_de_verificacao="").count() == 10
    assert Armazem().existe(Armazem().nome_do_componente(ComponenteDigital.objects.get(tramite=tramites[0]).hash))


def test_two_auto_cancel_runs_on_two_workers_cancel_each_tramite_once(orgao_a, orgao_b, trabalhadores):
    """The beat fired twice (or two beats): both runs share the stale rows (SKIP LOCKED), none twice."""
    fila = fila_propria()
    um = trabalhadores(fila, 2)
    idts = clonar(enviar(orgao_a, orgao_b), 1000, S.COMPONENTES_ENVIADOS_REMETENTE, dias_parado=30)
    um.enviar(cancelar_vencidos, lote=25)
    um.enviar(cancelar_vencidos, lote=25)

    esperar(lambda: not Tramite.objects.filter(pk__in=idts).exclude(status=CANCELADO).exists(), segundos=60)
    esperar(lambda: _fila_vazia(um))
    assert set(saidas_por_tramite(idts, S.COMPONENTES_ENVIADOS_REMETENTE).values()) == {1}
    assert HistoricoDeStatus.objects.filter(tramite_id__in=idts, evento=E.PRAZO_EXPIRADO).count() == 1000
    quantidades = RegistroDeAuditoria.objects.filter(acao="tramite.cancelamento_automatico").values_list(
        "depois__quantidade", flat=True)
    assert sum(quantidades) == 1000


# -- a worker killed with SIGKILL mid-run --------------------------------------------------------------


def _espera_por_trava(tabela: str) -> int | None:
    """The backend pid waiting for a lock on ``tabela``, if any."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_locks WHERE relation = %s::regclass AND NOT granted", [tabela])
        linha = cursor.fetchone()
    return linha[0] if linha else None


def _backend_vivo(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is not None


def _travar_historico(conexao):
    """Opens a transaction on ``conexao`` holding the history table in SHARE mode (inserts wait)."""
    conexao.set_autocommit(False)
    with conexao.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {HistoricoDeStatus._meta.db_table} IN SHARE MODE")


def test_worker_killed_mid_run_is_restarted_and_the_redelivered_task_finishes_the_work_once(
        orgao_a, orgao_b, trabalhadores):
    """The auto-cancel commits its first batch, the worker is SIGKILLed inside the second; the restarted
    worker gets the unacknowledged task again (acks_late; visibility timeout 1 s) and cancels the rest:
    every trâmite exactly once, one history row each, the killed batch left no trace."""
    import threading

    historico = HistoricoDeStatus._meta.db_table
    fila = fila_propria()
    idts = clonar(enviar(orgao_a, orgao_b), 400, S.METADADOS_RECEBIDO_DESTINATARIO, dias_parado=30)
    lote = 100

    primeira, segunda = connections.create_connection("default"), connections.create_connection("default")
    segunda.inc_thread_sharing()  # locked from a thread, released from here
    try:
        _travar_historico(primeira)  # the first batch will wait for it
        trabalhador = trabalhadores(fila, visibilidade=1)
        trabalhador.enviar(cancelar_vencidos, lote=lote)
        backend = esperar(lambda: _espera_por_trava(historico), segundos=30)

        # Queue a second SHARE lock behind the worker's insert: granted as soon as the first batch commits, so
        # the second batch waits for it (PostgreSQL grants conflicting lock requests in arrival order).
        na_fila = threading.Thread(target=_travar_historico, args=(segunda,))
        na_fila.start()
        esperar(lambda: _espera_por_trava(historico) and len(_esperando(historico)) == 2, segundos=10)
        primeira.rollback()
        na_fila.join(10)
        assert not na_fila.is_alive()
        esperar(lambda: _espera_por_trava(historico) == backend, segundos=10)  # the second batch waits
        assert HistoricoDeStatus.objects.filter(tramite_id__in=idts, evento=E.PRAZO_EXPIRADO).count() == lote

        trabalhador.matar()  # SIGKILL inside the second batch's transaction
        segunda.rollback()
        esperar(lambda: not _backend_vivo(backend), segundos=10)  # its transaction rolled back
        assert HistoricoDeStatus.objects.filter(tramite_id__in=idts, evento=E.PRAZO_EXPIRADO).count() == lote
        assert Tramite.objects.filter(pk__in=idts, status=CANCELADO).count() == lote
    finally:
        for conexao in (primeira, segunda):
            conexao.close()

    time.sleep(1.2)  # past the visibility timeout: the restarted worker takes the task back
    trabalhadores(fila, visibilidade=1)
    esperar(lambda: not Tramite.objects.filter(pk__in=idts).exclude(status=CANCELADO).exists(), segundos=30)
    esperar(lambda: _fila_vazia(trabalhador), segundos=30)
    assert set(saidas_por_tramite(idts, S.METADADOS_RECEBIDO_DESTINATARIO).values()) == {1}
    assert HistoricoDeStatus.objects.filter(tramite_id__in=idts, evento=E.PRAZO_EXPIRADO).count() == 400
    quantidades = sorted(RegistroDeAuditoria.objects.filter(acao="tramite.cancelamento_automatico").values_list(
        "depois__quantidade", flat=True))
    assert sum(quantidades) == 400 and quantidades[-1] == lote  # per committed batch, the killed one absent
    assert autocancelamento.cancelar_vencidos(timezone.now()).cancelados == 0


def _esperando(tabela: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_locks WHERE relation = %s::regclass AND NOT granted", [tabela])
        return [linha[0] for linha in cursor.fetchall()]
