"""What a model declares once: how its rows are scoped (``regra_de_escopo``), and where one object sits.

``Regra.filtro`` answers lists (one SQL filter per papel); ``Regra.escopo`` answers one object in
Python, sharing ``cache`` with every other check of the request, so checking N objects costs no query
per object. ``abrange`` is the single-object rule for each profile.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from portal.permissions.perfis import ACOES_SO_INTERNO, Perfil, hospedado_por_terceiro


@dataclass(frozen=True)
class Escopo:
    """Where one object sits, for single-object checks. An object of one comitê lists that comitê's id."""

    comite_ids: frozenset[int] = frozenset()
    repositorio_id: int | None = None
    gestor_tecnologico_id: int | None = None
    gestor_tecnologico_interno: bool = True
    autor_id: int | None = None  # the person who created it (e.g. a suggestion) always sees it


# The papel of an electronic-process system: its own órgãos' comitês, nothing else.
SISTEMA = "sistema"


@dataclass(frozen=True)
class Papel:
    perfil: Perfil | str
    repositorios: frozenset[int] = frozenset()
    gestor_tecnologico_id: int | None = None
    comite_ids: frozenset[int] = frozenset()


def abrange(papel: Papel, alvo: Escopo | None, acao) -> bool:
    if papel.perfil == Perfil.ADMINISTRADOR:
        return True
    if alvo is None:
        return True  # the action in general (lists are then filtered by scope)
    if papel.perfil == Perfil.SUPERVISOR:
        return alvo.repositorio_id is not None and alvo.repositorio_id in papel.repositorios
    if papel.perfil == Perfil.ADMIN_EXTERNO:
        return (
            alvo.repositorio_id in papel.repositorios
            and alvo.gestor_tecnologico_id is not None
            and alvo.gestor_tecnologico_id == papel.gestor_tecnologico_id
        )
    if papel.perfil in (Perfil.GESTOR, Perfil.GESTOR_OUTROS, SISTEMA):
        if not alvo.comite_ids & papel.comite_ids:
            return False
        if acao in ACOES_SO_INTERNO:
            return alvo.gestor_tecnologico_interno
        return True
    return False


class EscopoNaoDeclarado(Exception):
    """A model reached the scoping door without declaring ``regra_de_escopo``: fail closed.

    Deliberately not ``ImproperlyConfigured``: django-filter's views catch that one while building the
    queryset and fall back to the model's unscoped default manager."""


class Regra:
    """How a model is scoped. ``filtro`` answers lists (one SQL filter); ``escopo`` answers one
    object in Python, with ``cache`` shared by every check of the request (no query per object)."""

    leitura_publica = False  # rows may be read with no action (public pages and API)
    sem_recorte = False  # no per-row scope: the action alone decides (catalogues, settings)

    def filtro(self, papel: Papel, acao, cache: dict) -> Q:
        raise NotImplementedError

    def filtro_do_autor(self, principal_id: int) -> Q | None:
        return None

    def escopo(self, obj, cache: dict) -> Escopo | None:
        """The object's Escopo, or None when only the database can tell (then ``pode`` asks it)."""
        return None


NENHUM = Q(pk__in=[])


class SemRecorte(Regra):
    """Global rows (e.g. Parâmetros da Solução): whoever holds the action sees all of them."""

    sem_recorte = True

    def __init__(self, *, leitura_publica: bool = False):
        self.leitura_publica = leitura_publica


class Publico(SemRecorte):
    """Public rows (catalogues): anyone reads them, even anonymously; managing them needs the action."""

    def __init__(self):
        super().__init__(leitura_publica=True)


def _ler(obj, caminho: str):
    """Follows ``a__b__c`` through attributes, stopping at None."""
    valor = obj
    for parte in caminho.split("__"):
        if valor is None:
            return None
        valor = getattr(valor, parte)
    return valor


class PorCampos(Regra):
    """A row sits where its fields say: ``comite`` (lookup to the comitê id), ``repositorio`` (lookup,
    or a tuple of lookups whose first non-null wins), ``gestor_tecnologico`` and ``interno`` (the
    gestor tecnológico's id and "Interno" flag), ``autor`` (the person who created the row, who
    always sees it)."""

    def __init__(self, *, comite=None, repositorio=None, gestor_tecnologico=None, interno=None, autor=None,
                 leitura_publica=False):
        self.comite = comite
        self.repositorios = (repositorio,) if isinstance(repositorio, str) else tuple(repositorio or ())
        self.gestor_tecnologico = gestor_tecnologico
        self.interno = interno
        self.autor = autor
        self.leitura_publica = leitura_publica

    def _q_repositorio(self, ids) -> Q:
        """First non-null repositório lookup among ``self.repositorios`` is in ``ids``."""
        filtro, nulos = NENHUM, {}
        for lookup in self.repositorios:
            filtro |= Q(**nulos, **{f"{lookup}__in": ids})
            nulos[f"{lookup}__isnull"] = True
        return filtro

    def filtro(self, papel, acao, cache) -> Q:
        if papel.perfil == Perfil.SUPERVISOR:
            return self._q_repositorio(papel.repositorios) if self.repositorios else NENHUM
        if papel.perfil == Perfil.ADMIN_EXTERNO:
            if not (self.repositorios and self.gestor_tecnologico and papel.gestor_tecnologico_id):
                return NENHUM
            return self._q_repositorio(papel.repositorios) & Q(
                **{self.gestor_tecnologico: papel.gestor_tecnologico_id}
            )
        if papel.perfil in (Perfil.GESTOR, Perfil.GESTOR_OUTROS, SISTEMA):
            if not self.comite:
                return NENHUM
            filtro = Q(**{f"{self.comite}__in": papel.comite_ids})
            if acao in ACOES_SO_INTERNO and papel.perfil != SISTEMA:
                filtro &= ~Q(**{self.interno: False}) if self.interno else Q()
            return filtro
        return NENHUM

    def filtro_do_autor(self, principal_id):
        return Q(**{self.autor: principal_id}) if self.autor else None

    def escopo(self, obj, cache) -> Escopo:
        comite_id = _ler(obj, self.comite) if self.comite else None
        repositorio_id = next(
            (v for v in (_ler(obj, lookup) for lookup in self.repositorios) if v is not None), None
        )
        interno = _ler(obj, self.interno) if self.interno else None
        return Escopo(
            comite_ids=frozenset({comite_id}) if comite_id is not None else frozenset(),
            repositorio_id=repositorio_id,
            gestor_tecnologico_id=_ler(obj, self.gestor_tecnologico) if self.gestor_tecnologico else None,
            gestor_tecnologico_interno=not hospedado_por_terceiro(interno),
            autor_id=_ler(obj, self.autor) if self.autor else None,
        )


def regra_de(modelo) -> Regra:
    """The model's declared rule; fails closed when there is none."""
    regra = getattr(modelo, "regra_de_escopo", None)
    if not isinstance(regra, Regra):
        nome = getattr(getattr(modelo, "_meta", None), "label", None) or getattr(modelo, "__name__", modelo)
        raise EscopoNaoDeclarado(
            f"{nome} declares no regra_de_escopo; declare how it is scoped (portal.permissions) "
            "before listing or checking it."
        )
    return regra


# Marks a cache used for one check only: rules may then load just what that object needs.
AVULSO = "avulso"


def escopo_de(obj, cache: dict | None = None) -> Escopo | None:
    """Where ``obj`` sits according to its model's rule (None for global rows or database-only rules)."""
    regra = regra_de(type(obj))
    if regra.sem_recorte:
        return None
    return regra.escopo(obj, {AVULSO: True} if cache is None else cache)
