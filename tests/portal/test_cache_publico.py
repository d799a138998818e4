"""Anonymous answers of the public pages and API searches come from the cache until public data changes."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comites.models import Ambiente
from estrutura.models import ExecucaoDeImportacao
from estrutura.services import siorg
from portal import cache_publico
from portal.context import atuando_como
from portal.services import auditoria
from tests.conftest import entrar
from tests.factories.comites import ComiteFactory
from tests.factories.estrutura import OrgaoFactory, RepositorioSiorgFactory, arquivo, estrutura_basica, json_siorg

pytestmark = pytest.mark.django_db


def _consultas(client, url, **params):
    with CaptureQueriesContext(connection) as consultas:
        resposta = client.get(url, params)
    assert resposta.status_code == 200
    return resposta, len(consultas.captured_queries)


def test_second_anonymous_request_is_served_from_the_cache_without_queries(client):
    ComiteFactory(unidade=OrgaoFactory(nome="Órgão Primeiro"))

    primeira, consultas_primeira = _consultas(client, "/orgaos/")
    segunda, consultas_segunda = _consultas(client, "/orgaos/")

    assert consultas_primeira > 0 and consultas_segunda == 0
    assert segunda.content == primeira.content
    assert segunda["Content-Type"] == primeira["Content-Type"]
    assert "Content-Security-Policy" in segunda  # middleware still runs on cached answers


def test_a_change_of_public_data_shows_on_the_next_request(client):
    ComiteFactory(unidade=OrgaoFactory(nome="Órgão Primeiro"))
    client.get("/orgaos/")

    ComiteFactory(unidade=OrgaoFactory(nome="Órgão Recém-Chegado"), ambiente=Ambiente.HOMOLOGACAO)

    assert "Órgão Recém-Chegado" in client.get("/orgaos/").content.decode()


def test_different_query_strings_are_cached_apart(client):
    ComiteFactory(unidade=OrgaoFactory(nome="Fundação Alvo", sigla="FALVO"))
    ComiteFactory(unidade=OrgaoFactory(nome="Ministério Outro", sigla="MOUT"))

    filtrada = client.get("/gestores/", {"orgao": "falvo"}).content.decode()
    toda = client.get("/gestores/").content.decode()

    assert "Ministério Outro" not in filtrada and "Ministério Outro" in toda


def test_logged_in_people_never_get_a_cached_page(client, gestor):
    client.get("/gestores/")  # cached for anonymous visitors
    entrar(client, gestor)

    resposta, consultas = _consultas(client, "/gestores/")

    assert consultas > 0
    assert "Sair" in resposta.content.decode()


def test_siorg_import_through_the_service_invalidates_the_api_search(cliente_sistema):
    client = cliente_sistema
    repositorio = RepositorioSiorgFactory()
    siorg.importar([("a.json", arquivo(json_siorg(estrutura_basica())))], origem=ExecucaoDeImportacao.Origem.COMANDO)
    url = f"/interoperabilidade/rest/v3/repositorios-de-estruturas/{repositorio.pk}/estruturas-organizacionais"
    assert client.get(url, {"nome": "secretaria"}).json()["totalDeRegistros"] == 1
    _, consultas = _consultas(client, url, nome="secretaria")
    assert consultas == 0

    unidades = estrutura_basica()
    unidades[3]["nome"] = "Secretaria de Protocolo"  # 3002 renamed: the bulk update sends no model signal
    siorg.importar([("b.json", arquivo(json_siorg(unidades)))], origem=ExecucaoDeImportacao.Origem.COMANDO)

    assert client.get(url, {"nome": "secretaria"}).json()["totalDeRegistros"] == 2


def test_authentication_events_do_not_invalidate_the_public_cache(client, pessoa):
    antes = cache_publico.versao()
    with atuando_como(origem="web"):
        auditoria.registrar("conta.login_falhou", detalhes="e-mail informado: x@y.gov.br")
    assert cache_publico.versao() == antes

    with atuando_como(origem="web"):
        auditoria.registrar("pessoa.dados_alterados", pessoa)
    assert cache_publico.versao() > antes


def test_cache_can_be_turned_off(client, settings):
    settings.CACHE_PUBLICO_SEGUNDOS = 0
    ComiteFactory(unidade=OrgaoFactory(nome="Órgão Primeiro"))
    client.get("/orgaos/")

    _, consultas = _consultas(client, "/orgaos/")

    assert consultas > 0


def test_requests_carrying_a_client_certificate_are_neither_served_nor_stored_by_the_public_cache(
        client, proxy_confiavel):
    """The public cache answers before any view runs, hence before the certificate is checked."""
    ComiteFactory(unidade=OrgaoFactory(nome="Órgão Primeiro"))
    com_certificado = {"HTTP_X_SSL_CLIENT_CERT": "-----BEGIN%20CERTIFICATE-----", "REMOTE_ADDR": proxy_confiavel}

    client.get("/orgaos/", **com_certificado)  # not stored...
    _, consultas_anonima = _consultas(client, "/orgaos/")
    assert consultas_anonima > 0
    with CaptureQueriesContext(connection) as consultas:  # ...and not served from the cache now filled
        assert client.get("/orgaos/", **com_certificado).status_code == 200
    assert len(consultas.captured_queries) > 0


def test_api_answers_are_cached_per_system_after_authentication(proxy_confiavel, sistema_autenticado):
    from django.test import Client

    from tests.factories.certificados import cabecalhos, emitir
    from tests.factories.comites import SistemaFactory

    url = "/interoperabilidade/rest/v3/repositorios-de-estruturas"
    primeiro = Client(**cabecalhos(sistema_autenticado[2]))
    primeiro.get(url)
    _, consultas = _consultas(primeiro, url)
    assert consultas == 0  # certificate check and answer both cached

    _, pem = emitir(SistemaFactory(orgao_responsavel=sistema_autenticado[0].orgao_responsavel))
    _, consultas_outro = _consultas(Client(**cabecalhos(pem)), url)
    assert consultas_outro > 0  # another system: its own entry


def test_a_certificate_header_from_a_non_proxy_is_ignored_so_the_request_stays_anonymous_and_cached(client):
    ComiteFactory(unidade=OrgaoFactory(nome="Órgão Primeiro"))
    client.get("/orgaos/")

    with CaptureQueriesContext(connection) as consultas:
        resposta = client.get("/orgaos/", HTTP_X_SSL_CLIENT_CERT="-----BEGIN%20CERTIFICATE-----")

    assert resposta.status_code == 200 and len(consultas.captured_queries) == 0


def test_a_page_stored_under_an_older_version_is_recomputed_and_stored_again(client):
    ComiteFactory(unidade=OrgaoFactory(nome="Órgão Primeiro"))
    client.get("/orgaos/")
    cache_publico.invalidar()  # e.g. a change made by another process

    _, consultas_depois_da_troca = _consultas(client, "/orgaos/")
    _, consultas_em_seguida = _consultas(client, "/orgaos/")

    assert consultas_depois_da_troca > 0 and consultas_em_seguida == 0


def test_a_cached_page_reads_version_and_page_in_one_cache_call(client, monkeypatch):
    ComiteFactory(unidade=OrgaoFactory(nome="Órgão Primeiro"))
    primeira = client.get("/orgaos/")
    chamadas, dentro = [], []

    def espiar(nome, original):
        def chamada(chave, *args, **kwargs):
            if not dentro:  # the base get_many of local memory calls get itself
                chamadas.append((nome, chave))
            dentro.append(nome)
            try:
                return original(chave, *args, **kwargs)
            finally:
                dentro.pop()
        return chamada

    backend = caches["default"]  # the object behind the proxy, which the settings fixture may swap at teardown
    for nome in ("get", "get_many", "get_or_set"):
        monkeypatch.setattr(backend, nome, espiar(nome, getattr(backend, nome)))

    assert client.get("/orgaos/").content == primeira.content
    do_cache_publico = [(nome, chave) for nome, chave in chamadas if "publico:" in str(chave)]
    assert len(do_cache_publico) == 1 and do_cache_publico[0][0] == "get_many"
