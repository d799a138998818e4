"""Ids in query strings and forms accept ASCII digits only: ``²`` or a number past 64 bits is no id."""

import pytest
from django.urls import reverse

from portal.identificadores import MAIOR_ID, eh_numero_ascii, ler_id

pytestmark = pytest.mark.django_db

NAO_IDS = ["²", "1²", "٣", "①", "+1", "-1", " 1", "1_000", "", None, str(MAIOR_ID + 1), "9" * 40]


@pytest.mark.parametrize("valor", NAO_IDS)
def test_ler_id_recusa_o_que_nao_e_numero_ascii_de_64_bits(valor):
    assert ler_id(valor) is None


def test_ler_id_le_digitos_ascii_ate_o_maior_id():
    assert ler_id("0042") == 42
    assert ler_id(str(MAIOR_ID)) == MAIOR_ID
    assert eh_numero_ascii("12345678901234567890123") and not eh_numero_ascii("12²")


@pytest.mark.parametrize("valor", ["²", "٣", "99999999999999999999999"])
def test_hierarquia_com_selecionada_que_nao_e_id_abre_a_arvore(client_gestor, comite, valor):
    resposta = client_gestor.get(reverse("estrutura:hierarquia", args=[comite.unidade.pk]), {"selecionada": valor})

    assert resposta.status_code == 200


@pytest.mark.parametrize("valor", ["²", "99999999999999999999999"])
def test_acao_na_hierarquia_com_unidade_que_nao_e_id_pede_para_selecionar(client_gestor, comite, valor):
    url = reverse("estrutura:hierarquia_acao", args=[comite.unidade.pk])

    resposta = client_gestor.get(url, {"acao": "editar", "unidade": valor}, follow=True)

    assert resposta.status_code == 200
    assert "Selecione uma unidade na árvore" in resposta.content.decode()


def test_acao_do_repositorio_com_unidade_que_nao_e_id_pede_para_selecionar(client_admin, comite):
    url = reverse("estrutura:repositorio_acao", args=[comite.unidade.repositorio.pk])

    resposta = client_admin.get(url, {"acao": "editar", "unidade": "²"}, follow=True)

    assert resposta.status_code == 200
    assert "Selecione uma unidade na árvore" in resposta.content.decode()
