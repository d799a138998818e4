"""The scoping door: "may this principal do X on this object" and "which rows may it see".

Two questions, one door (this package: ``perfis`` — profiles, actions, the matrix; ``regras`` — the
scope rules models declare; here — principals, ``pode`` and ``restringir``):

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
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal import ganchos
from portal.permissions.perfis import (  # noqa: F401 (the public names of the module)
    ACOES_DE_LEITURA_PUBLICA,
    ACOES_DE_SISTEMA,
    ACOES_SO_INTERNO,
    MATRIZ,
    PERFIS_ATRIBUIVEIS,
    PERFIS_COM_MFA,
    PERFIS_CONCEDIDOS_POR_SUPERVISOR,
    ROTULOS,
    A,
    Acao,
    AcaoDeSistema,
    G,
    O,
    Perfil,
    S,
    X,
    hospedado_por_terceiro,
)
from portal.permissions.regras import (  # noqa: F401
    AVULSO,
    NENHUM,
    SISTEMA,
    Escopo,
    EscopoNaoDeclarado,
    Papel,
    PorCampos,
    Publico,
    Regra,
    SemRecorte,
    abrange,
    escopo_de,
    regra_de,
)


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

    Holds the comitês (órgãos) the system serves: its órgão responsável and the órgãos linked to it
    (Protocolo › Gestão › Sistemas). ``pk`` is the SPE's id, ``certificado_id`` the certificate presented.
    Built by ``comites.certificados.autenticacao`` from the certificate the TLS proxy forwarded.
    """

    nome: str
    comite_ids: frozenset[int] = frozenset()
    pk: int | None = None
    certificado_id: int | None = None
    is_authenticated = True
    is_active = True
    is_superuser = False


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
# The two questions


def _permitidos(escopo: EscopoDoUsuario, acao) -> list[Papel]:
    """The principal's papéis that allow ``acao`` in general."""
    if escopo.sistema:
        return escopo.papeis if acao in ACOES_DE_SISTEMA else []
    if not isinstance(acao, Acao):
        return []
    return [papel for papel in escopo.papeis if papel.perfil in MATRIZ[acao]]


def pode(principal, acao, obj=None) -> bool:
    """True when one of the principal's papéis allows ``acao`` and covers ``obj`` (if given)."""
    escopo = escopo_do_usuario(principal)
    papeis = _permitidos(escopo, acao)
    if not papeis or obj is None:
        return bool(papeis)
    regra = regra_de(type(obj))
    if regra.sem_recorte or (acao in ACOES_DE_LEITURA_PUBLICA and regra.leitura_publica):
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
    if acao in ACOES_DE_LEITURA_PUBLICA and regra.leitura_publica:
        return queryset  # what the bus publishes to every system (e.g. any unit, to choose a destinatário)
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
