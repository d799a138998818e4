"""CSV upload → preview → confirm, the SIORG upload page and the import reports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from estrutura.models import ExecucaoDeImportacao, Unidade
from tests.factories.estrutura import RepositorioSiorgFactory, estrutura_basica, json_siorg

pytestmark = pytest.mark.django_db

CSV_BOM = ("CODIGO,CODIGO DO PAI,NOME,SIGLA,SIGLA COMPLETA\n"
           "1,,Secretaria de Saúde,SESAUDE,SESAUDE\n"
           "2,1,Departamento de Saúde,DSAUDE,DSAUDE/SESAUDE\n"
           "3,2,Coordenação-Geral de Saúde,CGSAUDE,CGSAUDE/DSAUDE/SESAUDE\n")


@pytest.fixture
def orgao(comite):
    return comite.unidade


def enviar_csv(client, orgao, conteudo: str | bytes, destino=None):
    destino = destino or orgao
    dados = conteudo.encode() if isinstance(conteudo, str) else conteudo
    return client.post(reverse("estrutura:importar_csv", args=[orgao.pk, destino.pk]),
                       {"arquivo": SimpleUploadedFile("estrutura.csv", dados, content_type="text/csv")})


def test_csv_preview_then_confirm_creates_units(client_gestor, orgao):
    resposta = enviar_csv(client_gestor, orgao, CSV_BOM)
    assert resposta.status_code == 302
    previa = ExecucaoDeImportacao.objects.get()
    assert resposta["Location"] == reverse("estrutura:importacao_detalhe", args=[previa.pk])
    html = client_gestor.get(resposta["Location"]).content.decode()
    assert "3 Estruturas Organizacionais foram encontradas! Deseja importá-las?" in html
    assert "Coordenação-Geral de Saúde - CGSAUDE" in html
    assert Unidade.objects.count() == 1
    resposta = client_gestor.post(reverse("estrutura:importacao_detalhe", args=[previa.pk]), {"acao": "confirmar"},
                                  follow=True)
    assert "3 unidade(s) criada(s)" in resposta.content.decode()
    assert Unidade.objects.get(sigla="CGSAUDE").parent.sigla == "DSAUDE"
    assert Unidade.objects.get(sigla="SESAUDE").parent == orgao


def test_csv_errors_name_line_and_column_and_create_nothing(client_gestor, orgao):
    conteudo = CSV_BOM + "3,,Duplicada,DUP,DUP\n5,9,Sem pai,SP,SP\n"
    resposta = enviar_csv(client_gestor, orgao, conteudo)
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "Linha 5, coluna CODIGO" in html and "Linha 6, coluna CODIGO DO PAI" in html
    assert "Nada foi importado. O arquivo tem 2 erros" in html
    assert not ExecucaoDeImportacao.objects.exists() and Unidade.objects.count() == 1


def test_csv_errors_are_shown_once_each(client_gestor, orgao):
    conteudo = CSV_BOM + "3,,Duplicada,DUP,DUP\n"
    html = enviar_csv(client_gestor, orgao, conteudo).content.decode()
    assert html.count("o código 3 está repetido") == 1
    assert html.count("O arquivo tem 1 erro") == 1
    assert html.count('class="br-message danger"') == 1  # no second summary repeating the file's errors
    assert 'class="feedback danger"' not in html


def test_semicolon_separated_csv_from_a_spreadsheet_is_imported(client_gestor, orgao):
    conteudo = "\ufeff" + CSV_BOM.replace(",", ";").replace("\n", "\r\n")
    resposta = enviar_csv(client_gestor, orgao, conteudo)
    assert resposta.status_code == 302
    previa = ExecucaoDeImportacao.objects.get()
    client_gestor.post(reverse("estrutura:importacao_detalhe", args=[previa.pk]), {"acao": "confirmar"})
    assert Unidade.objects.get(sigla="CGSAUDE").parent.sigla == "DSAUDE"
    assert Unidade.objects.get(sigla="SESAUDE").parent == orgao


def test_csv_wrong_encoding_message(client_gestor, orgao):
    resposta = enviar_csv(client_gestor, orgao, CSV_BOM.encode("latin-1"))
    assert "UTF-8" in resposta.content.decode()


def test_cancel_preview(client_gestor, orgao):
    enviar_csv(client_gestor, orgao, CSV_BOM)
    previa = ExecucaoDeImportacao.objects.get()
    client_gestor.post(reverse("estrutura:importacao_detalhe", args=[previa.pk]), {"acao": "cancelar"})
    previa.refresh_from_db()
    assert previa.situacao == "cancelada" and Unidade.objects.count() == 1


def test_gestor_of_other_comite_gets_404_on_preview_and_confirm(client, gestor, gestor_de_outro_comite, orgao):
    from tests.conftest import entrar

    entrar(client, gestor)
    enviar_csv(client, orgao, CSV_BOM)
    previa = ExecucaoDeImportacao.objects.get()
    client.logout()
    entrar(client, gestor_de_outro_comite)
    url = reverse("estrutura:importacao_detalhe", args=[previa.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"acao": "confirmar"}).status_code == 404
    assert Unidade.objects.subarvore(orgao).count() == 1


def test_model_csv_download(client):
    resposta = client.get(reverse("estrutura:modelo_csv"))
    assert resposta.status_code == 200 and resposta.content.decode("utf-8-sig").startswith("CODIGO,CODIGO DO PAI")


# --- SIORG upload and reports ------------------------------------------------------------------------------


def test_admin_uploads_siorg_file_and_reads_the_report(client_admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    repo = RepositorioSiorgFactory()
    arquivo = SimpleUploadedFile("siorg.json", json_siorg(estrutura_basica()), content_type="application/json")
    resposta = client_admin.post(reverse("estrutura:importar_siorg"),
                                 {"arquivos": [arquivo], "repositorio": repo.pk, "completa": "on"})
    execucao = ExecucaoDeImportacao.objects.get()
    assert resposta["Location"] == reverse("estrutura:importacao_detalhe", args=[execucao.pk])
    assert execucao.situacao == "sucesso" and execucao.incluidas == 5 and execucao.origem == "upload"
    assert not list((tmp_path / "siorg").rglob("*.json"))  # uploaded file removed after the import
    html = client_admin.get(resposta["Location"]).content.decode()
    assert "incluídas" in html and "Agência Nacional de Aviação Civil" in html
    lista = client_admin.get(reverse("estrutura:importacoes")).content.decode()
    assert f'href="{reverse("estrutura:importacao_detalhe", args=[execucao.pk])}"' in lista


def test_siorg_upload_with_error_shows_record_and_field(client_admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    RepositorioSiorgFactory()
    unidades = estrutura_basica()
    unidades[3]["nome"] = ""
    arquivo = SimpleUploadedFile("ruim.json", json_siorg(unidades))
    resposta = client_admin.post(reverse("estrutura:importar_siorg"),
                                 {"arquivos": [arquivo], "repositorio": RepositorioSiorgFactory().pk}, follow=True)
    html = resposta.content.decode()
    assert "registro 4 (codigoUnidade 3002)" in html and "<code>nome</code>" in html
    assert not Unidade.objects.exists()


def test_gestor_cannot_reach_siorg_pages(client_gestor):
    assert client_gestor.get(reverse("estrutura:importar_siorg")).status_code == 403
    assert client_gestor.get(reverse("estrutura:importacoes")).status_code == 403


def test_gestor_cannot_open_siorg_report(client_gestor):
    execucao = ExecucaoDeImportacao.objects.create(tipo="siorg", origem="comando", situacao="sucesso")
    assert client_gestor.get(reverse("estrutura:importacao_detalhe", args=[execucao.pk])).status_code == 403
