"""The scoping door: "may this principal do X on this object" and "which rows may it see".

Two questions, one module:

* ``pode(principal, acao, obj=None) -> bool`` — the action in general, or on one object;
* ``restringir(queryset, principal, acao) -> queryset`` — the rows of a list, an export, an API
  answer or a task.

**Principals.** A person (``Pessoa``; their profiles and scopes, computed once per request) or an
electronic-process system authenticated by its client certificate (``SistemaAutenticado``). Both go
through the same two functions. A system only ever gets the ``AcaoDeSistema`` actions, limited to
its own órgãos; the portal-management actions (``Acao``) are for people only.

Profiles (spec portal-features §11):

* Administrador Tramita — everything.
* Supervisor — órgãos/objects of the repositórios under supervision.
* Administrador Externo — órgãos of its repositórios whose system is hosted by its gestor tecnológico.
* Gestor de Protocolo — the comitês the person is an active gestor of. When the órgão's gestor
  tecnológico is not "Interno", the gestor is "Gestão do Portal – Outros" and may neither list systems
  nor generate certificates (``hospedado_por_terceiro`` / ``ACOES_SO_INTERNO``).

**Declaring a model's scope.** Every model that ``restringir`` may see sets a class attribute
``regra_de_escopo`` once: ``PorCampos(comite=…, repositorio=…, gestor_tecnologico=…)`` (lookups to
where the row sits), a custom ``Regra`` subclass (units: the subtree of a comitê's root unit), or
``Publico()`` / ``SemRecorte()`` for catalogues and global settings. A model without a declaration
**fails closed**: ``restringir`` and ``pode`` raise ``EscopoNaoDeclarado``. Reading with no action
(``acao=None``, the public pages and API) is allowed only for rules declared with
``leitura_publica=True``.

The gestor memberships live in higher apps (``comites``); they register their sources through
``portal.ganchos`` at start-up, so this module imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from portal import ganchos


class Perfil(models.TextChoices):
    """The one list of profiles; ``PerfilAtribuido`` stores the first three (``PERFIS_ATRIBUIVEIS``)."""

    ADMINISTRADOR = "administrador", "Administrador Tramita"
    SUPERVISOR = "supervisor", "Supervisor"
    ADMIN_EXTERNO = "admin_externo", "Administrador Externo"
    GESTOR = "gestor", "Gestor de Protocolo"
    # a gestor whose órgão's system is hosted outside
    GESTOR_OUTROS = "gestor_outros", "Gestor de Protocolo (sistema hospedado por terceiro)"


# Stored profiles (the gestor ones follow from being an active gestor of a comitê).
PERFIS_ATRIBUIVEIS = (Perfil.ADMINISTRADOR, Perfil.SUPERVISOR, Perfil.ADMIN_EXTERNO)

ROTULOS = {perfil: perfil.label for perfil in Perfil}

# Profiles whose holders must have a second factor enrolled before reaching any page.
PERFIS_COM_MFA = frozenset({Perfil.ADMINISTRADOR, Perfil.SUPERVISOR, Perfil.ADMIN_EXTERNO})


class Acao(StrEnum):
    GESTAO_VER = "gestao.ver"  # órgão list, Hierarquia, Gestores, Sistemas, Unidades, Centralizadoras
    GESTAO_CONFIGURAR = "gestao.configurar"  # edit hierarchy, units, centralizadoras, gestores
    ORGAO_DEFINIR = "orgao.definir"  # Definir novo órgão
    SISTEMA_VINCULAR = "sistema.vincular"
    COMITE_INATIVAR = "comite.inativar"  # inativar / reativar / excluir
    SPE_VER = "spe.ver"
    SPE_EDITAR = "spe.editar"
    GESTOR_TECNOLOGICO_ALTERAR = "gestor_tecnologico.alterar"
    CERTIFICADO_GERAR = "certificado.gerar"
    CATALOGOS_GERENCIAR = "catalogos.gerenciar"  # hipóteses, espécies, sistemas de governo, gestores tecnológicos
    PARAMETROS_GERENCIAR = "parametros.gerenciar"
    REPOSITORIOS_GERENCIAR = "repositorios.gerenciar"
    ESTRUTURA_IMPORTAR_SIORG = "estrutura.importar_siorg"
    PAINEL_VER = "painel.ver"
    TRAMITE_CANCELAR = "tramite.cancelar"
    ACESSO_AVALIAR = "acesso.avaliar"
    PERFIS_VER = "perfis.ver"
    PERFIS_EDITAR = "perfis.editar"
    PERFIS_GERENCIAR = "perfis.gerenciar"
    AUDITORIA_VER = "auditoria.ver"
    HIPOTESE_SUGERIR = "hipotese.sugerir"
    IMPLANTACAO_MARCAR = "implantacao.marcar"


A, S, X, G, O = (
    Perfil.ADMINISTRADOR,
    Perfil.SUPERVISOR,
    Perfil.ADMIN_EXTERNO,
    Perfil.GESTOR,
    Perfil.GESTOR_OUTROS,
)

MATRIZ: dict[Acao, frozenset[Perfil]] = {
    Acao.GESTAO_VER: frozenset({G, O, X, S, A}),
    Acao.GESTAO_CONFIGURAR: frozenset({G, O, X, S, A}),
    Acao.ORGAO_DEFINIR: frozenset({S, A}),
    Acao.SISTEMA_VINCULAR: frozenset({S, A}),
    Acao.COMITE_INATIVAR: frozenset({A}),
    Acao.SPE_VER: frozenset({G, X, S, A}),
    Acao.SPE_EDITAR: frozenset({S, A}),
    Acao.GESTOR_TECNOLOGICO_ALTERAR: frozenset({A}),
    Acao.CERTIFICADO_GERAR: frozenset({G, X, S, A}),
    Acao.CATALOGOS_GERENCIAR: frozenset({A}),
    Acao.PARAMETROS_GERENCIAR: frozenset({A}),
    Acao.REPOSITORIOS_GERENCIAR: frozenset({A}),
    Acao.ESTRUTURA_IMPORTAR_SIORG: frozenset({A}),
    Acao.PAINEL_VER: frozenset({G, O, X, S, A}),
    Acao.TRAMITE_CANCELAR: frozenset({G, O, A}),
    Acao.ACESSO_AVALIAR: frozenset({S, A}),
    Acao.PERFIS_VER: frozenset({S, A}),
    Acao.PERFIS_EDITAR: frozenset({S, A}),
    Acao.PERFIS_GERENCIAR: frozenset({A}),
    Acao.AUDITORIA_VER: frozenset({G, O, S, A}),
    Acao.HIPOTESE_SUGERIR: frozenset({G, O, X, S, A}),
    Acao.IMPLANTACAO_MARCAR: frozenset({S, A}),
}

# The profiles a Supervisor may grant (spec §11, note 1).
PERFIS_CONCEDIDOS_POR_SUPERVISOR = frozenset({Perfil.SUPERVISOR, Perfil.ADMIN_EXTERNO})

# Actions a gestor may take only when the órgão's system is hosted by the órgão itself ("Interno").
ACOES_SO_INTERNO = frozenset({Acao.SPE_VER, Acao.CERTIFICADO_GERAR})


def hospedado_por_terceiro(interno: bool | None) -> bool:
    """The one rule: an órgão's system is hosted by a third party when its gestor tecnológico is not
    "Interno". No gestor tecnológico yet counts as "Interno"."""
    return interno is False


class AcaoDeSistema(StrEnum):
    """What an electronic-process system may do through the API; never portal management."""

    ESTRUTURA_CONSULTAR = "sistema.estrutura.consultar"  # read the units of its own órgãos


ACOES_DE_SISTEMA = frozenset(AcaoDeSistema)


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


@dataclass
class EscopoDoUsuario:
    """Everything the principal may reach, computed once per request (``cache`` holds rule data
    such as the comitês' root units, loaded once for every check of the request)."""

    papeis: list[Papel] = field(default_factory=list)
    sistema: bool = False
    principal_id: int | None = None
    cache: dict = field(default_factory=dict)

    @property
    def perfis(self) -> frozenset[Perfil]:
        return frozenset(p.perfil for p in self.papeis if p.perfil != SISTEMA)

    @property
    def administrador(self) -> bool:
        return Perfil.ADMINISTRADOR in self.perfis

    @property
    def comite_ids(self) -> frozenset[int]:
        """Comitês the principal manages as gestor (any flavour), or a system's own comitês."""
        ids: set[int] = set()
        for p in self.papeis:
            ids |= p.comite_ids
        return frozenset(ids)

    def repositorios(self, *perfis: Perfil) -> frozenset[int]:
        ids: set[int] = set()
        for p in self.papeis:
            if p.perfil in perfis:
                ids |= p.repositorios
        return frozenset(ids)

    def externos(self) -> frozenset[tuple[int, int]]:
        """(repositório, gestor tecnológico) pairs of the Administrador Externo profile."""
        return frozenset(
            (r, p.gestor_tecnologico_id)
            for p in self.papeis
            if p.perfil == Perfil.ADMIN_EXTERNO and p.gestor_tecnologico_id
            for r in p.repositorios
        )


@dataclass(frozen=True, eq=False)
class SistemaAutenticado:
    """An electronic-process system, as its verified client certificate identifies it.

    Holds the comitês (órgãos) the system serves; it sees their units and, later, their trâmites.
    The certificate model comes with the systems issue and will build this from the certificate.
    """

    nome: str
    comite_ids: frozenset[int] = frozenset()
    pk: int | None = None
    is_authenticated = True
    is_active = True
    is_superuser = False


class EscopoNaoDeclarado(Exception):
    """A model reached the scoping door without declaring ``regra_de_escopo``: fail closed.

    Deliberately not ``ImproperlyConfigured``: django-filter's views catch that one while building the
    queryset and fall back to the model's unscoped default manager."""


def escopo_do_usuario(principal) -> EscopoDoUsuario:
    """The principal's papéis: a system's own comitês, or a person's profiles (cached on the object)."""
    if isinstance(principal, SistemaAutenticado):
        return EscopoDoUsuario(
            papeis=[Papel(perfil=SISTEMA, comite_ids=frozenset(principal.comite_ids))], sistema=True
        )
    if principal is None or not getattr(principal, "is_authenticated", False) or not principal.is_active:
        return EscopoDoUsuario()
    em_cache = getattr(principal, "_escopo_portal", None)
    if em_cache is not None:
        return em_cache
    papeis: list[Papel] = []
    for fonte in ganchos.obter(ganchos.PAPEIS_DA_PESSOA):
        papeis.extend(fonte(principal))
    escopo = EscopoDoUsuario(papeis=papeis, principal_id=principal.pk)
    principal._escopo_portal = escopo
    return escopo


def esquecer(usuario) -> None:
    """Drop the per-request cache after the user's profiles changed."""
    if usuario is not None and hasattr(usuario, "_escopo_portal"):
        del usuario._escopo_portal


def perfis(usuario) -> frozenset[Perfil]:
    return escopo_do_usuario(usuario).perfis


def precisa_mfa(usuario) -> bool:
    """Staff profiles, and Django superusers (who reach the read-only admin site), need a second factor."""
    return bool(getattr(usuario, "is_superuser", False)) or bool(perfis(usuario) & PERFIS_COM_MFA)


def perfil_principal(usuario) -> str:
    """The label of the highest profile, for the audit trail and the header."""
    todos = perfis(usuario)
    for perfil in (A, S, X, G, O):
        if perfil in todos:
            return ROTULOS[perfil]
    return ""


# ---------------------------------------------------------------------------------------------------
# Scope rules: what a model declares once


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


def escopo_de(obj, cache: dict | None = None) -> Escopo | None:
    """Where ``obj`` sits according to its model's rule (None for global rows or database-only rules)."""
    regra = regra_de(type(obj))
    if regra.sem_recorte:
        return None
    return regra.escopo(obj, {} if cache is None else cache)


# ---------------------------------------------------------------------------------------------------
# The two questions


def _permitidos(escopo: EscopoDoUsuario, acao) -> list[Papel]:
    """The principal's papéis that allow ``acao`` in general."""
    if escopo.sistema:
        return escopo.papeis if acao in ACOES_DE_SISTEMA else []
    if not isinstance(acao, Acao):
        return []
    return [papel for papel in escopo.papeis if papel.perfil in MATRIZ[acao]]


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


def pode(principal, acao, obj=None) -> bool:
    """True when one of the principal's papéis allows ``acao`` and covers ``obj`` (if given)."""
    escopo = escopo_do_usuario(principal)
    papeis = _permitidos(escopo, acao)
    if not papeis or obj is None:
        return bool(papeis)
    regra = regra_de(type(obj))
    if regra.sem_recorte:
        return True
    alvo = regra.escopo(obj, escopo.cache)
    if alvo is None:  # only the database knows: one query
        return restringir(type(obj)._default_manager.filter(pk=obj.pk), principal, acao).exists()
    if not escopo.sistema and alvo.autor_id is not None and alvo.autor_id == escopo.principal_id:
        return True
    return any(abrange(papel, alvo, acao) for papel in papeis)


def restringir(queryset, principal, acao):
    """The rows of ``queryset`` that ``principal`` may reach for ``acao`` (``None``: public reading).

    Raises ``EscopoNaoDeclarado`` when the model declares no rule, and also when a non-public model is
    read with no action: a list can never be unscoped by accident.
    """
    regra = regra_de(queryset.model)
    if acao is None:
        if regra.leitura_publica:
            return queryset
        raise EscopoNaoDeclarado(
            f"{queryset.model._meta.label} is not public: restringir needs the action being performed."
        )
    escopo = escopo_do_usuario(principal)
    papeis = _permitidos(escopo, acao)
    if not papeis:
        return queryset.none()
    if regra.sem_recorte or any(p.perfil == Perfil.ADMINISTRADOR for p in papeis):
        return queryset
    filtros = [regra.filtro(papel, acao, escopo.cache) for papel in papeis]
    do_autor = regra.filtro_do_autor(escopo.principal_id) if escopo.principal_id else None
    if do_autor is not None:
        filtros.append(do_autor)
    return queryset.filter(reduce(or_, filtros, NENHUM))


def obter_ou_404(queryset, principal, acao, **filtros):
    """One object through the door: outside the principal's rows → 404; the action forbidden → 403."""
    if not pode(principal, acao):
        raise PermissionDenied("Seu perfil não permite esta ação.")
    try:
        return restringir(queryset, principal, acao).get(**filtros)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Registro não encontrado.") from None


def exigir(usuario, acao, obj=None, *, ocultar: bool = True) -> None:
    """Raise when not allowed: 404 for objects out of scope (their existence is not revealed), else 403."""
    if pode(usuario, acao, obj):
        return
    if obj is not None and ocultar and not pode(usuario, acao):
        raise PermissionDenied("Seu perfil não permite esta ação.")
    if obj is not None and ocultar:
        raise Http404("Registro não encontrado.")
    raise PermissionDenied("Seu perfil não permite esta ação.")


def _papeis_de_perfis_atribuidos(usuario) -> list[Papel]:
    """Source for the profiles stored in portal (Administrador, Supervisor, Administrador Externo)."""
    from portal.models import PerfilAtribuido

    papeis = []
    for atribuido in PerfilAtribuido.objects.filter(pessoa=usuario, ativo=True).prefetch_related("repositorios"):
        papeis.append(
            Papel(
                perfil=Perfil(atribuido.perfil),
                repositorios=frozenset(r.pk for r in atribuido.repositorios.all()),
                gestor_tecnologico_id=atribuido.gestor_tecnologico_id,
            )
        )
    return papeis


ganchos.registrar(ganchos.PAPEIS_DA_PESSOA, _papeis_de_perfis_atribuidos)
