"""``make run``'s demo fills the Painel: the demo gestor sees its trâmites in several statuses."""

import pytest

from comites import demo as comites_demo
from portal.models import Pessoa
from tests.conftest import entrar
from tramites import demo

pytestmark = pytest.mark.django_db


def test_gestor_da_demonstracao_ve_tramites_em_varias_situacoes(client):
    demo.carregar()
    gestor = Pessoa.objects.get(email=comites_demo.GESTOR_EMAIL)
    resposta = entrar(client, gestor).get("/painel/")
    assert resposta.status_code == 200
    contagem = resposta.context["contagem"]
    assert contagem.total == 9
    assert len([i for i in contagem.itens if i.quantidade]) >= 7
    assert "19975.000101/2026-39" in resposta.content.decode()
