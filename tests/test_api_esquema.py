"""The OpenAPI document says what the API really answers, and the API reads parameters one way."""

import pytest
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from portal.api.errors import ErroDaApi
from portal.api.parametros import MAIOR_INTEIRO, booleano, inteiro, numero_ascii, numero_do_caminho, texto

pytestmark = pytest.mark.django_db
API = "/interoperabilidade/rest/v3/"


@pytest.fixture
def client(cliente_sistema):
    """Requests come from an SPE through the TLS proxy (the API needs a certificate; the document does not)."""
    return cliente_sistema


@pytest.fixture
def documento(client):
    return client.get(API + "openapi.json").json()


def _operacao(documento, fim):
    [caminho] = [c for c in documento["paths"] if c.endswith(fim)]
    return documento["paths"][caminho]["get"]


def test_every_error_response_documents_the_codigo_erro_body(documento):
    esquema = documento["components"]["schemas"]["ErroDaApi"]
    assert esquema["required"] == ["codigoErro", "mensagem"]
    for caminho, operacoes in documento["paths"].items():
        for metodo, operacao in operacoes.items():  # every method (POST-only paths too), not only GET
            for status, resposta in operacao["responses"].items():
                if status.startswith("4"):
                    ref = resposta["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/ErroDaApi", (caminho, metodo, status)


def test_operations_with_parameters_document_400_and_with_path_ids_404(documento):
    estrutura = _operacao(documento, "estruturas-organizacionais/{id_estrutura}")
    assert {"200", "400", "404", "405"} <= set(estrutura["responses"])
    hipoteses = _operacao(documento, "/hipoteses")
    assert "400" in hipoteses["responses"] and "404" not in hipoteses["responses"]
    saude = _operacao(documento, "/healthcheck")
    assert set(saude["responses"]) == {"200", "405"}


def test_path_ids_and_paging_are_documented_as_bounded_integers(documento):
    filhas = _operacao(documento, "/filhas")
    tipos = {p["name"]: p["schema"] for p in filhas["parameters"]}
    for nome in ("id_repositorio", "id_estrutura", "registroInicial",
                 "numeroDeIdentificacaoDaEstruturaRaizDaConsulta"):
        assert tipos[nome]["type"] == "integer" and tipos[nome]["maximum"] == MAIOR_INTEIRO, nome
    assert tipos["quantidadeDeRegistros"]["minimum"] == 1
    assert tipos["nome"]["maxLength"] == 250


def test_optional_query_parameters_are_documented_as_accepting_empty_values(documento):
    parametros = _operacao(documento, "/repositorios-de-estruturas")["parameters"]
    assert parametros and all(p["allowEmptyValue"] for p in parametros)


@pytest.mark.parametrize("valor", ["²", "٣", "1_000", "+1", "-1", " 1", "1e3", str(MAIOR_INTEIRO + 1), "9" * 30])
def test_ids_accept_ascii_digits_within_64_bits_only(valor):
    assert numero_ascii(valor) is None
    with pytest.raises(ErroDaApi) as erro:
        numero_do_caminho(valor, "Identificador")
    assert erro.value.codigo == "0001" and "Identificador inválido" in erro.value.mensagem


def test_largest_storable_id_is_accepted():
    assert numero_do_caminho(str(MAIOR_INTEIRO), "Identificador") == MAIOR_INTEIRO


def _requisicao(consulta):
    return APIView().initialize_request(APIRequestFactory().get("/x", consulta))


def test_every_synonym_of_a_boolean_filter_is_checked():
    with pytest.raises(ErroDaApi) as erro:
        booleano(_requisicao({"ativos": "true", "ativo": "talvez"}), "ativos", "ativo")
    assert "ativo inválido" in erro.value.mensagem
    assert booleano(_requisicao({"ativos": "", "ativo": "0"}), "ativos", "ativo") is False
    assert booleano(_requisicao({}), "ativos", "ativo") is None


def test_integer_query_parameter_refuses_unicode_digits_and_values_below_minimum():
    with pytest.raises(ErroDaApi, match="número inteiro"):
        inteiro(_requisicao({"registroInicial": "²"}), "registroInicial")
    with pytest.raises(ErroDaApi, match="mínimo é 1"):
        inteiro(_requisicao({"quantidadeDeRegistros": "0"}), "quantidadeDeRegistros", minimo=1)
    assert inteiro(_requisicao({"registroInicial": " 7 "}), "registroInicial") == 7


def test_text_parameter_length_counts_what_was_sent():
    with pytest.raises(ErroDaApi, match="no máximo 5"):
        texto(_requisicao({"nome": " " * 6}), "nome", 5)
    assert texto(_requisicao({"nome": " abc "}), "nome", 5) == "abc"


@pytest.mark.parametrize("caminho", [
    "repositorios-de-estruturas/%C2%B2/estruturas-organizacionais",
    "repositorios-de-estruturas/99999999999999999999/estruturas-organizacionais",
    "repositorios-de-estruturas?ativos=true&ativo=talvez",
    "hipoteses?ativos=true&status=talvez",
])
def test_hostile_parameters_answer_400_json(client, caminho):
    resposta = client.get(API + caminho)
    assert resposta.status_code == 400
    assert resposta.json()["codigoErro"] == "0001"


def test_tramite_paths_are_printed_as_clients_call_them(documento):
    """Routes built by entrada.consulta.caminho (regexes) print their literal parts unescaped."""
    caminhos = [c for c in documento["paths"] if "tramites" in c or "tickets" in c or "NREs" in c]
    assert caminhos and not [c for c in caminhos if "\\" in c]
    assert any(c.endswith("/reproducoes-de-tramite") for c in caminhos)  # spec §3 #26: no trailing slash


@pytest.mark.django_db
def test_the_api_docs_page_is_public_and_loads_only_local_assets(client):
    resposta = client.get("/documentacao-da-api/")
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "swagger-ui" in html and "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html
    assert "<script>" not in html  # its start-up script is a separate file (CSP: script-src 'self')
    script = client.get("/documentacao-da-api/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


@pytest.mark.django_db
def test_the_public_copy_of_the_openapi_document_lists_the_tramite_api(client):
    documento = client.get("/documentacao-da-api/openapi.json").json()
    assert "/interoperabilidade/rest/v3/tramites/processo" in documento["paths"]
    assert "/interoperabilidade/rest/v3/tramites/pendentes" in documento["paths"]
