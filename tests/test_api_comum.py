"""What every API path shares: JSON errors, the health check, the OpenAPI document."""

import pytest

pytestmark = pytest.mark.django_db
API = "/interoperabilidade/rest/v3/"


def test_healthcheck_answers_ok(client):
    resposta = client.get(API + "healthcheck")
    assert resposta.status_code == 200
    assert resposta.json() == {"status": "ok"}


def test_unknown_api_path_answers_json_error_body(client):
    resposta = client.get(API + "nao/existe")
    assert resposta.status_code == 404
    assert resposta["Content-Type"].startswith("application/json")
    assert resposta.json() == {"codigoErro": "0004", "mensagem": "Recurso não encontrado na API."}


@pytest.mark.parametrize("metodo", ["post", "put", "delete"])
def test_unknown_api_path_answers_json_404_to_any_method_without_a_csrf_check(metodo):
    from django.test import Client

    resposta = getattr(Client(enforce_csrf_checks=True), metodo)(API + "tramites/-1/recusa", "{}",
                                                                 content_type="application/json")
    assert resposta.status_code == 404
    assert resposta.json() == {"codigoErro": "0004", "mensagem": "Recurso não encontrado na API."}


def test_an_unknown_api_path_with_a_line_break_answers_the_json_404(client):
    resposta = client.get(API + "tramites/%C3%99%0A%C2%82")
    assert resposta.status_code == 404 and resposta.json()["codigoErro"] == "0004"


def test_wrong_method_answers_json_error_body(client):
    resposta = client.post(API + "healthcheck")
    assert resposta.status_code == 405
    assert set(resposta.json()) == {"codigoErro", "mensagem"}


def test_openapi_document_lists_the_structure_and_catalogue_endpoints(client):
    resposta = client.get(API + "openapi.json")
    assert resposta.status_code == 200
    texto = " ".join(resposta.json()["paths"])
    assert "repositorios-de-estruturas" in texto
    assert "hipoteses" in texto


def test_a_body_past_the_upload_limit_answers_413_json(settings, cliente_sistema):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    resposta = cliente_sistema.post(API + "tramites/processo", data="{" + " " * 2000 + "}",
                                    content_type="application/json")
    assert resposta.status_code == 413
    assert resposta.json()["codigoErro"] == "0001" and "excede o limite" in resposta.json()["mensagem"]
