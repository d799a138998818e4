"""Meus Dados: the owner sees their CPF, edits contact data; bad input saves nothing; changes are audited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.models import RegistroDeAuditoria
from portal.services import pessoas
from tests.conftest import entrar
from tests.factories.portal import PessoaFactory

pytestmark = pytest.mark.django_db

URL = reverse("portal:meus_dados")


def _dados(**extra):
    dados = {"nome": "Maria da Silva", "email_unidade": "protocolo@orgao.gov.br", "telefone": "(61) 3333-1111",
             "celular": "(61) 98888-1111"}
    dados.update(extra)
    return dados


def test_anonymous_is_sent_to_login(client):
    resposta = client.get(URL)
    assert resposta.status_code == 302
    assert reverse("account_login") in resposta["Location"]


def test_gestor_sees_own_cpf_in_full_and_login_email_with_link(client, gestor):
    entrar(client, gestor)
    html = client.get(URL).content.decode()
    assert gestor.cpf_formatado in html
    assert gestor.email in html
    assert f'href="{reverse("account_email")}"' in html
    assert 'name="email"' not in html  # the login e-mail is not edited here


def test_saving_updates_the_data_and_audits_the_diff(client, gestor):
    entrar(client, gestor)
    antigo_celular = gestor.celular
    resposta = client.post(URL, _dados(nome="  Maria   da Silva ", celular="(61) 98888-1111",
                                       telefone=gestor.telefone, email_unidade=gestor.email_unidade))
    assert resposta.status_code == 302
    gestor.refresh_from_db()
    assert gestor.nome == "Maria da Silva"
    assert gestor.celular == "(61) 98888-1111"
    registro = RegistroDeAuditoria.objects.get(acao="pessoa.dados_alterados")
    assert registro.alvo_id == str(gestor.pk)
    assert registro.usuario == gestor
    assert registro.depois == {"nome": "Maria da Silva", "celular": "(61) 98888-1111"}
    assert registro.antes["celular"] == antigo_celular
    assert "telefone" not in registro.depois  # unchanged fields stay out of the diff


def test_invalid_phone_shows_error_in_portuguese_and_saves_nothing(client, gestor):
    entrar(client, gestor)
    nome = gestor.nome
    resposta = client.post(URL, _dados(telefone="123"))
    assert resposta.status_code == 200
    assert "Telefone inválido" in resposta.content.decode()
    gestor.refresh_from_db()
    assert gestor.nome == nome
    assert not RegistroDeAuditoria.objects.filter(acao="pessoa.dados_alterados").exists()


def test_required_fields_are_required(client, gestor):
    entrar(client, gestor)
    resposta = client.post(URL, _dados(email_unidade="", celular=""))
    assert resposta.status_code == 200
    assert resposta.context["form"].errors.keys() == {"email_unidade", "celular"}
    assert "Este campo é obrigatório." in resposta.content.decode()


def test_staff_person_reaches_meus_dados_after_mfa(client, admin):
    entrar(client, admin)
    assert client.get(URL).status_code == 200


def test_service_rejects_bad_data_without_saving(db):
    pessoa = PessoaFactory(telefone="(61) 3333-4444")
    with pytest.raises(ValidationError) as erro:
        pessoas.atualizar_dados(pessoa, _dados(telefone="999", email_unidade="nao-e-email"))
    assert set(erro.value.message_dict) == {"telefone", "email_unidade"}
    pessoa.refresh_from_db()
    assert pessoa.telefone == "(61) 3333-4444"
    assert not RegistroDeAuditoria.objects.exists()


def test_service_writes_no_audit_record_when_nothing_changed(db):
    pessoa = PessoaFactory()
    pessoas.atualizar_dados(pessoa, {c: getattr(pessoa, c) for c in pessoas.CAMPOS_MEUS_DADOS})
    assert not RegistroDeAuditoria.objects.filter(acao="pessoa.dados_alterados").exists()
