"""Beat task: cancel the trâmites past the auto-cancel deadline (``tramites.services.autocancelamento``)."""

from celery import shared_task

from tramites.tarefas.base import TarefaDoTramita


@shared_task(base=TarefaDoTramita, name="tramites.tarefas.cancelar_vencidos")
def cancelar_vencidos() -> dict:
    """Hourly: moves every stale trâmite in statuses 1–4 to 10, in set-based batches. Idempotent: a second run
    finds nothing stale (the cancelled ones are in 10, the rest were never past the deadline)."""
    from tramites.services import autocancelamento

    resultado = autocancelamento.cancelar_vencidos()
    return {"cancelados": resultado.cancelados, "lotes": resultado.lotes}
