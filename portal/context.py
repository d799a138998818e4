"""Who is acting right now, for the audit trail and the logs.

The middleware fills it for each request; Celery tasks and management commands set it with
``atuando_como``. Services read it, so they need no ``request`` argument to be audited.
"""

import contextlib
import contextvars
import uuid
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Contexto:
    usuario: object | None = None
    ip: str | None = None
    request_id: str = ""
    perfil: str = ""
    origem: str = "sistema"  # web, api, tarefa, comando, sistema
    # Who acts when no person does (a Celery task acting as the bus: "Tramita GOV.BR"); the audit trail's "who".
    ator: str = ""


_contexto: contextvars.ContextVar[Contexto] = contextvars.ContextVar("portal_contexto", default=Contexto())


def contexto_atual() -> Contexto:
    return _contexto.get()


def definir(**campos) -> contextvars.Token:
    return _contexto.set(replace(_contexto.get(), **campos))


def restaurar(token: contextvars.Token) -> None:
    _contexto.reset(token)


def novo_request_id() -> str:
    return uuid.uuid4().hex[:16]


@contextlib.contextmanager
def atuando_como(usuario=None, origem="tarefa", perfil="", ip=None, ator=""):
    token = _contexto.set(
        Contexto(usuario=usuario, ip=ip, request_id=novo_request_id(), perfil=perfil, origem=origem, ator=ator)
    )
    try:
        yield
    finally:
        _contexto.reset(token)
