"""Runs whose worker died: marked failed after a timeout, their uploaded files removed.

A worker killed mid-import (out of memory, host lost) never reaches the code that records the
outcome, so its run stayed "Na fila"/"Em execução" forever and the uploaded files stayed on disk.
The beat calls ``marcar_execucoes_perdidas`` periodically (``estrutura.tasks.marcar_execucoes_perdidas``);
the timeout is the ``ESTRUTURA_EXECUCAO_TEMPO_MAXIMO_MINUTOS`` setting.
"""

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from estrutura.models import ExecucaoDeImportacao
from portal.services import auditoria

log = logging.getLogger(__name__)

TEMPO_MAXIMO_PADRAO_MINUTOS = 180
PENDENTES = (ExecucaoDeImportacao.Situacao.NA_FILA, ExecucaoDeImportacao.Situacao.EM_EXECUCAO)


def tempo_maximo() -> timedelta:
    return timedelta(minutes=getattr(settings, "ESTRUTURA_EXECUCAO_TEMPO_MAXIMO_MINUTOS", TEMPO_MAXIMO_PADRAO_MINUTOS))


def remover_arquivos_recebidos(execucao: ExecucaoDeImportacao) -> None:
    """Deletes the uploaded files of a run (only inside MEDIA_ROOT/siorg) and their folder."""
    base = (Path(settings.MEDIA_ROOT) / "siorg").resolve()
    pastas = set()
    for linha in execucao.arquivo_salvo.splitlines():
        caminho = Path(linha).resolve()
        if not linha or base not in caminho.parents:
            continue
        caminho.unlink(missing_ok=True)
        pastas.add(caminho.parent)
    for pasta in pastas:
        try:
            pasta.rmdir()
        except OSError:
            pass


def marcar_execucoes_perdidas(agora=None) -> int:
    """Marks as failed every run queued or started longer ago than ``tempo_maximo()``; returns how many."""
    limite = (agora or timezone.now()) - tempo_maximo()
    perdidas = (ExecucaoDeImportacao.objects.filter(situacao__in=PENDENTES)
                .annotate(desde=Coalesce("iniciada_em", "criada_em")).filter(desde__lt=limite))
    marcadas = 0
    for pk in perdidas.values_list("pk", flat=True):
        with transaction.atomic():
            execucao = (ExecucaoDeImportacao.objects.select_for_update()
                        .filter(pk=pk, situacao__in=PENDENTES).first())
            if execucao is None:  # finished meanwhile
                continue
            minutos = int(tempo_maximo().total_seconds() // 60)
            mensagem = (f"Nada foi alterado: a execução não terminou em {minutos} minutos (o processo que a "
                        "executava foi interrompido). Envie os arquivos novamente.")
            situacao_anterior = execucao.situacao
            execucao.situacao = ExecucaoDeImportacao.Situacao.ERRO
            execucao.concluida_em = timezone.now()
            execucao.mensagem = mensagem
            execucao.erros = [{"arquivo": execucao.arquivos, "registro": "", "campo": "", "mensagem": mensagem}]
            execucao.save(update_fields=["situacao", "concluida_em", "mensagem", "erros"])
            auditoria.registrar("estrutura.importacao.interrompida", execucao,
                                antes={"situacao": situacao_anterior}, depois={"situacao": execucao.situacao},
                                detalhes=f"Execução {execucao.pk} marcada como falha após {minutos} minutos.")
            transaction.on_commit(lambda execucao=execucao: remover_arquivos_recebidos(execucao))
            marcadas += 1
    if marcadas:
        log.warning("%s execução(ões) de importação interrompida(s) marcada(s) como falha", marcadas)
    return marcadas
