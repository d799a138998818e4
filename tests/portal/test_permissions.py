"""The permission module, profile by profile (spec portal-features §11)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal import permissions
from portal.models import PerfilAtribuido
from portal.permissions import Acao, Perfil
from tests.factories.comites import ComiteFactory, GestorFactory
from tests.factories.estrutura import OrgaoFactory, RepositorioFactory, UnidadeFactory
from tests.factories.portal import GestorTecnologicoFactory, PerfilAtribuidoFactory, PessoaFactory

pytestmark = pytest.mark.django_db


def test_anonymous_user_may_do_nothing(comite):
    from django.contrib.auth.models import AnonymousUser

    assert not any(permissions.pode(AnonymousUser(), acao) for acao in Acao)
    assert not permissions.pode(None, Acao.GESTAO_VER, comite)


def test_person_without_profile_may_do_nothing(pessoa, comite):
    assert permissions.perfis(pessoa) == frozenset()
    assert not any(permissions.pode(pessoa, acao) for acao in Acao)


def test_administrador_may_do_everything_everywhere(admin, comite, outro_comite):
    assert all(permissions.pode(admin, acao) for acao in Acao)
    assert all(permissions.pode(admin, acao, outro_comite) for acao in Acao)


def test_inactive_profile_grants_nothing(db):
    pessoa = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=pessoa, perfil=PerfilAtribuido.Perfil.ADMINISTRADOR, ativo=False)
    assert not permissions.pode(pessoa, Acao.PARAMETROS_GERENCIAR)


def test_inactive_person_grants_nothing(admin):
    admin.is_active = False
    permissions.esquecer(admin)
    assert not permissions.pode(admin, Acao.PARAMETROS_GERENCIAR)


def test_supervisor_reaches_only_comites_of_supervised_repositorios(supervisor, comite, outro_comite):
    assert permissions.pode(supervisor, Acao.ACESSO_AVALIAR)
    assert permissions.pode(supervisor, Acao.GESTAO_VER, comite)
    assert permissions.pode(supervisor, Acao.ORGAO_DEFINIR, comite)
    assert not permissions.pode(supervisor, Acao.GESTAO_VER, outro_comite)


def test_supervisor_may_not_do_administrator_only_actions(supervisor, comite):
    for acao in (Acao.PARAMETROS_GERENCIAR, Acao.CATALOGOS_GERENCIAR, Acao.REPOSITORIOS_GERENCIAR,
                 Acao.COMITE_INATIVAR, Acao.PERFIS_GERENCIAR, Acao.GESTOR_TECNOLOGICO_ALTERAR):
        assert not permissions.pode(supervisor, acao), acao
        assert not permissions.pode(supervisor, acao, comite), acao


def test_admin_externo_reaches_comites_of_its_gestor_tecnologico_in_its_repositorios(db):
    repositorio = RepositorioFactory()
    dataprev = GestorTecnologicoFactory(nome="Dataprev", descricao="Empresa pública", interno=False)
    interno = GestorTecnologicoFactory()
    hospedado = ComiteFactory(unidade=OrgaoFactory(repositorio=repositorio), gestor_tecnologico=dataprev)
    proprio = ComiteFactory(unidade=OrgaoFactory(repositorio=repositorio), gestor_tecnologico=interno)
    fora = ComiteFactory(gestor_tecnologico=dataprev)
    pessoa = PessoaFactory()
    PerfilAtribuidoFactory(
        pessoa=pessoa, perfil=PerfilAtribuido.Perfil.ADMIN_EXTERNO, gestor_tecnologico=dataprev,
        repositorios=[repositorio],
    )
    assert permissions.pode(pessoa, Acao.CERTIFICADO_GERAR, hospedado)
    assert not permissions.pode(pessoa, Acao.CERTIFICADO_GERAR, proprio)
    assert not permissions.pode(pessoa, Acao.CERTIFICADO_GERAR, fora)
    assert not permissions.pode(pessoa, Acao.ACESSO_AVALIAR)


def test_gestor_reaches_only_own_comite(gestor, comite, outro_comite):
    assert permissions.perfis(gestor) == {Perfil.GESTOR}
    assert permissions.pode(gestor, Acao.GESTAO_CONFIGURAR, comite)
    assert permissions.pode(gestor, Acao.CERTIFICADO_GERAR, comite)
    assert not permissions.pode(gestor, Acao.GESTAO_VER, outro_comite)
    assert not permissions.pode(gestor, Acao.ACESSO_AVALIAR)
    assert not permissions.pode(gestor, Acao.PARAMETROS_GERENCIAR)


def test_gestor_of_orgao_hosted_by_third_party_cannot_generate_certificates(db):
    dataprev = GestorTecnologicoFactory(nome="Dataprev", descricao="Empresa pública", interno=False)
    comite = ComiteFactory(gestor_tecnologico=dataprev)
    pessoa = GestorFactory(comite=comite).pessoa
    assert permissions.perfis(pessoa) == {Perfil.GESTOR_OUTROS}
    assert permissions.pode(pessoa, Acao.GESTAO_VER, comite)
    assert not permissions.pode(pessoa, Acao.CERTIFICADO_GERAR, comite)
    assert not permissions.pode(pessoa, Acao.SPE_VER, comite)


def test_removed_gestor_loses_access(db, comite):
    vinculo = GestorFactory(comite=comite, ativo=False)
    assert not permissions.pode(vinculo.pessoa, Acao.GESTAO_VER, comite)


def test_gestor_reaches_units_inside_own_orgao_only(gestor, comite, outro_comite):
    dentro = UnidadeFactory(parent=UnidadeFactory(parent=comite.unidade))
    fora = UnidadeFactory(parent=outro_comite.unidade)
    assert permissions.pode(gestor, Acao.GESTAO_CONFIGURAR, dentro)
    assert not permissions.pode(gestor, Acao.GESTAO_CONFIGURAR, fora)


def test_person_may_manage_several_orgaos(db):
    pessoa = PessoaFactory()
    a, b, c = ComiteFactory(), ComiteFactory(), ComiteFactory()
    GestorFactory(comite=a, pessoa=pessoa)
    GestorFactory(comite=b, pessoa=pessoa)
    assert permissions.pode(pessoa, Acao.GESTAO_VER, a)
    assert permissions.pode(pessoa, Acao.GESTAO_VER, b)
    assert not permissions.pode(pessoa, Acao.GESTAO_VER, c)


def test_exigir_hides_out_of_scope_objects_as_404_and_forbidden_actions_as_403(gestor, outro_comite):
    with pytest.raises(Http404):
        permissions.exigir(gestor, Acao.GESTAO_VER, outro_comite)
    with pytest.raises(PermissionDenied):
        permissions.exigir(gestor, Acao.PARAMETROS_GERENCIAR)


def test_staff_profiles_require_mfa_and_gestores_do_not(admin, supervisor, gestor):
    assert permissions.precisa_mfa(admin)
    assert permissions.precisa_mfa(supervisor)
    assert not permissions.precisa_mfa(gestor)


def test_every_action_is_in_the_matrix():
    assert set(permissions.MATRIZ) == set(Acao)
