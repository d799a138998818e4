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


# The apps whose tables a forbidden POST must leave untouched, plus allauth's e-mail and MFA records.
APPS_DO_PROJETO = ("portal", "hipoteses", "estrutura", "comites", "tramites")


def _modelos():
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.apps import apps

    modelos = [EmailAddress, Authenticator]
    for rotulo in APPS_DO_PROJETO:
        modelos.extend(apps.get_app_config(rotulo).get_models(include_auto_created=True))
    return modelos


def fotografia() -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every table of the project (and allauth's e-mails/MFA)."""
    import hashlib

    retrato = {}
    for modelo in _modelos():
        linhas = list(modelo._base_manager.order_by("pk").values_list())
        retrato[modelo._meta.label] = (len(linhas), hashlib.sha256(repr(linhas).encode()).hexdigest())
    return retrato


def postar(client: Client, url: str, dados: dict, antes: dict | None = None) -> tuple[str, list[str]]:
    """POSTs (rolled back afterwards); returns the outcome and the tables whose rows changed.

    ``antes`` may be a ``fotografia()`` taken once for many POSTs: each one is rolled back.
    """
    with transaction.atomic():
        antes = antes or fotografia()
        resposta = client.post(url, dados)
        depois = fotografia()
        transaction.set_rollback(True)
    return desfecho(resposta), sorted(t for t in antes if antes[t] != depois[t])
