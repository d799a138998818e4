"""The trâmite state machine: the 10 statuses, the events that move a trâmite and who may trigger them.

Pure Python (no Django): the one place where status numbers are compared or assigned. Models take their
choices from ``CHOICES``; services ask ``proximo``; the Painel, the NUP page and the pendências ask the
predicates and sets below (``eh_terminal``, ``status_de_grupo``, ``pendencias_do_remetente``…).

Sources: labels, "o que significa", "onde está o processo" and "o que pode ser feito" from seed 001
(the authoritative table; where it and the 2020 FAQ in seed 000 disagree, 001 stands), transitions and
actors from spec tramita-api §6.1. Two departures, both documented where they happen:

* seed 001's status 7 block repeats status 6 word for word (a copy-and-paste slip: "Recibo de conclusão
  recebido pelo remetente" for a cancelled trâmite); status 7 keeps the FAQ's texts ("Trâmite cancelado"),
  which spec §6.1 and every client agree with, in 001's vocabulary (Tramita GOV.BR for "Barramento");
* auto-cancellation covers statuses 1–4 (seed 001), not 1–3 (the older FAQ).
"""


from __future__ import annotations

from tramites.state_machine.cancelamento import aguarda_componentes, motivo_para_nao_cancelar  # noqa: F401
from tramites.state_machine.contato import lado_a_contatar  # noqa: F401
from tramites.state_machine.status import (  # noqa: F401 (the public names of the package)
    ABERTOS,
    AUTOCANCELAVEIS,
    CHOICES,
    EM_ANDAMENTO_ATE_O_RECIBO,
    GRUPO_CHOICES,
    STATUS_INICIAL,
    TERMINAIS,
    Grupo,
    Lado,
    Status,
)
from tramites.state_machine.transicoes import (  # noqa: F401
    ATORES_DO_ENVIO,
    CODIGO_ACESSO_NEGADO,
    CODIGO_SITUACAO_NAO_PERMITE,
    TRANSICOES,
    Ator,
    Evento,
    Transicao,
    TransicaoInvalida,
    como_ator,
    como_evento,
    como_status,
    eventos_possiveis,
    iniciar,
    permite,
    proximo,
)


def eh_terminal(status) -> bool:
    return como_status(status) in TERMINAIS


def pode_autocancelar(status) -> bool:
    return como_status(status) in AUTOCANCELAVEIS


def pode_cancelar(status) -> bool:
    """Whether the sender (or a Portal administrator) may still cancel."""
    return permite(status, Evento.CANCELAMENTO)


def em_andamento(status) -> bool:
    return como_status(status).grupo is Grupo.EM_ANDAMENTO


def aberto(status) -> bool:
    """Not terminal: the process is still on its way (a new trâmite of the same NRE must wait: 0044)."""
    return como_status(status) in ABERTOS


def status_de_grupo(grupo) -> frozenset[Status]:
    """The statuses of a Painel group (to filter on: ``status__in=status_de_grupo(...)``)."""
    grupo = Grupo(grupo)
    return frozenset(s for s in Status if s.grupo is grupo)


# Pendências (spec §6.2): the statuses in which each side's system has something to do.
# Sender: 1 (upload the components), 5 (fetch the recibo de conclusão), 8 (acknowledge the refusal).
# Receiver: 2 (fetch the metadata), 3 (download the components), 4 (send the recibo de conclusão).
# Cancelled trâmites (7 by the sender or a Portal administrator, 10 by the deadline) are the sender's
# pendência **until it reads the trâmite** (``GET tramites/{IDT}``): the old bus never told the sender, and
# the process stayed blocked in its SPE (issue 11, 3a). Systems that ignore unknown statuses are unaffected.
PENDENCIAS_DO_REMETENTE: frozenset[Status] = frozenset({
    Status.INICIADO, Status.RECIBO_ENVIADO_DESTINATARIO, Status.RECUSADO,
})
PENDENCIAS_DO_DESTINATARIO: frozenset[Status] = frozenset({
    Status.COMPONENTES_ENVIADOS_REMETENTE, Status.METADADOS_RECEBIDO_DESTINATARIO,
    Status.COMPONENTES_RECEBIDOS_DESTINATARIO,
})


PENDENCIAS_DO_REMETENTE_ATE_A_LEITURA: frozenset[Status] = frozenset({
    Status.CANCELADO, Status.CANCELADO_AUTOMATICAMENTE,
})


def pendencias_do_remetente() -> frozenset[Status]:
    """Statuses that are the sender's pendência as long as the trâmite stays in them."""
    return PENDENCIAS_DO_REMETENTE


def pendencias_do_remetente_ate_a_leitura() -> frozenset[Status]:
    """Statuses that are the sender's pendência only until it reads the trâmite (the cancellations)."""
    return PENDENCIAS_DO_REMETENTE_ATE_A_LEITURA


def eh_pendencia_do_remetente_ate_a_leitura(status) -> bool:
    return como_status(status) in PENDENCIAS_DO_REMETENTE_ATE_A_LEITURA


def remetente_ja_ciente(status, ator) -> bool:
    """A cancellation the sender's own system made: it knows already, so it is no pendência of it."""
    return como_status(status) in PENDENCIAS_DO_REMETENTE_ATE_A_LEITURA and como_ator(ator) is Ator.REMETENTE


def pendencias_de(lado) -> frozenset[Status]:
    """Every status that can be a pendência of ``lado`` (``Ator.REMETENTE``/``DESTINATARIO``): whom to
    wake when a trâmite enters it."""
    if como_ator(lado) is Ator.REMETENTE:
        return PENDENCIAS_DO_REMETENTE | PENDENCIAS_DO_REMETENTE_ATE_A_LEITURA
    return PENDENCIAS_DO_DESTINATARIO


def pendencias_do_destinatario() -> frozenset[Status]:
    return PENDENCIAS_DO_DESTINATARIO


def eh_pendencia_do_remetente(status) -> bool:
    return como_status(status) in PENDENCIAS_DO_REMETENTE


def eh_pendencia_do_destinatario(status) -> bool:
    return como_status(status) in PENDENCIAS_DO_DESTINATARIO


# The receiver's reading of a trâmite (spec §6.1–§6.3, §6.5). It may read the metadata once the bus holds
# every component (2; reading them moves 2→3) and on until the end of a successful trâmite (re-reads are
# idempotent); it downloads components after reading the metadata and until it sends the recibo (3, 4).
# After a refusal only the sender sees the trâmite's data (§6.5): ``recusado``.
METADADOS_VISIVEIS_AO_DESTINATARIO: frozenset[Status] = frozenset({
    Status.COMPONENTES_ENVIADOS_REMETENTE, Status.METADADOS_RECEBIDO_DESTINATARIO,
    Status.COMPONENTES_RECEBIDOS_DESTINATARIO, Status.RECIBO_ENVIADO_DESTINATARIO, Status.RECIBO_RECEBIDO_REMETENTE,
})
COMPONENTES_DISPONIVEIS_AO_DESTINATARIO: frozenset[Status] = frozenset({
    Status.METADADOS_RECEBIDO_DESTINATARIO, Status.COMPONENTES_RECEBIDOS_DESTINATARIO,
})


def metadados_visiveis_ao_destinatario(status) -> bool:
    return como_status(status) in METADADOS_VISIVEIS_AO_DESTINATARIO


def pode_baixar_componentes(status) -> bool:
    """Whether the receiver may download the components now (after the metadata, before the recibo)."""
    return como_status(status) in COMPONENTES_DISPONIVEIS_AO_DESTINATARIO


def recusado(status) -> bool:
    """Refused (8) or its refusal acknowledged (9): only the sender sees the trâmite's data (spec §6.5)."""
    return como_status(status).grupo is Grupo.RECUSADO


def aguarda_componentes_do_remetente(status) -> bool:
    """The bus is still receiving the sender's components (status 1)."""
    return permite(status, Evento.COMPONENTES_ARMAZENADOS)


def desfecho(status) -> str:
    """How the trâmite ended, for the homologação checklist: "concluido" (6), "recusado" (9), else ""."""
    status = como_status(status)
    if status is Status.RECIBO_RECEBIDO_REMETENTE:
        return "concluido"
    if status is Status.CIENCIA_RECUSA:
        return "recusado"
    return ""


# Who must act (the Painel's diagnosis and the stuck-trâmite digest): for a trâmite not yet ended, the side whose
# gestores to call (``lado_a_contatar``) — the receiver in 2, 3, 4; the sender in 1, 5, 8, the statuses that are
# that side's pendências. Terminal statuses have nobody left to act (9's "ask the destination why" is contact,
# not action).


def lado_que_deve_agir(status) -> Ator | None:
    """``Ator.DESTINATARIO`` / ``Ator.REMETENTE``: whose órgão must act for the trâmite to move; None when
    the status is terminal."""
    status = como_status(status)
    return None if status in TERMINAIS else lado_a_contatar(status)


def status_em_que_age(lado) -> frozenset[Status]:
    """The statuses in which ``lado``'s órgão must act (to filter on: ``status__in=…``)."""
    lado = como_ator(lado)
    return frozenset(s for s in Status if lado_que_deve_agir(s) is lado)


def bloqueio_possivel_por_unidade_de_origem(status) -> bool:
    """Refused, waiting for the sender's acknowledgement (8): after a SIORG change the origin unit may be
    inactive and the sending system cannot find it (seed 001, status 8) — worth calling out."""
    return como_status(status) is Status.RECUSADO
