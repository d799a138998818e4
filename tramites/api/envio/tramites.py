"""``POST tramites/processo`` (#9), ``POST tramites/documento`` (#10), ``DELETE tramites/{IDT}`` (#23),
``GET tramites/{IDT}/recibo-de-envio`` (#14) and ``POST NREs/{NRE}/destinatarios/{rep}/{estr}/reproducoes-de-tramite``
(#26)."""

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.parametros import numero_do_caminho
from tramites import erros
from tramites.api.comum import traduzir, tramite_do_caminho
from tramites.api.entrada import EnvioDeDocumento, EnvioDeProcesso, validar
from tramites.api.envio import esquema as e
from tramites.api.recebimento.esquema import IDT as IDT_DO_CAMINHO  # the path is tramites/{idt}, shared with GET
from tramites.api.recebimento.views import MetadadosView
from tramites.services import envio


class EnvioDeProcessoView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(summary="Enviar processo", operation_id="enviarProcesso", request=EnvioDeProcesso,
                   responses={200: e.RESPOSTA_DE_ENVIO, 400: e.CORPO_INVALIDO, 403: e.erro("Acesso negado."),
                              404: e.erro("Estrutura fora do repositório (0055) ou NRE desconhecido (0004)."),
                              409: e.erro("Trâmite em andamento (0044).")})
    def post(self, request):
        dados = validar(EnvioDeProcesso, request.data)
        with traduzir():
            return Response(envio.enviar_processo(request.user, dados))


class EnvioDeDocumentoView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(summary="Enviar documento avulso", operation_id="enviarDocumento", request=EnvioDeDocumento,
                   responses={200: e.RESPOSTA_DE_DOCUMENTO, 400: e.CORPO_INVALIDO, 403: e.erro("Acesso negado."),
                              404: e.erro("Estrutura fora do repositório (0055) ou NRE desconhecido (0004)."),
                              409: e.erro("Trâmite em andamento (0044).")})
    def post(self, request):
        dados = validar(EnvioDeDocumento, request.data)
        with traduzir():
            return Response(envio.enviar_documento(request.user, dados))


class TramiteView(MetadadosView):
    """``tramites/{IDT}``: the metadata (GET, #17, from the receiver's side) and the sender's cancel (DELETE)."""

    @extend_schema(summary="Cancelar envio de trâmite", operation_id="cancelarEnvioDeTramite",
                   parameters=[IDT_DO_CAMINHO],
                   responses={200: e.RESPOSTA_DE_CANCELAMENTO, 403: e.erro("Somente o remetente cancela."),
                              409: e.erro("A situação do trâmite não permite o cancelamento (0065).")})
    def delete(self, request, idt):
        tramite = tramite_do_caminho(request, idt)
        with traduzir():
            tramite = envio.cancelar(tramite, request.user)
        return Response({"IDT": tramite.idt, "NRE": tramite.nre, "situacaoAtual": tramite.status})


class ReciboDeEnvioView(APIView):
    @extend_schema(summary="Receber recibo de envio", operation_id="receberReciboDeEnvio",
                   parameters=[e.IDT],
                   responses={200: e.RECIBO_DE_ENVIO, 403: e.erro("Somente o remetente obtém o recibo de envio."),
                              409: e.erro("Os componentes ainda não foram todos recebidos (0065).")})
    def get(self, request, IDT):  # noqa: N803
        tramite = tramite_do_caminho(request, IDT)
        with traduzir():
            return Response(envio.recibo_de_envio(tramite, request.user))


class ReproducaoView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(summary="Reproduzir o último trâmite", operation_id="reproduzirUltimoTramite", request=None,
                   parameters=[e.NRE, e.ID_REPOSITORIO, e.ID_ESTRUTURA],
                   responses={200: e.RESPOSTA_DE_REPRODUCAO, 403: e.erro("Somente o remetente reproduz."),
                              409: e.erro("Trâmite em andamento para o destinatário (0044).")})
    def post(self, request, NRE, id_repositorio, id_estrutura):  # noqa: N803
        if not (NRE.isascii() and NRE.isdigit() and len(NRE) <= 16):
            raise erros.ErroDaApi(erros.REQUISICAO_INVALIDA, "NRE inválido: informe até 16 algarismos.")
        repositorio = numero_do_caminho(id_repositorio, "Identificador do repositório")
        estrutura = numero_do_caminho(id_estrutura, "Número de identificação da estrutura")
        with traduzir():
            return Response(envio.reproduzir(request.user, NRE, repositorio, estrutura))
