"""Catalogue API (tramita-api.md §3 #6, #7): the JSON shapes the systems' sync reads and the ativos filter."""

import pytest

from hipoteses import services
from hipoteses.models import EspecieDocumental, HipoteseLegal

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(cliente_sistema):
    """Every request of this module comes from an SPE through the TLS proxy (the API needs a certificate)."""
    return cliente_sistema

BASE = "/interoperabilidade/rest/v3/"


def _ids(resposta):
    return [h["identificacao"] for h in resposta.json()["hipotesesLegais"]]


def test_hipoteses_shape(client):
    HipoteseLegal.objects.filter(identificacao=17).update(descricao="Intimidade e vida privada.")
    resposta = client.get(BASE + "hipoteses")
    assert resposta.status_code == 200
    corpo = resposta.json()
    assert list(corpo) == ["hipotesesLegais"]
    assert len(corpo["hipotesesLegais"]) == 23
    assert corpo["hipotesesLegais"][16] == {
        "identificacao": 17, "nome": "Informação Pessoal", "status": True,
        "baseLegal": "Art. 31 da Lei nº 12.527/2011", "descricao": "Intimidade e vida privada.",
    }


@pytest.mark.parametrize(("consulta", "esperado"), [
    ("ativos=true", [i for i in range(1, 24) if i not in (2, 5)]),
    ("ativos=false", [2, 5]),
    ("ativos=1", [i for i in range(1, 24) if i not in (2, 5)]),
    ("ativos=0", [2, 5]),
    ("status=true", [i for i in range(1, 24) if i not in (2, 5)]),
    ("status=false", [2, 5]),
    ("", list(range(1, 24))),
])
def test_ativos_filter_returns_active_or_inactive_entries(client, consulta, esperado):
    for identificacao in (2, 5):
        services.inativar(HipoteseLegal.objects.get(identificacao=identificacao))
    resposta = client.get(f"{BASE}hipoteses?{consulta}")
    assert _ids(resposta) == esperado
    assert all(h["status"] is (h["identificacao"] not in (2, 5)) for h in resposta.json()["hipotesesLegais"])


def test_invalid_ativos_gives_a_4xx_error_body(client):
    resposta = client.get(BASE + "hipoteses?ativos=talvez")
    assert resposta.status_code == 400
    assert resposta.json() == {"codigoErro": "0001", "mensagem": "Parâmetro ativos inválido: informe true ou false."}


@pytest.mark.parametrize("valor", ["%1C", "%1F", "%0B%0C"])
def test_a_control_character_is_an_invalid_boolean_not_an_absent_one(client, valor):
    resposta = client.get(BASE + f"hipoteses?status={valor}")
    assert (resposta.status_code, resposta.json()["codigoErro"]) == (400, "0001")


def test_especies_shape_in_code_order(client):
    resposta = client.get(BASE + "especies")
    assert resposta.status_code == 200
    especies = resposta.json()["especies"]
    assert len(especies) == 187
    assert especies[41] == {"codigo": 42, "nomeNoProdutor": "Despacho"}
    assert especies[-1] == {"codigo": 999, "nomeNoProdutor": "Outra"}
    assert [e["codigo"] for e in especies] == sorted(e["codigo"] for e in especies)


def test_inactive_especie_leaves_the_api(client):
    services.inativar(EspecieDocumental.objects.get(codigo=42))
    codigos = [e["codigo"] for e in client.get(BASE + "especies").json()["especies"]]
    assert 42 not in codigos and len(codigos) == 186


def test_catalogue_endpoints_are_read_only(client):
    resposta = client.post(BASE + "hipoteses", {"nome": "x"}, content_type="application/json")
    assert resposta.status_code == 405
    assert resposta.json()["codigoErro"] == "0010"  # 0005 is the bus's unit-mapping error
    assert HipoteseLegal.objects.count() == 23
