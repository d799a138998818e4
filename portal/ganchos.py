"""The one registration mechanism: what higher apps tell lower ones.

Imports point one way (portal ← hipoteses, estrutura ← comites ← tramites). When a lower app needs a
fact only a higher app knows, it names an extension point here and reads whatever was registered for
it; the higher app registers a function in its ``AppConfig.ready``::

    # comites/apps.py
    ganchos.registrar(ganchos.PAPEIS_DA_PESSOA, papeis_de_gestor)

    # portal/permissions.py
    for fonte in ganchos.obter(ganchos.PAPEIS_DA_PESSOA): ...

A point holds any number of functions, in registration order; registering the same function twice
keeps one. No lower module is ever reassigned from outside.
"""

from __future__ import annotations

from collections.abc import Callable

# The extension points of the project (one constant each, so a typo fails at import time).
PAPEIS_DA_PESSOA = "permissoes.papeis_da_pessoa"
"""``func(pessoa) -> list[permissions.Papel]``: profiles a person holds through a higher app."""

COMITES_DAS_UNIDADES = "estrutura.comites_das_unidades"
"""``func(caminhos=None) -> list[estrutura.escopo.RaizDeComite]``: every comitê with its root unit's
path (only those rooted at ``caminhos`` when given), so a unit's scope is decided without one query
per unit."""

TRAMITES_DO_COMITE = "comites.tramites_do_comite"
"""``func(comite) -> iterable of records``: the órgão's trâmites for the homologação checklist."""

ALERTAS = "portal.alertas"
"""``func(pessoa) -> iterable of portal.alertas.Alerta``: what a signed-in person should look at, each with
a count (within the person's scope, through ``portal.permissions``) and the list it links to. Return
nothing for what the person's profiles cannot act on."""

PONTOS = frozenset({PAPEIS_DA_PESSOA, COMITES_DAS_UNIDADES, TRAMITES_DO_COMITE, ALERTAS})

_registro: dict[str, list[Callable]] = {}


class PontoDesconhecido(LookupError):
    pass


def _validar(ponto: str) -> None:
    if ponto not in PONTOS:
        raise PontoDesconhecido(f"Unknown extension point {ponto!r}; declare it in portal.ganchos.")


def registrar(ponto: str, func: Callable) -> Callable:
    """Adds ``func`` to ``ponto`` (once); returns it, so it also works as a decorator helper."""
    _validar(ponto)
    funcoes = _registro.setdefault(ponto, [])
    if func not in funcoes:
        funcoes.append(func)
    return func


def remover(ponto: str, func: Callable) -> None:
    _validar(ponto)
    funcoes = _registro.get(ponto, [])
    if func in funcoes:
        funcoes.remove(func)


def obter(ponto: str) -> tuple[Callable, ...]:
    """The functions registered for ``ponto``, in registration order (empty when none)."""
    _validar(ponto)
    return tuple(_registro.get(ponto, ()))
