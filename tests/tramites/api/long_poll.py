"""Long-poll test helpers: an ASGI client that calls ``portal.asgi.application`` as uvicorn would, a query
counter, and the fixtures the long-poll tests share."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from asgiref.sync import sync_to_async
from django.core import signals
from django.db import close_old_connections, connections

from tests.factories.certificados import PROXY, emitir
from tests.factories.tramites import levar_a
from tramites.pendencias_ao_vivo import central

from .conftest import API

URL = API + "pendencias"


@dataclass
class Resposta:
    status_code: int
    cabecalhos: dict
    conteudo: bytes

    def json(self):
        return json.loads(self.conteudo)

    def __getitem__(self, nome):
        return self.cabecalhos[nome.lower()]


class ClienteAsgi:
    """Calls ``portal.asgi.application`` as uvicorn would, from the trusted proxy's address with the
    certificate header it forwards (``pem``; none when omitted). The client never disconnects."""

    def __init__(self, pem: str | None = None):
        self.pem = pem

    async def get(self, caminho: str, consulta: dict | None = None, *, metodo: str = "GET") -> Resposta:
        from portal.asgi import application

        cabecalhos = [(b"host", b"testserver"), (b"accept", b"*/*")]
        if self.pem:
            cabecalhos.append((b"x-ssl-client-cert", quote(self.pem, safe="").encode()))
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": metodo,
                 "scheme": "http", "path": caminho, "raw_path": caminho.encode(), "root_path": "",
                 "query_string": urlencode(consulta or {}).encode(), "headers": cabecalhos,
                 "client": [PROXY, 40000], "server": ["testserver", 80]}
        pedido = [{"type": "http.request", "body": b"", "more_body": False}]
        recebido: dict = {"corpo": b""}

        async def receive():
            if pedido:
                return pedido.pop()
            await asyncio.Event().wait()  # never disconnects

        async def send(mensagem):
            if mensagem["type"] == "http.response.start":
                recebido["status"] = mensagem["status"]
                recebido["cabecalhos"] = {k.decode().lower(): v.decode() for k, v in mensagem["headers"]}
            elif mensagem["type"] == "http.response.body":
                recebido["corpo"] += mensagem.get("body", b"")

        # The test's connection holds its transaction: the request signals must not close it (Django's
        # test client reconnects close_old_connections after each of its own requests, so disconnect again).
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        await application(scope, receive, send)
        return Resposta(recebido["status"], recebido["cabecalhos"], recebido["corpo"])

    async def post(self, caminho: str) -> Resposta:
        return await self.get(caminho, metodo="POST")


@pytest.fixture
def conexao_do_teste_preservada():
    """As Django's test client does: the request signals must not close the test's connection (its
    transaction holds the test's data)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def cliente_async(orgao) -> ClienteAsgi:
    """An ASGI client of ``orgao``'s system, through the trusted proxy with its certificate."""
    _certificado, pem = emitir(orgao.sistema)
    return ClienteAsgi(pem)


class ContadorDeConsultas:
    """Counts the SQL statements of the test's database connection (the one the view's ``sync_to_async``
    work runs on in tests), whatever thread enters it."""

    def __init__(self):
        self.total = 0

    def __call__(self, execute, sql, params, many, context):
        self.total += 1
        return execute(sql, params, many, context)


@pytest.fixture
def contador():
    contador = ContadorDeConsultas()
    with connections["default"].execute_wrapper(contador):
        yield contador


@pytest.fixture
def prazo(settings):
    def definir(segundos: float):
        settings.PENDENCIAS_LONG_POLL_SEGUNDOS = segundos
    definir(5)
    return definir


async def aguardar_esperas(quantas: int, limite: float = 3.0) -> None:
    fim = time.monotonic() + limite
    while central.aguardando() < quantas:
        assert time.monotonic() < fim, "the long poll never started waiting"
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)  # past the first check: now it only waits


@pytest.fixture
def transitar(django_capture_on_commit_callbacks):
    """Moves a trâmite through ``services.aplicar`` and runs its after-commit hooks (the publisher), as
    a committed request would; awaitable from the test's event loop."""

    def _mover(tramite, status, orgao_a, orgao_b):
        with django_capture_on_commit_callbacks(execute=True):
            levar_a(tramite, status, orgao_a, orgao_b)
        return tramite

    return sync_to_async(_mover)


