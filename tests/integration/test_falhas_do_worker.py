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
from tests.factories.tramites import enviar
from tests.integration.cenarios import clonar, saidas_por_tramite
from tests.integration.conftest import esperar
from tests.integration.trabalhadores import Trabalhador, fila_propria
from tramites import state_machine as sm
from tramites.armazenamento import Armazem
from tramites.models import ComponenteDigital, HistoricoDeStatus, Tramite
from tramites.services import autocancelamento, componentes
from tramites.services.envio import novo_ticket
from tramites.tarefas.autocancelamento import cancelar_vencidos
from tramites.tarefas.componentes import verificar_componentes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

S, E = sm.Status, sm.Evento
CANCELADO = sm.proximo(S.INICIADO, E.PRAZO_EXPIRADO, sm.Ator.BARRAMENTO)


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
    tramite.ticket = novo_ticket()  # as the envio API does
    Tramite.objects.filter(pk=tramite.pk).update(ticket=tramite.ticket)
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


# -- the auto-cancel on a worker racing the receivers' downloads and recibos ---------------------------


DATA_DO_RECIBO = "2026-11-30T18:42:59.000Z"


def _recibo(tramite) -> str:
    from tests.factories.certificados import _chave
    from tramites import recibos

    hashes = sorted(tramite.componentes.values_list("hash", flat=True))
    return recibos.assinar(recibos.texto_do_recibo_de_conclusao(tramite.idt, tramite.nre, DATA_DO_RECIBO, hashes),
                           _chave())


def _receber(tramite_id: int, principal) -> str:
    """What the receiving system does from status 3: download the component (3→4), then send the recibo
    (4→5). Returns how far it got; a lost race is an answer, not an error."""
    from tramites.services import ConflitoDeStatus, consulta, recebimento

    tramite = consulta.obter_tramite(principal, tramite_id)
    try:
        if tramite.status == S.METADADOS_RECEBIDO_DESTINATARIO:
            componente = tramite.componentes.select_related("documento").get()
            download = recebimento.preparar_download(tramite, principal, componente.hash, tramite.protocolo)
            if not recebimento.registrar_download(download, principal):
                return "download sem transição"
            tramite.refresh_from_db()
        recebimento.registrar_recibo(tramite, principal, DATA_DO_RECIBO, timezone.now(), _recibo(tramite))
    except (ConflitoDeStatus, sm.TransicaoInvalida) as erro:
        return f"perdeu: {erro.codigo_erro}"
    return "recibo"


def test_auto_cancel_on_a_worker_racing_downloads_and_recibos_one_winner_per_tramite(
        orgao_a, orgao_b, pasta_de_componentes, trabalhadores):
    """Stale trâmites in 3 and 4; the receivers download and send recibos while a worker runs the auto-cancel
    in small batches. Each trâmite leaves its stale status exactly once: to 10 (no recibo stored, no 4) or
    onwards to 5 (the recibo stored, never cancelled)."""
    import threading

    from tests.factories.certificados import emitir
    from tests.factories.tramites import levar_a
    from tests.tramites.tarefas.conftest import envelhecer

    emitir(orgao_b.sistema)
    conteudo = "conteúdo 1".encode()
    armazem = Armazem()
    tramites = []
    for i in range(24):
        tramite = enviar(orgao_a, orgao_b)
        if i == 0:
            armazem.gravar_parte("guardado", 0, len(conteudo), conteudo, len(conteudo))
            armazem.concluir("guardado", len(conteudo), ComponenteDigital.objects.get(tramite=tramite).hash)
        status = S.METADADOS_RECEBIDO_DESTINATARIO if i % 2 else S.COMPONENTES_RECEBIDOS_DESTINATARIO
        envelhecer(levar_a(tramite, status, orgao_a, orgao_b), 30)
        tramites.append(tramite)
    idts = [t.pk for t in tramites]
    antes = dict(Tramite.objects.filter(pk__in=idts).values_list("idt", "status"))
    fila = fila_propria()
    trabalhador = trabalhadores(fila)
    principal = _principal(orgao_b)
    respostas: dict[int, str] = {}
    barreira = threading.Barrier(5)

    def receptor(meus):
        try:
            barreira.wait()
            for idt in meus:
                respostas[idt] = _receber(idt, principal)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=receptor, args=(idts[::-1][i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    trabalhador.enviar(cancelar_vencidos, lote=2)
    barreira.wait()
    for thread in threads:
        thread.join(60)
    esperar(lambda: _fila_vazia(trabalhador))

    finais = dict(Tramite.objects.filter(pk__in=idts).values_list("idt", "status"))
    assert set(finais.values()) <= {CANCELADO, S.RECIBO_ENVIADO_DESTINATARIO}, finais
    for idt in idts:
        assert HistoricoDeStatus.objects.filter(tramite_id=idt, de=antes[idt]).count() == 1
        recibos = Tramite.objects.get(pk=idt).recibos.count()
        if finais[idt] == CANCELADO:
            assert respostas[idt] != "recibo" and recibos == 0
            assert not HistoricoDeStatus.objects.filter(tramite_id=idt, para=S.RECIBO_ENVIADO_DESTINATARIO).exists()
        else:
            assert respostas[idt] == "recibo" and recibos == 1
            assert not HistoricoDeStatus.objects.filter(tramite_id=idt, evento=E.PRAZO_EXPIRADO).exists()
    cancelados = sum(1 for s in finais.values() if s == CANCELADO)
    auditados = RegistroDeAuditoria.objects.filter(acao="tramite.cancelamento_automatico").values_list(
        "depois__quantidade", flat=True)
    assert sum(auditados) == cancelados
    print(f"cancelados {cancelados}, concluídos pelo destinatário {len(idts) - cancelados}")
