"""Beat task: cancel the trâmites past the auto-cancel deadline (``tramites.services.autocancelamento``)."""

from celery import shared_task

from tramites.tarefas.base import TarefaDoTramita


@shared_task(base=TarefaDoTramita, name="tramites.tarefas.cancelar_vencidos")
def cancelar_vencidos(lote: int | None = None) -> dict:
    """Hourly: moves every stale trâmite in statuses 1–4 to 10, in set-based batches (``lote`` trâmites each,
    the service's default when not given). Idempotent: a second run (or a redelivery after the worker died
    mid-run) finds nothing stale among the ones already cancelled, whose batches were committed."""
    from tramites.services import autocancelamento

    resultado = autocancelamento.cancelar_vencidos(lote=lote or autocancelamento.LOTE)
    return {"cancelados": resultado.cancelados, "lotes": resultado.lotes}
