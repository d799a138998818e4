"""Component uploads by ticket (#11 whole, #12 byte range, #13 end of the parts). The multipart body is
spooled by Django's upload handlers to a temporary file past ``FILE_UPLOAD_MAX_MEMORY_SIZE`` and streamed
into ``Armazem`` in blocks: a component is never held in memory."""

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from tramites import erros
from tramites.api.comum import traduzir
from tramites.api.entrada.consulta import dados_do_componente, ler_intervalo
from tramites.api.envio import esquema as e
from tramites.services import componentes

_ERROS = {403: e.erro("Acesso negado."), 409: e.erro("Parte conflitante, componente incompleto ou situação (0061, "
                                                      "0063, 0065).")}


def _conteudo(request):
    arquivo = request.FILES.get("conteudo")
    if arquivo is None:
        raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA,
                              "Envie os bytes do componente digital na parte “conteudo” do formulário multipart.")
    return arquivo


class ComponenteView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(summary="Enviar componente digital", operation_id="enviarComponenteDigital",
                   parameters=[e.TICKET, *e.COMPONENTE_NA_CONSULTA], request={"multipart/form-data": e.UPLOAD},
                   responses={200: e.RESPOSTA_DE_COMPONENTE, **_ERROS})
    def put(self, request, ticket):
        componentes.tramites_do_ticket(request.user, ticket)  # 404 before reading the body
        dados = dados_do_componente(request)
        with traduzir():
            return Response(componentes.receber_componente(request.user, ticket, dados, _conteudo(request)))


class ParteView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(summary="Enviar parte de componente digital", operation_id="enviarParteDeComponenteDigital",
                   parameters=[e.TICKET, e.INTERVALO, *e.COMPONENTE_NA_CONSULTA],
                   request={"multipart/form-data": e.UPLOAD}, responses={200: e.RESPOSTA_DE_COMPONENTE, **_ERROS})
    def put(self, request, ticket, intervalo):
        inicio, fim = ler_intervalo(intervalo)
        componentes.tramites_do_ticket(request.user, ticket)
        dados = dados_do_componente(request)
        with traduzir():
            return Response(componentes.receber_parte(request.user, ticket, dados, inicio, fim, _conteudo(request)))


class TerminoView(APIView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(summary="Sinalizar término do envio das partes",
                   operation_id="sinalizarTerminoDeEnvioDasPartesDoComponente",
                   parameters=[e.TICKET, *e.COMPONENTE_NA_CONSULTA], request=e.IDENTIFICACAO,
                   responses={200: e.RESPOSTA_DE_COMPONENTE, **_ERROS})
    def post(self, request, ticket):
        componentes.tramites_do_ticket(request.user, ticket)
        dados = dados_do_componente(request)
        with traduzir():
            return Response(componentes.sinalizar_termino(request.user, ticket, dados))
