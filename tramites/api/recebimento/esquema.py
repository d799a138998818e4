"""OpenAPI shapes of the receiver's endpoints, with the field names clients read (documentation only:
the views build plain dicts in ``tramites.services.consulta``/``recebimento``)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from portal.api.parametros import inteiro_no_esquema, texto_no_esquema
from tramites.api.entrada.corpos import LIMITE_JUSTIFICATIVA, MOTIVOS_DE_RECUSA


class ErroDaApi(serializers.Serializer):
    """``{codigoErro, mensagem}`` (the schema hook replaces it with the canonical component)."""

    codigoErro = serializers.CharField()  # noqa: N815
    mensagem = serializers.CharField()


def erro(descricao: str) -> OpenApiResponse:
    return OpenApiResponse(ErroDaApi, description=descricao)


SITUACAO_NAO_PERMITE = erro("A situação atual do trâmite não permite a operação (0065).")
PROIBIDO = erro("Operação de outro lado do trâmite (0003), ou certificado recusado.")


class EstruturaDoTramite(serializers.Serializer):
    identificacaoDoRepositorioDeEstruturas = serializers.IntegerField()  # noqa: N815
    numeroDeIdentificacaoDaEstrutura = serializers.CharField()  # noqa: N815
    nome = serializers.CharField()
    sigla = serializers.CharField()


class Pendencia(serializers.Serializer):
    IDT = serializers.IntegerField()
    status = serializers.IntegerField(help_text="A situação atual do trâmite (1 a 10).")


class MetadadosDoTramite(serializers.Serializer):
    IDT = serializers.IntegerField()
    nre = serializers.CharField(help_text="NRE, em minúsculas só nesta resposta (como o barramento).")
    processo = serializers.JSONField(required=False, help_text="Ausente num documento avulso.")
    documento = serializers.JSONField(required=False, help_text="Só num documento avulso.")
    remetente = EstruturaDoTramite()
    destinatario = EstruturaDoTramite()
    unidadeReceptora = EstruturaDoTramite(required=False, help_text="A unidade centralizadora que recebe.")  # noqa: N815
    reproducaoDeTramite = serializers.BooleanField()  # noqa: N815
    reproducaoDeProcesso = serializers.BooleanField()  # noqa: N815
    ticketParaReenvioDeComponentesDigitais = serializers.CharField(allow_null=True)  # noqa: N815
    propriedadesAdicionais = serializers.ListField(child=serializers.JSONField())  # noqa: N815


class MudancaDeSituacao(serializers.Serializer):
    situacao = serializers.IntegerField()
    dataHora = serializers.CharField()  # noqa: N815


class TramiteConsultado(serializers.Serializer):
    IDT = serializers.IntegerField()
    NRE = serializers.CharField()
    protocolo = serializers.CharField()
    situacaoAtual = serializers.IntegerField()  # noqa: N815
    remetente = EstruturaDoTramite()
    destinatario = EstruturaDoTramite()
    unidadeReceptora = EstruturaDoTramite(allow_null=True)  # noqa: N815
    mudancasDeSituacao = MudancaDeSituacao(many=True)  # noqa: N815
    hashDosComponentesPendentesDeRecebimento = serializers.ListField(child=serializers.CharField())  # noqa: N815
    justificativaDaRecusa = serializers.CharField(allow_null=True)  # noqa: N815
    motivoDaRecusa = serializers.CharField(allow_null=True)  # noqa: N815


class ListaDeTramites(serializers.Serializer):
    totalDeRegistros = serializers.IntegerField()  # noqa: N815
    tramites = TramiteConsultado(many=True)


class ReciboDeConclusaoConteudo(serializers.Serializer):
    IDT = serializers.IntegerField()
    NRE = serializers.CharField()
    dataDeRecebimento = serializers.CharField()  # noqa: N815
    hashesDosComponentesDigitais = serializers.ListField(child=serializers.CharField())  # noqa: N815


class ReciboDeConclusao(serializers.Serializer):
    recibo = ReciboDeConclusaoConteudo()
    cadeiaDoCertificado = serializers.CharField()  # noqa: N815
    hashDaAssinatura = serializers.CharField()  # noqa: N815


class SituacaoDoTramite(serializers.Serializer):
    IDT = serializers.IntegerField()
    NRE = serializers.CharField()
    situacaoAtual = serializers.IntegerField()  # noqa: N815


class IdentificacaoDoComponenteDigital(serializers.Serializer):
    hashDoComponenteDigital = serializers.CharField(min_length=44, max_length=44)  # noqa: N815
    protocolo = serializers.CharField(max_length=40)


class EnvioDeReciboDeConclusao(serializers.Serializer):
    dataDeRecebimento = serializers.CharField(max_length=40)  # noqa: N815
    hashDaAssinatura = serializers.CharField(max_length=2048)  # noqa: N815


class RecusaDeTramite(serializers.Serializer):
    justificativa = serializers.CharField(max_length=LIMITE_JUSTIFICATIVA)
    motivo = serializers.ChoiceField(choices=sorted(MOTIVOS_DE_RECUSA))


BASE64 = OpenApiResponse(OpenApiTypes.STR, description="O conteúdo (ou a parte pedida) em base64, como texto.")

IDT = OpenApiParameter("idt", inteiro_no_esquema(), OpenApiParameter.PATH, description="Índice do trâmite (IDT).")
IDT_REDUNDANTE = OpenApiParameter("IDT", inteiro_no_esquema(),
                                  description="O mesmo IDT do caminho (aceito por compatibilidade).")
INTERVALO = OpenApiParameter(
    "intervalo", {"type": "string", "pattern": "^[0-9]{1,19}-[0-9]{1,19}$"}, OpenApiParameter.PATH,
    description="Bytes inicio-fim do componente, fim exclusivo (0-52428800).")
HASH_NA_CONSULTA = OpenApiParameter("hashDoComponenteDigital", texto_no_esquema(44),
                                    description="Alternativa ao corpo JSON.")
PROTOCOLO_NA_CONSULTA = OpenApiParameter("protocolo", texto_no_esquema(40), description="Alternativa ao corpo JSON.")
