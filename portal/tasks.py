from celery import shared_task

from portal.context import atuando_como
from portal.services import batimento


@shared_task(name="portal.tasks.beat_tick", ignore_result=True)
def beat_tick():
    """Proves the scheduler and a worker are alive (read by /saude/)."""
    with atuando_como(origem="tarefa"):
        batimento.registrar()
