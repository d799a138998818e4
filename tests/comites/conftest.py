"""Fixtures of the comites tests: private media in a temp dir, the SIORG repository, fake trâmite sources."""

import pytest

from portal import ganchos
from tests.factories.estrutura import OrgaoFactory, RepositorioSiorgFactory, UnidadeFactory
from tests.factories.portal import GestorTecnologicoFactory, SistemaDeGovernoFactory


@pytest.fixture(autouse=True)
def _media_privada(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "privado"
    settings.SITE_URL = "https://portal.exemplo.gov.br"
    return settings.MEDIA_ROOT


@pytest.fixture
def siorg(db):
    return RepositorioSiorgFactory()  # the one a fresh install has (estrutura's data migration)


@pytest.fixture
def ministerio(siorg):
    """An órgão root in SIORG with a sub-unit."""
    raiz = UnidadeFactory(repositorio=siorg, nome="Poder Executivo", sigla="PE")
    orgao = OrgaoFactory(repositorio=siorg, parent=raiz, nome="Ministério da Gestão e da Inovação", sigla="MGI")
    UnidadeFactory(repositorio=siorg, parent=orgao, nome="Secretaria de Gestão e Inovação", sigla="SEGES")
    return orgao


@pytest.fixture
def catalogos(db):
    return GestorTecnologicoFactory(), SistemaDeGovernoFactory()


@pytest.fixture
def fonte_de_tramites():
    """Registers a fake trâmite source; the test fills ``registros[comite_id]`` with records."""
    registros: dict[int, list] = {}

    def fonte(comite):
        return registros.get(comite.pk, [])

    ganchos.registrar(ganchos.TRAMITES_DO_COMITE, fonte)
    yield registros
    ganchos.remover(ganchos.TRAMITES_DO_COMITE, fonte)


def homologacao_completa(ambiente="homologacao"):
    return [
        {"idt": 101, "papel": "remetente", "desfecho": "concluido", "ambiente": ambiente},
        {"idt": 102, "papel": "destinatario", "desfecho": "concluido", "ambiente": ambiente},
        {"idt": 103, "papel": "destinatario", "desfecho": "recusado", "ambiente": ambiente},
    ]
