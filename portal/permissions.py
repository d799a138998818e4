"""The one place that answers "may this user do X on this object".

Profiles (spec portal-features §11):

* Administrador Tramita — everything.
* Supervisor — órgãos/objects of the repositórios under supervision.
* Administrador Externo — órgãos of its repositórios whose system is hosted by its gestor tecnológico.
* Gestor de Protocolo — the comitês the person is an active gestor of. When the órgão's gestor
  tecnológico is not "Interno", the gestor is "Gestão do Portal – Outros" and may neither list systems
  nor generate certificates.

Objects declare their scope with ``escopo_de_acesso() -> Escopo``. The gestor memberships and the
supervised repositórios live in higher apps (``comites``, ``estrutura``); they register a source
function here at start-up (``registrar_fonte``), so this module imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404


class Perfil(StrEnum):
    ADMINISTRADOR = "administrador"
    SUPERVISOR = "supervisor"
    ADMIN_EXTERNO = "admin_externo"
    GESTOR = "gestor"
    GESTOR_OUTROS = "gestor_outros"  # a gestor whose órgão's system is hosted outside


ROTULOS = {
    Perfil.ADMINISTRADOR: "Administrador Tramita",
    Perfil.SUPERVISOR: "Supervisor",
    Perfil.ADMIN_EXTERNO: "Administrador Externo",
    Perfil.GESTOR: "Gestor de Protocolo",
    Perfil.GESTOR_OUTROS: "Gestor de Protocolo (sistema hospedado por terceiro)",
}

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


@dataclass(frozen=True)
class Escopo:
    """Where an object sits, for scope checks. An object of one comitê lists that comitê's id."""

    comite_ids: frozenset[int] = frozenset()
    repositorio_id: int | None = None
    gestor_tecnologico_id: int | None = None
    gestor_tecnologico_interno: bool = True


@dataclass(frozen=True)
class Papel:
    perfil: Perfil
    repositorios: frozenset[int] = frozenset()
    gestor_tecnologico_id: int | None = None
    comite_ids: frozenset[int] = frozenset()


@dataclass
class EscopoDoUsuario:
    """Everything the user may reach, computed once per request."""

    papeis: list[Papel] = field(default_factory=list)

    @property
    def perfis(self) -> frozenset[Perfil]:
        return frozenset(p.perfil for p in self.papeis)

    @property
    def administrador(self) -> bool:
        return Perfil.ADMINISTRADOR in self.perfis

    @property
    def comite_ids(self) -> frozenset[int]:
        """Comitês the user manages as gestor (any flavour)."""
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


# Sources registered by higher apps: each takes a user and yields Papel objects.
_FONTES: list[Callable[[object], list[Papel]]] = []


def registrar_fonte(fonte: Callable[[object], list[Papel]]) -> None:
    if fonte not in _FONTES:
        _FONTES.append(fonte)


def escopo_do_usuario(usuario) -> EscopoDoUsuario:
    if usuario is None or not getattr(usuario, "is_authenticated", False) or not usuario.is_active:
        return EscopoDoUsuario()
    em_cache = getattr(usuario, "_escopo_portal", None)
    if em_cache is not None:
        return em_cache
    papeis: list[Papel] = []
    for fonte in _FONTES:
        papeis.extend(fonte(usuario))
    escopo = EscopoDoUsuario(papeis=papeis)
    usuario._escopo_portal = escopo
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


def _abrange(papel: Papel, escopo: Escopo | None, acao: Acao) -> bool:
    if papel.perfil == Perfil.ADMINISTRADOR:
        return True
    if escopo is None:
        return True  # the action in general (lists are then filtered by scope)
    if papel.perfil == Perfil.SUPERVISOR:
        return escopo.repositorio_id is not None and escopo.repositorio_id in papel.repositorios
    if papel.perfil == Perfil.ADMIN_EXTERNO:
        return (
            escopo.repositorio_id in papel.repositorios
            and escopo.gestor_tecnologico_id is not None
            and escopo.gestor_tecnologico_id == papel.gestor_tecnologico_id
        )
    if papel.perfil in (Perfil.GESTOR, Perfil.GESTOR_OUTROS):
        if not escopo.comite_ids & papel.comite_ids:
            return False
        if acao in (Acao.SPE_VER, Acao.CERTIFICADO_GERAR):
            return escopo.gestor_tecnologico_interno
        return True
    return False


def pode(usuario, acao: Acao, obj=None) -> bool:
    """True when one of the user's profiles allows ``acao`` and covers ``obj`` (if given)."""
    permitidos = MATRIZ[acao]
    escopo = obj.escopo_de_acesso() if obj is not None else None
    return any(
        papel.perfil in permitidos and _abrange(papel, escopo, acao)
        for papel in escopo_do_usuario(usuario).papeis
    )


def exigir(usuario, acao: Acao, obj=None, *, ocultar: bool = True) -> None:
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


registrar_fonte(_papeis_de_perfis_atribuidos)
