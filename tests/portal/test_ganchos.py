"""The one registration mechanism (portal.ganchos) and the apps list derived from INSTALLED_APPS."""

import pytest

import estrutura.models
from comites import homologacao, scope
from portal import ganchos, modulos, permissions


def test_project_apps_come_from_installed_apps_in_order_without_third_party_apps():
    assert modulos.apps_do_projeto() == ["portal", "hipoteses", "estrutura", "comites", "tramites"]


def test_project_apps_follow_installed_apps_when_it_changes(settings):
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "tramites"]

    assert modulos.apps_do_projeto() == ["portal", "hipoteses", "estrutura", "comites"]
    assert "tramites" not in [app for app, _ in modulos.modulos_dos_apps("navigation")]


def test_modules_are_found_in_every_project_app_lowest_first():
    apps = [app for app, _modulo in modulos.modulos_dos_apps("navigation")]
    assert apps == sorted(apps, key=modulos.apps_do_projeto().index)
    assert apps[0] == "portal"


def test_higher_apps_register_through_the_one_mechanism():
    assert scope.papeis_de_gestor in ganchos.obter(ganchos.PAPEIS_DA_PESSOA)
    assert scope.raizes_dos_comites in ganchos.obter(ganchos.COMITES_DAS_UNIDADES)
    # The old ad-hoc mechanisms are gone: no module global to reassign, no differently named registrars.
    assert not hasattr(estrutura.models, "resolvedor_de_comite")
    assert not hasattr(permissions, "registrar_fonte")
    assert not hasattr(homologacao, "registrar_fonte_de_tramites")


def test_registering_twice_keeps_one_and_removing_forgets():
    def fonte(comite):
        return []

    ganchos.registrar(ganchos.TRAMITES_DO_COMITE, fonte)
    ganchos.registrar(ganchos.TRAMITES_DO_COMITE, fonte)
    try:
        assert ganchos.obter(ganchos.TRAMITES_DO_COMITE).count(fonte) == 1
    finally:
        ganchos.remover(ganchos.TRAMITES_DO_COMITE, fonte)
    assert fonte not in ganchos.obter(ganchos.TRAMITES_DO_COMITE)


def test_an_unknown_extension_point_is_refused():
    with pytest.raises(ganchos.PontoDesconhecido):
        ganchos.registrar("comites.algo_que_nao_existe", print)
    with pytest.raises(ganchos.PontoDesconhecido):
        ganchos.obter("comites.algo_que_nao_existe")


def test_one_perfil_enum_backs_the_stored_profiles():
    from portal.models import PerfilAtribuido

    assert PerfilAtribuido.Perfil is permissions.Perfil
    stored = [valor for valor, _rotulo in PerfilAtribuido._meta.get_field("perfil").choices]
    assert stored == ["administrador", "supervisor", "admin_externo"]
    assert permissions.ROTULOS[permissions.Perfil.GESTOR_OUTROS] == permissions.Perfil.GESTOR_OUTROS.label
