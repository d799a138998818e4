"""Exports too large for one request: scheduled, produced by a Celery job, downloaded by their owner only.

``agendar`` records the request (the list page's path and filters) and queues ``gerar``; the job resolves
the page again and asks its view for the rows (``ObjectListView.tabela_de_exportacao``: the view's
``get_queryset`` stays the single source of rows, permissions included), writes the file to private
storage, and e-mails the owner a link. ``expurgar`` deletes files older than the retention parameter.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.urls import resolve, reverse
from django.utils import timezone

from portal import exportacao as formatos
from portal import permissions
from portal.models import ExportacaoAgendada
from portal.services import auditoria, email, parametros

log = logging.getLogger(__name__)


@transaction.atomic
def agendar(usuario, *, titulo: str, formato: str, caminho: str, consulta: str) -> ExportacaoAgendada:
    """Records and queues an export; ``formato`` must be one of ``portal.exportacao.FORMATOS``."""
    from portal import tasks

    formatos.formato(formato)  # FormatoDesconhecido (a ValueError) before anything is written
    exportacao = ExportacaoAgendada.objects.create(
        usuario=usuario, titulo=(titulo or "Relatório")[:200], formato=formato, caminho=caminho[:500],
        consulta=consulta,
    )
    auditoria.registrar("exportacao.agendada", exportacao, detalhes=f"{exportacao.titulo}: {consulta}"[:2000])
    transaction.on_commit(lambda: _enfileirar(tasks, exportacao))
    return exportacao


def _enfileirar(tasks, exportacao: ExportacaoAgendada) -> None:
    try:
        tasks.gerar_exportacao.delay(exportacao.pk)
    except Exception:  # broker down: the request still succeeds, the export shows the failure
        log.exception("não foi possível enfileirar a exportação %s", exportacao.pk)
        _falhou(exportacao, "Não foi possível agendar a geração do arquivo; tente novamente mais tarde.")


def _requisicao(exportacao: ExportacaoAgendada) -> HttpRequest:
    requisicao = HttpRequest()
    requisicao.method = "GET"
    requisicao.path = requisicao.path_info = exportacao.caminho
    requisicao.GET = QueryDict(exportacao.consulta)
    requisicao.user = exportacao.usuario
    requisicao.META.update(SERVER_NAME="tarefa", SERVER_PORT="80")
    return requisicao


def _tabela(exportacao: ExportacaoAgendada):
    """The list page's table with the same filters, as its owner sees it now (profiles may have changed),
    and the report header (title, filters) the page's own export would have written."""
    rota = resolve(exportacao.caminho)
    classe = getattr(rota.func, "view_class", None)
    if classe is None or not hasattr(classe, "tabela_de_exportacao"):
        raise PermissionDenied("A página de origem não permite exportação.")
    requisicao = _requisicao(exportacao)
    view = classe()
    view.setup(requisicao, *rota.args, **rota.kwargs)
    acao = getattr(view, "acao", None)
    if not exportacao.usuario.is_active or (acao is not None and not permissions.pode(exportacao.usuario, acao)):
        raise PermissionDenied("Seu perfil não permite mais acessar esta página.")
    tabela = view.tabela_de_exportacao()
    relatorio = view.relatorio_de_exportacao() if hasattr(view, "relatorio_de_exportacao") else \
        formatos.Relatorio(titulo=exportacao.titulo)
    return tabela, relatorio


def gerar(pk: int) -> ExportacaoAgendada | None:
    from portal.views.generic import linhas_exportadas, nome_do_arquivo

    exportacao = ExportacaoAgendada.objects.select_related("usuario").filter(
        pk=pk, situacao=ExportacaoAgendada.Situacao.NA_FILA).first()
    if exportacao is None:
        return None
    ExportacaoAgendada.objects.filter(pk=pk).update(situacao=ExportacaoAgendada.Situacao.EM_EXECUCAO)
    contador = {"linhas": -1}  # the header is not a data row

    def contadas(linhas):
        for linha in linhas:
            contador["linhas"] += 1
            yield linha

    try:
        tabela, relatorio = _tabela(exportacao)
        linhas = contadas(linhas_exportadas(tabela, exportacao.formato))
        with tempfile.TemporaryFile() as destino:
            formatos.escrever(exportacao.formato, linhas, relatorio, destino)
            destino.seek(0)
            with transaction.atomic():
                exportacao.arquivo.save(nome_do_arquivo(exportacao.titulo, exportacao.formato), File(destino),
                                        save=False)
                exportacao.situacao = ExportacaoAgendada.Situacao.PRONTA
                exportacao.linhas = max(contador["linhas"], 0)
                exportacao.concluida_em = timezone.now()
                exportacao.save()
                auditoria.registrar("exportacao.gerada", exportacao, usuario=exportacao.usuario,
                                    detalhes=f"{exportacao.linhas} linha(s)")
                email.enviar("exportacao_pronta", exportacao.usuario.email, {
                    "nome": exportacao.usuario.nome, "relatorio": exportacao.titulo, "linhas": exportacao.linhas,
                    "link": settings.SITE_URL + reverse("portal:exportacao_baixar", args=[exportacao.pk]),
                    "dias": parametros.inteiro("exportacao_dias_retencao"),
                })
    except PermissionDenied as erro:
        _falhou(exportacao, str(erro))
    except Exception:
        log.exception("falha ao gerar a exportação %s", pk)
        _falhou(exportacao, "Erro interno ao gerar o arquivo; tente novamente.")
    return exportacao


def _falhou(exportacao: ExportacaoAgendada, mensagem: str) -> None:
    with transaction.atomic():
        exportacao.situacao = ExportacaoAgendada.Situacao.ERRO
        exportacao.mensagem = mensagem[:500]
        exportacao.concluida_em = timezone.now()
        exportacao.save(update_fields=["situacao", "mensagem", "concluida_em"])
        auditoria.registrar("exportacao.falhou", exportacao, usuario=exportacao.usuario, detalhes=mensagem)


def expurgar() -> int:
    """Deletes exports (file and record) older than ``exportacao_dias_retencao`` days."""
    limite = timezone.now() - timedelta(days=parametros.inteiro("exportacao_dias_retencao"))
    vencidas = list(ExportacaoAgendada.objects.filter(criada_em__lt=limite))
    for exportacao in vencidas:
        with transaction.atomic():
            if exportacao.arquivo:
                exportacao.arquivo.delete(save=False)
            auditoria.registrar("exportacao.expurgada", exportacao, usuario=exportacao.usuario)
            exportacao.delete()
    return len(vencidas)


def do_usuario(usuario):
    return ExportacaoAgendada.objects.filter(usuario=usuario)
