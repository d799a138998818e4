"""A fresh install has the SIORG repository (data migration), so importing SIORG files works right after migrate."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from estrutura.models import RepositorioDeEstruturas, Unidade
from tests.factories.estrutura import RepositorioFactory

pytestmark = pytest.mark.django_db

MIGRACAO = importlib.import_module("estrutura.migrations.0006_repositorio_siorg")
DEMO_SIORG = "estrutura/fixtures/siorg/demo.json"


def _rodar_migracao():
    MIGRACAO.criar_repositorio_siorg(apps, SimpleNamespace(connection=connection))


def test_migrated_database_has_the_poder_executivo_federal_siorg_repository():
    # The test database is built by running every migration, as `manage.py migrate` does on a fresh install.
    siorg = RepositorioDeEstruturas.objects.get(is_siorg=True)
    assert siorg.nome == "Poder Executivo Federal" and siorg.ativo


def test_importar_siorg_works_right_after_migrate_without_creating_a_repository(capsys):
    call_command("importar_siorg", DEMO_SIORG)

    assert "concluída" in capsys.readouterr().out
    siorg = RepositorioDeEstruturas.objects.get(is_siorg=True)
    assert Unidade.objects.filter(repositorio=siorg, siorg_codigo="26").exists()


def test_migration_leaves_an_existing_siorg_repository_alone():
    RepositorioDeEstruturas.objects.filter(is_siorg=True).update(nome="SIORG (renomeado)")
    _rodar_migracao()
    assert list(RepositorioDeEstruturas.objects.filter(is_siorg=True).values_list("nome", flat=True)) == [
        "SIORG (renomeado)"]
    assert not RepositorioDeEstruturas.objects.filter(nome="Poder Executivo Federal").exists()


def test_migration_does_not_take_over_a_manual_repository_with_the_same_name():
    RepositorioDeEstruturas.objects.filter(is_siorg=True).delete()
    manual = RepositorioFactory(nome="Poder Executivo Federal")
    _rodar_migracao()
    manual.refresh_from_db()
    assert not manual.is_siorg and RepositorioDeEstruturas.objects.count() == 1


def test_migration_creates_the_repository_when_missing():
    RepositorioDeEstruturas.objects.filter(is_siorg=True).delete()
    _rodar_migracao()
    assert RepositorioDeEstruturas.objects.get(is_siorg=True).nome == "Poder Executivo Federal"
