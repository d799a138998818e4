"""The catalogue of the API's error codes: ``codigoErro`` → HTTP status and default pt-BR message.

Every error of the API answers ``{"codigoErro": "00NN", "mensagem": "…"}`` (``portal.api.errors``).
Codes come from three places, and the catalogue says which:

* **barramento** — codes the real bus answers and its clients react to (spec tramita-api §4.6):
  ``0005`` (unit mapped with a wrong code), ``0044`` (trâmite already in progress), ``0055`` (unit not
  in that repository);
* **portal** — the generic codes ``portal.api.errors`` gives to errors raised without one (by status),
  the NUL refusal and the 503 of a service that is down;
* **tramita** — this implementation's own codes for conditions the spec describes (often with the
  bus's own wording) but whose code it does not show. They sit from ``0060`` on, past the highest
  code seen in the spec.

Raise ``ErroDaApi(codigo)`` to answer the catalogue's message, or ``ErroDaApi(codigo, "mensagem")``
to say more; ``status`` overrides the catalogued one only where a code is shared by two situations.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.api import errors as erros_do_portal


@dataclass(frozen=True)
class CodigoDeErro:
    codigo: str
    status: int
    mensagem: str
    origem: str  # "barramento", "portal" or "tramita"


def _c(codigo: str, status: int, origem: str, mensagem: str) -> CodigoDeErro:
    return CodigoDeErro(codigo, status, mensagem, origem)


REQUISICAO_INVALIDA = "0001"
NAO_AUTENTICADO = "0002"
ACESSO_NEGADO = "0003"
NAO_ENCONTRADO = "0004"
UNIDADE_MAPEADA_INCORRETAMENTE = "0005"
FORMATO_NAO_ACEITO = "0006"
TIPO_DE_CONTEUDO_NAO_SUPORTADO = "0007"
MUITAS_REQUISICOES = "0008"
SERVICO_INDISPONIVEL = "0009"
METODO_NAO_PERMITIDO = "0010"
TRAMITE_EM_ANDAMENTO = "0044"
ESTRUTURA_FORA_DO_REPOSITORIO = "0055"
PARTE_FORA_DO_COMPONENTE = "0060"
PARTE_CONFLITANTE = "0061"
HASH_NAO_CONFERE = "0062"
COMPONENTE_INCOMPLETO = "0063"
RECIBO_INVALIDO = "0064"
SITUACAO_NAO_PERMITE = "0065"
UNIDADE_DE_OUTRO_ORGAO = "0066"
COMPONENTE_NAO_SOLICITADO = "0067"
DESTINATARIO_NAO_APTO = "0068"
DESTINATARIO_DO_MESMO_ORGAO = "0069"
ERRO_INTERNO = "0099"

CATALOGO: dict[str, CodigoDeErro] = {e.codigo: e for e in (
    _c(REQUISICAO_INVALIDA, 400, "portal", "Requisição inválida: confira os parâmetros e os dados enviados."),
    _c(NAO_AUTENTICADO, 401, "portal",
       "Transação não autorizada: apresente o certificado digital do sistema emitido pelo portal."),
    _c(ACESSO_NEGADO, 403, "portal", "Acesso negado."),
    _c(NAO_ENCONTRADO, 404, "portal", "Recurso não encontrado."),
    _c(UNIDADE_MAPEADA_INCORRETAMENTE, 400, "barramento",
       "O código mapeado para a unidade está incorreto: a estrutura informada não existe no repositório."),
    _c(FORMATO_NAO_ACEITO, 406, "portal", "Formato de resposta não aceito: a API responde em JSON."),
    _c(TIPO_DE_CONTEUDO_NAO_SUPORTADO, 415, "portal",
       "Tipo de conteúdo não suportado: envie JSON (application/json) ou multipart/form-data."),
    _c(MUITAS_REQUISICOES, 429, "portal", "Muitas requisições em pouco tempo. Aguarde e tente novamente."),
    _c(SERVICO_INDISPONIVEL, 503, "portal", "Serviço temporariamente indisponível. Tente novamente em instantes."),
    _c(METODO_NAO_PERMITIDO, 405, "portal", "Método não permitido neste caminho."),
    _c(TRAMITE_EM_ANDAMENTO, 409, "barramento", "O processo já possui trâmite em andamento."),
    _c(ESTRUTURA_FORA_DO_REPOSITORIO, 404, "barramento",
       "A estrutura informada não foi encontrada no repositório de estruturas."),
    _c(PARTE_FORA_DO_COMPONENTE, 400, "tramita",
       "A parte informada ultrapassa o tamanho do componente digital informado nos metadados do trâmite."),
    _c(PARTE_CONFLITANTE, 409, "tramita",
       "A parte informada difere do conteúdo já recebido para os mesmos bytes do componente digital."),
    _c(HASH_NAO_CONFERE, 400, "tramita",
       "O hash do componente digital recebido não confere com o valor informado pelo remetente."),
    _c(COMPONENTE_INCOMPLETO, 409, "tramita", "Ainda faltam partes do componente digital."),
    _c(RECIBO_INVALIDO, 400, "tramita",
       "Falha na validação do recibo de conclusão: a assinatura não confere com o certificado do sistema."),
    _c(SITUACAO_NAO_PERMITE, 409, "tramita", "A situação atual do trâmite não permite esta operação."),
    _c(UNIDADE_DE_OUTRO_ORGAO, 403, "tramita",
       "A unidade foi mapeada de forma errada. Desse modo, entre em contato com os Gestores do seu órgão "
       "e informe que o mapeamento não está correto."),
    _c(COMPONENTE_NAO_SOLICITADO, 400, "tramita",
       "O componente digital informado não foi solicitado neste trâmite."),
    _c(DESTINATARIO_NAO_APTO, 400, "tramita",
       "A unidade destinatária não está apta para receber trâmites: ela precisa estar ativa e mapeada para "
       "receber por um sistema de processo eletrônico (diretamente ou por uma unidade centralizadora)."),
    _c(DESTINATARIO_DO_MESMO_ORGAO, 400, "tramita",
       "A unidade destinatária pertence ao mesmo órgão da unidade remetente: o Tramita.GOV.BR envia processos "
       "somente entre órgãos diferentes."),
    _c(ERRO_INTERNO, 500, "portal", "Erro interno ao processar a requisição. Tente novamente."),
)}


class CodigoDeErroDesconhecido(LookupError):
    """A programming error: the code is not in ``CATALOGO``."""


class ErroDaApi(erros_do_portal.ErroDaApi):
    """``raise ErroDaApi("0044")``: the API answers the code's status and message (or the ones given)."""

    def __init__(self, codigo: str, mensagem: str | None = None, status: int | None = None):
        try:
            catalogado = CATALOGO[codigo]
        except KeyError:
            raise CodigoDeErroDesconhecido(f"Error code {codigo!r} is not in tramites.erros.CATALOGO.") from None
        super().__init__(codigo, mensagem or catalogado.mensagem, status or catalogado.status)


def corpo(codigo: str, mensagem: str | None = None) -> dict:
    """The error body for ``codigo`` (for code paths that build a response without raising)."""
    return erros_do_portal.corpo_de_erro(codigo, mensagem or CATALOGO[codigo].mensagem)
