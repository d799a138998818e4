"""Gerenciar Perfis: a person's contact data change only by that person or an Administrador (issue 7 §3.2).

A Supervisor manages profiles of the people in its repositórios, but the contact data it could reach there
are shown on other órgãos' public list of gestores.
"""

import pytest
from django.urls import reverse

from portal.models import Pessoa, RegistroDeAuditoria
from portal.services import perfis as servico
from tests.conftest import entrar
from tests.factories.comites import GestorFactory

pytestmark = pytest.mark.django_db

CONTATO = {"nome": "Nome Trocado", "email_unidade": "atacante@mal.example", "telefone": "(61) 90000-0000",
           "celular": "(61) 90000-0001"}
CAMPOS = ["nome", "email", "email_unidade", "telefone", "celular"]


def _editar(pessoa):
    return reverse("portal:perfis_editar", args=[pessoa.pk])


def _post(pessoa, **extra):
    dados = {c: getattr(pessoa, c) for c in CAMPOS}
    dados.update(extra)
    return dados


def _dados(pessoa):
    return Pessoa.objects.filter(pk=pessoa.pk).values(*CAMPOS).get()


@pytest.fixture
def gestor_de_dois_orgaos(gestor, outro_comite):
    """A gestor of a comitê in the Supervisor's repositório who is also gestor of an órgão outside it."""
    GestorFactory(comite=outro_comite, pessoa=gestor)
    return gestor


def test_supervisor_sees_someone_elses_contact_fields_read_only(client, supervisor, gestor):
    entrar(client, supervisor)

    campos = client.get(_editar(gestor)).context["form"].fields

    for campo in servico.CAMPOS_DE_CONTATO:
        assert campos[campo].disabled, campo


def test_supervisor_post_leaves_the_contact_data_of_a_gestor_of_another_orgao_unchanged(
    client, supervisor, gestor_de_dois_orgaos, outro_comite
):
    antes = _dados(gestor_de_dois_orgaos)
    entrar(client, supervisor)

    client.post(_editar(gestor_de_dois_orgaos), _post(gestor_de_dois_orgaos, **CONTATO))

    assert _dados(gestor_de_dois_orgaos) == antes
    client.logout()
    publica = client.get(reverse("comites:gestores_publicos"), {"orgao": outro_comite.unidade.nome}).content.decode()
    assert "atacante@mal.example" not in publica
    assert not RegistroDeAuditoria.objects.filter(acao="pessoa.perfis_alterados").exists()


@pytest.mark.parametrize("campo", ["nome", "email_unidade", "telefone", "celular"])
def test_service_refuses_a_supervisor_changing_someone_elses_contact_data(supervisor, gestor, campo):
    antes = _dados(gestor)

    with pytest.raises(servico.ErroDePerfil, match="Somente a própria pessoa") as erro:
        servico.editar(gestor, _post(gestor, **{campo: CONTATO[campo]}), {}, supervisor)

    assert erro.value.campo == campo
    assert _dados(gestor) == antes


def test_supervisor_still_manages_profiles_of_the_person(client, supervisor, gestor, repositorio):
    from portal.models import PerfilAtribuido

    entrar(client, supervisor)

    resposta = client.post(_editar(gestor), _post(gestor, perfil_supervisor="on",
                                                  repositorios_supervisor=[repositorio.pk]))

    assert resposta.status_code == 302
    assert PerfilAtribuido.objects.get(pessoa=gestor).perfil == PerfilAtribuido.Perfil.SUPERVISOR


def test_supervisor_changes_its_own_contact_data(client, supervisor, repositorio):
    entrar(client, supervisor)

    resposta = client.post(_editar(supervisor), _post(
        supervisor, telefone="(61) 3232-4545", perfil_supervisor="on", repositorios_supervisor=[repositorio.pk]))

    assert resposta.status_code == 302
    supervisor.refresh_from_db()
    assert supervisor.telefone == "(61) 3232-4545"


def test_administrador_changes_anyones_contact_data(client_admin, gestor):
    resposta = client_admin.post(_editar(gestor), _post(gestor, **CONTATO))

    assert resposta.status_code == 302
    gestor.refresh_from_db()
    assert (gestor.nome, gestor.email_unidade, gestor.telefone, gestor.celular) == tuple(CONTATO.values())


def test_cadastrar_looks_a_cpf_up_only_by_post(client_admin, gestor):
    pela_url = client_admin.get(reverse("portal:perfis_cadastrar"), {"cpf": gestor.cpf_formatado})
    assert pela_url.status_code == 200 and pela_url.context["form"] is None
    assert 'method="get"' not in pela_url.content.decode().lower()

    novo = client_admin.post(reverse("portal:perfis_cadastrar"), {"cpf": "529.982.247-25", "etapa": "buscar"})
    assert novo.status_code == 200
    assert novo.context["form"] is not None and not novo.context["form"].is_bound
