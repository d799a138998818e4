"""How trâmites are scoped: a trâmite belongs to both sides.

Visible to the systems and gestores of the órgão (comitê) of either side, to Supervisores of the
repositório of either side's órgão, to the Administrador Externo hosting either side's órgão, and to the
Administrador Tramita. Cancelling from the Portal (``Acao.TRAMITE_CANCELAR``) is narrower for gestores:
only the sender's side.

The comitês of each side are stored on the trâmite when it is created (``comite_remetente`` /
``comite_destinatario``), so a list is one indexed filter and never walks the unit tree. ``prefixo``
reaches the trâmite from a related model (``"tramite__"`` for documents, history and receipts).
"""

from __future__ import annotations

from django.db.models import Q

from portal.permissions import SISTEMA, Acao, Perfil, PorCampos, Regra


def _lado(prefixo: str, lado: str) -> PorCampos:
    comite = f"{prefixo}comite_{lado}"
    return PorCampos(
        comite=f"{comite}_id",
        repositorio=(f"{comite}__unidade__repositorio_id", f"{prefixo}unidade_{lado}__repositorio_id"),
        gestor_tecnologico=f"{comite}__gestor_tecnologico_id",
        interno=f"{comite}__gestor_tecnologico__interno",
    )


class PorLadosDoTramite(Regra):
    def __init__(self, prefixo: str = ""):
        self.prefixo = prefixo
        self.remetente = _lado(prefixo, "remetente")
        self.destinatario = _lado(prefixo, "destinatario")

    def filtro(self, papel, acao, cache) -> Q:
        do_remetente = self.remetente.filtro(papel, acao, cache)
        if acao == Acao.TRAMITE_CANCELAR and papel.perfil in (Perfil.GESTOR, Perfil.GESTOR_OUTROS, SISTEMA):
            return do_remetente  # only the sender's órgão cancels its own trâmites
        return do_remetente | self.destinatario.filtro(papel, acao, cache)

    def escopo(self, obj, cache):
        return None  # two sides: ``pode`` asks the database (one query) through ``filtro``
