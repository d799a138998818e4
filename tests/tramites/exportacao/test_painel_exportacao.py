"""Exports of the Painel (issue #12 item 7): spec §8.5 columns in CSV, XLSX and PDF, scope, the
restricted-content and refusal rules, the background path for large exports."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from portal.models import ExportacaoAgendada, Parametro
from tests.conftest import entrar
from tests.factories.comites import GestorFactory
from tests.factories.tramites import enviar, levar_a, orgao
from tests.pdf_texto import paginas, texto
from tramites import state_machine as sm

pytestmark = pytest.mark.django_db

COLUNAS_PDF = ["IDT", "Envio", "Recebimento", "NRE", "Protocolo", "SPE Origem", "SPE Destino", "Situação Atual"]
COLUNAS_PLANILHA = COLUNAS_PDF + ["Órgão de Origem", "Unidade de Origem", "Órgão de Destino", "Unidade de Destino",
                                  "Descrição"]


@pytest.fixture
def orgao_d(db):
    return orgao("ORGD")


def _gestor(client, de):
    return entrar(client, GestorFactory(comite=de.comite).pessoa)


def _exportar(client, formato, **filtros):
    resposta = client.get(reverse("tramites:painel"), {**filtros, "exportar": formato})
    assert resposta.status_code == 200, resposta
    return b"".join(resposta.streaming_content) if resposta.streaming else resposta.content


def _csv(conteudo):
    return list(csv.reader(io.StringIO(conteudo.decode("utf-8-sig")), delimiter=";"))


def _xlsx(conteudo):
    return [["" if c is None else str(c) for c in linha]
            for linha in load_workbook(io.BytesIO(conteudo)).active.iter_rows(values_only=True)]


def _por_idt(linhas):
    return {int(linha[0]): dict(zip(linhas[0], linha, strict=True)) for linha in linhas[1:]}


def test_each_format_has_the_spec_columns_and_the_row(client_admin, orgao_a, orgao_b):
    tramite = levar_a(enviar(orgao_a, orgao_b, descricao="Contrato de manutenção"),
                      sm.Status.RECIBO_RECEBIDO_REMETENTE, orgao_a, orgao_b)

    for formato, ler in (("csv", _csv), ("xlsx", _xlsx)):
        linhas = ler(_exportar(client_admin, formato))
        assert linhas[0] == COLUNAS_PLANILHA, formato
        linha = _por_idt(linhas)[tramite.idt]
        assert linha["NRE"] == tramite.nre and linha["Protocolo"] == tramite.protocolo
        assert (linha["SPE Origem"], linha["SPE Destino"]) == ("ORGA - SEI", "ORGB - SEI")
        assert linha["Situação Atual"] == sm.Status.RECIBO_RECEBIDO_REMETENTE.rotulo_com_numero
        assert linha["Envio"][2] == "/" and linha["Recebimento"][2] == "/"  # dd/mm/aaaa hh:mm:ss, both set
        assert (linha["Órgão de Origem"], linha["Unidade de Origem"]) == (str(orgao_a.comite), str(orgao_a.protocolo))
        assert (linha["Órgão de Destino"], linha["Unidade de Destino"]) == (str(orgao_b.comite), str(orgao_b.protocolo))
        assert linha["Descrição"] == "Contrato de manutenção"

    folha = paginas(_exportar(client_admin, "pdf"))[0]
    assert folha[0] == "Painel de Controle"
    inicio = folha.index("IDT")
    assert folha[inicio:inicio + 8] == COLUNAS_PDF
    assert "Órgão de Origem" not in folha and "Contrato de manutenção" not in folha  # spreadsheets only
    assert folha[inicio + 8:inicio + 13] == [str(tramite.idt), folha[inicio + 9], folha[inicio + 10], tramite.nre,
                                             tramite.protocolo]
    assert folha[inicio + 13:inicio + 15] == ["ORGA - SEI", "ORGB - SEI"]


def test_units_without_sigla_are_named_like_everywhere_else(client_admin, orgao_a, orgao_b):
    from estrutura.models import Unidade

    Unidade.objects.filter(pk=orgao_b.protocolo.pk).update(sigla="")
    tramite = enviar(orgao_a, orgao_b)
    orgao_b.protocolo.refresh_from_db()

    linha = _por_idt(_csv(_exportar(client_admin, "csv")))[tramite.idt]

    assert linha["Unidade de Destino"] == str(orgao_b.protocolo) == f"Protocolo de ORGB ({orgao_b.protocolo.pk})"


def test_gestor_export_never_has_another_organs_tramites(client, orgao_a, orgao_b, orgao_c, orgao_d):
    meu = enviar(orgao_a, orgao_b)
    recebido = enviar(orgao_c, orgao_a)
    alheio = enviar(orgao_c, orgao_d)
    _gestor(client, orgao_a)

    for formato, ler in (("csv", _csv), ("xlsx", _xlsx)):
        assert set(_por_idt(ler(_exportar(client, formato)))) == {meu.idt, recebido.idt}, formato
    tudo = texto(_exportar(client, "pdf"))
    assert meu.protocolo in tudo and recebido.protocolo in tudo and alheio.protocolo not in tudo


def test_gestor_cannot_widen_the_export_with_filters(client, orgao_a, orgao_b, orgao_c, orgao_d):
    alheio = enviar(orgao_c, orgao_d)
    _gestor(client, orgao_a)

    linhas = _csv(_exportar(client, "csv", idt=str(alheio.idt)))

    assert linhas[1:] == []


def test_restricted_description_shows_only_to_people_of_the_two_organs(client, admin, orgao_a, orgao_b):
    sigiloso = enviar(orgao_a, orgao_b, descricao="Apuração disciplinar", nivel_de_sigilo=2)
    publico = enviar(orgao_a, orgao_b, descricao="Compra de material")

    entrar(client, admin)
    do_admin = _por_idt(_csv(_exportar(client, "csv")))
    assert do_admin[sigiloso.idt]["Descrição"] == "Conteúdo restrito"
    assert do_admin[publico.idt]["Descrição"] == "Compra de material"
    assert "Apuração disciplinar" not in str(_xlsx(_exportar(client, "xlsx")))

    client.logout()
    _gestor(client, orgao_b)
    assert _por_idt(_xlsx(_exportar(client, "xlsx")))[sigiloso.idt]["Descrição"] == "Apuração disciplinar"


def test_after_a_refusal_only_the_sender_gets_the_tramites_data(client, orgao_a, orgao_b):
    recusado = levar_a(enviar(orgao_a, orgao_b, descricao="Ofício"), sm.Status.CIENCIA_RECUSA, orgao_a, orgao_b)

    _gestor(client, orgao_b)
    linha = _por_idt(_csv(_exportar(client, "csv")))[recusado.idt]
    assert (linha["NRE"], linha["Protocolo"], linha["Descrição"]) == ("Restrito ao remetente",) * 3
    assert linha["Situação Atual"] == sm.Status.CIENCIA_RECUSA.rotulo_com_numero  # route and status stay
    assert recusado.protocolo not in texto(_exportar(client, "pdf"))

    client.logout()
    _gestor(client, orgao_a)
    linha = _por_idt(_csv(_exportar(client, "csv")))[recusado.idt]
    assert (linha["NRE"], linha["Protocolo"], linha["Descrição"]) == (recusado.nre, recusado.protocolo, "Ofício")


def test_hostile_values_are_neutralised_in_the_spreadsheets(client_admin, orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b, descricao="=HYPERLINK(\"http://x\";\"clique\")")

    assert _por_idt(_csv(_exportar(client_admin, "csv")))[tramite.idt]["Descrição"].startswith("'=")
    assert _por_idt(_xlsx(_exportar(client_admin, "xlsx")))[tramite.idt]["Descrição"].startswith("'=")


def test_pdf_header_lists_the_filters_not_the_chart_mode(client_admin, orgao_a, orgao_b):
    enviar(orgao_a, orgao_b)

    folha = paginas(_exportar(client_admin, "pdf", situacao=["1", "2"], grafico="quantidade"))[0]

    filtros = next(t for t in folha if t.startswith("Filtros:"))
    assert "Situação do trâmite: 1 - " in filtros and "Data inicial:" in filtros
    assert "gráfico" not in filtros.lower()


def test_painel_export_follows_the_page_sort(client_admin, orgao_a, orgao_b):
    primeiro = enviar(orgao_a, orgao_b)
    segundo = enviar(orgao_a, orgao_b)

    crescente = [int(linha[0]) for linha in _csv(_exportar(client_admin, "csv", sort="idt"))[1:]]
    padrao = [int(linha[0]) for linha in _csv(_exportar(client_admin, "csv"))[1:]]

    assert crescente == [primeiro.idt, segundo.idt]
    assert padrao == [segundo.idt, primeiro.idt]  # most recent first, as the page


def test_bad_format_on_the_painel_is_a_message_not_an_error(client_admin):
    resposta = client_admin.get(reverse("tramites:painel"), {"exportar": "xls"})

    assert resposta.status_code == 302
    assert [str(m) for m in get_messages(resposta.wsgi_request)] == [
        "Formato de exportação inválido. Escolha CSV, XLSX ou PDF."]


@pytest.mark.parametrize("formato", ["csv", "pdf"])
def test_large_painel_export_runs_in_the_background_and_emails_the_link(
        client, orgao_a, orgao_b, orgao_c, orgao_d, formato, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "privado"
    Parametro.objects.filter(chave="exportacao_limite_sincrono").update(valor="2")
    meus = [enviar(orgao_a, orgao_b) for _ in range(3)]
    alheio = enviar(orgao_c, orgao_d)
    _gestor(client, orgao_a)

    with django_capture_on_commit_callbacks(execute=True):
        resposta = client.get(reverse("tramites:painel"), {"exportar": formato})

    assert resposta.status_code == 302
    agendada = ExportacaoAgendada.objects.get()
    assert (agendada.situacao, agendada.linhas, agendada.formato) == ("pronta", 3, formato)
    link = reverse("portal:exportacao_baixar", args=[agendada.pk])
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body
    baixado = b"".join(client.get(link).streaming_content)
    conteudo = texto(baixado) if formato == "pdf" else baixado.decode("utf-8-sig")
    assert all(t.protocolo in conteudo for t in meus) and alheio.protocolo not in conteudo
    assert link in client.get(resposta["Location"]).content.decode()  # on the page too


@pytest.mark.parametrize("formato", ["csv", "xlsx", "pdf"])
def test_painel_export_runs_the_same_queries_for_few_or_many_rows(client, orgao_a, orgao_b, orgao_c, formato):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _gestor(client, orgao_a)

    def consultas():
        cache.clear()  # the Parâmetros are cached: read them in both runs
        with CaptureQueriesContext(connection) as capturadas:
            _exportar(client, formato)
        return len(capturadas.captured_queries)

    levar_a(enviar(orgao_a, orgao_b, nivel_de_sigilo=2), sm.Status.CIENCIA_RECUSA, orgao_a, orgao_b)
    poucas = consultas()
    for _ in range(4):
        enviar(orgao_a, orgao_b)
        enviar(orgao_c, orgao_a, descricao="Recebido")
    assert consultas() == poucas
