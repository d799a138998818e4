"""What the SIORG upload does when the task queue (Celery broker) cannot take the job."""

import logging

from kombu.exceptions import OperationalError as ErroDoBroker

from estrutura.services import siorg
from estrutura.services.execucoes_perdidas import remover_arquivos_recebidos
from portal.respostas_de_erro import resposta_de_erro

log = logging.getLogger(__name__)

# kombu wraps connection failures in OperationalError; a bare socket error may still escape.
ERROS_DE_FILA = (ErroDoBroker, ConnectionError, TimeoutError)

MENSAGEM = ("A fila de tarefas do portal (serviço que executa as importações em segundo plano) está indisponível "
            "no momento, por isso a importação não foi iniciada e nada foi alterado. Os arquivos enviados foram "
            "descartados: tente enviá-los novamente em alguns minutos.")


def fila_indisponivel(request, execucao, erro):
    """Marks the run failed, removes its uploaded files and answers a pt-BR 503."""
    log.error("Broker indisponível: execução %s não enfileirada: %s", execucao.pk, erro)
    siorg.registrar_falha(execucao, "a fila de tarefas estava indisponível; a importação não foi iniciada.")
    remover_arquivos_recebidos(execucao)
    return resposta_de_erro(request, 503, "Importação não iniciada", MENSAGEM, "0009")
