"""Channel names: per SPE, and per órgão for a side recorded without an SPE (any system of it may act)."""

from __future__ import annotations

from tramites import state_machine as sm

PREFIXO = "tramita:pendencias:"
PADRAO = PREFIXO + "*"


def do_sistema(sistema_id: int) -> str:
    return f"{PREFIXO}sistema:{sistema_id}"


def do_comite(comite_id: int) -> str:
    return f"{PREFIXO}comite:{comite_id}"


def do_principal(principal) -> list[str]:
    """What a system listens to: its own channel and its órgãos' channels."""
    canais = [do_sistema(principal.pk)] if principal.pk is not None else []
    return canais + [do_comite(c) for c in sorted(principal.comite_ids)]


def _do_lado(sistema_id, comite_id) -> list[str]:
    if sistema_id is not None:
        return [do_sistema(sistema_id)]
    return [do_comite(comite_id)] if comite_id is not None else []


def a_avisar(para, *, sistema_remetente_id, comite_remetente_id, sistema_destinatario_id,
             comite_destinatario_id) -> list[str]:
    """The channels of the side(s) for which status ``para`` is a pendência (the state machine says which)."""
    canais = []
    if sm.como_status(para) in sm.pendencias_de(sm.Ator.REMETENTE):
        canais += _do_lado(sistema_remetente_id, comite_remetente_id)
    if sm.como_status(para) in sm.pendencias_de(sm.Ator.DESTINATARIO):
        canais += _do_lado(sistema_destinatario_id, comite_destinatario_id)
    return list(dict.fromkeys(canais))
