"""Beat task: warn the sending órgãos' gestores of trâmites about to be auto-cancelled
(``tramites.services.aviso_de_cancelamento``)."""

from celery import shared_task

from tramites.tarefas.base import TarefaDoTramita


@shared_task(base=TarefaDoTramita, name="tramites.tarefas.avisar_cancelamento_proximo")
def avisar_cancelamento_proximo() -> dict:
    """Daily: one e-mail per órgão listing its trâmites the deadline will cancel within the Parâmetro's days;
    each trâmite is warned once (a second run the same day sends nothing)."""
    from tramites.services import aviso_de_cancelamento

    resultado = aviso_de_cancelamento.avisar()
    return {"orgaos": resultado.orgaos, "tramites": resultado.tramites}
