"""Query and path parsing as real clients send it (PHP nested keys, booleans, ?IDT=, parts, ranges)."""

import base64
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import resolve, reverse
from django.urls.resolvers import URLResolver
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from portal.api.errors import ErroDaApi  # the base class: portal helpers raise it too
from tramites.api.entrada import consulta

fabrica = APIRequestFactory()
HASH = base64.b64encode(hashlib.sha256(b"conteudo").digest()).decode()
NUP = "23037.001462/2021-65"


def _erro(funcao, *args):
    with pytest.raises(ErroDaApi) as erro:
        funcao(*args)
    assert erro.value.codigo == "0001" and erro.value.status_code == 400
    return erro.value.mensagem


def test_php_nested_filters_become_nested_dicts():
    dados = QueryDict(
        "remetente[identificacaoDoRepositorioDeEstruturas]=5&remetente[numeroDeIdentificacaoDaEstrutura]=123"
        "&destinatario[identificacaoDoRepositorioDeEstruturas]=1&NRE=0000004385642018&IDT=9"
    )
    assert consulta.aninhar(dados) == {
        "remetente": {"identificacaoDoRepositorioDeEstruturas": "5", "numeroDeIdentificacaoDaEstrutura": "123"},
        "destinatario": {"identificacaoDoRepositorioDeEstruturas": "1"},
        "NRE": "0000004385642018", "IDT": "9",
    }


def test_php_lists_and_deeper_levels_are_read():
    dados = QueryDict("a[]=1&a[]=2&b[c][d]=x&e=1&e=2")
    assert consulta.aninhar(dados) == {"a": ["1", "2"], "b": {"c": {"d": "x"}}, "e": "2"}  # PHP: last wins


@pytest.mark.parametrize("texto", [
    "a=1&a[b]=2", "a[b]=2&a=1", "a[]=1&a[b]=2", "a[b=1", "a]b[=1", "[x]=1", "a[][b]=1",
    "a[1][2][3][4][5]=1",
])
def test_malformed_or_conflicting_nested_keys_are_refused(texto):
    assert "Parâmetro" in _erro(consulta.aninhar, QueryDict(texto))


def test_too_many_parameters_are_refused():
    assert "parâmetros demais" in _erro(consulta.aninhar, QueryDict("&".join(f"p{i}=1" for i in range(201))))


@pytest.mark.parametrize(("valor", "esperado"), [
    ("1", True), ("0", False), ("true", True), ("false", False), ("TRUE", True), (" False ", False),
    ("", None), (None, None),
])
def test_booleans_as_php_and_json_clients_write_them(valor, esperado):
    assert consulta.booleano(valor, "todas") is esperado


@pytest.mark.parametrize("valor", ["2", "verdadeiro", "١", "yes please", "tru"])
def test_other_boolean_values_are_refused_naming_the_parameter(valor):
    assert _erro(consulta.booleano, valor, "todas") == "Parâmetro todas inválido: informe true ou false."


@pytest.mark.parametrize(("texto", "esperado"), [
    ("ativos=true", True), ("ativo=1", True), ("ativos=0", False), ("ativo=false", False), ("", None),
    ("ativos=1&ativo=1", True),
])
def test_ativos_and_its_synonym_ativo(texto, esperado):
    assert consulta.ler_ativos(QueryDict(texto)) is esperado


def test_a_bad_ativo_is_refused_even_beside_a_good_ativos():
    assert "ativo" in _erro(consulta.ler_ativos, QueryDict("ativos=true&ativo=talvez"))


@pytest.mark.parametrize("texto", ["", "IDT=", "IDT=42"])
def test_the_redundant_idt_may_be_absent_or_equal(texto):
    assert consulta.conferir_idt("42", QueryDict(texto)) == 42


@pytest.mark.parametrize(("texto", "trecho"), [
    ("IDT=43", "(43) é diferente do IDT do caminho (42)"),
    ("IDT=4٢", "número inteiro"),
    ("IDT=-42", "número inteiro"),
    ("IDT=99999999999999999999", "número inteiro"),
])
def test_a_redundant_idt_that_differs_or_is_not_a_number_is_refused(texto, trecho):
    assert trecho in _erro(consulta.conferir_idt, "42", QueryDict(texto))


@pytest.mark.parametrize(("texto", "esperado"), [
    ("0-52428800", (0, 52428800)), ("52428800-104857600", (52428800, 104857600)), ("9-10", (9, 10)),
])
def test_byte_ranges_are_half_open(texto, esperado):
    assert consulta.ler_intervalo(texto) == esperado


@pytest.mark.parametrize("texto", ["10-10", "10-9", "0-", "-5", "a-b", "0-1-2", "٠-١٠", "0 - 10", "",
                                   "0-99999999999999999999"])
def test_bad_byte_ranges_are_refused(texto):
    assert "Intervalo de bytes" in _erro(consulta.ler_intervalo, texto)


def _requisicao(caminho, dados=None, formato="multipart"):
    bruta = fabrica.put(caminho, dados or {}, format=formato)
    from rest_framework.parsers import JSONParser, MultiPartParser

    return Request(bruta, parsers=[MultiPartParser(), JSONParser()])


def test_hash_and_protocolo_may_come_as_multipart_parts():
    requisicao = _requisicao("/x", {"hashDoComponenteDigital": HASH, "protocolo": "23037001462202165",
                                    "conteudo": SimpleUploadedFile("conteudo.html", b"conteudo")})
    assert consulta.dados_do_componente(requisicao) == {"hashDoComponenteDigital": HASH, "protocolo": NUP}


def test_hash_and_protocolo_may_come_as_query_parameters():
    from urllib.parse import urlencode

    requisicao = _requisicao("/x?" + urlencode({"hashDoComponenteDigital": HASH, "protocolo": NUP}),
                             {"conteudo": SimpleUploadedFile("c.html", b"conteudo")})
    assert consulta.dados_do_componente(requisicao) == {"hashDoComponenteDigital": HASH, "protocolo": NUP}


def test_hash_and_protocolo_may_come_as_a_json_body():
    requisicao = _requisicao("/x", {"hashDoComponenteDigital": HASH, "protocolo": NUP}, formato="json")
    assert consulta.dados_do_componente(requisicao)["protocolo"] == NUP


def test_the_same_value_in_both_places_is_fine_but_different_values_are_refused():
    from urllib.parse import urlencode

    igual = _requisicao("/x?" + urlencode({"protocolo": NUP}), {"hashDoComponenteDigital": HASH, "protocolo": NUP})
    assert consulta.dados_do_componente(igual)["protocolo"] == NUP
    outro = _requisicao("/x?" + urlencode({"protocolo": "23065.021788/2019-57"}),
                        {"hashDoComponenteDigital": HASH, "protocolo": NUP})
    assert "valores diferentes" in _erro(consulta.dados_do_componente, outro)


@pytest.mark.parametrize(("dados", "trecho"), [
    ({"protocolo": NUP}, "hashDoComponenteDigital não foi informado"),
    ({"hashDoComponenteDigital": HASH}, "protocolo não foi informado"),
    ({"hashDoComponenteDigital": hashlib.sha256(b"x").hexdigest(), "protocolo": NUP}, "base64"),
    ({"hashDoComponenteDigital": HASH, "protocolo": "23037.001462/2021-66"}, "não conferem"),
])
def test_missing_or_bad_component_identification_is_refused(dados, trecho):
    assert trecho in _erro(consulta.dados_do_componente, _requisicao("/x", dados))


def _vista(request, **kwargs):
    from django.http import JsonResponse

    return JsonResponse(kwargs)


urlpatterns = [consulta.caminho("tramites/<int:idt>/recibo", _vista, name="recibo_teste"),
               consulta.caminho("tramites/<int:idt>/protocolos/componentes-digitais/partes/<str:intervalo>", _vista)]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("caminho", ["/tramites/42/recibo", "/tramites/42/recibo/"])
def test_paths_match_with_or_without_the_trailing_slash(caminho):
    assert resolve(caminho).kwargs == {"idt": "42"}
    assert reverse("recibo_teste", kwargs={"idt": 42}) == "/tramites/42/recibo"


@pytest.mark.urls(__name__)
def test_path_parameters_match_only_what_their_converter_allows():
    from django.urls import Resolver404

    assert resolve("/tramites/1/protocolos/componentes-digitais/partes/0-10/").kwargs["intervalo"] == "0-10"
    with pytest.raises(Resolver404):
        resolve("/tramites/x/recibo")
    assert not isinstance(urlpatterns[0], URLResolver)


def test_the_documented_path_is_the_route_without_slash_or_escapes():
    from django.contrib.admindocs.views import simplify_regex

    assert simplify_regex(urlpatterns[1].pattern.regex.pattern) == (
        "/tramites/<idt>/protocolos/componentes-digitais/partes/<intervalo>")


def test_accept_any_type_gets_json(client):
    resposta = client.get("/interoperabilidade/rest/v3/healthcheck", HTTP_ACCEPT="*/*")
    assert resposta.status_code == 200 and resposta["Content-Type"].startswith("application/json")
