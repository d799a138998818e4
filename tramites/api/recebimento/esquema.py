"""OpenAPI shapes of the receiver's endpoints, with the field names clients read (documentation only:
the views build plain dicts in ``tramites.services.consulta``/``recebimento``)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from portal.api.parametros import inteiro_no_esquema
from tramites.api.entrada.corpos import LIMITE_JUSTIFICATIVA, MOTIVOS_DE_RECUSA

# ``{codigoErro, mensagem}``: one component for the whole API (the schema hook makes it the canonical one).
from tramites.api.envio.esquema import ErroDaApiSerializer as ErroDaApi


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


BASE64 = OpenApiResponse(OpenApiTypes.STR, description="O conteúdo (ou a parte pedida) em base64, como texto.")

IDT = OpenApiParameter("idt", inteiro_no_esquema(), OpenApiParameter.PATH, description="Índice do trâmite (IDT).")
INTERVALO = OpenApiParameter(
    "intervalo", {"type": "string", "pattern": "^[0-9]{1,19}-[0-9]{1,19}$"}, OpenApiParameter.PATH,
    description="Bytes inicio-fim do componente, fim exclusivo (0-52428800).")


def texto_sem_controle(limite: int) -> dict:
    """A text parameter the views refuse with control characters (Unicode category Cc) in it."""
    return {"type": "string", "maxLength": limite, "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"}


def _corpo(propriedades: dict) -> dict:
    """A JSON request body with exactly these (required) fields."""
    return {"application/json": {"type": "object", "properties": propriedades, "required": sorted(propriedades),
                                 "additionalProperties": False}}


CORPO_DO_COMPONENTE = _corpo({
    "hashDoComponenteDigital": {"type": "string", "pattern": "^[A-Za-z0-9+/]{43}=$",
                                "description": "SHA-256 do componente, em base64."},
    "protocolo": {"type": "string", "pattern": "^[0-9]{5}\\.[0-9]{6}/[0-9]{4}-[0-9]{2}$",
                  "description": "O NUP do processo ou documento a que o componente pertence."},
})
CORPO_DO_RECIBO = _corpo({
    "dataDeRecebimento": {"type": "string", "format": "date-time", "minLength": 10, "maxLength": 40,
                          "description": "Exatamente como assinada (AAAA-MM-DDTHH:MM:SS.mmmZ)."},
    "hashDaAssinatura": {"type": "string", "minLength": 4, "maxLength": 2048, "pattern": "^[A-Za-z0-9+/]+={0,2}$",
                         "description": "Assinatura SHA-256 (RSA PKCS#1 v1.5 ou ECDSA) do texto do recibo, base64."},
})
CORPO_DA_RECUSA = _corpo({
    "motivo": {"type": "string", "enum": sorted(MOTIVOS_DE_RECUSA)},
    "justificativa": {"type": "string", "minLength": 1, "maxLength": LIMITE_JUSTIFICATIVA},
})
