import pytest

from tests.conftest import entrar
from tests.factories.comites import GestorFactory
from tests.factories.portal import PessoaFactory


@pytest.fixture
def gestor_a(orgao_a):
    pessoa = PessoaFactory(nome="Gestora do ORGA", email_unidade="protocolo@orga.gov.br", telefone="(61) 3333-0001")
    GestorFactory(comite=orgao_a.comite, pessoa=pessoa)
    return pessoa


@pytest.fixture
def gestor_b(orgao_b):
    pessoa = PessoaFactory(nome="Gestor do ORGB", email_unidade="protocolo@orgb.gov.br", telefone="(61) 3333-0002")
    GestorFactory(comite=orgao_b.comite, pessoa=pessoa)
    return pessoa


@pytest.fixture
def gestor_c(orgao_c):
    pessoa = PessoaFactory(nome="Gestor do ORGC")
    GestorFactory(comite=orgao_c.comite, pessoa=pessoa)
    return pessoa


@pytest.fixture
def como(client):
    """``como(pessoa)``: the test client signed in as that person."""
    return lambda pessoa: entrar(client, pessoa)
