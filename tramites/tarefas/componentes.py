"""Verifying uploaded components off the request path (issue 10).

On ``TarefaDoTramita`` (acks late, retries on transient errors, the bus as audit actor, timing), enqueued
after the commit by ``tramites.services.componentes``. It is safe to run twice: a verified component is
skipped and ``aplicar``'s compare-and-set lets one run move the trâmite.
"""

from celery import shared_task

from tramites.services import componentes
from tramites.tarefas.base import TarefaDoTramita


@shared_task(base=TarefaDoTramita, name="tramites.verificar_componentes")
def verificar_componentes(ticket: str, hash_do_componente: str | None, sistema: dict) -> None:
    """Checks the SHA-256 of the received component (when given) of ``ticket``, sent by ``sistema``
    (``{pk, nome, comite_ids}``: the rows come through the scoping door as that system's), and moves each
    trâmite of the ticket whose requested components are all verified from 1 to 2."""
    componentes.verificar(ticket, hash_do_componente, componentes.sistema_de_dados(sistema))


@shared_task(base=TarefaDoTramita, name="tramites.tarefas.retomar_verificacoes")
def retomar_verificacoes() -> dict:
    """Every 5 minutes: does the work of the verifications no task will do (enqueued while the broker was
    down, or lost with its queue), and moves the trâmites left in 1 with every component verified."""
    resultado = componentes.retomar_verificacoes()
    return {"tramites": resultado.tramites, "movidos": resultado.movidos}
