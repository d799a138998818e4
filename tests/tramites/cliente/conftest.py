"""The reference client against the portal's own views: its ``requisitar`` goes to Django's test client as
nginx would forward it (the certificate in the proxy's header), so every scenario runs the real API — only
TLS is left out (``bin/mtls-check`` runs the same client over real HTTPS through nginx)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.files.storage import storages
from django.test import Client

from comites.certificados import services as certificados
from hipoteses.models import EspecieDocumental
from tests.factories.certificados import cabecalhos
from tramites.armazenamento import Armazem
from tramites.cliente import Cliente
from tramites.cliente.transporte import Resposta

URL = "https://api.teste/interoperabilidade/rest/v3/"


class TransporteDeTeste:
    """``requisitar`` through ``django.test.Client`` with the system's certificate in the proxy's header."""

    def __init__(self, pem_do_certificado: str):
        self.cliente = Client(**cabecalhos(pem_do_certificado))
        self.requisicoes: list[tuple[str, str]] = []

    def requisitar(self, metodo, url, corpo=None, cabecalhos_=None, tempo_limite=300.0) -> Resposta:
        partes = urlsplit(url)
        caminho = partes.path + (f"?{partes.query}" if partes.query else "")
        self.requisicoes.append((metodo, caminho))
        tipo = (cabecalhos_ or {}).get("Content-Type", "application/octet-stream")
        resposta = self.cliente.generic(metodo, caminho, corpo or b"", content_type=tipo, HTTP_ACCEPT="*/*")
        dados = b"".join(resposta.streaming_content) if resposta.streaming else resposta.content
        return Resposta(resposta.status_code, dados, {k.lower(): v for k, v in resposta.headers.items()}, 0.0)


def gerar(sistema, pasta: Path, nome: str) -> tuple[str, str]:
    """"Gerar Certificado" for ``sistema``: the PEM file it hands out and its password."""
    certificados.inicializar_ac()
    _certificado, emissao = certificados.gerar_certificado(sistema, None)
    arquivo = pasta / f"{nome}.pem"
    arquivo.write_bytes(emissao.pem_para_entregar)
    return str(arquivo), emissao.senha


def cliente_de(sistema, pasta: Path, papel: str, linhas: list[str]) -> Cliente:
    arquivo, senha = gerar(sistema, pasta, papel)
    pem = x509.load_pem_x509_certificate(Path(arquivo).read_bytes()).public_bytes(serialization.Encoding.PEM)
    return Cliente(URL, arquivo, senha, papel=papel, transporte=TransporteDeTeste(pem.decode()),
                   relatar=linhas.append)


@pytest.fixture(autouse=True)
def armazem_temporario(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "componentes": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "c")}}}
    return Armazem(storages["componentes"])


@pytest.fixture
def especie(db):
    """Despacho (42), what the scenarios pick (seeded by a migration, gone after a transactional flush)."""
    return EspecieDocumental.objects.get_or_create(codigo=42, defaults={"nome": "Despacho"})[0]


@pytest.fixture
def linhas() -> list[str]:
    return []


@pytest.fixture
def remetente(proxy_confiavel, orgao_a, tmp_path, linhas):
    return cliente_de(orgao_a.sistema, tmp_path, "remetente", linhas)


@pytest.fixture
def destinatario(proxy_confiavel, orgao_b, tmp_path, linhas):
    return cliente_de(orgao_b.sistema, tmp_path, "destinatário", linhas)
