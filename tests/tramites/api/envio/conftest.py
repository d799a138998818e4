"""Envio API fixtures: two órgãos (A sends, B receives), a client with A's system certificate, a private
components storage and the catalogue entries the payloads name."""

import base64
import hashlib

import pytest
from django.test import Client

from tests.factories.certificados import cabecalhos, emitir
from tests.factories.hipoteses import EspecieDocumentalFactory
from tests.factories.tramites import orgao

ESPECIE = 700


def hash_de(conteudo: bytes) -> str:
    return base64.b64encode(hashlib.sha256(conteudo).digest()).decode()


@pytest.fixture(autouse=True)
def armazenamento_temporario(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "componentes": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "c")}}}
    return tmp_path / "c"


@pytest.fixture
def especie(db):
    return EspecieDocumentalFactory(codigo=ESPECIE)


@pytest.fixture
def lado_a(orgao_a):
    return orgao_a


@pytest.fixture
def lado_b(orgao_b):
    return orgao_b


def cliente_de(lado) -> Client:
    _certificado, pem = emitir(lado.sistema)
    return Client(**cabecalhos(pem))


@pytest.fixture
def api_a(proxy_confiavel, lado_a):
    return cliente_de(lado_a)


@pytest.fixture
def api_b(proxy_confiavel, lado_b):
    return cliente_de(lado_b)


@pytest.fixture
def api_c(proxy_confiavel, db):
    return cliente_de(orgao("ORGX"))
