"""The one rule for what of a trâmite a person may see, beyond its route and status (spec §8.1).

Scope (which trâmites at all) is ``portal.permissions.restringir``; this module decides, within it, whether
the trâmite's *content* shows: descrição, interessados, documents, components, hashes, recibos.

* **Restricted content.** When the process (or a document) is restrito or sigiloso, only people of the two
  órgãos involved — active gestores of the sending or the receiving comitê — see it. Everyone else (PEN
  staff included: Administrador, Supervisor, Administrador Externo; the public NUP page) sees the route and
  the status only.
* **After a refusal** (8, 9) "apenas o remetente visualizará os dados do trâmite": people of the receiving
  órgão who are not also of the sending one see only route and status. Staff keep what the first rule
  gives them.

``pode_ver_conteudo`` answers for one trâmite (no query: the person's órgãos are computed once per
request by the scoping door); ``filtro_conteudo_visivel`` is the same rule as a ``Q`` for querysets
(exports, lists that annotate a flag instead of asking row by row).
"""

from __future__ import annotations

from django.db.models import Q

from portal.permissions import escopo_do_usuario
from tramites import state_machine as sm
from tramites.models import NivelDeSigilo

SIGILOS_RESTRITOS = (NivelDeSigilo.RESTRITO, NivelDeSigilo.SIGILOSO)
STATUS_RECUSADOS = frozenset(s.value for s in sm.Status if sm.recusado(s))


def orgaos_da_pessoa(principal) -> frozenset[int]:
    """The comitês the person is an active gestor of (a system's own comitês) — "people of the órgão"."""
    return escopo_do_usuario(principal).comite_ids


def restrito(nivel_de_sigilo) -> bool:
    return nivel_de_sigilo in SIGILOS_RESTRITOS


def pode_ver_dados(principal, tramite) -> bool:
    """The refusal rule alone: False for the receiving órgão's people once the trâmite was refused."""
    if not sm.recusado(tramite.status):
        return True
    orgaos = orgaos_da_pessoa(principal)
    if tramite.comite_remetente_id in orgaos:
        return True
    return tramite.comite_destinatario_id not in orgaos


def pode_ver_conteudo(principal, tramite, nivel_de_sigilo=None) -> bool:
    """Whether ``principal`` may see the content of ``tramite`` (descrição, documents, hashes…).

    ``nivel_de_sigilo``: the level that protects what is shown (a document's own); the trâmite's (the
    process's) by default."""
    if not pode_ver_dados(principal, tramite):
        return False
    nivel = tramite.nivel_de_sigilo if nivel_de_sigilo is None else nivel_de_sigilo
    if not restrito(nivel):
        return True
    orgaos = orgaos_da_pessoa(principal)
    return tramite.comite_remetente_id in orgaos or tramite.comite_destinatario_id in orgaos


def filtro_conteudo_visivel(principal, prefixo: str = "") -> Q:
    """``Q`` of the trâmites (``prefixo`` reaches them from a related model) whose content ``principal``
    sees: the same rule as ``pode_ver_conteudo`` for the process's level."""
    orgaos = sorted(orgaos_da_pessoa(principal))
    do_remetente = Q(**{f"{prefixo}comite_remetente_id__in": orgaos})
    de_um_dos_lados = do_remetente | Q(**{f"{prefixo}comite_destinatario_id__in": orgaos})
    publico = ~Q(**{f"{prefixo}nivel_de_sigilo__in": [n.value for n in SIGILOS_RESTRITOS]})
    dados = ~Q(**{f"{prefixo}status__in": sorted(STATUS_RECUSADOS)}) | do_remetente | ~Q(
        **{f"{prefixo}comite_destinatario_id__in": orgaos})
    return dados & (publico | de_um_dos_lados)
