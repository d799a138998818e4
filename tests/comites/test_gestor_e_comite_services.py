"""Gestor add/remove rules and the comitê lifecycle (inativar, reativar, excluir, implantado)."""

import pytest
from django.core import mail

from comites import services
from comites.models import Ambiente, Comite, Gestor, VinculoSistemaComite
from portal import permissions
from portal.models import Pessoa, RegistroDeAuditoria
from portal.permissions import Acao
from tests.comites.conftest import homologacao_completa
from tests.factories.comites import ComiteFactory, GestorFactory, SistemaFactory
from tests.factories.portal import PessoaFactory

pytestmark = pytest.mark.django_db


def test_adding_existing_person_changes_none_of_their_data_and_emails_them(
    comite, gestor, django_capture_on_commit_callbacks
):
    pessoa = PessoaFactory(email="nova@orgao.gov.br", telefone="")
    campos = ["nome", "email", "email_unidade", "telefone", "celular", "cpf", "is_active", "password"]
    antes = Pessoa.objects.filter(pk=pessoa.pk).values(*campos).get()
    with django_capture_on_commit_callbacks(execute=True):
        services.adicionar_gestor(comite, pessoa, gestor)
    assert Pessoa.objects.filter(pk=pessoa.pk).values(*campos).get() == antes
    assert Gestor.objects.get(comite=comite, pessoa=pessoa).adicionado_por == gestor
    assert permissions.pode(pessoa, Acao.GESTAO_CONFIGURAR, comite)
    (mensagem,) = mail.outbox
    assert mensagem.to == ["nova@orgao.gov.br"] and str(comite.unidade) in mensagem.subject
    assert gestor.nome in mensagem.body
    assert not RegistroDeAuditoria.objects.filter(acao__startswith="pessoa.").exists()


def test_registering_a_new_person_sends_a_set_password_link(comite, gestor, django_capture_on_commit_callbacks):
    dados = {"cpf": "529.982.247-25", "nome": "Carlos Novo", "email": "Carlos@Orgao.gov.br",
             "email_unidade": "prot@orgao.gov.br", "telefone": "", "celular": "(61) 98765-4321"}
    with django_capture_on_commit_callbacks(execute=True):
        novo = services.cadastrar_e_adicionar_gestor(comite, dados, gestor)
    pessoa = Pessoa.objects.get(cpf="52998224725")
    assert novo.pessoa == pessoa and pessoa.email == "carlos@orgao.gov.br" and not pessoa.has_usable_password()
    (mensagem,) = mail.outbox
    assert "/contas/password/reset/key/" in mensagem.body


def test_registering_refuses_an_email_already_in_use(comite, gestor):
    PessoaFactory(email="carlos@orgao.gov.br")
    dados = {"cpf": "52998224725", "nome": "Carlos", "email": "carlos@orgao.gov.br", "email_unidade": "p@o.gov.br"}
    with pytest.raises(services.ErroDeNegocio, match="e-mail já pertence"):
        services.cadastrar_e_adicionar_gestor(comite, dados, gestor)
    assert not Pessoa.objects.filter(cpf="52998224725").exists()


def test_adding_someone_who_is_already_gestor_is_refused(comite, gestor):
    with pytest.raises(services.ErroDeNegocio, match="já é gestor"):
        services.adicionar_gestor(comite, gestor, gestor)


def test_a_person_can_be_gestor_of_several_orgaos(comite, outro_comite, gestor, admin):
    services.adicionar_gestor(outro_comite, gestor, admin)
    permissions.esquecer(gestor)
    assert permissions.pode(gestor, Acao.GESTAO_CONFIGURAR, comite)
    assert permissions.pode(gestor, Acao.GESTAO_CONFIGURAR, outro_comite)


def test_removal_inactivates_the_row_and_emails_the_person(comite, gestor, django_capture_on_commit_callbacks):
    outro = GestorFactory(comite=comite)
    with django_capture_on_commit_callbacks(execute=True):
        services.remover_gestor(outro, gestor)
    outro.refresh_from_db()
    assert not outro.ativo and outro.removido_em is not None
    assert Gestor.objects.filter(pk=outro.pk).exists()  # history is kept
    assert not permissions.pode(outro.pessoa, Acao.GESTAO_VER, comite)
    (mensagem,) = mail.outbox
    assert mensagem.to == [outro.pessoa.email] and gestor.nome in mensagem.body


def test_the_last_active_gestor_cannot_be_removed(comite, gestor):
    unico = Gestor.objects.get(comite=comite, pessoa=gestor)
    GestorFactory(comite=comite, ativo=False)  # an old, inactive one does not count
    with pytest.raises(services.ErroDeNegocio, match="sem gestor de protocolo ativo"):
        services.remover_gestor(unico, gestor)
    unico.refresh_from_db()
    assert unico.ativo
    assert mail.outbox == []


def test_re_adding_a_removed_gestor_reactivates_the_same_row(comite, gestor):
    outro = GestorFactory(comite=comite)
    services.remover_gestor(outro, gestor)
    services.adicionar_gestor(comite, outro.pessoa, gestor)
    outro.refresh_from_db()
    assert outro.ativo and outro.removido_em is None
    assert Gestor.objects.filter(comite=comite, pessoa=outro.pessoa).count() == 1


# --- comitê lifecycle ------------------------------------------------------------------------------


def test_inactivating_a_comite_takes_the_gestor_profile_away(comite, gestor, admin):
    services.inativar_comite(comite, admin)
    permissions.esquecer(gestor)
    assert not permissions.pode(gestor, Acao.GESTAO_VER, comite)
    services.reativar_comite(comite, admin)
    permissions.esquecer(gestor)
    assert permissions.pode(gestor, Acao.GESTAO_VER, comite)


def test_delete_requires_an_inactive_comite_without_linked_system(admin):
    comite = ComiteFactory()
    with pytest.raises(services.ErroDeNegocio, match="Inative"):
        services.excluir_comite(comite, admin)
    services.inativar_comite(comite, admin)
    sistema = SistemaFactory()
    VinculoSistemaComite.objects.create(sistema=sistema, comite=comite)
    with pytest.raises(services.ErroDeNegocio) as erro:
        services.excluir_comite(comite, admin)
    assert erro.value.mensagem == services.MSG_EXCLUSAO_COM_SISTEMA
    assert Comite.objects.filter(pk=comite.pk).exists()

    VinculoSistemaComite.objects.all().delete()
    services.excluir_comite(comite, admin)
    assert not Comite.objects.filter(pk=comite.pk).exists()
    assert RegistroDeAuditoria.objects.filter(acao="comite.excluido", alvo_id=str(comite.pk)).exists()


def test_delete_is_blocked_while_comite_is_responsible_for_a_system(admin):
    sistema = SistemaFactory()
    comite = sistema.orgao_responsavel
    services.inativar_comite(comite, admin)
    with pytest.raises(services.ErroDeNegocio, match="sistema de processo eletrônico vinculado"):
        services.excluir_comite(comite, admin)


def test_production_comite_is_marked_implantado_when_its_checklist_is_met(admin, fonte_de_tramites):
    comite = ComiteFactory(ambiente=Ambiente.PRODUCAO)
    fonte_de_tramites[comite.pk] = homologacao_completa("producao")
    services.marcar_implantado(comite, admin)
    comite.refresh_from_db()
    assert comite.implantacao == Comite.Implantacao.IMPLANTADO and comite.implantado_em
    registro = RegistroDeAuditoria.objects.get(acao="comite.implantado")
    assert "101" in registro.detalhes and "103" in registro.detalhes


def test_marking_implantado_without_checklist_needs_a_justification(admin, fonte_de_tramites):
    comite = ComiteFactory(ambiente=Ambiente.PRODUCAO)
    fonte_de_tramites[comite.pk] = homologacao_completa("homologacao")  # wrong ambiente for production
    with pytest.raises(services.ErroDeNegocio, match="justificativa"):
        services.marcar_implantado(comite, admin)
    services.marcar_implantado(comite, admin, justificativa="Validado pela equipe do PEN por e-mail.")
    comite.refresh_from_db()
    assert comite.implantacao == Comite.Implantacao.IMPLANTADO


def test_homologation_comite_cannot_be_marked_implantado(admin, comite):
    with pytest.raises(services.ErroDeNegocio, match="produção"):
        services.marcar_implantado(comite, admin, justificativa="x")
