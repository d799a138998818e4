"""Adicionar gestor: the CPF lookup reveals the minimum, is rate-limited and POST-only, and adding a person
changes none of their data (issue 7 §3.2)."""

import pytest
from django.urls import reverse

from comites.models import Gestor
from portal.models import Pessoa, RegistroDeAuditoria
from tests.factories.comites import GestorFactory
from tests.factories.portal import PessoaFactory

pytestmark = pytest.mark.django_db

CAMPOS = ["nome", "email", "email_unidade", "telefone", "celular", "cpf", "is_active", "password"]


def _url(comite):
    return reverse("comites:gestor_adicionar", args=[comite.pk])


def _dados(pessoa):
    return Pessoa.objects.filter(pk=pessoa.pk).values(*CAMPOS).get()


@pytest.fixture
def alheio(gestor_de_outro_comite):
    """Another órgão's gestor, with contact data its órgão's public page shows."""
    pessoa = gestor_de_outro_comite
    pessoa.cpf, pessoa.email_unidade = "52998224725", "protocolo@outro.gov.br"
    pessoa.telefone, pessoa.celular = "(61) 3111-2222", "(61) 98111-2222"
    pessoa.save()
    return pessoa


def test_lookup_shows_only_the_name_and_the_masked_cpf(client_gestor, comite, alheio):
    html = client_gestor.post(_url(comite), {"cpf": "529.982.247-25", "etapa": "buscar"}).content.decode()

    assert alheio.nome in html
    assert "***.982.247-**" in html
    for dado in (alheio.email, alheio.email_unidade, alheio.telefone, alheio.celular):
        assert dado not in html, dado


def test_lookup_of_an_administrator_reveals_no_contact_data(client_gestor, comite, admin):
    admin.cpf = "52998224725"
    admin.save()

    html = client_gestor.post(_url(comite), {"cpf": "52998224725", "etapa": "buscar"}).content.decode()

    assert admin.nome in html
    for dado in (admin.email, admin.email_unidade, admin.telefone, admin.celular):
        assert dado not in html, dado


def test_a_cpf_in_the_url_looks_nothing_up(client_gestor, comite, alheio):
    html = client_gestor.get(_url(comite), {"cpf": "529.982.247-25"}).content.decode()

    assert alheio.nome not in html
    assert "Pessoa encontrada" not in html and "Pessoa não encontrada" not in html


def test_the_lookup_form_is_sent_by_post(client_gestor, comite):
    html = client_gestor.get(_url(comite)).content.decode()

    assert 'method="get"' not in html.lower()
    assert 'name="cpf"' in html


def test_lookups_are_rate_limited(client_gestor, comite, alheio, settings):
    settings.COMITES_LIMITE_BUSCAS_DE_CPF = (3, 600)
    for _ in range(3):
        assert client_gestor.post(_url(comite), {"cpf": "52998224725", "etapa": "buscar"}).status_code == 200

    resposta = client_gestor.post(_url(comite), {"cpf": "52998224725", "etapa": "buscar"})

    assert resposta.status_code == 429
    html = resposta.content.decode()
    assert "muitas consultas de CPF" in html
    assert alheio.nome not in html


def test_the_lookup_limit_follows_the_person_across_addresses(client_gestor, comite, settings):
    settings.COMITES_LIMITE_BUSCAS_DE_CPF = (2, 600)
    for n in range(2):
        client_gestor.post(_url(comite), {"cpf": "52998224725"}, REMOTE_ADDR=f"10.0.0.{n + 1}")

    resposta = client_gestor.post(_url(comite), {"cpf": "52998224725"}, REMOTE_ADDR="10.0.0.9")

    assert resposta.status_code == 429


def test_adding_another_orgaos_gestor_leaves_their_public_contact_data_untouched(
    client_gestor, comite, alheio, client
):
    antes = _dados(alheio)

    resposta = client_gestor.post(_url(comite), {
        "cpf": "529.982.247-25", "etapa": "adicionar",
        "email_unidade": "atacante@mal.example", "email_unidade_confirmacao": "atacante@mal.example",
        "telefone": "(61) 90000-0000", "celular": "(61) 90000-0000",
        "nome": "Outro Nome", "email": "atacante@mal.example",
    })

    assert resposta.status_code == 302
    assert Gestor.objects.get(comite=comite, pessoa=alheio).ativo
    assert _dados(alheio) == antes
    publica = client.get(reverse("comites:gestores_publicos")).content.decode()
    assert "atacante@mal.example" not in publica and "protocolo@outro.gov.br" in publica
    assert not RegistroDeAuditoria.objects.filter(acao__startswith="pessoa.").exists()


def test_a_registration_post_with_an_existing_cpf_registers_and_changes_nothing(client_gestor, comite, alheio):
    antes = _dados(alheio)

    resposta = client_gestor.post(_url(comite), {
        "cpf": "529.982.247-25", "etapa": "cadastrar", "nome": "Outro Nome", "email": "novo@orgao.gov.br",
        "email_confirmacao": "novo@orgao.gov.br", "email_unidade": "x@orgao.gov.br",
        "email_unidade_confirmacao": "x@orgao.gov.br",
    })

    assert resposta.status_code == 200
    assert _dados(alheio) == antes
    assert not Gestor.objects.filter(comite=comite, pessoa=alheio).exists()
    assert not Pessoa.objects.filter(email="novo@orgao.gov.br").exists()


def test_a_gestor_of_another_comite_cannot_look_up_through_this_one(client_outro_gestor, comite, alheio):
    resposta = client_outro_gestor.post(_url(comite), {"cpf": "52998224725", "etapa": "buscar"})

    assert resposta.status_code == 404


def test_adding_an_inactive_account_is_refused_with_a_message(client_gestor, comite):
    pessoa = PessoaFactory(cpf="52998224725", is_active=False)

    resposta = client_gestor.post(_url(comite), {"cpf": "52998224725", "etapa": "adicionar"})

    assert resposta.status_code == 200
    assert "A conta desta pessoa está inativa" in resposta.content.decode()
    assert not Gestor.objects.filter(comite=comite, pessoa=pessoa).exists()


def test_someone_already_gestor_is_shown_as_such(client_gestor, comite):
    outro = GestorFactory(comite=comite, pessoa=PessoaFactory(cpf="52998224725")).pessoa

    html = client_gestor.post(_url(comite), {"cpf": "52998224725", "etapa": "buscar"}).content.decode()

    assert f"{outro.nome} já é gestor de protocolo deste órgão" in html
