"""Shared fixtures: people with each profile, logged-in clients, MFA enrolment."""

import os
import time

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache

from portal.models import PerfilAtribuido
from tests.factories.comites import ComiteFactory, GestorFactory, SistemaFactory
from tests.factories.estrutura import RepositorioFactory
from tests.factories.portal import PerfilAtribuidoFactory, PessoaFactory


@pytest.fixture(autouse=True)
def _cache_limpo(settings):
    """Each test starts with an empty cache (rate-limit counters included).

    On Redis (the PostgreSQL/Redis CI leg) every xdist worker gets its own Redis database, so one
    worker's clearing or counting never leaks into another's tests.
    """
    padrao = settings.CACHES["default"]
    if padrao["BACKEND"].endswith("RedisCache"):
        numero = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
        base, banco = padrao["LOCATION"].rsplit("/", 1)
        settings.CACHES = {"default": {**padrao, "LOCATION": f"{base}/{int(banco) + numero}"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _emails_em_memoria(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def ativar_mfa(pessoa):
    """Enrols a TOTP authenticator, as if the person had scanned the QR code."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(pessoa, generate_totp_secret())
    return pessoa


def entrar(client, pessoa, *, mfa_verificado=True):
    """Logs in through the session, as allauth does after password (and TOTP) succeed.

    With a TOTP enrolled and ``mfa_verificado`` (the default), the session carries the record allauth writes
    after its TOTP step, so staff clients are past the second factor. ``mfa_verificado=False`` gives a
    session opened without it (what a password-only login would leave), for tests of the enforcement.
    """
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
    from allauth.account.internal.userkit import user_id_to_str

    client.force_login(pessoa, backend="django.contrib.auth.backends.ModelBackend")
    totp = Authenticator.objects.filter(user=pessoa, type=Authenticator.Type.TOTP).first()
    if mfa_verificado and totp is not None:
        sessao = client.session
        sessao[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "mfa", "at": time.time(), "id": totp.pk, "type": totp.type},
        ]
        sessao[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(pessoa)
        sessao.save()
    return client


@pytest.fixture
def pessoa(db):
    return PessoaFactory()


@pytest.fixture
def admin(db):
    pessoa = PessoaFactory(nome="Ana Administradora")
    PerfilAtribuidoFactory(pessoa=pessoa, perfil=PerfilAtribuido.Perfil.ADMINISTRADOR)
    return ativar_mfa(pessoa)


@pytest.fixture
def repositorio(db):
    return RepositorioFactory()


@pytest.fixture
def supervisor(db, repositorio):
    pessoa = PessoaFactory(nome="Sérgio Supervisor")
    PerfilAtribuidoFactory(pessoa=pessoa, perfil=PerfilAtribuido.Perfil.SUPERVISOR, repositorios=[repositorio])
    return ativar_mfa(pessoa)


@pytest.fixture
def comite(db, repositorio):
    from tests.factories.estrutura import OrgaoFactory

    return ComiteFactory(unidade=OrgaoFactory(repositorio=repositorio))


@pytest.fixture
def outro_comite(db):
    return ComiteFactory()


@pytest.fixture
def gestor(db, comite):
    return GestorFactory(comite=comite).pessoa


@pytest.fixture
def gestor_de_outro_comite(db, outro_comite):
    return GestorFactory(comite=outro_comite).pessoa


@pytest.fixture
def client_admin(client, admin):
    return entrar(client, admin)


@pytest.fixture
def client_gestor(client, gestor):
    return entrar(client, gestor)


@pytest.fixture
def client_outro_gestor(client, gestor_de_outro_comite):
    return entrar(client, gestor_de_outro_comite)


__all__ = ["Authenticator", "ativar_mfa", "entrar"]


@pytest.fixture(autouse=True)
def _certificados_verificados_esquecidos():
    """The per-process cache of verified certificates starts empty in every test."""
    from comites.certificados.cache_de_verificacao import esquecer_tudo

    esquecer_tudo()
    yield
    esquecer_tudo()


@pytest.fixture
def proxy_confiavel(settings):
    from tests.factories.certificados import PROXY

    settings.TRUSTED_PROXIES = [PROXY]
    return PROXY


@pytest.fixture
def sistema_autenticado(db):
    """An active SPE of a comitê with a valid certificate: (Sistema, Certificado, PEM). Its órgão sits in the
    SIORG repository (which every install has), so it adds no repository to what tests count."""
    from tests.factories.certificados import emitir
    from tests.factories.estrutura import OrgaoFactory, RepositorioSiorgFactory

    orgao = OrgaoFactory(repositorio=RepositorioSiorgFactory(), nome="Órgão do Sistema", sigla="OSIS")
    sistema = SistemaFactory(orgao_responsavel=ComiteFactory(unidade=orgao))
    certificado, pem = emitir(sistema)
    return sistema, certificado, pem


@pytest.fixture
def cliente_sistema(proxy_confiavel, sistema_autenticado):
    """A test client whose every request comes through the TLS proxy with the SPE's certificate."""
    from django.test import Client

    from tests.factories.certificados import cabecalhos

    return Client(**cabecalhos(sistema_autenticado[2]))
