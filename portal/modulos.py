"""Finds an optional module (``navigation``, ``demo``…) in each of the portal's apps, lowest first."""

from importlib import import_module
from types import ModuleType

APPS = ("portal", "hipoteses", "estrutura", "comites", "tramites")


def modulos_dos_apps(nome: str) -> list[tuple[str, ModuleType]]:
    """``(app, module)`` for every app that has ``<app>.<nome>``; other import errors propagate."""
    encontrados = []
    for app in APPS:
        try:
            encontrados.append((app, import_module(f"{app}.{nome}")))
        except ModuleNotFoundError as erro:
            if erro.name != f"{app}.{nome}":
                raise
    return encontrados
