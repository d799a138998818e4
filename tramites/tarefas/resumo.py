"""Beat task: the daily digest of stuck trâmites to the gestores of the órgão that must act
(``tramites.services.resumo_de_parados``)."""

from celery import shared_task

from tramites.tarefas.base import TarefaDoTramita


@shared_task(base=TarefaDoTramita, name="tramites.tarefas.enviar_resumo_de_parados")
def enviar_resumo_de_parados() -> dict:
    """Daily: one e-mail per órgão listing the trâmites waiting for it beyond ``dias_tramite_parado``; at most
    one per órgão per day (a second run the same day sends nothing)."""
    from tramites.services import resumo_de_parados

    resultado = resumo_de_parados.enviar()
    return {"orgaos": resultado.orgaos, "tramites": resultado.tramites}
