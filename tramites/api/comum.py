"""What every trâmite API view shares: the motor's refusals answered as ``{codigoErro, mensagem}``.

The services raise ``TransicaoInvalida`` (and its subclasses: ``ConflitoDeStatus``, ``AtorNaoAutorizado``,
``DadosInvalidos``…) with a pt-BR ``mensagem`` and the catalogue's ``codigo_erro`` ("0065" wrong status,
"0003" wrong actor, "0004" not found…). ``erro_da_api`` is the one mapping to ``tramites.erros.ErroDaApi``
(HTTP status from the catalogue); views mix in ``TraduzErrosDoMotor`` and never catch them one by one.
"""

from __future__ import annotations

from tramites import erros
from tramites.state_machine import TransicaoInvalida


def erro_da_api(erro: TransicaoInvalida) -> erros.ErroDaApi:
    codigo = erro.codigo_erro if erro.codigo_erro in erros.CATALOGO else erros.REQUISICAO_INVALIDA
    return erros.ErroDaApi(codigo, erro.mensagem)


class TraduzErrosDoMotor:
    """DRF view mixin: a ``TransicaoInvalida`` raised by a service answers its code (never a 500)."""

    def handle_exception(self, exc):
        if isinstance(exc, TransicaoInvalida):
            exc = erro_da_api(exc)
        return super().handle_exception(exc)
