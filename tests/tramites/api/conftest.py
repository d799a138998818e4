"""API tests of trâmites: two órgãos (A sends, B receives) whose systems call the API with their own
certificates through the trusted proxy; components stored in a temporary components storage."""

from __future__ import annotations

import pytest
from django.core.files.storage import storages
from django.test import Client

from tests.factories.certificados import cabecalhos, emitir
from tests.factories.tramites import enviar, hash_de, levar_a, protocolo_novo
from tramites.armazenamento import Armazem
from tramites.models import ComponenteDigital
from tramites.nup import normalizar_nup

API = "/interoperabilidade/rest/v3/"


@pytest.fixture(autouse=True)
def armazem_temporario(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "componentes": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "c")}}}
    yield Armazem(storages["componentes"])


def cliente_de(orgao) -> Client:
    """A client of ``orgao``'s system (a fresh certificate of it, presented through the proxy)."""
    _certificado, pem = emitir(orgao.sistema)
    return Client(**cabecalhos(pem))


@pytest.fixture
def cliente_a(proxy_confiavel, orgao_a):
    return cliente_de(orgao_a)


@pytest.fixture
def cliente_b(proxy_confiavel, orgao_b):
    return cliente_de(orgao_b)


@pytest.fixture
def cliente_c(proxy_confiavel, orgao_c):
    return cliente_de(orgao_c)


def guardar_componentes(armazem, tramite, conteudos: dict[str, bytes]) -> None:
    """Stores each component's bytes as the envio would (content-addressed, through ``Armazem``)."""
    for componente in ComponenteDigital.objects.filter(tramite=tramite):
        conteudo = conteudos[componente.hash]
        envio = f"teste-{componente.pk}"
        armazem.gravar_parte(envio, 0, len(conteudo), conteudo, len(conteudo))
        armazem.concluir(envio, len(conteudo), componente.hash)


def nup_novo() -> str:
    """A new NUP with the right check digits (the factory's ``-00`` ones are not valid NUPs)."""
    return normalizar_nup(protocolo_novo().rsplit("-", 1)[0] + "-DV")


def documentos_com(*conteudos: bytes) -> list[dict]:
    return [{
        "ordem": i, "descricao": f"Documento {i}", "especie_nome_no_produtor": "Despacho",
        "componentes": [{"ordem": 1, "nome": f"doc{i}.pdf", "hash": hash_de(c), "tamanho": len(c),
                         "mime_type": "application/pdf", "tipo_de_conteudo": "txt"}],
    } for i, c in enumerate(conteudos, start=1)]


@pytest.fixture
def tramite_com_componentes(armazem_temporario, orgao_a, orgao_b):
    """A → B with two stored components, walked to any status: ``tramite_com_componentes(status)``."""

    def criar(status, conteudos=(b"primeiro componente " * 50, b"segundo")):
        tramite = enviar(orgao_a, orgao_b, protocolo=nup_novo(), documentos=documentos_com(*conteudos))
        guardar_componentes(armazem_temporario, tramite, {hash_de(c): c for c in conteudos})
        return levar_a(tramite, status, orgao_a, orgao_b)

    return criar


from .long_poll import conexao_do_teste_preservada, contador, prazo, transitar  # noqa: E402, F401 (fixtures)
