"""Bodies of ``POST tramites/processo`` and ``POST tramites/documento`` (spec tramita-api §4.1, §7).

Plain serializers (no model behind them): field names exactly as clients send them, limits of spec §7
(marked "spec") and the house's own bounds where the spec gives none (marked "ours"). Espécie codes
and hipóteses legais are checked against the ``hipoteses`` catalogues (active entries only) in one
query each; a restricted protocol (``nivelDeSigilo`` 2) must name its hipótese. Unknown fields are
ignored (SUAP v2 and SEI send extra ones).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from tramites.api.entrada.campos import Booleano, DataHora, HashDoComponente, Inteiro, Nup, Texto

PUBLICO, RESTRITO, SIGILOSO = 1, 2, 3
NIVEIS_DE_SIGILO = (PUBLICO, RESTRITO, SIGILOSO)
TIPOS_DE_PRODUTOR = ("fisica", "juridica", "orgaopublico")
TIPOS_DE_CONTEUDO = ("txt", "img", "aud", "vid", "out")
MIME_OUTRO = "outro"

# Limits (characters / items).
LIMITE_DESCRICAO = 100  # spec: descricao, processoDeNegocio, identificacao.complemento
LIMITE_NOME = 150  # spec: produtor.nome, unidade.nome, interessado.nome
LIMITE_OPERACAO = 1000  # spec: itensHistorico.operacao
LIMITE_VALOR_PROPRIEDADE = 10000  # spec: propriedadesAdicionais (CLASSIFICACAO_Descricao/Observacao)
LIMITE_CHAVE_PROPRIEDADE = 100  # ours
LIMITE_TEXTO_CURTO = 255  # ours: nomes de componente, usuário, unidade da operação, nomeNoProdutor
LIMITE_MIME = 100  # ours
LIMITE_IDENTIFICADOR = 50  # ours: numeroDeIdentificacao, identificacao.numero, idAnexo, sigla
LIMITE_ASSINATURA = 1_000_000  # ours: a PKCS#7 chain in base64
MAXIMO_DOCUMENTOS = 5000  # ours
MAXIMO_COMPONENTES = 100  # ours, per document
MAXIMO_INTERESSADOS = 1000  # ours
MAXIMO_HISTORICO = 20000  # ours
MAXIMO_PROPRIEDADES = 1000  # ours
MAXIMO_DESTINATARIOS = 100  # ours
MAXIMO_ASSINATURAS = 50  # ours, per component
MAXIMO_APENSADOS = 100  # ours


@extend_schema_serializer(component_name="EstruturaDoCabecalho")
class Estrutura(serializers.Serializer):
    identificacaoDoRepositorioDeEstruturas = Inteiro(minimo=1)
    numeroDeIdentificacaoDaEstrutura = Inteiro(minimo=1)  # str|int in the clients: ASCII digits either way


class PropriedadeAdicional(serializers.Serializer):
    chave = Texto(required=True, max_length=LIMITE_CHAVE_PROPRIEDADE)
    valor = Texto(max_length=LIMITE_VALOR_PROPRIEDADE, multilinha=True, allow_null=True, default="")


class CabecalhoBase(serializers.Serializer):
    remetente = Estrutura()
    NRE = Texto(required=False, max_length=20)
    urgencia = Booleano(required=False, default=False)
    # MOD sends the boolean ``urgencia`` here (spec §9): a boolean means "no motivo".
    motivoDaUrgencia = serializers.JSONField(required=False, allow_null=True)
    enviarApenasComponentesDigitaisPendentes = Booleano(required=False, default=False)
    propriedadesAdicionais = PropriedadeAdicional(many=True, required=False, max_length=MAXIMO_PROPRIEDADES,
                                                  default=list)

    def validate_NRE(self, valor):
        if valor and not (valor.isascii() and valor.isdigit()):
            raise serializers.ValidationError("O NRE deve conter apenas algarismos de 0 a 9.")
        return valor or None

    def validate_motivoDaUrgencia(self, valor):
        if valor is None or isinstance(valor, bool):
            return None
        return Inteiro(minimo=1).run_validation(valor)


class CabecalhoDeProcesso(CabecalhoBase):
    destinatario = Estrutura()


class CabecalhoDeDocumento(CabecalhoBase):
    destinatarios = Estrutura(many=True, allow_empty=False, max_length=MAXIMO_DESTINATARIOS)


class Hipotese(serializers.Serializer):
    identificacao = Inteiro(minimo=1)


@extend_schema_serializer(component_name="UnidadeDoProdutor")
class Unidade(serializers.Serializer):
    nome = Texto(required=True, max_length=LIMITE_NOME)
    tipo = serializers.ChoiceField(choices=["orgaopublico"], required=False, default="orgaopublico")


class Produtor(serializers.Serializer):
    nome = Texto(required=True, max_length=LIMITE_NOME)
    tipo = serializers.ChoiceField(choices=TIPOS_DE_PRODUTOR)
    numeroDeIdentificacao = Texto(max_length=LIMITE_IDENTIFICADOR, allow_null=True)
    unidade = Unidade(required=False, allow_null=True)


class Interessado(serializers.Serializer):
    nome = Texto(required=True, max_length=LIMITE_NOME)


class ItemDeHistorico(serializers.Serializer):
    dataHoraOperacao = DataHora()
    unidadeOperacao = Texto(max_length=LIMITE_TEXTO_CURTO)
    operacao = Texto(required=True, max_length=LIMITE_OPERACAO, multilinha=True)
    usuario = Texto(max_length=LIMITE_TEXTO_CURTO)


@extend_schema_serializer(component_name="EspecieDoDocumento")
class Especie(serializers.Serializer):
    codigo = Inteiro(minimo=1)
    nomeNoProdutor = Texto(required=True, max_length=LIMITE_TEXTO_CURTO)


class Identificacao(serializers.Serializer):
    numero = Texto(max_length=LIMITE_IDENTIFICADOR, allow_null=True)
    siglaDaUnidadeProdutora = Texto(max_length=LIMITE_IDENTIFICADOR, allow_null=True)
    complemento = Texto(max_length=LIMITE_DESCRICAO, allow_null=True)
    ano = Inteiro(required=False, minimo=1000, maximo=9999, allow_null=True)


class HashDeComponente(serializers.Serializer):
    algoritmo = serializers.ChoiceField(choices=["SHA256"], required=False, default="SHA256")
    conteudo = HashDoComponente()


class HashDeAssinatura(serializers.Serializer):
    algoritmo = Texto(max_length=30)
    conteudo = Texto(required=True, max_length=LIMITE_ASSINATURA)


class Cadeia(serializers.Serializer):
    formato = Texto(max_length=30)
    conteudo = Texto(max_length=LIMITE_ASSINATURA, multilinha=True)


class AssinaturaDigital(serializers.Serializer):
    razao = Texto(max_length=LIMITE_TEXTO_CURTO, allow_null=True)
    observacao = Texto(max_length=LIMITE_OPERACAO, multilinha=True, allow_null=True)
    dataHora = DataHora(required=False, allow_null=True)
    hash = HashDeAssinatura()
    cadeiaDoCertificado = Cadeia(required=False, allow_null=True)


@extend_schema_serializer(component_name="ComponenteDigitalDoDocumento")
class ComponenteDigital(serializers.Serializer):
    ordem = Inteiro(minimo=1)
    nome = Texto(required=True, max_length=LIMITE_TEXTO_CURTO)
    hash = HashDeComponente()
    tamanhoEmBytes = Inteiro(minimo=0)
    mimeType = Texto(required=True, max_length=LIMITE_MIME)
    tipoDeConteudo = serializers.ChoiceField(choices=TIPOS_DE_CONTEUDO)
    dadosComplementaresDoTipoDeArquivo = Texto(max_length=LIMITE_TEXTO_CURTO, allow_null=True)
    idAnexo = Texto(max_length=LIMITE_IDENTIFICADOR, allow_null=True)
    assinaturasDigitais = AssinaturaDigital(many=True, required=False, max_length=MAXIMO_ASSINATURAS, default=list)

    def validate(self, dados):
        if dados["mimeType"] == MIME_OUTRO and not dados.get("dadosComplementaresDoTipoDeArquivo"):
            raise serializers.ValidationError({"dadosComplementaresDoTipoDeArquivo": [
                "Obrigatório quando mimeType é “outro”: informe a extensão ou o tipo do arquivo."]})
        return dados


def _exigir_hipotese_se_restrito(dados: dict) -> dict:
    if dados["nivelDeSigilo"] == RESTRITO and not dados.get("hipoteseLegal"):
        raise serializers.ValidationError({"hipoteseLegal": [
            "Obrigatória quando o nível de sigilo é restrito (2)."]})
    return dados


def _exigir_ordens(itens: list[dict], rotulo: str) -> None:
    ordens = sorted(item["ordem"] for item in itens)
    if ordens != list(range(1, len(itens) + 1)):
        raise serializers.ValidationError(f"As ordens dos {rotulo} devem ser 1, 2, … {len(itens)}, sem repetição.")


class DocumentoBase(serializers.Serializer):
    descricao = Texto(max_length=LIMITE_DESCRICAO, allow_null=True)
    nivelDeSigilo = Inteiro(opcoes=NIVEIS_DE_SIGILO)
    hipoteseLegal = Hipotese(required=False, allow_null=True)
    dataHoraDeProducao = DataHora()
    dataHoraDeRegistro = DataHora()
    produtor = Produtor()
    especie = Especie()
    identificacao = Identificacao(required=False, allow_null=True)
    componentesDigitais = ComponenteDigital(many=True, max_length=MAXIMO_COMPONENTES)

    def validate_componentesDigitais(self, componentes):
        _exigir_ordens(componentes, "componentes digitais")
        return componentes

    def validate(self, dados):
        if not dados["componentesDigitais"] and not dados.get("retirado"):
            raise serializers.ValidationError({"componentesDigitais": [
                "Informe ao menos um componente digital."]})
        return _exigir_hipotese_se_restrito(dados)


class DocumentoDoProcesso(DocumentoBase):
    ordem = Inteiro(minimo=1)
    retirado = Booleano(required=False, default=False)
    protocoloDoProcessoAnexado = Nup(required=False, allow_null=True)
    ordemDoDocumentoReferenciado = Inteiro(required=False, minimo=1, allow_null=True)


class DocumentoAvulso(DocumentoBase):
    protocolo = Nup()
    interessados = Interessado(many=True, required=False, max_length=MAXIMO_INTERESSADOS, default=list)


class ProcessoBase(serializers.Serializer):
    staTipoProtocolo = Texto(max_length=1)
    protocolo = Nup()
    nivelDeSigilo = Inteiro(opcoes=NIVEIS_DE_SIGILO)
    hipoteseLegal = Hipotese(required=False, allow_null=True)
    processoDeNegocio = Texto(max_length=LIMITE_DESCRICAO, allow_null=True)
    descricao = Texto(max_length=LIMITE_DESCRICAO, allow_null=True)
    dataHoraDeProducao = DataHora()
    dataHoraDeRegistro = DataHora()
    produtor = Produtor()
    interessados = Interessado(many=True, required=False, max_length=MAXIMO_INTERESSADOS, default=list)
    documentos = DocumentoDoProcesso(many=True, allow_empty=False, max_length=MAXIMO_DOCUMENTOS)
    itensHistorico = ItemDeHistorico(many=True, required=False, max_length=MAXIMO_HISTORICO, default=list)

    def validate_documentos(self, documentos):
        _exigir_ordens(documentos, "documentos")
        return documentos

    def validate(self, dados):
        return _exigir_hipotese_se_restrito(dados)


class ProcessoApensado(ProcessoBase):
    pass


class Processo(ProcessoBase):
    processoApensado = ProcessoApensado(many=True, required=False, max_length=MAXIMO_APENSADOS, default=list)


class EnvioDeProcesso(serializers.Serializer):
    """``POST tramites/processo``: ``{cabecalho, processo}``."""

    cabecalho = CabecalhoDeProcesso()
    processo = Processo()


class EnvioDeDocumento(serializers.Serializer):
    """``POST tramites/documento``: ``{cabecalho, documento}`` (``destinatarios`` is a list)."""

    cabecalho = CabecalhoDeDocumento()
    documento = DocumentoAvulso()
