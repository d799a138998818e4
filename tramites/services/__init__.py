"""The trâmite services: the only writers of the tramites models (atomic, audited where people act).

* ``criar_tramite(...)`` — a new IDT in status 1 (NRE assigned or reused; 0044 when one is on its way);
* ``aplicar(tramite, evento, ator)`` — the one door for every transition (compare-and-set on the status);
* ``Agente`` / ``agente_do_sistema`` — who acts (a side's system, the bus, a person in the Portal).

Errors carry ``mensagem`` (pt-BR) and ``codigo_erro`` (the API catalogue's code) and all derive from
``tramites.state_machine.TransicaoInvalida``.
"""

from tramites.services.atores import Agente, agente_do_sistema
from tramites.services.criacao import comite_da_unidade, criar_tramite, novo_nre
from tramites.services.excecoes import (
    AtorNaoAutorizado,
    ConflitoDeStatus,
    DadosInvalidos,
    ErroDeTramite,
    TramiteEmAndamento,
)
from tramites.services.transicoes import aplicar
from tramites.state_machine import TransicaoInvalida

__all__ = [
    "Agente",
    "AtorNaoAutorizado",
    "ConflitoDeStatus",
    "DadosInvalidos",
    "ErroDeTramite",
    "TramiteEmAndamento",
    "TransicaoInvalida",
    "agente_do_sistema",
    "aplicar",
    "comite_da_unidade",
    "criar_tramite",
    "novo_nre",
]
