"""Beat task: purge the component binaries of terminal trâmites past their retention
(``tramites.services.expurgo``)."""

from celery import shared_task

from tramites.tarefas.base import TarefaDoTramita


@shared_task(base=TarefaDoTramita, name="tramites.tarefas.expurgar_binarios")
def expurgar_binarios() -> dict:
    """Daily: deletes the stored files no trâmite needs any more; metadata and hashes stay. Idempotent."""
    from tramites.services import expurgo

    resultado = expurgo.expurgar()
    return {"componentes": resultado.componentes, "arquivos": resultado.arquivos, "poupados": resultado.poupados}
