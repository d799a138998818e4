"""Whose gestores to call about a trâmite in a status: the side the "o que pode ser feito" text names.

Spec §8.7 and seed 001: stuck in 2, 3 or 4 means the destination system has trouble receiving ("entre
em contato com um dos gestores de protocolo do órgão de destino"); stuck in 5 or 8 means the origin system
does not answer (órgão de origem); after a refusal acknowledged (9) the guidance is to ask the destination
why. In 1 the process still sits in the origin system, which must upload the files. Concluded and
cancelled trâmites (6, 7, 10) need nobody.
"""

from __future__ import annotations

from tramites.state_machine.status import Status
from tramites.state_machine.transicoes import Ator, como_status

_A_CONTATAR: dict[Status, Ator] = {
    Status.INICIADO: Ator.REMETENTE,
    Status.COMPONENTES_ENVIADOS_REMETENTE: Ator.DESTINATARIO,
    Status.METADADOS_RECEBIDO_DESTINATARIO: Ator.DESTINATARIO,
    Status.COMPONENTES_RECEBIDOS_DESTINATARIO: Ator.DESTINATARIO,
    Status.RECIBO_ENVIADO_DESTINATARIO: Ator.REMETENTE,
    Status.RECUSADO: Ator.REMETENTE,
    Status.CIENCIA_RECUSA: Ator.DESTINATARIO,
}


def lado_a_contatar(status) -> Ator | None:
    """``Ator.REMETENTE`` or ``Ator.DESTINATARIO``: the órgão whose gestores can act on a trâmite in
    ``status``; None when nobody needs to (6, 7, 10)."""
    return _A_CONTATAR.get(como_status(status))
