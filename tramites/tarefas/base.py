"""``TarefaDoTramita``: the base class of every Celery task of the trâmite engine.

What each task gets by declaring ``@shared_task(base=TarefaDoTramita, name=…)``:

* **at-least-once delivery**: ``acks_late`` (the message is acknowledged only after the task returns) and
  ``reject_on_worker_lost`` (a worker killed mid-task gives the message back to the broker). Tasks must
  therefore be idempotent: they call services that compare-and-set (``services.aplicar``) or mark what
  they did (purged components, warned trâmites), so a second run changes nothing;
* **retries with exponential backoff** on transient errors only (``ERROS_TRANSITORIOS``: the database
  unreachable, a serialization failure or deadlock, the broker down): 5 s, 10 s, 20 s… up to 10 minutes,
  with jitter, at most ``max_retries`` times. A business refusal (``TransicaoInvalida``) is not retried;
* **the audit actor**: while the task runs, ``portal.context`` says ``origem="tarefa"`` and
  ``ator=<the task's ator>`` ("Tramita GOV.BR" by default), so every ``portal.services.auditoria`` record
  the services write names the bus as who acted;
* **duration and outcome** logged once per run through the ``tramites.tarefas`` logger (with the
  ``request_id`` of ``portal.logging``): ``tarefa=… resultado=concluida|nova_tentativa|falhou
  duracao_ms=… tentativa=…`` — one line a log pipeline can parse;
* ``tarefa.enfileirar_apos_commit(*args, **kwargs)``: enqueue only once the current transaction commits
  (a rolled-back transition never starts a task, and the task never reads rows not yet committed).
"""

from __future__ import annotations

import logging
import time

import kombu.exceptions
from celery import Task
from celery.exceptions import Retry
from django.db import InterfaceError, OperationalError, transaction

from portal.context import atuando_como

log = logging.getLogger("tramites.tarefas")

# Errors that go away by themselves: the database (connection lost, serialization failure, deadlock — all
# OperationalError in Django) and the broker (kombu wraps the transports' connection errors).
ERROS_TRANSITORIOS: tuple[type[BaseException], ...] = (
    OperationalError, InterfaceError, kombu.exceptions.OperationalError, ConnectionError, TimeoutError,
)

ATOR_BARRAMENTO = "Tramita GOV.BR"


class TarefaDoTramita(Task):
    """Base class of the trâmite engine's tasks (see the module docstring)."""

    abstract = True
    acks_late = True
    reject_on_worker_lost = True
    ignore_result = True
    autoretry_for = ERROS_TRANSITORIOS
    retry_backoff = 5  # seconds: 5, 10, 20, 40… (full jitter)
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 6
    # Who the audit trail names while the task runs (no person acts in a task).
    ator = ATOR_BARRAMENTO

    def __call__(self, *args, **kwargs):
        with atuando_como(origem="tarefa", ator=self.ator):
            inicio = time.perf_counter()
            tentativa = (self.request.retries or 0) + 1
            resultado = "falhou"
            try:
                retorno = super().__call__(*args, **kwargs)
                resultado = "concluida"
                return retorno
            except Retry:
                resultado = "nova_tentativa"
                raise
            finally:
                duracao = round((time.perf_counter() - inicio) * 1000, 1)
                log.log(logging.ERROR if resultado == "falhou" else logging.INFO,
                        "tarefa=%s resultado=%s duracao_ms=%.1f tentativa=%d", self.name, resultado, duracao,
                        tentativa, extra={"tarefa": self.name, "resultado": resultado, "duracao_ms": duracao,
                                          "tentativa": tentativa})

    def enfileirar_apos_commit(self, *args, using: str | None = None, **kwargs) -> None:
        """Enqueues ``self.delay(*args, **kwargs)`` once the current transaction commits (at once outside one).

        A broker failure at that moment is logged, not raised: the transaction is already committed and the
        caller's answer must not turn into an error; the periodic sweeps pick up what was not enqueued."""

        def enfileirar():  # a function, not a ``partial``: Django's robust hook logs failures by ``__qualname__``
            self._enfileirar(args, kwargs)

        transaction.on_commit(enfileirar, using=using, robust=True)

    def _enfileirar(self, args, kwargs) -> None:
        try:
            self.apply_async(args, kwargs)
        except ERROS_TRANSITORIOS:
            log.error("tarefa=%s resultado=nao_enfileirada (broker indisponível)", self.name, exc_info=True)
