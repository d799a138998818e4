"""Why the sender may not cancel now: the texts MOD shows (spec §6.1, ``cancelarTramiteInternoControlado``)."""

from __future__ import annotations

from tramites.state_machine.status import TERMINAIS, Status
from tramites.state_machine.transicoes import Evento, como_status, permite

_TEXTOS = {
    Status.RECIBO_ENVIADO_DESTINATARIO: (
        "O sistema destinatário já iniciou o recebimento desse processo, portanto não é possível realizar o "
        "cancelamento."),
    Status.RECIBO_RECEBIDO_REMETENTE: (
        "O sistema destinatário já recebeu esse processo, portanto não é possível realizar o cancelamento."),
    Status.RECUSADO: "O trâmite encontra-se recusado, portanto não é possível realizar o cancelamento.",
    Status.CIENCIA_RECUSA: "O trâmite foi recusado pelo destinatário, portanto não é possível realizar o cancelamento.",
}


def motivo_para_nao_cancelar(status) -> str | None:
    """None when the sender may cancel in ``status``; otherwise the pt-BR reason to show."""
    status = como_status(status)
    if permite(status, Evento.CANCELAMENTO):
        return None
    if status in _TEXTOS:
        return _TEXTOS[status]
    if status in TERMINAIS:  # 7 and 10: already cancelled
        return f"O trâmite já foi cancelado ({status.label}); nada foi alterado."
    return f"A situação atual do trâmite ({status.rotulo_com_numero}) não permite o cancelamento."


def aguarda_componentes(status) -> bool:
    """Whether the bus is still waiting for the sender's components (uploads are accepted)."""
    return permite(status, Evento.COMPONENTES_ARMAZENADOS)
