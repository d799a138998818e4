"""Profiles, actions and the matrix of which profile may take which action (spec portal-features §11)."""

from __future__ import annotations

from enum import StrEnum

from django.db import models


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
    # Act on the trâmites of its órgãos, on either side (tramites.escopo: send, receive, pendências).
    TRAMITE_OPERAR = "sistema.tramite.operar"
    # Read what the bus publishes to every system: repositórios, any órgão's units (to choose a
    # destinatário, tramita-api.md §3 #2-#5), hipóteses legais, espécies. Rows of models declared
    # ``leitura_publica`` are all returned; any other model stays limited to the system's own órgãos.
    CATALOGO_CONSULTAR = "sistema.catalogo.consultar"


ACOES_DE_SISTEMA = frozenset(AcaoDeSistema)
ACOES_DE_LEITURA_PUBLICA = frozenset({AcaoDeSistema.CATALOGO_CONSULTAR})
