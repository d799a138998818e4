"""The errors of the trâmite services: a pt-BR ``mensagem`` and the API's ``codigo_erro`` (tramites.erros)."""

from tramites.state_machine import CODIGO_ACESSO_NEGADO, CODIGO_SITUACAO_NAO_PERMITE, TransicaoInvalida

CODIGO_TRAMITE_EM_ANDAMENTO = "0044"  # tramites.erros.TRAMITE_EM_ANDAMENTO (409)
CODIGO_UNIDADE_DE_OUTRO_ORGAO = "0066"  # tramites.erros.UNIDADE_DE_OUTRO_ORGAO (403)
CODIGO_REQUISICAO_INVALIDA = "0001"  # tramites.erros.REQUISICAO_INVALIDA (400)
CODIGO_NAO_ENCONTRADO = "0004"  # tramites.erros.NAO_ENCONTRADO (404)


class ErroDeTramite(TransicaoInvalida):
    """Base of every refusal of the services; ``TransicaoInvalida`` so callers catch one type."""

    codigo_padrao = CODIGO_REQUISICAO_INVALIDA

    def __init__(self, mensagem: str, codigo_erro: str | None = None):
        super().__init__(mensagem, codigo_erro or self.codigo_padrao)


class ConflitoDeStatus(ErroDeTramite):
    """Another caller moved the trâmite first: the compare-and-set changed no row. Nothing was written."""

    codigo_padrao = CODIGO_SITUACAO_NAO_PERMITE


class AtorNaoAutorizado(ErroDeTramite):
    """The actor is not on the side the event needs (e.g. a system of neither órgão)."""

    codigo_padrao = CODIGO_ACESSO_NEGADO


class TramiteEmAndamento(ErroDeTramite):
    """The process already has a trâmite on its way (the bus's 0044)."""

    codigo_padrao = CODIGO_TRAMITE_EM_ANDAMENTO


class DadosInvalidos(ErroDeTramite):
    codigo_padrao = CODIGO_REQUISICAO_INVALIDA
