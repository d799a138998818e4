"""The scoping door: ``restringir`` per profile and model, agreeing with ``pode``; fail-closed; systems."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import RequestFactory

from comites.filtersets import SolicitacaoFilterSet
from comites.models import Comite, Gestor, NotaInterna, Sistema, SolicitacaoDeAcesso
from comites.tables import SolicitacaoTable
from estrutura.models import ExecucaoDeImportacao, RepositorioDeEstruturas, Unidade
from hipoteses.models import HipoteseLegal, SugestaoDeHipotese
from portal import permissions
from portal.models import Batimento, Parametro, PerfilAtribuido, Pessoa, RegistroDeAuditoria
from portal.permissions import Acao, AcaoDeSistema, EscopoNaoDeclarado, SistemaAutenticado
from portal.services import auditoria
from portal.views.generic import AcaoExigidaMixin, ObjectListView
from tests.factories.comites import ComiteFactory, GestorFactory, SistemaFactory, SolicitacaoFactory
from tests.factories.estrutura import OrgaoFactory, RepositorioFactory, UnidadeFactory
from tests.factories.hipoteses import HipoteseLegalFactory, SugestaoFactory
from tests.factories.portal import GestorTecnologicoFactory, PerfilAtribuidoFactory, PessoaFactory

pytestmark = pytest.mark.django_db


@dataclass
class Mundo:
    """Three comitês: A (repositório 1, hosted by Dataprev), B (repositório 2), C (repositório 1, Interno)."""

    comites: dict[str, Comite]
    principais: dict[str, object]
    repositorios: tuple[RepositorioDeEstruturas, RepositorioDeEstruturas]


@pytest.fixture
def mundo():
    r1, r2 = RepositorioFactory(), RepositorioFactory()
    dataprev = GestorTecnologicoFactory(nome="Dataprev", descricao="Empresa pública", interno=False)
    interno = GestorTecnologicoFactory()
    comites = {
        "A": ComiteFactory(unidade=OrgaoFactory(repositorio=r1), gestor_tecnologico=dataprev),
        "B": ComiteFactory(unidade=OrgaoFactory(repositorio=r2), gestor_tecnologico=interno),
        "C": ComiteFactory(unidade=OrgaoFactory(repositorio=r1), gestor_tecnologico=interno),
    }
    supervisor, externo, admin = PessoaFactory(), PessoaFactory(), PessoaFactory()
    PerfilAtribuidoFactory(pessoa=supervisor, perfil=PerfilAtribuido.Perfil.SUPERVISOR, repositorios=[r1])
    PerfilAtribuidoFactory(pessoa=externo, perfil=PerfilAtribuido.Perfil.ADMIN_EXTERNO, gestor_tecnologico=dataprev,
                           repositorios=[r1])
    PerfilAtribuidoFactory(pessoa=admin, perfil=PerfilAtribuido.Perfil.ADMINISTRADOR)
    principais = {
        "gestor_de_A": GestorFactory(comite=comites["A"]).pessoa,
        "supervisor_de_r1": supervisor,
        "externo_r1_dataprev": externo,
        "administrador": admin,
        "anonimo": AnonymousUser(),
    }
    return Mundo(comites=comites, principais=principais, repositorios=(r1, r2))


def _execucao(comite):
    return ExecucaoDeImportacao.objects.create(
        tipo=ExecucaoDeImportacao.Tipo.CSV, origem=ExecucaoDeImportacao.Origem.UPLOAD,
        situacao=ExecucaoDeImportacao.Situacao.SUCESSO, repositorio=comite.unidade.repositorio,
        unidade_destino=comite.unidade,
    )


def _nota(comite):
    return NotaInterna.objects.create(solicitacao=SolicitacaoFactory(unidade=comite.unidade), texto="Nota.")


# One row per comitê, built by each model's own relation to it.
LINHAS = {
    Comite: lambda comite: comite,
    Gestor: lambda comite: GestorFactory(comite=comite),
    Sistema: lambda comite: SistemaFactory(orgao_responsavel=comite),
    Unidade: lambda comite: UnidadeFactory(parent=UnidadeFactory(parent=comite.unidade)),
    ExecucaoDeImportacao: _execucao,
    SolicitacaoDeAcesso: lambda comite: SolicitacaoFactory(unidade=comite.unidade),
    NotaInterna: _nota,
    RegistroDeAuditoria: lambda comite: auditoria.registrar("teste.escopo", comite),
    SugestaoDeHipotese: lambda comite: SugestaoFactory(comite_id=comite.pk),
    Pessoa: lambda comite: GestorFactory(comite=comite).pessoa,
}

GESTAO = {"gestor_de_A": "A", "supervisor_de_r1": "AC", "externo_r1_dataprev": "A", "administrador": "ABC",
          "anonimo": ""}
AVALIACAO = {"gestor_de_A": "", "supervisor_de_r1": "AC", "externo_r1_dataprev": "", "administrador": "ABC",
             "anonimo": ""}

CASOS = [
    (Comite, Acao.GESTAO_VER, GESTAO),
    (Gestor, Acao.GESTAO_VER, GESTAO),
    (Sistema, Acao.GESTAO_VER, GESTAO),
    (Unidade, Acao.GESTAO_VER, GESTAO),
    (ExecucaoDeImportacao, Acao.GESTAO_VER, GESTAO),
    (SolicitacaoDeAcesso, Acao.ACESSO_AVALIAR, AVALIACAO),
    (NotaInterna, Acao.ACESSO_AVALIAR, AVALIACAO),
    (RegistroDeAuditoria, Acao.AUDITORIA_VER,
     {"gestor_de_A": "A", "supervisor_de_r1": "AC", "externo_r1_dataprev": "", "administrador": "ABC",
      "anonimo": ""}),
    (SugestaoDeHipotese, Acao.HIPOTESE_SUGERIR,
     {"gestor_de_A": "A", "supervisor_de_r1": "", "externo_r1_dataprev": "", "administrador": "ABC",
      "anonimo": ""}),
    (Pessoa, Acao.PERFIS_VER, AVALIACAO),
]


@pytest.mark.parametrize(("modelo", "acao", "esperado"), CASOS, ids=[c[0].__name__ for c in CASOS])
@pytest.mark.parametrize("quem", list(GESTAO))
def test_restringir_gives_each_profile_only_its_rows_and_pode_agrees(mundo, modelo, acao, esperado, quem):
    linhas = {letra: LINHAS[modelo](comite) for letra, comite in mundo.comites.items()}
    principal = mundo.principais[quem]
    todas = modelo.objects.filter(pk__in=[linha.pk for linha in linhas.values()])

    visiveis = set(permissions.restringir(todas, principal, acao))

    assert visiveis == {linhas[letra] for letra in esperado[quem]}
    for letra, linha in linhas.items():
        assert permissions.pode(principal, acao, linha) == (letra in esperado[quem]), letra


def test_repositorios_are_scoped_for_supervisores_and_management_is_for_administradores(mundo):
    r1, r2 = mundo.repositorios
    todos = RepositorioDeEstruturas.objects.filter(pk__in=[r1.pk, r2.pk])
    p = mundo.principais

    assert set(permissions.restringir(todos, p["supervisor_de_r1"], Acao.GESTAO_VER)) == {r1}
    assert set(permissions.restringir(todos, p["supervisor_de_r1"], Acao.REPOSITORIOS_GERENCIAR)) == set()
    assert set(permissions.restringir(todos, p["administrador"], Acao.REPOSITORIOS_GERENCIAR)) == {r1, r2}
    assert set(permissions.restringir(todos, p["anonimo"], Acao.GESTAO_VER)) == set()
    # The structure API reads them publicly: an explicit declaration, not a default.
    assert set(permissions.restringir(todos, None, None)) == {r1, r2}


def test_third_party_hosting_hides_systems_from_the_gestor_in_lists_and_checks(mundo):
    gestor_de_c = GestorFactory(comite=mundo.comites["C"]).pessoa
    gestor_de_a = mundo.principais["gestor_de_A"]
    comites = Comite.objects.all()

    assert permissions.perfis(gestor_de_a) == {permissions.Perfil.GESTOR_OUTROS}
    assert set(permissions.restringir(comites, gestor_de_a, Acao.SPE_VER)) == set()
    assert set(permissions.restringir(comites, gestor_de_c, Acao.SPE_VER)) == {mundo.comites["C"]}
    assert permissions.hospedado_por_terceiro(False) and not permissions.hospedado_por_terceiro(None)


def test_administrador_externo_lists_certificates_only_for_its_hosted_comites(mundo):
    externo = mundo.principais["externo_r1_dataprev"]
    assert set(permissions.restringir(Comite.objects.all(), externo, Acao.CERTIFICADO_GERAR)) == {mundo.comites["A"]}


def test_a_nested_orgao_with_its_own_comite_is_outside_the_parent_comites_scope(mundo):
    a = mundo.comites["A"]
    aninhado = ComiteFactory(unidade=OrgaoFactory(parent=a.unidade))
    dentro_do_aninhado = UnidadeFactory(parent=aninhado.unidade)
    de_a = UnidadeFactory(parent=a.unidade)
    gestor_de_a = mundo.principais["gestor_de_A"]
    gestor_do_aninhado = GestorFactory(comite=aninhado).pessoa
    unidades = Unidade.objects.filter(pk__in=[de_a.pk, aninhado.unidade_id, dentro_do_aninhado.pk])

    assert set(permissions.restringir(unidades, gestor_de_a, Acao.GESTAO_VER)) == {de_a}
    assert set(permissions.restringir(unidades, gestor_do_aninhado, Acao.GESTAO_VER)) == {
        aninhado.unidade, dentro_do_aninhado}
    assert not permissions.pode(gestor_de_a, Acao.GESTAO_VER, dentro_do_aninhado)
    assert permissions.pode(gestor_do_aninhado, Acao.GESTAO_VER, dentro_do_aninhado)


def test_the_author_of_a_suggestion_always_sees_it(mundo):
    supervisor = mundo.principais["supervisor_de_r1"]
    propria = SugestaoFactory(sugerido_por=supervisor)
    alheia = SugestaoFactory()

    assert set(permissions.restringir(SugestaoDeHipotese.objects.all(), supervisor, Acao.HIPOTESE_SUGERIR)) == {
        propria}
    assert permissions.pode(supervisor, Acao.HIPOTESE_SUGERIR, propria)
    assert not permissions.pode(supervisor, Acao.HIPOTESE_SUGERIR, alheia)


# --------------------------------------------------------------------------------------------- fail closed


def test_a_model_without_a_declared_rule_raises_instead_of_listing_everything(mundo):
    admin = mundo.principais["administrador"]
    with pytest.raises(EscopoNaoDeclarado):
        permissions.restringir(Group.objects.all(), admin, Acao.GESTAO_VER)
    with pytest.raises(EscopoNaoDeclarado):
        permissions.restringir(Batimento.objects.all(), admin, Acao.PARAMETROS_GERENCIAR)
    with pytest.raises(EscopoNaoDeclarado):
        permissions.pode(admin, Acao.GESTAO_VER, Group.objects.create(name="g"))


def test_a_scoped_model_read_without_an_action_raises(mundo):
    with pytest.raises(EscopoNaoDeclarado):
        permissions.restringir(SolicitacaoDeAcesso.objects.all(), None, None)
    with pytest.raises(EscopoNaoDeclarado):
        permissions.restringir(Parametro.objects.all(), None, None)


def test_public_catalogues_are_declared_public_and_still_need_the_action_to_be_managed(mundo):
    hipotese = HipoteseLegalFactory()
    assert hipotese in permissions.restringir(HipoteseLegal.objects.all(), None, None)
    assert not permissions.restringir(
        HipoteseLegal.objects.all(), mundo.principais["gestor_de_A"], Acao.CATALOGOS_GERENCIAR).exists()
    assert hipotese in permissions.restringir(
        HipoteseLegal.objects.all(), mundo.principais["administrador"], Acao.CATALOGOS_GERENCIAR)


def _requisicao(usuario):
    requisicao = RequestFactory().get("/lista/")
    requisicao.user = usuario
    return requisicao


def test_the_generic_list_view_fails_closed_for_a_model_without_a_rule(mundo):
    class ListaSemRegra(AcaoExigidaMixin, ObjectListView):
        model = Batimento
        acao = Acao.PARAMETROS_GERENCIAR
        table_class = None

    with pytest.raises(EscopoNaoDeclarado):
        ListaSemRegra.as_view()(_requisicao(mundo.principais["administrador"]))


def test_the_generic_list_view_without_an_action_lists_only_public_models(mundo):
    class ListaPublicaDeDadosRestritos(ObjectListView):
        model = SolicitacaoDeAcesso
        filterset_class = SolicitacaoFilterSet
        table_class = SolicitacaoTable

    with pytest.raises(EscopoNaoDeclarado):
        ListaPublicaDeDadosRestritos.as_view()(_requisicao(AnonymousUser()))


def test_a_list_view_cannot_override_the_scope():
    with pytest.raises(TypeError):
        class ListaComAtalho(ObjectListView):  # noqa: F841
            model = Comite

            def restringir(self, queryset):
                return queryset


# --------------------------------------------------------------------------------------------- systems


def test_a_system_sees_only_the_units_of_its_own_orgaos(mundo):
    a, b = mundo.comites["A"], mundo.comites["B"]
    de_a, de_b = UnidadeFactory(parent=a.unidade), UnidadeFactory(parent=b.unidade)
    sistema = SistemaAutenticado(nome="SEI de A", comite_ids=frozenset({a.pk}))
    unidades = Unidade.objects.filter(pk__in=[a.unidade_id, de_a.pk, b.unidade_id, de_b.pk])

    assert set(permissions.restringir(unidades, sistema, AcaoDeSistema.ESTRUTURA_CONSULTAR)) == {a.unidade, de_a}
    assert permissions.pode(sistema, AcaoDeSistema.ESTRUTURA_CONSULTAR, de_a)
    assert not permissions.pode(sistema, AcaoDeSistema.ESTRUTURA_CONSULTAR, de_b)


def test_a_system_may_take_no_portal_action(mundo):
    a = mundo.comites["A"]
    sistema = SistemaAutenticado(nome="SEI de A", comite_ids=frozenset({a.pk}))

    assert not any(permissions.pode(sistema, acao) for acao in Acao)
    assert not any(permissions.pode(sistema, acao, a) for acao in Acao)
    assert not permissions.restringir(Comite.objects.all(), sistema, Acao.GESTAO_VER).exists()
    assert permissions.perfis(sistema) == frozenset()
    assert not permissions.precisa_mfa(sistema)


def test_people_never_get_system_actions(mundo):
    admin = mundo.principais["administrador"]
    assert not permissions.pode(admin, AcaoDeSistema.ESTRUTURA_CONSULTAR)
    assert not permissions.restringir(Unidade.objects.all(), admin, AcaoDeSistema.ESTRUTURA_CONSULTAR).exists()


# --------------------------------------------------------------------------------------------- cost


@pytest.mark.parametrize("quem", ["gestor_de_A", "externo_r1_dataprev"])
def test_checking_pode_on_many_units_costs_a_constant_number_of_queries(mundo, quem, django_assert_max_num_queries):
    a = mundo.comites["A"]
    unidades = [UnidadeFactory(parent=a.unidade) for _ in range(25)]
    unidades += [UnidadeFactory(parent=mundo.comites["B"].unidade) for _ in range(5)]
    principal = Pessoa.objects.get(pk=mundo.principais[quem].pk)  # nothing cached yet

    with django_assert_max_num_queries(5):
        resultados = [permissions.pode(principal, Acao.GESTAO_VER, u) for u in unidades]

    assert resultados == [True] * 25 + [False] * 5


def test_the_audit_trail_files_a_unit_under_its_comite_reading_only_its_ancestors(mundo, django_assert_num_queries):
    a = mundo.comites["A"]
    unidade = UnidadeFactory(parent=UnidadeFactory(parent=a.unidade))
    unidade = Unidade.objects.get(pk=unidade.pk)

    with django_assert_num_queries(1):
        escopo = permissions.escopo_de(unidade)
    registro = auditoria.registrar("teste.unidade", unidade)

    assert escopo.comite_ids == {a.pk}
    assert (registro.comite_id, registro.repositorio_id) == (a.pk, mundo.repositorios[0].pk)
