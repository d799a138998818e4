"""Which trâmites of a Painel page the person may cancel: one query for the whole page, not one per row."""

from __future__ import annotations

from portal import permissions
from portal.permissions import Acao
from tramites import state_machine as sm


def cancelaveis(principal, tramites) -> frozenset[int]:
    """IDTs among ``tramites`` that ``principal`` may cancel now: a status the state machine lets be cancelled
    (1–4) and a row inside ``restringir(…, Acao.TRAMITE_CANCELAR)`` (the sending órgão's gestores, the
    Administrador) — the semantics of ``pode(principal, Acao.TRAMITE_CANCELAR, tramite)``, set-wise."""
    from tramites.models import Tramite

    candidatos = [t.idt for t in tramites if sm.pode_cancelar(t.status)]
    if not candidatos or not permissions.pode(principal, Acao.TRAMITE_CANCELAR):
        return frozenset()
    linhas = permissions.restringir(Tramite.objects.filter(idt__in=candidatos), principal, Acao.TRAMITE_CANCELAR)
    return frozenset(linhas.order_by().values_list("idt", flat=True))
