from celery import shared_task

from comites import services
from portal.context import atuando_como


@shared_task(name="comites.tasks.lembrar_solicitacoes_pendentes", ignore_result=True)
def lembrar_solicitacoes_pendentes():
    """Daily: e-mails the access requests waiting more than 5 days to the Parâmetros recipients."""
    with atuando_como(origem="tarefa"):
        return services.enviar_lembrete_pendentes()


@shared_task(name="comites.tasks.purgar_anexos_temporarios", ignore_result=True)
def purgar_anexos_temporarios():
    """Hourly: deletes the access-request attachments kept between submissions once their tokens expired."""
    from comites import anexos

    return anexos.purgar_expirados()


@shared_task(name="comites.tasks.avisar_expiracao_certificados", ignore_result=True)
def avisar_expiracao_certificados():
    """Daily: e-mails the órgão's gestores about SPE certificates close to or past expiry."""
    from comites.certificados import services as certificados

    with atuando_como(origem="tarefa"):
        return certificados.avisar_expiracoes()


@shared_task(name="comites.tasks.registrar_deriva_de_estrutura", ignore_result=True, acks_late=True)
def registrar_deriva_de_estrutura(ids: list[int], motivo: str = "", execucao: int | None = None):
    """After units were inactivated: records those still mapped and e-mails each comitê's gestores once."""
    from comites.deriva import services as deriva

    with atuando_como(origem="tarefa"):
        return deriva.registrar(ids, motivo, execucao)


@shared_task(name="comites.tasks.conciliar_deriva_de_estrutura", ignore_result=True)
def conciliar_deriva_de_estrutura(ids: list[int]):
    """After units were reactivated: resolves their drift entries."""
    from comites.deriva import resolucao

    with atuando_como(origem="tarefa"):
        return resolucao.conciliar(ids)
