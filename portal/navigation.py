"""The profile-dependent menu. Each app declares its entries in ``<app>/navigation.py`` as ``ITENS``."""

from dataclasses import dataclass
from functools import cache

from django.urls import reverse

from portal import permissions
from portal.modulos import modulos_dos_apps
from portal.permissions import Acao

PROTOCOLO = "Protocolo"
ADMINISTRACAO = "Administração"
GRUPOS = (PROTOCOLO, ADMINISTRACAO)


@dataclass(frozen=True)
class Item:
    grupo: str
    rotulo: str
    url_name: str
    acao: Acao | None = None  # None: any signed-in user
    ordem: int = 50


# portal's own entries (Meus Dados, Perfis, Auditoria, Parâmetros…).
ITENS: list[Item] = [
    Item(ADMINISTRACAO, "Parâmetros da Solução", "portal:parametros", Acao.PARAMETROS_GERENCIAR, 60),
    Item(ADMINISTRACAO, "Auditoria", "portal:auditoria", Acao.AUDITORIA_VER, 90),
    Item(ADMINISTRACAO, "Gerenciar Perfis", "portal:perfis", Acao.PERFIS_VER, 40),
    Item(ADMINISTRACAO, "Meus Dados", "portal:meus_dados", None, 99),
]


@cache
def todos_os_itens() -> tuple[Item, ...]:
    itens: list[Item] = []
    for _app, modulo in modulos_dos_apps("navigation"):
        itens.extend(getattr(modulo, "ITENS", []))
    return tuple(sorted(itens, key=lambda i: (i.grupo, i.ordem, i.rotulo)))


def menu_para(usuario) -> list[tuple[str, list[dict]]]:
    if not getattr(usuario, "is_authenticated", False):
        return []
    grupos = []
    for grupo in GRUPOS:
        entradas = [
            {"rotulo": item.rotulo, "url": reverse(item.url_name)}
            for item in todos_os_itens()
            if item.grupo == grupo and (item.acao is None or permissions.pode(usuario, item.acao))
        ]
        if entradas:
            grupos.append((grupo, entradas))
    return grupos


@dataclass(frozen=True)
class LinkPublico:
    rotulo: str
    url_name: str
    ordem: int = 50
    destaque: bool = False  # also shown as a button on the home page


@cache
def links_publicos() -> tuple[dict, ...]:
    """Public pages (no login), declared by each app as ``LINKS_PUBLICOS`` in its navigation module."""
    links: list[LinkPublico] = []
    for _app, modulo in modulos_dos_apps("navigation"):
        links.extend(getattr(modulo, "LINKS_PUBLICOS", []))
    return tuple({"rotulo": link.rotulo, "url": reverse(link.url_name), "destaque": link.destaque}
        for link in sorted(links, key=lambda x: x.ordem))
