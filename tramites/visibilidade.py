"""The one rule for what of a trâmite a person may see beyond its route and status (spec §8.1).

Scope (which trâmites at all) is ``portal.permissions.restringir``; within it:

* **after a refusal** (8, 9: ``state_machine.recusado``) "apenas o remetente visualizará os dados do
  trâmite": people of the receiving órgão who are not also of the sending one see route and status only;
* **restricted content** (restrito/sigiloso): only people of the two órgãos see the descrição and documents.

No query: the person's órgãos come from the scoping door, computed once per request, so a list asks this
for every row at no cost.
"""

from __future__ import annotations

from portal.permissions import escopo_do_usuario
from tramites import state_machine as sm

SIGILOS_RESTRITOS = (2, 3)  # nível de acesso restrito, sigiloso (1 is público)


def orgaos_da_pessoa(principal) -> frozenset[int]:
    """The comitês the person is an active gestor of (a system's own comitês): "people of the órgão"."""
    return escopo_do_usuario(principal).comite_ids


def pode_ver_dados(principal, tramite) -> bool:
    """The refusal rule alone: False for the receiving órgão's people once the trâmite was refused."""
    if not sm.recusado(tramite.status):
        return True
    orgaos = orgaos_da_pessoa(principal)
    return tramite.comite_remetente_id in orgaos or tramite.comite_destinatario_id not in orgaos


def pode_ver_conteudo(principal, tramite) -> bool:
    """Whether ``principal`` may see the content of ``tramite`` (descrição, documents, hashes…)."""
    if not pode_ver_dados(principal, tramite):
        return False
    if tramite.nivel_de_sigilo not in SIGILOS_RESTRITOS:
        return True
    orgaos = orgaos_da_pessoa(principal)
    return tramite.comite_remetente_id in orgaos or tramite.comite_destinatario_id in orgaos
