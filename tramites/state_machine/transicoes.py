"""Events, actors and the transition table (spec tramita-api §6.1); ``proximo`` is the one question."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tramites.state_machine.status import AUTOCANCELAVEIS, EM_ANDAMENTO_ATE_O_RECIBO, STATUS_INICIAL, TERMINAIS, Status

# Error codes of the API catalogue (``tramites.erros``): the API layer answers ``codigo_erro`` as is.
CODIGO_SITUACAO_NAO_PERMITE = "0065"  # tramites.erros.SITUACAO_NAO_PERMITE (409)
CODIGO_ACESSO_NEGADO = "0003"  # tramites.erros.ACESSO_NEGADO (403)


class Ator(StrEnum):
    """Who triggers an event: a side's system, the bus itself, or a person in the Portal."""

    REMETENTE = "remetente"
    DESTINATARIO = "destinatario"
    BARRAMENTO = "barramento"
    ADMINISTRADOR = "administrador"

    @property
    def label(self) -> str:
        return _ROTULOS_DOS_ATORES[self]


_ROTULOS_DOS_ATORES = {
    Ator.REMETENTE: "Sistema remetente",
    Ator.DESTINATARIO: "Sistema destinatário",
    Ator.BARRAMENTO: "Tramita GOV.BR",
    Ator.ADMINISTRADOR: "Portal de Administração",
}


class Evento(StrEnum):
    """What happens to a trâmite (spec §6.1)."""

    ENVIO = "envio"  # POST tramites/processo|documento: the trâmite is born in status 1
    COMPONENTES_ARMAZENADOS = "componentes_armazenados"  # last requested component stored and verified
    METADADOS_OBTIDOS = "metadados_obtidos"  # GET tramites/{IDT} by the receiver
    COMPONENTES_BAIXADOS = "componentes_baixados"  # the receiver downloaded the last component
    RECIBO_ENVIADO = "recibo_enviado"  # POST tramites/{IDT}/recibo (receiver's signed receipt)
    RECIBO_OBTIDO = "recibo_obtido"  # GET tramites/{IDT}/recibo by the sender
    CANCELAMENTO = "cancelamento"  # DELETE tramites/{IDT}, or a Portal administrator
    RECUSA = "recusa"  # POST tramites/{IDT}/recusa
    CIENCIA_DA_RECUSA = "ciencia_da_recusa"  # GET tramites/{IDT}/ciencia
    PRAZO_EXPIRADO = "prazo_expirado"  # the auto-cancel deadline passed

    @property
    def label(self) -> str:
        return _ROTULOS_DOS_EVENTOS[self]


_ROTULOS_DOS_EVENTOS = {
    Evento.ENVIO: "Envio iniciado pelo sistema remetente",
    Evento.COMPONENTES_ARMAZENADOS: "Arquivos digitais recebidos e verificados pelo Tramita GOV.BR",
    Evento.METADADOS_OBTIDOS: "Metadados obtidos pelo sistema destinatário",
    Evento.COMPONENTES_BAIXADOS: "Arquivos digitais obtidos pelo sistema destinatário",
    Evento.RECIBO_ENVIADO: "Recibo de conclusão enviado pelo sistema destinatário",
    Evento.RECIBO_OBTIDO: "Recibo de conclusão obtido pelo sistema remetente",
    Evento.CANCELAMENTO: "Cancelamento do trâmite",
    Evento.RECUSA: "Recusa pelo sistema destinatário",
    Evento.CIENCIA_DA_RECUSA: "Ciência da recusa pelo sistema remetente",
    Evento.PRAZO_EXPIRADO: "Cancelamento automático por prazo",
}


@dataclass(frozen=True)
class Transicao:
    de: Status
    evento: Evento
    para: Status
    atores: frozenset[Ator]


def _t(de, evento, para, *atores) -> Transicao:
    return Transicao(de, evento, para, frozenset(atores))


TRANSICOES: tuple[Transicao, ...] = (
    _t(Status.INICIADO, Evento.COMPONENTES_ARMAZENADOS, Status.COMPONENTES_ENVIADOS_REMETENTE, Ator.BARRAMENTO),
    _t(Status.COMPONENTES_ENVIADOS_REMETENTE, Evento.METADADOS_OBTIDOS, Status.METADADOS_RECEBIDO_DESTINATARIO,
       Ator.DESTINATARIO),
    _t(Status.METADADOS_RECEBIDO_DESTINATARIO, Evento.COMPONENTES_BAIXADOS, Status.COMPONENTES_RECEBIDOS_DESTINATARIO,
       Ator.BARRAMENTO),
    _t(Status.COMPONENTES_RECEBIDOS_DESTINATARIO, Evento.RECIBO_ENVIADO, Status.RECIBO_ENVIADO_DESTINATARIO,
       Ator.DESTINATARIO),
    _t(Status.RECIBO_ENVIADO_DESTINATARIO, Evento.RECIBO_OBTIDO, Status.RECIBO_RECEBIDO_REMETENTE, Ator.REMETENTE),
    *(_t(s, Evento.CANCELAMENTO, Status.CANCELADO, Ator.REMETENTE, Ator.ADMINISTRADOR)
      for s in sorted(EM_ANDAMENTO_ATE_O_RECIBO)),
    *(_t(s, Evento.RECUSA, Status.RECUSADO, Ator.DESTINATARIO)
      for s in (Status.METADADOS_RECEBIDO_DESTINATARIO, Status.COMPONENTES_RECEBIDOS_DESTINATARIO)),
    _t(Status.RECUSADO, Evento.CIENCIA_DA_RECUSA, Status.CIENCIA_RECUSA, Ator.REMETENTE),
    *(_t(s, Evento.PRAZO_EXPIRADO, Status.CANCELADO_AUTOMATICAMENTE, Ator.BARRAMENTO)
      for s in sorted(AUTOCANCELAVEIS)),
)

_TABELA: dict[tuple[Status, Evento], Transicao] = {(t.de, t.evento): t for t in TRANSICOES}
# Who may start a trâmite (Evento.ENVIO has no "from" status: the trâmite does not exist yet).
ATORES_DO_ENVIO = frozenset({Ator.REMETENTE})


class TransicaoInvalida(Exception):
    """The event cannot happen now (wrong status) or not by this actor. ``mensagem`` is pt-BR;
    ``codigo_erro`` the API code to answer (0065: the status does not allow it; 0003: not this actor)."""

    def __init__(self, mensagem: str, codigo_erro: str = CODIGO_SITUACAO_NAO_PERMITE):
        super().__init__(mensagem)
        self.mensagem = mensagem
        self.codigo_erro = codigo_erro


_NUMEROS = frozenset(s.value for s in Status)


def como_status(valor) -> Status:
    """``Status`` from a stored number; an unknown number is a ``TransicaoInvalida``, never a crash."""
    if isinstance(valor, Status):
        return valor
    if isinstance(valor, int) and not isinstance(valor, bool) and valor in _NUMEROS:
        return Status(valor)
    raise TransicaoInvalida(f"Situação de trâmite desconhecida: {str(valor)[:20]!r}.")


def como_evento(valor) -> Evento:
    try:
        return Evento(valor)
    except (TypeError, ValueError):
        raise TransicaoInvalida(f"Evento de trâmite desconhecido: {str(valor)[:40]!r}.") from None


def como_ator(valor) -> Ator:
    try:
        return Ator(valor)
    except (TypeError, ValueError):
        raise TransicaoInvalida(f"Ator desconhecido: {str(valor)[:40]!r}.", CODIGO_ACESSO_NEGADO) from None


def iniciar(ator) -> Status:
    """The status a new trâmite is born in (``Evento.ENVIO``), when ``ator`` may start one."""
    if como_ator(ator) not in ATORES_DO_ENVIO:
        raise TransicaoInvalida("Somente o sistema remetente pode iniciar um trâmite.", CODIGO_ACESSO_NEGADO)
    return STATUS_INICIAL


def proximo(status, evento, ator) -> Status:
    """The status after ``evento`` triggered by ``ator`` in ``status``; ``TransicaoInvalida`` otherwise."""
    status, evento, ator = como_status(status), como_evento(evento), como_ator(ator)
    if evento is Evento.ENVIO:
        raise TransicaoInvalida("O envio cria um novo trâmite; não se aplica a um trâmite existente.")
    transicao = _TABELA.get((status, evento))
    if transicao is None:
        if status in TERMINAIS:
            raise TransicaoInvalida(
                f"O trâmite já foi concluído (situação {status.value} – {status.label}): "
                f"não é possível registrar “{evento.label}”."
            )
        return _recusar_situacao(status, evento)
    if ator not in transicao.atores:
        quem = " ou ".join(sorted(a.label.lower() for a in transicao.atores))
        raise TransicaoInvalida(
            f"“{evento.label}” só pode ser registrado por: {quem}.", CODIGO_ACESSO_NEGADO
        )
    return transicao.para


def _recusar_situacao(status: Status, evento: Evento):
    permitidos = sorted(t.de.value for t in TRANSICOES if t.evento is evento)
    lista = ", ".join(str(n) for n in permitidos)
    raise TransicaoInvalida(
        f"A situação atual do trâmite ({status.value} – {status.label}) não permite “{evento.label}”; "
        f"permitido somente na{'s' if len(permitidos) > 1 else ''} situaç{'ões' if len(permitidos) > 1 else 'ão'} "
        f"{lista}."
    )


def permite(status, evento, ator=None) -> bool:
    """Whether ``evento`` can happen in ``status`` (by ``ator``, when given). Never raises."""
    try:
        status, evento = como_status(status), como_evento(evento)
    except TransicaoInvalida:
        return False
    transicao = _TABELA.get((status, evento))
    if transicao is None:
        return False
    return ator is None or ator in transicao.atores


def eventos_possiveis(status, ator=None) -> list[Evento]:
    """The events that can happen in ``status`` (by ``ator``, when given), in table order."""
    status = como_status(status)
    return [t.evento for t in TRANSICOES if t.de is status and (ator is None or ator in t.atores)]
