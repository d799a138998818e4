"""The error catalogue and how the API answers every code (``{codigoErro, mensagem}``, never a 500)."""

import pytest
from rest_framework import exceptions, serializers
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from portal.api.errors import CODIGOS_POR_STATUS
from portal.entrada_nul import RecusarNulMiddleware
from portal.servicos_indisponiveis import CODIGO_API_INDISPONIVEL
from tramites import erros
from tramites.erros import CATALOGO, CodigoDeErroDesconhecido, ErroDaApi

fabrica = APIRequestFactory()


def responder(excecao):
    """What a DRF view that raises ``excecao`` answers (through the project's exception handler)."""

    class Vista(APIView):
        authentication_classes = []
        permission_classes = []

        def get(self, request):
            raise excecao

    return Vista.as_view()(fabrica.get("/interoperabilidade/rest/v3/teste"))


@pytest.mark.parametrize("codigo", sorted(CATALOGO))
def test_each_catalogued_code_answers_its_status_and_default_message(codigo):
    resposta = responder(ErroDaApi(codigo))
    assert resposta.status_code == CATALOGO[codigo].status
    assert resposta.data == {"codigoErro": codigo, "mensagem": CATALOGO[codigo].mensagem}


@pytest.mark.parametrize("codigo", sorted(CATALOGO))
def test_each_code_is_four_digits_with_a_pt_br_message_and_a_known_origin(codigo):
    entrada = CATALOGO[codigo]
    assert len(codigo) == 4 and codigo.isascii() and codigo.isdigit() and codigo.startswith("00")
    assert entrada.mensagem.endswith(".") and entrada.origem in {"barramento", "portal", "tramita"}


def test_only_service_unavailable_and_the_last_resort_are_not_4xx():
    assert {c for c, e in CATALOGO.items() if not 400 <= e.status < 500} == {"0009", "0099"}


def test_the_bus_codes_from_the_spec_keep_their_meaning():
    assert CATALOGO["0005"].origem == "barramento" and "código mapeado para a unidade" in CATALOGO["0005"].mensagem
    assert CATALOGO["0044"].origem == "barramento" and "trâmite em andamento" in CATALOGO["0044"].mensagem
    assert CATALOGO["0055"].origem == "barramento" and "repositório" in CATALOGO["0055"].mensagem


def test_a_given_message_and_status_replace_the_defaults():
    resposta = responder(ErroDaApi("0044", "NRE, '0000004385642018', já possui trâmite em andamento.", 400))
    assert resposta.status_code == 400
    assert resposta.data == {"codigoErro": "0044",
                             "mensagem": "NRE, '0000004385642018', já possui trâmite em andamento."}


def test_an_unknown_code_is_a_programming_error():
    with pytest.raises(CodigoDeErroDesconhecido):
        ErroDaApi("0123")


@pytest.mark.parametrize(("status", "codigo"), sorted(CODIGOS_POR_STATUS.items()))
def test_the_portal_handler_s_generic_codes_are_catalogued_with_the_same_status(status, codigo):
    assert CATALOGO[codigo].status == status and CATALOGO[codigo].origem == "portal"


def test_codes_used_by_lower_apps_are_catalogued():
    from estrutura.api import views

    assert CATALOGO[views.CODIGO_FORA_DO_REPOSITORIO].status == 404
    assert CATALOGO[CODIGO_API_INDISPONIVEL].status == 503


@pytest.mark.parametrize(("excecao", "status", "codigo"), [
    (exceptions.ParseError(), 400, "0001"),
    (exceptions.PermissionDenied(), 403, "0003"),
    (exceptions.NotFound(), 404, "0004"),
    (exceptions.MethodNotAllowed("PATCH"), 405, "0010"),
    (exceptions.NotAcceptable(), 406, "0006"),
    (exceptions.UnsupportedMediaType("text/xml"), 415, "0007"),
    (exceptions.Throttled(30), 429, "0008"),
])
def test_errors_drf_raises_without_a_code_get_the_catalogued_one(excecao, status, codigo):
    resposta = responder(excecao)
    assert (resposta.status_code, resposta.data["codigoErro"]) == (status, codigo)
    assert CATALOGO[codigo].status == status


def test_a_405_on_a_real_api_path_answers_0010_not_the_bus_s_0005(client):
    resposta = client.post("/interoperabilidade/rest/v3/healthcheck")
    assert resposta.status_code == 405 and resposta.json()["codigoErro"] == erros.METODO_NAO_PERMITIDO


def test_nul_in_the_query_answers_0001():
    resposta = RecusarNulMiddleware(lambda r: None)(fabrica.get("/interoperabilidade/rest/v3/x?a=%00"))
    assert resposta.status_code == 400 and b'"0001"' in resposta.content


class _Componente(serializers.Serializer):
    ordem = serializers.IntegerField()


class _Documento(serializers.Serializer):
    nome = serializers.CharField(max_length=3)
    componentes = _Componente(many=True)


def test_validation_errors_answer_0001_with_every_field_path_in_the_bus_s_format():
    dados = _Documento(data={"nome": "longo", "componentes": [{"ordem": 1}, {"ordem": "x"}]})
    assert not dados.is_valid()
    resposta = responder(serializers.ValidationError(dados.errors))
    assert resposta.status_code == 400 and resposta.data["codigoErro"] == "0001"
    assert resposta.data["mensagem"] == (
        "Os seguintes erros de validação de campos foram identificados: "
        "- nome: Certifique-se de que este campo não tenha mais de 3 caracteres. "
        "- componentes[1].ordem: Um número inteiro válido é exigido."
    )


def test_a_validation_message_lists_at_most_twenty_errors():
    detalhe = {f"campo{i}": ["Inválido."] for i in range(25)}
    mensagem = responder(serializers.ValidationError(detalhe)).data["mensagem"]
    assert mensagem.count("Inválido.") == 20 and mensagem.endswith("- e mais 5 erro(s).")


def test_an_unexpected_exception_still_answers_the_error_body():
    resposta = responder(RuntimeError("boom"))
    assert resposta.status_code == 500 and resposta.data["codigoErro"] == "0099"


def test_corpo_builds_the_body_without_raising():
    assert erros.corpo("0063") == {"codigoErro": "0063", "mensagem": CATALOGO["0063"].mensagem}
