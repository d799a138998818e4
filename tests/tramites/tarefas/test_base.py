"""``TarefaDoTramita``: delivery settings, retries on transient errors only, the audit actor, the log line of
duration and outcome, and enqueueing only after the commit."""

import logging

import pytest
from celery import shared_task
from django.db import OperationalError, transaction

from portal.context import contexto_atual
from portal.models import RegistroDeAuditoria
from portal.services import auditoria
from tramites.tarefas.autocancelamento import cancelar_vencidos
from tramites.tarefas.base import TarefaDoTramita

chamadas: list = []


@shared_task(base=TarefaDoTramita, name="tests.tramites.instavel", retry_backoff=False)
def instavel(falhas: int, erro: str = "operacional"):
    """Fails ``falhas`` times (a transient database error, or a business error), then answers."""
    chamadas.append(instavel.request.retries)
    if len(chamadas) <= falhas:
        raise OperationalError("conexão perdida") if erro == "operacional" else ValueError("regra de negócio")
    return "pronto"


@shared_task(base=TarefaDoTramita, name="tests.tramites.quem_sou")
def quem_sou():
    ctx = contexto_atual()
    auditoria.registrar("teste.tarefa", None, detalhes="feito por uma tarefa")
    return {"origem": ctx.origem, "ator": ctx.ator, "usuario": ctx.usuario}


@pytest.fixture(autouse=True)
def _zerar():
    chamadas.clear()


@pytest.fixture
def como_no_worker(monkeypatch):
    """Eager runs re-raise ``Retry`` when errors propagate (the test settings); a worker schedules the retry:
    with propagation off, ``apply`` runs the retries in line, as the worker would after each countdown."""
    from portal.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


def test_tarefas_do_tramita_confirmam_so_no_fim_e_voltam_a_fila_se_o_worker_morre():
    for tarefa in (cancelar_vencidos, instavel):
        assert tarefa.acks_late is True
        assert tarefa.reject_on_worker_lost is True
        assert OperationalError in tarefa.autoretry_for
    assert cancelar_vencidos.retry_backoff and cancelar_vencidos.retry_jitter
    assert cancelar_vencidos.max_retries >= 3


def test_erro_transitorio_e_tentado_de_novo_ate_dar_certo(caplog, como_no_worker):
    with caplog.at_level(logging.INFO, logger="tramites.tarefas"):
        assert instavel.apply(args=[2]).get() == "pronto"
    assert chamadas == [0, 1, 2]
    resultados = [r.resultado for r in caplog.records if getattr(r, "tarefa", "") == "tests.tramites.instavel"]
    assert resultados.count("nova_tentativa") == 2
    assert resultados[-1] == "concluida"


def test_erro_transitorio_para_depois_do_maximo_de_tentativas(como_no_worker):
    resultado = instavel.apply(args=[100])
    assert resultado.failed() and isinstance(resultado.result, OperationalError)
    assert len(chamadas) == instavel.max_retries + 1


def test_erro_de_negocio_nao_e_tentado_de_novo(caplog):
    with caplog.at_level(logging.INFO, logger="tramites.tarefas"), pytest.raises(ValueError):
        instavel.apply(args=[1, "negocio"]).get()
    assert chamadas == [0]
    (registro,) = [r for r in caplog.records if getattr(r, "tarefa", "") == "tests.tramites.instavel"]
    assert (registro.resultado, registro.levelno) == ("falhou", logging.ERROR)


def test_registra_duracao_e_resultado_em_uma_linha(caplog):
    with caplog.at_level(logging.INFO, logger="tramites.tarefas"):
        instavel.apply(args=[0])
    (registro,) = [r for r in caplog.records if getattr(r, "tarefa", "") == "tests.tramites.instavel"]
    assert registro.resultado == "concluida" and registro.tentativa == 1
    assert isinstance(registro.duracao_ms, float) and registro.duracao_ms >= 0
    assert "tarefa=tests.tramites.instavel resultado=concluida duracao_ms=" in registro.getMessage()


@pytest.mark.django_db
def test_durante_a_tarefa_o_ator_da_auditoria_e_o_barramento():
    antes = contexto_atual()
    assert quem_sou.apply().get() == {"origem": "tarefa", "ator": "Tramita GOV.BR", "usuario": None}
    registro = RegistroDeAuditoria.objects.get(acao="teste.tarefa")
    assert (registro.usuario_repr, registro.origem) == ("Tramita GOV.BR", "tarefa")
    assert contexto_atual() == antes  # restored afterwards


@pytest.mark.django_db
def test_enfileirar_apos_commit_so_enfileira_quando_a_transacao_confirma(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            instavel.enfileirar_apos_commit(0)
            assert chamadas == []  # not while the transaction is open
    assert len(callbacks) == 1
    assert chamadas == [0]


@pytest.mark.django_db
def test_enfileirar_apos_commit_nao_enfileira_se_a_transacao_desfaz(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            instavel.enfileirar_apos_commit(0)
            raise RuntimeError("desfaz")
    assert callbacks == []
    assert chamadas == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("em_transacao", [True, False], ids=["after-commit", "autocommit"])
def test_a_broker_outage_when_enqueueing_is_logged_and_the_committed_work_stands(monkeypatch, caplog, em_transacao):
    """The real after-commit path (not the test helper that captures callbacks): a broker that refuses the
    connection must neither raise into the caller (its answer would turn into a 500 after the commit) nor
    undo what was committed."""
    import contextlib

    import kombu.exceptions

    def recusar(*_args, **_kwargs):
        raise kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(instavel, "apply_async", recusar)
    with transaction.atomic() if em_transacao else contextlib.nullcontext():
        auditoria.registrar("teste.antes_do_broker", None, detalhes="gravado antes de enfileirar")
        instavel.enfileirar_apos_commit(0)
    assert RegistroDeAuditoria.objects.filter(acao="teste.antes_do_broker").count() == 1
    assert "tarefa=tests.tramites.instavel resultado=nao_enfileirada" in caplog.text
