"""Requests a URL as one profile and reduces the answer to one outcome code of the matrix."""

from __future__ import annotations

from django.db import transaction
from django.test import Client

from tests.conftest import entrar

# The profiles of the matrix: who asks (a person of the world, or nobody) and on whose objects (A or B).
PERFIS = {
    "anonimo": (None, "a"),
    "gestor_a": ("gestor_a", "a"),
    "gestor_a_em_b": ("gestor_a", "b"),
    "supervisor_r2": ("supervisor_r2", "a"),
    "externo": ("externo", "b"),  # B's system is hosted by the Administrador Externo's gestor tecnológico
    "externo_em_a": ("externo", "a"),  # A's system is Interno: outside the Administrador Externo's scope
    "administrador": ("administrador", "a"),
    "superusuario": ("superusuario", "a"),  # Django's is_superuser, no portal profile
}


def cliente(mundo, perfil: str) -> Client:
    pessoa, _lado = PERFIS[perfil]
    client = Client()
    if pessoa is not None:
        entrar(client, mundo.pessoas[pessoa])
    return client


def lado(mundo, perfil: str):
    return getattr(mundo, PERFIS[perfil][1])


def desfecho(resposta) -> str:
    """``"200"``, ``"403"``… ; a redirect to a login page is ``"login"``, any other redirect ``"3xx"``."""
    if 300 <= resposta.status_code < 400:
        destino = resposta.get("Location", "")
        return "login" if "/login/" in destino else "3xx"
    return str(resposta.status_code)


def pedir(client: Client, metodo: str, url: str, dados=None) -> str:
    """One request whose effects are rolled back, so the world stays the same for the next one."""
    with transaction.atomic():
        resposta = getattr(client, metodo)(url, dados or {})
        transaction.set_rollback(True)
    return desfecho(resposta)
