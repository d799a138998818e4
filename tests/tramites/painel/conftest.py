import pytest

from tests.conftest import entrar
from tests.factories.comites import GestorFactory
from tests.factories.tramites import enviar, levar_a


@pytest.fixture
def gestor_a(orgao_a):
    return GestorFactory(comite=orgao_a.comite).pessoa


@pytest.fixture
def gestor_b(orgao_b):
    return GestorFactory(comite=orgao_b.comite).pessoa


@pytest.fixture
def cliente_de(client):
    def _cliente(pessoa):
        client.logout()
        return entrar(client, pessoa)
    return _cliente


@pytest.fixture
def tramite_em(orgao_a, orgao_b):
    """A trâmite from A to B (or ``de``→``para``) walked to ``status``."""
    def _tramite(status, de=None, para=None, **extra):
        de, para = de or orgao_a, para or orgao_b
        return levar_a(enviar(de, para, **extra), status, de, para)
    return _tramite
