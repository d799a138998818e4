"""Celery tasks of estrutura: the scheduled SIORG sync and the processing of uploaded SIORG files.

The beat runs ``sincronizar_siorg_agendado`` every hour (``CELERY_BEAT_SCHEDULE`` in portal/settings.py,
entry ``AGENDA_SIORG`` below). The task itself decides whether the sync is due: only when
``parametros.inteiro("siorg_intervalo_horas")`` hours have passed since the last successful scheduled run,
so administrators change the interval in Parâmetros da Solução without touching the scheduler.
"""

import logging
from datetime import timedelta
from pathlib import Path

from celery import shared_task
from django.utils import timezone

from estrutura.formatos import ErroDeLeitura
from estrutura.models import ExecucaoDeImportacao
from estrutura.services import execucoes_perdidas, siorg
from portal.context import atuando_como
from portal.services import parametros

log = logging.getLogger(__name__)

# The beat entry (mirrored in portal/settings.py CELERY_BEAT_SCHEDULE).
AGENDA_SIORG = {"task": "estrutura.tasks.sincronizar_siorg_agendado", "schedule": 3600.0}

TENTATIVAS = 3
# A scheduled run still marked "em execução" after this long is considered dead (worker lost).
EXECUCAO_PRESA = timedelta(hours=6)


def _agendadas():
    return ExecucaoDeImportacao.objects.filter(
        tipo=ExecucaoDeImportacao.Tipo.SIORG, origem=ExecucaoDeImportacao.Origem.AGENDADA
    )


def sincronizacao_devida(agora=None) -> bool:
    agora = agora or timezone.now()
    intervalo = timedelta(hours=parametros.inteiro("siorg_intervalo_horas"))
    ultima = (
        _agendadas().filter(situacao=ExecucaoDeImportacao.Situacao.SUCESSO)
        .order_by("-concluida_em").values_list("concluida_em", flat=True).first()
    )
    if ultima is not None and agora - ultima < intervalo:
        return False
    em_andamento = _agendadas().filter(
        situacao__in=[ExecucaoDeImportacao.Situacao.NA_FILA, ExecucaoDeImportacao.Situacao.EM_EXECUCAO],
        criada_em__gte=agora - EXECUCAO_PRESA,
    )
    return not em_andamento.exists()


@shared_task(name="estrutura.tasks.sincronizar_siorg_agendado", ignore_result=True)
def sincronizar_siorg_agendado() -> str:
    """Hourly tick: starts the SIORG download when the interval in Parâmetros has elapsed."""
    if siorg.repositorio_siorg() is None:
        return "sem repositório SIORG"
    if not sincronizacao_devida():
        return "ainda não"
    execucao = siorg.nova_execucao(ExecucaoDeImportacao.Origem.AGENDADA, completa=True,
                                   repositorio=siorg.repositorio_siorg(), arquivos=siorg.url_da_estrutura())
    baixar_e_importar_siorg.delay(execucao.pk)
    return f"execução {execucao.pk} iniciada"


@shared_task(bind=True, name="estrutura.tasks.baixar_e_importar_siorg", ignore_result=True, max_retries=TENTATIVAS,
             acks_late=True)
def baixar_e_importar_siorg(self, execucao_id: int) -> None:
    """Downloads the full structure (timeout from settings) and imports it. Network failures are retried
    with growing waits; after the last try the run is recorded as failed."""
    execucao = ExecucaoDeImportacao.objects.get(pk=execucao_id)
    url = siorg.url_da_estrutura()
    with atuando_como(origem="tarefa"):
        try:
            arquivo = siorg.baixar(url)
        except siorg.FalhaDeRede as erro:
            if self.request.retries >= self.max_retries:
                tentativas = self.max_retries + 1
                siorg.registrar_falha(execucao, f"Falha ao acessar o SIORG após {tentativas} tentativas: {erro}")
                return
            log.warning("SIORG indisponível (tentativa %s): %s", self.request.retries + 1, erro)
            raise self.retry(exc=erro, countdown=60 * 2 ** self.request.retries) from erro
        except ErroDeLeitura as erro:
            siorg.registrar_falha(execucao, f"O SIORG recusou a consulta: {erro}")
            return
        with arquivo:
            siorg.importar([(url, arquivo)], origem=ExecucaoDeImportacao.Origem.AGENDADA, completa=True,
                           execucao=execucao)


@shared_task(name="estrutura.tasks.importar_arquivos_siorg", ignore_result=True, acks_late=True)
def importar_arquivos_siorg(execucao_id: int) -> None:
    """Imports the files an administrator uploaded (saved under MEDIA_ROOT/siorg/), then deletes them."""
    execucao = ExecucaoDeImportacao.objects.select_related("repositorio", "usuario").get(pk=execucao_id)
    caminhos = [Path(c) for c in execucao.arquivo_salvo.splitlines() if c]
    abertos = []
    try:
        for caminho in caminhos:
            abertos.append((caminho.name[3:], caminho.open("rb")))
        with atuando_como(usuario=execucao.usuario, origem="tarefa"):
            siorg.importar(abertos, origem=execucao.origem, repositorio=execucao.repositorio,
                           completa=execucao.completa, usuario=execucao.usuario,
                           execucao=execucao)
    except FileNotFoundError as erro:
        siorg.registrar_falha(execucao, f"Arquivo enviado não encontrado: {erro.filename}")
    finally:
        for _nome, aberto in abertos:
            aberto.close()
        for caminho in caminhos:
            caminho.unlink(missing_ok=True)
        if caminhos:
            try:
                caminhos[0].parent.rmdir()
            except OSError:
                pass


@shared_task(name="estrutura.tasks.marcar_execucoes_perdidas", ignore_result=True)
def marcar_execucoes_perdidas() -> str:
    """Periodic sweep: runs whose worker died are marked failed and their uploaded files removed."""
    with atuando_como(origem="tarefa"):
        return f"{execucoes_perdidas.marcar_execucoes_perdidas()} execução(ões) marcada(s) como falha"
