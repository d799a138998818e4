"""``GET pendencias?idTramiteDaPendenciaRecebida=N`` — the long poll (spec tramita-api §3 #16, §6.2).

An **async** view, served by an ASGI server (``portal/asgi.py``, ``bin/run-long-poll``; nginx routes the
path there): it authenticates the client certificate and asks the database once whether a pendência is
already waiting (both in a worker thread, ``sync_to_async``), then releases the database connection and
sleeps on the process's waiting room (``tramites.pendencias_ao_vivo.central``) — no query, no thread
working — until a message names one of its channels (then it asks again) or
``settings.PENDENCIAS_LONG_POLL_SEGUNDOS`` (300) pass. Answers ``{"encontrou": true, "IDT", "status"}`` or
``{"encontrou": false}``. Each IDT-status pair reaches a system once (``services.pendencias``).

``idTramiteDaPendenciaRecebida``, the IDT the client received last, is optional and only checked to be an
integer: what was delivered is recorded per system, so the offset adds nothing the records do not know.
"""

from __future__ import annotations

import asyncio

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from comites.certificados.autenticacao import DESAFIO, RECUSAS_PROIBIDAS, autenticar
from comites.certificados.verificacao import CertificadoRecusado
from portal.identificadores import ler_id
from tramites import erros
from tramites.pendencias_ao_vivo import canais, central
from tramites.services.pendencias import entregar_proxima

PARAMETRO = "idTramiteDaPendenciaRecebida"


def _erro(codigo: str, mensagem: str | None = None) -> JsonResponse:
    resposta = JsonResponse(erros.corpo(codigo, mensagem), status=erros.CATALOGO[codigo].status)
    if codigo == erros.NAO_AUTENTICADO:
        resposta["WWW-Authenticate"] = DESAFIO
    return resposta


def _soltar_conexao() -> None:
    """Closes this thread's database connection before a long wait (1 000 waiters must not hold 1 000
    PostgreSQL connections); inside a transaction (tests) it stays."""
    if not connection.in_atomic_block:
        connection.close()


def _principal(request):
    """The calling system, or the error to answer. The connection the certificate check may have used goes
    back at once: between this and the first look the poll subscribes on Redis, and a pooled connection held
    meanwhile would make a burst of polls queue for the pool (``DB_POOL``, portal/asgi.py)."""
    try:
        autenticado = autenticar(request)
    except CertificadoRecusado as recusa:
        if recusa.codigo in RECUSAS_PROIBIDAS:
            return _erro(erros.ACESSO_NEGADO, f"Transação não autorizada: {recusa.mensagem}")
        return _erro(erros.NAO_AUTENTICADO, recusa.mensagem)
    finally:
        _soltar_conexao()
    if autenticado is None:
        return _erro(erros.NAO_AUTENTICADO, "Informe o certificado digital do sistema.")
    return autenticado[0]


def _proxima(principal) -> dict | None:
    try:
        return entregar_proxima(principal)
    finally:
        _soltar_conexao()


def _offset_valido(request) -> bool:
    valor = request.GET.get(PARAMETRO)
    return valor is None or valor.strip() == "" or ler_id(valor.strip()) is not None


@csrf_exempt
async def pendencias(request):
    if request.method not in ("GET", "HEAD"):
        resposta = _erro(erros.METODO_NAO_PERMITIDO)
        resposta["Allow"] = "GET, HEAD"
        return resposta
    principal = await sync_to_async(_principal)(request)
    if isinstance(principal, JsonResponse):
        return principal
    if not _offset_valido(request):
        return _erro(erros.REQUISICAO_INVALIDA, f"Parâmetro {PARAMETRO} inválido: informe um número inteiro.")
    loop = asyncio.get_running_loop()
    fim = loop.time() + settings.PENDENCIAS_LONG_POLL_SEGUNDOS
    async with central.esperando(canais.do_principal(principal)) as espera:  # listening before asking
        while True:
            espera.evento.clear()
            encontrada = await sync_to_async(_proxima)(principal)
            if encontrada is not None:
                return JsonResponse({"encontrou": True, **encontrada})
            restante = fim - loop.time()
            if restante <= 0:
                break
            try:
                await asyncio.wait_for(espera.evento.wait(), restante)
            except TimeoutError:
                break
    return JsonResponse({"encontrou": False})
