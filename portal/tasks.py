from celery import shared_task

from portal.context import atuando_como
from portal.services import batimento


@shared_task(name="portal.tasks.beat_tick", ignore_result=True)
def beat_tick():
    """Proves the scheduler and a worker are alive (read by /saude/)."""
    with atuando_como(origem="tarefa"):
        batimento.registrar()


@shared_task(name="portal.tasks.gerar_exportacao", ignore_result=True)
def gerar_exportacao(pk: int):
    """Produces a scheduled export (see portal.services.exportacoes)."""
    from portal.services import exportacoes

    with atuando_como(origem="tarefa"):
        exportacoes.gerar(pk)


@shared_task(name="portal.tasks.expurgar_exportacoes", ignore_result=True)
def expurgar_exportacoes():
    from portal.services import exportacoes

    with atuando_como(origem="tarefa"):
        exportacoes.expurgar()
