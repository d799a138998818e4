"""Beat task: cancel the trâmites past the auto-cancel deadline (``tramites.services.autocancelamento``)."""

import datetime

from celery import shared_task

from tramites.tarefas.base import TarefaDoTramita


@shared_task(base=TarefaDoTramita, name="tramites.tarefas.cancelar_vencidos")
def cancelar_vencidos(agora: str | None = None, lote: int | None = None) -> dict:
    """Hourly: moves every stale trâmite in statuses 1–4 to 10, in set-based batches (``lote`` trâmites each,
    the service's default when not given). Idempotent: a second run (or a redelivery after the worker died
    mid-run) finds nothing stale among the ones already cancelled, whose batches were committed.

    ``agora`` (ISO 8601 with offset; default: the clock) is the moment the deadline is measured from. The
    beat never passes it; an operator or a test harness with access to the broker may, to run the deadline
    as of a later moment (bin/mtls-check does: the reference client's auto-cancel scenario)."""
    from tramites.services import autocancelamento

    momento = None
    if agora is not None:
        momento = datetime.datetime.fromisoformat(agora)
        if momento.tzinfo is None:
            raise ValueError("agora deve informar o fuso horário (ISO 8601 com deslocamento).")
    resultado = autocancelamento.cancelar_vencidos(momento, lote=lote or autocancelamento.LOTE)
    return {"cancelados": resultado.cancelados, "lotes": resultado.lotes}
