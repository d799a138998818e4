"""Envio API fixtures: two órgãos (A sends, B receives), clients with their systems' certificates and the
catalogue entries the payloads name. The components storage is the parent folder's (``armazem_temporario``,
autouse), and so is ``cliente_de``."""

import pytest

from tests.factories.hipoteses import EspecieDocumentalFactory
from tests.factories.tramites import hash_de, orgao  # noqa: F401 (hash_de: imported by the envio tests)
from tests.tramites.api.conftest import cliente_de

ESPECIE = 700


@pytest.fixture
def especie(db):
    return EspecieDocumentalFactory(codigo=ESPECIE)


@pytest.fixture
def lado_a(orgao_a):
    return orgao_a


@pytest.fixture
def lado_b(orgao_b):
    return orgao_b


@pytest.fixture
def api_a(proxy_confiavel, lado_a):
    return cliente_de(lado_a)


@pytest.fixture
def api_b(proxy_confiavel, lado_b):
    return cliente_de(lado_b)


@pytest.fixture
def api_c(proxy_confiavel, db):
    return cliente_de(orgao("ORGX"))
