"""Beat task: fold the Painel's per-status counters (``tramites.services.contadores.compactar``)."""

from celery import shared_task

from tramites.tarefas.base import TarefaDoTramita


@shared_task(base=TarefaDoTramita, name="tramites.tarefas.compactar_contadores")
def compactar_contadores() -> dict:
    """Every few minutes: one row per (day, side, órgão, SPE, status) again. Idempotent; sums never change."""
    from tramites.services import contadores

    return {"linhas_a_menos": contadores.compactar()}
