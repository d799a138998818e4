"""Parâmetros da Solução: administrators edit them; values are validated, cached and audited."""

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import Parametro, RegistroDeAuditoria
from portal.parametros_padrao import DEFINICOES
from portal.services import email, parametros

pytestmark = pytest.mark.django_db


def _param(chave):
    return Parametro.objects.get(chave=chave)


def _editar(client, chave, valor, **extra):
    return client.post(reverse("portal:parametro_editar", args=[_param(chave).pk]), {"valor": valor, **extra})


def test_every_definition_is_seeded_with_its_default():
    assert set(Parametro.objects.values_list("chave", flat=True)) == {d.chave for d in DEFINICOES}
    assert parametros.inteiro("dias_cancelamento_automatico") == 8
    assert parametros.inteiro("siorg_intervalo_horas") == 12


def test_list_is_grouped_by_category(client_admin):
    html = client_admin.get(reverse("portal:parametros")).content.decode()
    for categoria in ("Expurgo e cancelamento automático", "Importação de estruturas do SIORG",
                      "Configuração de envio de e-mail", "Notificar via e-mail", "Paginação da API"):
        assert categoria in html


def test_administrator_changes_a_number_and_it_is_audited_and_served_fresh(client_admin):
    assert parametros.inteiro("dias_cancelamento_automatico") == 8  # now cached
    resposta = _editar(client_admin, "dias_cancelamento_automatico", "30")
    assert resposta.status_code == 302
    assert parametros.inteiro("dias_cancelamento_automatico") == 30
    registro = RegistroDeAuditoria.objects.get(acao="parametro.alterado")
    assert (registro.antes, registro.depois) == ({"valor": "8"}, {"valor": "30"})


@pytest.mark.parametrize(
    ("chave", "valor", "mensagem"),
    [
        ("dias_cancelamento_automatico", "trinta", "Informe um número inteiro positivo."),
        ("dias_cancelamento_automatico", "0", "O valor mínimo é 1."),
        ("siorg_intervalo_horas", "100000", "O valor máximo é 720."),
        ("emails_solicitacao_acesso", "pen@gov.br, nao-e-email", "Endereço de e-mail inválido: nao-e-email"),
        ("emails_solicitacao_acesso", "", "Informe ao menos um endereço de e-mail."),
        ("email_reprovacao_corpo", "Olá {% if nome %}", "Modelo com erro de sintaxe"),
        ("email_reprovacao_assunto", "", "O modelo não pode ficar vazio."),
    ],
)
def test_bad_values_show_a_portuguese_error_and_change_nothing(client_admin, chave, valor, mensagem):
    antes = _param(chave).valor
    resposta = _editar(client_admin, chave, valor)
    assert resposta.status_code == 200
    assert mensagem in resposta.content.decode()
    assert _param(chave).valor == antes
    assert not RegistroDeAuditoria.objects.filter(acao="parametro.alterado").exists()


def test_value_longer_than_8000_characters_is_refused(client_admin):
    resposta = _editar(client_admin, "email_reprovacao_corpo", "x" * 8001)
    assert "no máximo 8000 caracteres" in resposta.content.decode()


def test_email_list_is_normalised_one_per_line(client_admin):
    _editar(client_admin, "emails_solicitacao_acesso", "a@gov.br; b@gov.br,c@gov.br")
    assert _param("emails_solicitacao_acesso").valor == "a@gov.br\nb@gov.br\nc@gov.br"
    assert parametros.emails("emails_solicitacao_acesso") == ["a@gov.br", "b@gov.br", "c@gov.br"]


def test_preview_renders_template_with_sample_values_without_saving(client_admin):
    antes = _param("email_reprovacao_corpo").valor
    resposta = _editar(client_admin, "email_reprovacao_corpo", "Motivo: {{ justificativa }}", pre_visualizar="1")
    assert resposta.status_code == 200
    assert "Motivo: [justificativa]" in resposta.content.decode()
    assert _param("email_reprovacao_corpo").valor == antes


def test_edited_template_is_what_the_portal_sends(client_admin):
    _editar(client_admin, "email_reprovacao_assunto", "Pedido {{ protocolo }} recusado")
    email.enviar("reprovacao", ["a@gov.br"], {"protocolo": "2026-000001"}, apos_commit=False)
    assert mail.outbox[-1].subject == "Pedido 2026-000001 recusado"


def test_gestor_and_supervisor_cannot_edit_parameters(client, gestor, supervisor):
    from tests.conftest import entrar

    for pessoa in (gestor, supervisor):
        entrar(client, pessoa)
        assert client.get(reverse("portal:parametros")).status_code == 403
        assert _editar(client, "dias_cancelamento_automatico", "1").status_code == 403
    assert parametros.inteiro("dias_cancelamento_automatico") == 8
