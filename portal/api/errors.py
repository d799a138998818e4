"""One JSON error body for the whole API: ``{"codigoErro": "00NN", "mensagem": "…"}`` (4xx, never 500)."""

import logging

from django.core.exceptions import PermissionDenied
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
    405: "0005",
    406: "0006",
    415: "0007",
    429: "0008",
}


def _mensagem(detalhe) -> str:
    if isinstance(detalhe, dict):
        partes = []
        for campo, erros in detalhe.items():
            texto = "; ".join(str(e) for e in (erros if isinstance(erros, list) else [erros]))
            partes.append(texto if campo in ("non_field_errors", "detail") else f"{campo}: {texto}")
        return " | ".join(partes)
    if isinstance(detalhe, list):
        return "; ".join(str(d) for d in detalhe)
    return str(detalhe)


def corpo_de_erro(codigo: str, mensagem: str) -> dict:
    return {"codigoErro": codigo, "mensagem": mensagem}


def exception_handler(exc, context):
    if isinstance(exc, ErroDaApi):
        return Response(corpo_de_erro(exc.codigo, exc.mensagem), status=exc.status_code)
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
