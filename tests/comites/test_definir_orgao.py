"""Definir novo Órgão/Entidade (spec §4.2): a repositório node becomes a comitê; Supervisor and Administrador."""

import pytest

from comites.models import Ambiente, Comite
from comites.orgaos import services
from comites.services import ErroDeNegocio
from portal.models import RegistroDeAuditoria
from tests.conftest import entrar
from tests.factories.comites import ComiteFactory
from tests.factories.estrutura import OrgaoFactory, RepositorioFactory, UnidadeFactory

pytestmark = pytest.mark.django_db

URL = "/comites/definir/"


@pytest.fixture
def arvore(repositorio):
    """A ministry (already an órgão in homologação) with a secretaria under it, and a loose node."""
    ministerio = OrgaoFactory(repositorio=repositorio, nome="Ministério Exemplo", sigla="MEX")
    secretaria = UnidadeFactory(repositorio=repositorio, parent=ministerio, nome="Secretaria Exemplo", sigla="SEX")
    solta = UnidadeFactory(repositorio=repositorio, nome="Fundação Solta", sigla="FSO")
    comite = ComiteFactory(unidade=ministerio)
    return ministerio, secretaria, solta, comite


def test_the_nodes_show_ja_definido_and_the_orgao_responsible_for_them(arvore, repositorio):
    ministerio, secretaria, solta, _ = arvore

    nos, mais = services.nos_do_repositorio(repositorio, Ambiente.HOMOLOGACAO)

    por_unidade = {no.unidade: no for no in nos}
    assert por_unidade[ministerio].ja_definido
    assert not por_unidade[secretaria].ja_definido and por_unidade[secretaria].responsavel == "MEX"
    assert not por_unidade[solta].ja_definido and por_unidade[solta].responsavel == ""
    assert not mais


def test_already_defined_is_per_ambiente(arvore, repositorio):
    ministerio = arvore[0]
    nos, _ = services.nos_do_repositorio(repositorio, Ambiente.PRODUCAO)
    assert not next(no for no in nos if no.unidade == ministerio).ja_definido


def test_the_search_and_the_limit_narrow_the_nodes(arvore, repositorio):
    nos, _ = services.nos_do_repositorio(repositorio, Ambiente.HOMOLOGACAO, busca="secretaria")
    assert [no.unidade.sigla for no in nos] == ["SEX"]
    nos, mais = services.nos_do_repositorio(repositorio, Ambiente.HOMOLOGACAO, limite=1)
    assert len(nos) == 1 and mais


def test_defining_a_node_creates_an_audited_comite_whose_subtree_it_takes(arvore, admin):
    secretaria = arvore[1]

    comite = services.definir_orgao(secretaria, Ambiente.HOMOLOGACAO, admin)

    assert comite.unidade == secretaria and comite.ativo and comite.ambiente == Ambiente.HOMOLOGACAO
    assert RegistroDeAuditoria.objects.get(acao="comite.definido").comite_id == comite.pk


def test_defining_an_already_defined_or_inactive_node_is_refused(arvore, admin):
    ministerio, _, solta, _ = arvore
    solta.ativo = False
    solta.save()

    with pytest.raises(ErroDeNegocio, match="já definido"):
        services.definir_orgao(ministerio, Ambiente.HOMOLOGACAO, admin)
    with pytest.raises(ErroDeNegocio, match="inativa"):
        services.definir_orgao(solta, Ambiente.HOMOLOGACAO, admin)
    assert Comite.objects.count() == 1


def test_administrador_defines_a_node_on_the_page_and_is_sent_to_add_gestores(client_admin, arvore, repositorio):
    secretaria = arvore[1]
    pagina = client_admin.get(URL, {"repositorio": repositorio.pk, "ambiente": "homologacao"}).content.decode()
    assert "(já definido)" in pagina and "sob responsabilidade do órgão/entidade MEX" in pagina

    resposta = client_admin.post(URL, {"repositorio": repositorio.pk, "ambiente": "homologacao",
                                       "unidade": secretaria.pk})

    comite = Comite.objects.get(unidade=secretaria)
    assert resposta.status_code == 302 and resposta["Location"] == f"/comites/{comite.pk}/gestores/"


def test_the_comite_list_offers_the_button_to_staff_only(client, admin, gestor):
    entrar(client, gestor)
    assert URL not in client.get("/comites/").content.decode()
    entrar(client, admin)
    assert URL in client.get("/comites/").content.decode()


def test_gestor_may_not_define_an_orgao(client_gestor, arvore, repositorio):
    antes = Comite.objects.count()
    assert client_gestor.get(URL).status_code == 403
    resposta = client_gestor.post(URL, {"repositorio": repositorio.pk, "ambiente": "homologacao",
                                        "unidade": arvore[2].pk})
    assert resposta.status_code == 403 and Comite.objects.count() == antes
    assert not Comite.objects.filter(unidade=arvore[2]).exists()


def test_supervisor_defines_only_in_its_repositorios(client, supervisor, arvore, repositorio):
    outro = RepositorioFactory()
    fora = OrgaoFactory(repositorio=outro, nome="Órgão de Fora", sigla="FORA")
    entrar(client, supervisor)

    assert "Órgão de Fora" not in client.get(URL, {"repositorio": outro.pk, "ambiente": "homologacao"}).content.decode()
    resposta = client.post(URL, {"repositorio": outro.pk, "ambiente": "homologacao", "unidade": fora.pk})
    cruzada = client.post(URL, {"repositorio": repositorio.pk, "ambiente": "homologacao", "unidade": fora.pk})
    client.post(URL, {"repositorio": repositorio.pk, "ambiente": "homologacao", "unidade": arvore[2].pk})

    assert resposta.status_code == 400 and "Faça uma escolha válida" in resposta.content.decode()
    assert cruzada.status_code == 404
    assert set(Comite.objects.values_list("unidade__sigla", flat=True)) == {"MEX", "FSO"}


def test_defining_a_node_already_defined_shows_the_refusal(client_admin, arvore, repositorio):
    resposta = client_admin.post(URL, {"repositorio": repositorio.pk, "ambiente": "homologacao",
                                       "unidade": arvore[0].pk}, follow=True)
    assert "já está definida como órgão/entidade" in resposta.content.decode()
    assert Comite.objects.count() == 1


def test_submitting_without_a_node_asks_for_one_and_changes_nothing(client_admin, arvore, repositorio):
    resposta = client_admin.post(URL, {"repositorio": repositorio.pk, "ambiente": "homologacao"}, follow=True)
    assert "Selecione a unidade" in resposta.content.decode() and Comite.objects.count() == 1
