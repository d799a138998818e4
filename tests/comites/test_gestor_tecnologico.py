"""Gestor Tecnológico per órgão with its history (spec §4.4): Administrador only, scope follows the current one."""

import pytest

from comites.models import HistoricoGestorTecnologico
from comites.orgaos import services
from comites.services import ErroDeNegocio
from portal import permissions
from portal.models import PerfilAtribuido, RegistroDeAuditoria
from portal.permissions import Acao
from tests.conftest import entrar
from tests.factories.portal import GestorTecnologicoFactory, PerfilAtribuidoFactory, PessoaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataprev(db):
    return GestorTecnologicoFactory(nome="Dataprev", descricao="Empresa pública", interno=False)


def _url(comite):
    return f"/comites/{comite.pk}/gestor-tecnologico/"


def test_first_change_records_the_period_since_creation_and_opens_a_new_one(comite, admin, dataprev):
    interno = comite.gestor_tecnologico

    services.alterar_gestor_tecnologico(comite, dataprev, admin)

    comite.refresh_from_db()
    assert comite.gestor_tecnologico == dataprev
    anterior, atual = HistoricoGestorTecnologico.objects.filter(comite=comite).order_by("data_inicial")
    assert anterior.gestor_tecnologico == interno and anterior.data_inicial == comite.criado_em
    assert anterior.data_final == atual.data_inicial and atual.data_final is None
    assert atual.gestor_tecnologico == dataprev and atual.alterado_por == admin
    registro = RegistroDeAuditoria.objects.get(acao="comite.gestor_tecnologico_alterado")
    assert registro.comite_id == comite.pk and registro.depois == {"gestor_tecnologico": "Dataprev"}


def test_each_change_closes_the_open_period_so_only_one_is_current(comite, admin, dataprev):
    interno = comite.gestor_tecnologico
    services.alterar_gestor_tecnologico(comite, dataprev, admin)
    services.alterar_gestor_tecnologico(comite, interno, admin)

    periodos = services.historico(comite)

    assert [p.gestor_tecnologico for p in periodos] == [interno, dataprev, interno]
    assert [p.data_final is None for p in periodos] == [True, False, False]


def test_choosing_the_current_one_or_an_inactive_one_is_refused_and_changes_nothing(comite, admin):
    inativo = GestorTecnologicoFactory(nome="Antigo", interno=False, ativo=False)

    with pytest.raises(ErroDeNegocio, match="já é o gestor tecnológico"):
        services.alterar_gestor_tecnologico(comite, comite.gestor_tecnologico, admin)
    with pytest.raises(ErroDeNegocio, match="ativo"):
        services.alterar_gestor_tecnologico(comite, inativo, admin)
    assert not HistoricoGestorTecnologico.objects.exists()


def test_a_comite_never_changed_shows_its_current_gestor_since_creation(comite):
    (periodo,) = services.historico(comite)
    assert periodo.gestor_tecnologico == comite.gestor_tecnologico and periodo.data_inicial == comite.criado_em


def test_the_scope_rules_follow_the_current_gestor_tecnologico(comite, gestor, admin, dataprev):
    externo = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=externo, perfil=PerfilAtribuido.Perfil.ADMIN_EXTERNO, gestor_tecnologico=dataprev,
                           repositorios=[comite.unidade.repositorio])
    assert permissions.pode(gestor, Acao.SPE_VER, comite)
    assert not permissions.pode(externo, Acao.GESTAO_VER, comite)

    services.alterar_gestor_tecnologico(comite, dataprev, admin)
    comite.refresh_from_db()

    assert not permissions.pode(gestor, Acao.SPE_VER, comite)  # now "Gestor Outros"
    assert permissions.pode(externo, Acao.GESTAO_VER, comite)


def test_administrador_changes_it_on_the_page_and_sees_the_history(client_admin, comite, dataprev):
    resposta = client_admin.post(_url(comite), {"gestor_tecnologico": dataprev.pk}, follow=True)

    conteudo = resposta.content.decode()
    assert "Gestor tecnológico alterado." in conteudo and "Histórico" in conteudo
    assert conteudo.count("Dataprev") >= 2  # current + the open period
    comite.refresh_from_db()
    assert comite.gestor_tecnologico == dataprev


def test_gestor_reads_the_history_but_may_not_change_it(client_gestor, comite, dataprev):
    pagina = client_gestor.get(_url(comite))
    tentativa = client_gestor.post(_url(comite), {"gestor_tecnologico": dataprev.pk})

    assert pagina.status_code == 200 and "Salvar" not in pagina.content.decode()
    assert tentativa.status_code == 403
    comite.refresh_from_db()
    assert comite.gestor_tecnologico != dataprev and not HistoricoGestorTecnologico.objects.exists()


def test_supervisor_may_not_change_it_either(client, supervisor, comite, dataprev):
    entrar(client, supervisor)
    assert client.post(_url(comite), {"gestor_tecnologico": dataprev.pk}).status_code == 403
    comite.refresh_from_db()
    assert comite.gestor_tecnologico != dataprev


def test_gestor_of_another_orgao_gets_404(client_outro_gestor, comite):
    assert client_outro_gestor.get(_url(comite)).status_code == 404


def test_an_empty_choice_is_answered_in_portuguese_with_400(client_admin, comite):
    resposta = client_admin.post(_url(comite), {"gestor_tecnologico": ""})
    assert resposta.status_code == 400 and "Este campo é obrigatório" in resposta.content.decode()


