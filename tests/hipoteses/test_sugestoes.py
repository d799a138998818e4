"""Suggestions of new hipóteses legais: a gestor suggests, an administrator accepts (creating the
hipótese) or declines with a reason; the suggester is e-mailed either way; every step is audited."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from hipoteses import services
from hipoteses.models import HipoteseLegal, SugestaoDeHipotese
from portal.models import RegistroDeAuditoria
from tests.conftest import entrar
from tests.factories.comites import GestorFactory
from tests.factories.hipoteses import SugestaoFactory

pytestmark = pytest.mark.django_db

DADOS = {
    "nome": "Sigilo de Dados de Saúde",
    "base_legal": "Art. 11 da Lei nº 13.709/2018",
    "descricao": "Dados pessoais sensíveis referentes à saúde.",
    "justificativa": "Nenhuma hipótese do catálogo cobre os prontuários médicos.",
}


@pytest.fixture
def sugestao(gestor, comite):
    return SugestaoFactory(sugerido_por=gestor, comite_id=comite.pk, nome="Sigilo de Prontuário Médico")


# ----------------------------------------------------------------------------------------- suggesting


def test_gestor_suggests_a_hipotese_and_it_waits_pending(client_gestor, gestor, comite):
    resposta = client_gestor.post(reverse("hipoteses:sugestao_criar"), DADOS)
    sugestao = SugestaoDeHipotese.objects.get()
    assert resposta.status_code == 302
    assert resposta["Location"] == reverse("hipoteses:sugestao_detalhe", args=[sugestao.pk])
    assert (sugestao.sugerido_por, sugestao.comite_id, sugestao.status) == (gestor, comite.pk, "pendente")
    registro = RegistroDeAuditoria.objects.get(acao="sugestao_hipotese.envio")
    assert registro.usuario == gestor and registro.comite_id == comite.pk
    assert HipoteseLegal.objects.count() == 23
    assert mail.outbox == []


def test_suggestion_form_validates_in_ptbr_and_saves_nothing(client_gestor):
    resposta = client_gestor.post(reverse("hipoteses:sugestao_criar"), {**DADOS, "justificativa": "",
                                                                        "nome": "N" * 101})
    assert resposta.status_code == 400
    pagina = resposta.content.decode()
    assert "Este campo é obrigatório." in pagina and "no máximo 100 caracteres" in pagina
    assert not SugestaoDeHipotese.objects.exists()
    assert not RegistroDeAuditoria.objects.filter(acao="sugestao_hipotese.envio").exists()


def test_suggesting_an_existing_hipotese_name_is_refused(client_gestor):
    resposta = client_gestor.post(reverse("hipoteses:sugestao_criar"), {**DADOS, "nome": "DOCUMENTO PREPARATÓRIO"})
    assert resposta.status_code == 400
    assert "Já existe uma hipótese legal com este nome no catálogo." in resposta.content.decode()
    assert not SugestaoDeHipotese.objects.exists()


def test_person_without_profile_cannot_suggest(client, pessoa):
    entrar(client, pessoa)
    assert client.get(reverse("hipoteses:sugestao_criar")).status_code == 403
    assert client.post(reverse("hipoteses:sugestao_criar"), DADOS).status_code == 403
    assert not SugestaoDeHipotese.objects.exists()


# --------------------------------------------------------------------------------------------- scope


def test_gestor_sees_own_suggestions_but_not_other_comites(client_gestor, sugestao, gestor_de_outro_comite):
    alheia = SugestaoFactory(sugerido_por=gestor_de_outro_comite, nome="Sugestão de outro órgão")
    resposta = client_gestor.get(reverse("hipoteses:sugestao_lista"))
    assert [linha.record for linha in resposta.context["table"].rows] == [sugestao]
    assert client_gestor.get(reverse("hipoteses:sugestao_detalhe", args=[sugestao.pk])).status_code == 200
    assert client_gestor.get(reverse("hipoteses:sugestao_detalhe", args=[alheia.pk])).status_code == 404


def test_gestor_of_other_comite_gets_404_on_a_suggestion(client_outro_gestor, sugestao):
    assert client_outro_gestor.get(reverse("hipoteses:sugestao_detalhe", args=[sugestao.pk])).status_code == 404
    resposta = client_outro_gestor.post(reverse("hipoteses:sugestao_recusar", args=[sugestao.pk]), {"motivo": "x"})
    assert resposta.status_code == 404
    assert client_outro_gestor.get(reverse("hipoteses:sugestao_lista")).context["table"].rows.data.data.count() == 0


def test_co_gestor_of_the_same_comite_sees_the_suggestion(client, comite, sugestao):
    colega = GestorFactory(comite=comite).pessoa
    entrar(client, colega)
    assert client.get(reverse("hipoteses:sugestao_detalhe", args=[sugestao.pk])).status_code == 200


def test_gestor_cannot_accept_or_decline(client_gestor, sugestao):
    assert client_gestor.post(reverse("hipoteses:sugestao_aceitar", args=[sugestao.pk]), {
        "nome": "X", "base_legal": "Y", "descricao": "Z"}).status_code == 403
    assert client_gestor.post(reverse("hipoteses:sugestao_recusar", args=[sugestao.pk]),
                              {"motivo": "x"}).status_code == 403
    pagina = client_gestor.get(reverse("hipoteses:sugestao_detalhe", args=[sugestao.pk])).content.decode()
    assert "Aceitar" not in pagina and "Recusar" not in pagina
    sugestao.refresh_from_db()
    assert sugestao.pendente


def test_admin_queue_lists_every_suggestion(client_admin, sugestao, gestor_de_outro_comite):
    SugestaoFactory(sugerido_por=gestor_de_outro_comite)
    resposta = client_admin.get(reverse("hipoteses:sugestao_lista"), {"status": "pendente"})
    assert len(resposta.context["table"].rows) == 2


# -------------------------------------------------------------------------------------------- decisions


def test_admin_accepts_creating_the_hipotese_and_emailing_the_suggester(
    client_admin, admin, sugestao, gestor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        resposta = client_admin.post(reverse("hipoteses:sugestao_aceitar", args=[sugestao.pk]), {
            "nome": "Sigilo de Prontuário", "base_legal": "Art. 11 da Lei nº 13.709/2018",
            "descricao": "Prontuários médicos.",
        })
    assert resposta.status_code == 302
    sugestao.refresh_from_db()
    hipotese = HipoteseLegal.objects.get(nome="Sigilo de Prontuário")
    assert (hipotese.identificacao, hipotese.ativo) == (24, True)
    assert (sugestao.status, sugestao.hipotese_criada, sugestao.decidido_por) == ("aceita", hipotese, admin)
    assert sugestao.decidido_em is not None
    assert len(mail.outbox) == 1
    mensagem = mail.outbox[0]
    assert mensagem.to == [gestor.email]
    assert mensagem.subject == "Sugestão de hipótese legal aceita"
    assert "Sigilo de Prontuário" in mensagem.body and "Art. 11 da Lei nº 13.709/2018" in mensagem.body
    acoes = set(RegistroDeAuditoria.objects.values_list("acao", flat=True))
    assert {"hipotese_legal.criacao", "sugestao_hipotese.aceite"} <= acoes
    assert RegistroDeAuditoria.objects.get(acao="sugestao_hipotese.aceite").depois == {
        "status": "aceita", "hipotese_criada": 24}


def test_admin_declines_with_a_reason_and_the_suggester_is_emailed(
    client_admin, sugestao, gestor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        resposta = client_admin.post(reverse("hipoteses:sugestao_recusar", args=[sugestao.pk]),
                                     {"motivo": "Use a hipótese Informação Pessoal."})
    assert resposta.status_code == 302
    sugestao.refresh_from_db()
    assert (sugestao.status, sugestao.motivo_recusa) == ("recusada", "Use a hipótese Informação Pessoal.")
    assert HipoteseLegal.objects.count() == 23
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [gestor.email]
    assert mail.outbox[0].subject == "Sugestão de hipótese legal não aceita"
    assert "Use a hipótese Informação Pessoal." in mail.outbox[0].body
    assert RegistroDeAuditoria.objects.get(acao="sugestao_hipotese.recusa").depois["motivo_recusa"] == (
        "Use a hipótese Informação Pessoal.")


def test_declining_without_a_reason_is_refused(client_admin, sugestao, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        resposta = client_admin.post(reverse("hipoteses:sugestao_recusar", args=[sugestao.pk]), {"motivo": "  "})
    assert resposta.status_code == 400
    assert "Informe o motivo da recusa." in resposta.content.decode()
    sugestao.refresh_from_db()
    assert sugestao.pendente
    assert mail.outbox == []
    assert not RegistroDeAuditoria.objects.filter(acao="sugestao_hipotese.recusa").exists()


def test_accepting_with_a_name_already_in_the_catalogue_shows_the_error(client_admin, sugestao):
    resposta = client_admin.post(reverse("hipoteses:sugestao_aceitar", args=[sugestao.pk]), {
        "nome": "Controle Interno", "base_legal": "Art. 1", "descricao": "x"})
    assert resposta.status_code == 400
    assert "Já existe uma hipótese legal com este nome." in resposta.content.decode()
    sugestao.refresh_from_db()
    assert sugestao.pendente and HipoteseLegal.objects.count() == 23


def test_a_decided_suggestion_cannot_be_decided_again(admin, sugestao, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.recusar(sugestao, admin, "Não se aplica.")
        with pytest.raises(ValidationError, match="já foi avaliada"):
            services.aceitar(sugestao, admin)
    assert HipoteseLegal.objects.count() == 23
    assert len(mail.outbox) == 1


def test_second_decision_through_the_page_shows_a_message(client_admin, admin, sugestao):
    services.recusar(sugestao, admin, "Não se aplica.")
    resposta = client_admin.post(reverse("hipoteses:sugestao_aceitar", args=[sugestao.pk]),
                                 {"nome": "X", "base_legal": "Y", "descricao": "Z"}, follow=True)
    assert "Esta sugestão já foi avaliada (recusada)." in resposta.content.decode()
    assert HipoteseLegal.objects.count() == 23


def test_admin_sees_the_decision_forms_prefilled(client_admin, sugestao):
    pagina = client_admin.get(reverse("hipoteses:sugestao_detalhe", args=[sugestao.pk])).content.decode()
    assert 'value="Sigilo de Prontuário Médico"' in pagina
    assert reverse("hipoteses:sugestao_aceitar", args=[sugestao.pk]) in pagina
    assert reverse("hipoteses:sugestao_recusar", args=[sugestao.pk]) in pagina
