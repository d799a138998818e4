"""A NUL character anywhere in a request's path, query or form is refused with a 400, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/gestores/?orgao=%00",
    "/solicitar-acesso/?busca=%00abcd",
    "/orgaos/?q=a%00b",
    "/consultar-unidades/?%00=1",
    "/gestores%00/",
])
def test_nul_no_endereco_de_pagina_responde_400_em_html_explicando_o_motivo(client, url):
    resposta = client.get(url)

    assert resposta.status_code == 400
    assert resposta["Content-Type"].startswith("text/html")
    assert "caractere nulo" in resposta.content.decode()


@pytest.mark.parametrize("url", [
    "/interoperabilidade/rest/v3/hipoteses?nome=%00",
    "/interoperabilidade/rest/v3/especies?nome=abc%00",
])
def test_nul_na_api_responde_400_com_codigo_de_erro_e_mensagem(client, url):
    resposta = client.get(url)

    assert resposta.status_code == 400
    corpo = resposta.json()
    assert corpo["codigoErro"] == "0001"
    assert "caractere nulo" in corpo["mensagem"]


def test_nul_num_campo_de_formulario_recusa_sem_criar_solicitacao(client):
    from comites.models import SolicitacaoDeAcesso

    resposta = client.post("/solicitar-acesso/", {"nome": "Ana\x00", "email": "ana@orgao.gov.br"})

    assert resposta.status_code == 400
    assert SolicitacaoDeAcesso.objects.count() == 0


def test_nul_num_campo_de_formulario_multipart_recusa(client):
    oficio = SimpleUploadedFile("oficio.pdf", b"%PDF-1.4", content_type="application/pdf")

    assert client.post("/solicitar-acesso/", {"nome": "A\x00na", "oficio": oficio}).status_code == 400


def test_cookie_com_nul_e_descartado_e_a_pagina_abre(client):
    client.cookies["sessionid"] = "abc\x00def"

    assert client.get("/gestores/").status_code == 200


def test_requisicao_sem_nul_segue_normalmente(client):
    assert client.get("/gestores/?orgao=abc").status_code == 200
