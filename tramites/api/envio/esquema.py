"""OpenAPI pieces shared by the envio views (the error body's component is filled by portal.api.esquema)."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from portal.api.parametros import inteiro_no_esquema


class ErroDaApiSerializer(serializers.Serializer):
    codigoErro = serializers.CharField()  # noqa: N815
    mensagem = serializers.CharField()


def erro(descricao: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErroDaApiSerializer, description=descricao)


# A redundant ``?IDT=`` (MOD sends it) is accepted when equal to the path's; it is not listed as a parameter
# because "equal to the path" is not something a schema can say (a different one answers 400 0001).
IDT = OpenApiParameter("IDT", inteiro_no_esquema(), OpenApiParameter.PATH,
                       description="Índice do trâmite (um ?IDT= redundante é aceito se for igual).")
TICKET = OpenApiParameter("ticket", {"type": "string", "pattern": "^[0-9a-f]{32}$"}, OpenApiParameter.PATH,
                          description="ticketParaEnvioDeComponentesDigitais da resposta do envio.")
INTERVALO = OpenApiParameter("intervalo", {"type": "string", "pattern": "^[0-9]{1,18}-[0-9]{1,18}$"},
                             OpenApiParameter.PATH, description="inicio-fim em bytes (fim exclusivo).")
NRE = OpenApiParameter("NRE", {"type": "string", "pattern": "^[0-9]{1,16}$"}, OpenApiParameter.PATH)
ID_REPOSITORIO = OpenApiParameter("id_repositorio", inteiro_no_esquema(), OpenApiParameter.PATH)
ID_ESTRUTURA = OpenApiParameter("id_estrutura", inteiro_no_esquema(), OpenApiParameter.PATH)
CORPO_INVALIDO = OpenApiResponse(response=ErroDaApiSerializer,
                                 description="Corpo inválido (0001), unidade mal mapeada (0005) ou sem recebimento "
                                             "(0068/0069).")
COMPONENTE_NA_CONSULTA = [
    OpenApiParameter("hashDoComponenteDigital", str, required=False,
                     description="SHA-256 do componente em base64 (ou parte do formulário)."),
    OpenApiParameter("protocolo", str, required=False, description="NUP dono do componente (ou parte do formulário)."),
]

_ESTRUTURA = inline_serializer("EstruturaDoEnvio", {
    "identificacaoDoRepositorioDeEstruturas": serializers.IntegerField(),
    "numeroDeIdentificacaoDaEstrutura": serializers.CharField(),
})
_SOLICITADOS = inline_serializer("ComponentesSolicitados", {
    "protocolo": serializers.CharField(), "hashes": serializers.ListField(child=serializers.CharField()),
}, many=True)

RESPOSTA_DE_ENVIO = inline_serializer("RespostaDeEnvioDeProcesso", {
    "IDT": serializers.IntegerField(), "NRE": serializers.CharField(),
    "dataHoraDeRegistroDoTramite": serializers.CharField(),
    "ticketParaEnvioDeComponentesDigitais": serializers.CharField(),
    "processosComComponentesDigitaisSolicitados": _SOLICITADOS,
})
RESPOSTA_DE_REPRODUCAO = inline_serializer("RespostaDeReproducaoDeTramite", {
    "IDT": serializers.IntegerField(), "NRE": serializers.CharField(),
    "dataHoraDeRegistroDoTramite": serializers.CharField(),
    "ticketParaEnvioDeComponentesDigitais": serializers.CharField(),
    "ticketParaReenvioDeComponentesDigitais": serializers.CharField(),
    "processosComComponentesDigitaisSolicitados": _SOLICITADOS,
})
RESPOSTA_DE_DOCUMENTO = inline_serializer("RespostaDeEnvioDeDocumento", {
    "NRE": serializers.CharField(),
    "tramites": inline_serializer("TramiteDeDocumentoAvulso", {
        "IDT": serializers.IntegerField(), "NRE": serializers.CharField(),
        "dataHoraDeRegistroDoTramite": serializers.CharField(), "destinatario": _ESTRUTURA,
    }, many=True),
    "dataHoraDeRegistroDoTramite": serializers.CharField(),
    "ticketParaEnvioDeComponentesDigitais": serializers.CharField(),
    "processosComComponentesDigitaisSolicitados": _SOLICITADOS,
})
RESPOSTA_DE_COMPONENTE = inline_serializer("SituacaoDoComponenteEnviado", {
    "hashDoComponenteDigital": serializers.CharField(), "protocolo": serializers.CharField(),
    "tamanhoEmBytes": serializers.IntegerField(), "bytesRecebidos": serializers.IntegerField(),
    "situacao": serializers.ChoiceField(choices=["recebendo", "em verificação", "verificado"]),
})
UPLOAD = inline_serializer("UploadDeComponente", {
    "conteudo": serializers.FileField(),
    "hashDoComponenteDigital": serializers.CharField(required=False),
    "protocolo": serializers.CharField(required=False),
})
IDENTIFICACAO = inline_serializer("IdentificacaoDoComponenteEnviado", {
    "hashDoComponenteDigital": serializers.CharField(required=False),
    "protocolo": serializers.CharField(required=False),
})
RESPOSTA_DE_CANCELAMENTO = inline_serializer("TramiteCancelado", {
    "IDT": serializers.IntegerField(), "NRE": serializers.CharField(), "situacaoAtual": serializers.IntegerField(),
})
RECIBO_DE_ENVIO = inline_serializer("ReciboDeEnvio", {
    "reciboDeEnvio": inline_serializer("ConteudoDoReciboDeEnvio", {
        "IDT": serializers.IntegerField(), "NRE": serializers.CharField(),
        "dataDeRecebimentoDoUltimoComponenteDigital": serializers.CharField(),
        "hashesDosComponentesDigitais": serializers.ListField(child=serializers.CharField()),
    }),
    "cadeiaDoCertificado": serializers.CharField(), "hashDaAssinatura": serializers.CharField(),
})
