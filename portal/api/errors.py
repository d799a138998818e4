"""One JSON error body for the whole API: ``{"codigoErro": "00NN", "mensagem": "…"}`` (4xx, never 500).

The codes and their default messages are catalogued in ``tramites.erros`` (the bus's codes from the spec
plus the house ones below); ``CODIGOS_POR_STATUS`` gives the code of an error DRF or Django raised
without one. ``0005`` is the bus's "código mapeado para a unidade incorreto", so 405 answers ``0010``.
Field validation errors answer ``0001`` with the bus's message format::

    Os seguintes erros de validação de campos foram identificados: - processo.documentos[0].especie.codigo: …
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

log = logging.getLogger(__name__)


class ErroDaApi(exceptions.APIException):
    """Raise with the bus's error code and a pt-BR message."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, codigo: str, mensagem: str, status_code: int | None = None):
        self.codigo = codigo
        self.mensagem = mensagem
        if status_code:
            self.status_code = status_code
        super().__init__(mensagem)


CODIGOS_POR_STATUS = {
    400: "0001",
    401: "0002",
    403: "0003",
    404: "0004",
    405: "0010",
    406: "0006",
    415: "0007",
    429: "0008",
}


INICIO_DOS_ERROS_DE_VALIDACAO = "Os seguintes erros de validação de campos foram identificados:"
MAXIMO_DE_ERROS_NA_MENSAGEM = 20
_SEM_CAMPO = frozenset({"non_field_errors", "detail"})


def erros_por_caminho(detalhe, caminho: str = ""):
    """``(path, message)`` for every leaf of a DRF error tree; paths read ``a.b[2].c`` (lists from 0)."""
    if isinstance(detalhe, dict):
        for campo, erros in detalhe.items():
            if isinstance(campo, int):  # DRF keys the errors of list items by their index
                sub = f"{caminho}[{campo}]"
            elif campo in _SEM_CAMPO:
                sub = caminho
            else:
                sub = f"{caminho}.{campo}" if caminho else str(campo)
            yield from erros_por_caminho(erros, sub)
    elif isinstance(detalhe, list):
        for indice, item in enumerate(detalhe):
            if isinstance(item, dict | list):
                yield from erros_por_caminho(item, f"{caminho}[{indice}]")
            else:
                yield caminho, str(item)
    else:
        yield caminho, str(detalhe)


def mensagem_de_validacao(detalhe) -> str:
    """The bus's validation message: every field path and what is wrong with it (the first 20)."""
    erros = list(erros_por_caminho(detalhe))
    partes = [f"- {caminho}: {texto}" if caminho else f"- {texto}" for caminho, texto in erros]
    if len(partes) > MAXIMO_DE_ERROS_NA_MENSAGEM:
        resto = len(partes) - MAXIMO_DE_ERROS_NA_MENSAGEM
        partes = partes[:MAXIMO_DE_ERROS_NA_MENSAGEM] + [f"- e mais {resto} erro(s)."]
    return " ".join([INICIO_DOS_ERROS_DE_VALIDACAO, *partes])


def _mensagem(detalhe) -> str:
    if isinstance(detalhe, dict):
        return mensagem_de_validacao(detalhe)
    if isinstance(detalhe, list):
        return "; ".join(str(d) for d in detalhe)
    return str(detalhe)


def corpo_de_erro(codigo: str, mensagem: str) -> dict:
    return {"codigoErro": codigo, "mensagem": mensagem}


def _grande_demais(exc) -> Response:
    limite = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    mensagem = (f"O corpo da requisição excede o limite de {limite} MB (sem contar arquivos enviados em "
                "multipart)." if isinstance(exc, RequestDataTooBig)
                else "A requisição tem campos ou arquivos demais.")
    return Response(corpo_de_erro("0001", mensagem), status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)


def exception_handler(exc, context):
    if isinstance(exc, ErroDaApi):
        return Response(corpo_de_erro(exc.codigo, exc.mensagem), status=exc.status_code)
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return _grande_demais(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Recurso não encontrado.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "Acesso negado.")
    if isinstance(exc, exceptions.APIException):
        codigo = CODIGOS_POR_STATUS.get(exc.status_code, "0001")
        resposta = Response(corpo_de_erro(codigo, _mensagem(exc.detail)), status=exc.status_code)
        if getattr(exc, "wait", None):
            resposta["Retry-After"] = str(int(exc.wait))
        if getattr(exc, "auth_header", None):  # set by DRF on 401: how to authenticate
            resposta["WWW-Authenticate"] = exc.auth_header
        return resposta
    log.exception("erro inesperado na API", exc_info=exc)
    return Response(
        corpo_de_erro("0099", "Erro interno ao processar a requisição. Tente novamente."),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
