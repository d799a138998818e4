"""How units are scoped: a unit belongs to the comitê whose órgão root is its nearest ancestor-or-self.

The comitês live in ``comites`` (above ``estrutura``): it registers, through ``portal.ganchos``
(``COMITES_DAS_UNIDADES``), a function listing every comitê with its root unit's path. That list is
read once per request (kept in the principal's cache), so checking ``pode`` on any number of units
costs no further query, and lists filter in SQL on the materialized path.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from portal import ganchos
from portal.permissions import (
    AVULSO,
    NENHUM,
    SISTEMA,
    Escopo,
    Perfil,
    PorCampos,
    Regra,
    abrange,
    hospedado_por_terceiro,
)


@dataclass(frozen=True)
class RaizDeComite:
    """A comitê and the root unit of its órgão."""

    comite_id: int
    caminho: str
    repositorio_id: int
    gestor_tecnologico_id: int | None = None
    interno: bool | None = None


def _carregar(caminhos: list[str] | None) -> dict[str, Escopo]:
    por_caminho: dict[str, list[RaizDeComite]] = {}
    for fonte in ganchos.obter(ganchos.COMITES_DAS_UNIDADES):
        for raiz in fonte(caminhos):
            por_caminho.setdefault(raiz.caminho, []).append(raiz)
    return {
        caminho: Escopo(
            comite_ids=frozenset(r.comite_id for r in raizes),
            repositorio_id=raizes[0].repositorio_id,
            gestor_tecnologico_id=raizes[0].gestor_tecnologico_id,
            gestor_tecnologico_interno=not hospedado_por_terceiro(raizes[0].interno),
        )
        for caminho, raizes in por_caminho.items()
    }


def _raizes(cache: dict) -> dict[str, Escopo]:
    """``caminho`` of every comitê root → the Escopo of the units it owns (loaded once per cache)."""
    if "estrutura.raizes" not in cache:
        cache["estrutura.raizes"] = _carregar(None)
    return cache["estrutura.raizes"]


def escopo_do_caminho(caminho: str, repositorio_id: int, cache: dict) -> Escopo:
    """The comitê(s) of the deepest root that is an ancestor-or-self of the path; else the repositório.

    With the request's cache every comitê is loaded once and reused; a one-off check (``cache`` marked
    ``AVULSO``, e.g. the audit trail filing one record) reads only the comitês of the unit's ancestors.
    """
    segmentos = caminho.split(".")[:-1]
    if cache.get(AVULSO) and "estrutura.raizes" not in cache:
        raizes = _carregar([".".join(segmentos[:fim]) + "." for fim in range(1, len(segmentos) + 1)])
    else:
        raizes = _raizes(cache)
    for fim in range(len(segmentos), 0, -1):
        escopo = raizes.get(".".join(segmentos[:fim]) + ".")
        if escopo is not None:
            return escopo
    return Escopo(repositorio_id=repositorio_id)


class PorSubarvore(Regra):
    """Units (``prefixo`` reaches a unit from another model, e.g. ``"unidade_destino__"``)."""

    def __init__(self, prefixo: str = "", *, leitura_publica: bool = False):
        self.prefixo = prefixo
        self.leitura_publica = leitura_publica

    def _unidade(self, obj):
        for parte in self.prefixo.split("__"):
            if parte and obj is not None:
                obj = getattr(obj, parte)
        return obj

    def escopo(self, obj, cache):
        unidade = self._unidade(obj)
        if unidade is None:
            return Escopo()
        return escopo_do_caminho(unidade.caminho, unidade.repositorio_id, cache)

    def filtro(self, papel, acao, cache) -> Q:
        from estrutura.models import filtro_de_subarvore

        campo = f"{self.prefixo}caminho"
        if papel.perfil == Perfil.SUPERVISOR:
            return Q(**{f"{self.prefixo}repositorio_id__in": papel.repositorios})
        if papel.perfil not in (Perfil.ADMIN_EXTERNO, Perfil.GESTOR, Perfil.GESTOR_OUTROS, SISTEMA):
            return NENHUM
        raizes = _raizes(cache)
        cobertas = {c for c, escopo in raizes.items() if abrange(papel, escopo, acao)}
        filtro = NENHUM
        for caminho in cobertas:
            # The subtree, minus the subtrees of nested órgãos with comitês of their own not covered.
            aninhadas = [c for c in raizes if c != caminho and c.startswith(caminho) and c not in cobertas]
            termo = filtro_de_subarvore(caminho, campo)
            for outra in aninhadas:
                termo &= ~filtro_de_subarvore(outra, campo)
            filtro |= termo
        return filtro


class PorImportacao(Regra):
    """A CSV import sits where its destination unit does; a SIORG import in its repositório."""

    def __init__(self):
        self.da_unidade = PorSubarvore("unidade_destino__")
        self.do_repositorio = PorCampos(repositorio="repositorio_id")

    def escopo(self, obj, cache):
        if obj.unidade_destino_id:
            return self.da_unidade.escopo(obj, cache)
        return self.do_repositorio.escopo(obj, cache)

    def filtro(self, papel, acao, cache):
        return (Q(unidade_destino__isnull=False) & self.da_unidade.filtro(papel, acao, cache)) | (
            Q(unidade_destino__isnull=True) & self.do_repositorio.filtro(papel, acao, cache)
        )
