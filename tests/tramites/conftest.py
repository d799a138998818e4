import pytest

from tests.factories.estrutura import RepositorioFactory
from tests.factories.tramites import orgao


@pytest.fixture
def repositorio_r1(db):
    return RepositorioFactory(nome="Repositório R1")


@pytest.fixture
def orgao_a(repositorio_r1):
    return orgao("ORGA", repositorio_r1)


@pytest.fixture
def orgao_b(repositorio_r1):
    return orgao("ORGB", repositorio_r1)


@pytest.fixture
def orgao_c(db):
    return orgao("ORGC")
