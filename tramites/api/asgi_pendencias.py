"""A lean ASGI handler for the long poll alone (mounted by ``portal/asgi.py``).

Django runs a sync-only middleware around an async view by parking a thread in it for the whole request;
several of the portal's middlewares (and whitenoise) are sync-only, so through the full stack each waiting
long poll would hold a thread. None of them matters to this path (no session, cookie, CSRF, page or static
file; the certificate is checked by the view), so ``portal/asgi.py`` hands ``…/pendencias`` straight to this
handler: Django's own ``ASGIHandler`` (request parsing, ``request_started``/``finished``, disconnect
handling, error responses) with the view as its only "middleware". Everything else goes through the full
stack, and so does this path under ``runserver``/WSGI (where a thread per request is the model anyway).
"""

from __future__ import annotations

import re

from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.exception import convert_exception_to_response
from django.http import JsonResponse

from tramites import erros
from tramites.api import pendencias

CAMINHO = re.compile(r"^/interoperabilidade/rest/v3/pendencias/?$")


def eh_long_poll(scope) -> bool:
    return scope.get("type") == "http" and bool(CAMINHO.match(scope.get("path", "")))


async def _responder(request):
    if not CAMINHO.match(request.path_info):
        return JsonResponse(erros.corpo(erros.NAO_ENCONTRADO), status=404)
    if "\x00" in request.META.get("QUERY_STRING", ""):
        return JsonResponse(erros.corpo(erros.REQUISICAO_INVALIDA, "A requisição contém caracteres inválidos (NUL)."),
                            status=400)
    return await pendencias.pendencias(request)


async def _vista(request):
    resposta = await _responder(request)
    resposta["Content-Length"] = str(len(resposta.content))  # as CommonMiddleware does on the full stack
    return resposta


class LongPollHandler(ASGIHandler):
    async def __call__(self, scope, receive, send):
        # Without Django's per-request ``ThreadSensitiveContext``: the view's short sync steps (certificate,
        # one query) all run on the process's one thread-sensitive thread, one after the other, so a
        # thousand long polls arriving together open one database connection at a time — not a thousand
        # threads and connections (PostgreSQL refuses past ``max_connections``).
        if scope["type"] != "http":
            raise ValueError(f"O long poll atende só HTTP, não {scope['type']}.")
        await self.handle(scope, receive, send)

    def load_middleware(self, is_async=False):
        self._view_middleware, self._template_response_middleware, self._exception_middleware = [], [], []
        self._middleware_chain = convert_exception_to_response(_vista)
