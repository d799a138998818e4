"""What every trâmite view shares: the motor's refusals as API errors, and the trâmite through the door.

The services raise ``TransicaoInvalida`` (and its subclasses: ``ConflitoDeStatus``, ``AtorNaoAutorizado``,
``TramiteEmAndamento``, ``DadosInvalidos``…) with a pt-BR ``mensagem`` and the catalogue's ``codigo_erro``
("0065" wrong status, "0003" wrong actor, "0044", "0004" not found…). ``erro_da_api`` is the one mapping to
``tramites.erros.ErroDaApi`` (HTTP status from the catalogue); views either mix in ``TraduzErrosDoMotor`` or
wrap the service call in ``with traduzir():`` and never catch the refusals one by one.
"""

from __future__ import annotations

from contextlib import contextmanager

from portal import permissions
from portal.permissions import AcaoDeSistema
from tramites import erros
from tramites.api.entrada.consulta import conferir_idt
from tramites.models import Tramite
from tramites.state_machine import TransicaoInvalida


def erro_da_api(excecao: TransicaoInvalida) -> erros.ErroDaApi:
    codigo = getattr(excecao, "codigo_erro", None) or erros.SITUACAO_NAO_PERMITE
    if codigo not in erros.CATALOGO:
        codigo = erros.SITUACAO_NAO_PERMITE
    return erros.ErroDaApi(codigo, getattr(excecao, "mensagem", None) or str(excecao))


@contextmanager
def traduzir():
    """``with traduzir(): services.…``: a refusal of the motor answers as ``{codigoErro, mensagem}``."""
    try:
        yield
    except TransicaoInvalida as excecao:
        raise erro_da_api(excecao) from None


class TraduzErrosDoMotor:
    """DRF view mixin: a ``TransicaoInvalida`` raised by a service answers its code (never a 500)."""

    def handle_exception(self, exc):
        if isinstance(exc, TransicaoInvalida):
            exc = erro_da_api(exc)
        return super().handle_exception(exc)


def tramites_do_sistema(principal):
    """The trâmites a system may act on (either side of its órgãos): the scoping door."""
    return permissions.restringir(Tramite.objects.all(), principal, AcaoDeSistema.TRAMITE_OPERAR)


def tramite_do_caminho(request, idt_do_caminho) -> Tramite:
    """The path's trâmite (a redundant ``?IDT=`` must agree), or 404 ``0004`` when out of scope."""
    idt = conferir_idt(idt_do_caminho, request.query_params)
    tramite = tramites_do_sistema(request.user).filter(pk=idt).first()
    if tramite is None:
        raise erros.ErroDaApi(erros.NAO_ENCONTRADO, f"Trâmite {idt} não encontrado.")
    return tramite
