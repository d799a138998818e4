"""Finds an optional module (``navigation``, ``demo``…) in each of the project's apps, lowest first.

The apps are the project's own entries of ``INSTALLED_APPS`` (those whose code lives in this
repository, not in an installed package), in ``INSTALLED_APPS`` order — which is the import order:
an app comes after every app it imports.
"""

from importlib import import_module
from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.conf import settings


def apps_do_projeto() -> list[str]:
    """Names of the project's own apps, in ``INSTALLED_APPS`` order."""
    raiz = Path(settings.BASE_DIR).resolve()
    nomes = []
    for config in apps.get_app_configs():
        caminho = Path(config.path).resolve()
        if caminho.is_relative_to(raiz) and "site-packages" not in caminho.parts and not any(
            parte.startswith(".") for parte in caminho.relative_to(raiz).parts
        ):
            nomes.append(config.name)
    return nomes


def modulos_dos_apps(nome: str) -> list[tuple[str, ModuleType]]:
    """``(app, module)`` for every app that has ``<app>.<nome>``; other import errors propagate."""
    encontrados = []
    for app in apps_do_projeto():
        try:
            encontrados.append((app, import_module(f"{app}.{nome}")))
        except ModuleNotFoundError as erro:
            if erro.name != f"{app}.{nome}":
                raise
    return encontrados
