"""Who acts on a trâmite: ``Agente`` (the state machine's ``Ator`` kind plus the system, person or task)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tramites.services.excecoes import AtorNaoAutorizado
from tramites.state_machine import TRANSICOES, Ator, Evento, como_evento


@dataclass(frozen=True)
class Agente:
    tipo: Ator
    sistema_id: int | None = None
    comite_ids: frozenset[int] = frozenset()
    pessoa: object | None = field(default=None, compare=False)
    descricao: str = ""
    certificado_id: int | None = None  # the client certificate the system authenticated with

    @classmethod
    def barramento(cls, descricao: str = "Tramita GOV.BR") -> Agente:
        """The bus itself (a component verified, a deadline passed…); ``descricao`` names the task."""
        return cls(Ator.BARRAMENTO, descricao=descricao)

    @classmethod
    def administrador(cls, pessoa) -> Agente:
        """A person acting in the Portal (cancelling); allowed by ``Acao.TRAMITE_CANCELAR`` on the trâmite."""
        return cls(Ator.ADMINISTRADOR, pessoa=pessoa, descricao=str(getattr(pessoa, "nome", "") or pessoa))

    @classmethod
    def do_principal(cls, principal, tipo: Ator) -> Agente:
        """A system authenticated by its certificate (``portal.permissions.SistemaAutenticado``)."""
        return cls(tipo, sistema_id=principal.pk, comite_ids=frozenset(principal.comite_ids),
                   descricao=principal.nome, certificado_id=getattr(principal, "certificado_id", None))

    @classmethod
    def do_sistema(cls, sistema, tipo: Ator) -> Agente:
        """A ``comites.Sistema`` row: its órgão responsável and the órgãos it serves (demo, tasks, tests)."""
        comites = {sistema.orgao_responsavel_id, *sistema.comites.values_list("pk", flat=True)}
        return cls(tipo, sistema_id=sistema.pk, comite_ids=frozenset(comites), descricao=sistema.nome)

    @property
    def eh_sistema(self) -> bool:
        return self.tipo in (Ator.REMETENTE, Ator.DESTINATARIO)

    def no_lado(self, tramite, tipo: Ator | None = None) -> bool:
        """Whether this system is on the ``tipo`` side (its own by default) of ``tramite``."""
        tipo = tipo or self.tipo
        if tipo is Ator.REMETENTE:
            sistema_id, comite_id = tramite.sistema_remetente_id, tramite.comite_remetente_id
        elif tipo is Ator.DESTINATARIO:
            sistema_id, comite_id = tramite.sistema_destinatario_id, tramite.comite_destinatario_id
        else:
            return False
        return (self.sistema_id is not None and self.sistema_id == sistema_id) or (
            comite_id is not None and comite_id in self.comite_ids)


def agente_do_sistema(tramite, principal, evento) -> Agente:
    """The ``Agente`` a system acts as for ``evento`` on ``tramite``: the side the event needs and the system
    is on (a trâmite between two units of one órgão has the same system on both sides)."""
    evento = como_evento(evento)
    precisa = [a for a in (Ator.REMETENTE, Ator.DESTINATARIO)
               if any(t.evento is evento and a in t.atores for t in TRANSICOES)]
    if evento is Evento.ENVIO:
        precisa = [Ator.REMETENTE]
    for tipo in precisa:
        agente = Agente.do_principal(principal, tipo)
        if agente.no_lado(tramite):
            return agente
    quem = " ou ".join(a.label.lower() for a in precisa) or "o Tramita GOV.BR"
    raise AtorNaoAutorizado(f"Esta operação só pode ser feita pelo {quem} do trâmite.")
