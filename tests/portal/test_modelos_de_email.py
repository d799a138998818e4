"""E-mail templates are validated by rendering; a broken stored template never blocks the sending action."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import Parametro
from portal.parametros_padrao import POR_CHAVE
from portal.services import email, parametros

pytestmark = pytest.mark.django_db


def _param(chave):
    return Parametro.objects.get(chave=chave)


@pytest.mark.parametrize("valor", [
    "Olá {% include 'nao-existe.txt' %}",
    "{% extends 'base-inexistente.txt' %}",
    "{% include nome %}",
])
def test_modelo_que_inclui_ou_estende_arquivo_e_recusado_ao_salvar(client_admin, valor):
    parametro = _param("email_solicitacao_recebida_corpo")

    resposta = client_admin.post(reverse("portal:parametro_editar", args=[parametro.pk]), {"valor": valor})

    assert resposta.status_code == 200
    assert "não pôde ser gerado com dados de exemplo" in resposta.content.decode()
    assert _param("email_solicitacao_recebida_corpo").valor == parametro.valor


def test_previa_de_modelo_quebrado_ja_gravado_mostra_o_erro_sem_500(client_admin):
    Parametro.objects.filter(chave="email_reprovacao_corpo").update(valor="{% include 'nao-existe.txt' %}")

    resposta = client_admin.get(reverse("portal:parametro_editar", args=[_param("email_reprovacao_corpo").pk]))

    assert resposta.status_code == 200
    assert "O modelo não pôde ser gerado" in resposta.content.decode()


def test_modelo_quebrado_gravado_usa_o_padrao_e_registra_erro(caplog):
    Parametro.objects.filter(chave="email_reprovacao_assunto").update(valor="{% include 'nao-existe.txt' %}")
    contexto = {"protocolo": "2026-000001", "nome": "Ana", "orgao": "MGI", "justificativa": "x", "ambiente": "h",
                "link": "http://x"}

    with caplog.at_level(logging.ERROR, logger="portal.services.email"):
        email.enviar("reprovacao", ["a@gov.br"], contexto, apos_commit=False)

    esperado = parametros.renderizar(POR_CHAVE["email_reprovacao_assunto"].padrao, contexto)
    assert mail.outbox[-1].subject == " ".join(esperado.split())
    assert "email_reprovacao_assunto" in caplog.text

