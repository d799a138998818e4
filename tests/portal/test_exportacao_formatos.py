"""Exports of every list page: CSV, XLSX and PDF, the format check, scope, hostile cell values."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import get_resolver, reverse
from openpyxl import load_workbook

from portal import exportacao
from portal.context import atuando_como
from portal.models import ExportacaoAgendada, Parametro
from portal.services import auditoria, exportacoes
from portal.views.generic import ObjectListView
from tests.pdf_texto import paginas, texto

pytestmark = pytest.mark.django_db

HOSTIS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "sino\x07=1"]
NEUTRALIZADOS = {"'=HYPERLINK(\"http://x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\t=1", "'\r=1", "sino=1"}


def _registro(acao, alvo=None, **extra):
    with atuando_como(origem="tarefa"):
        return auditoria.registrar(acao, alvo, **extra)


def _csv(resposta):
    return list(csv.reader(io.StringIO(resposta.getvalue().decode("utf-8-sig")), delimiter=";"))


def _paginas_de_lista():
    """(url name, view class) of every list page reachable without arguments."""
    def percorrer(padroes, espaco=None):
        for padrao in padroes:
            if hasattr(padrao, "url_patterns"):
                yield from percorrer(padrao.url_patterns, padrao.namespace or espaco)
            else:
                classe = getattr(padrao.callback, "view_class", None)
                if classe and issubclass(classe, ObjectListView) and not padrao.pattern.regex.groups:
                    yield (f"{espaco}:{padrao.name}" if espaco else padrao.name), classe
    return sorted(set(percorrer(get_resolver().url_patterns)), key=lambda p: p[0])


def test_every_exporting_list_page_offers_pdf():
    paginas_de_lista = _paginas_de_lista()
    assert len(paginas_de_lista) > 10
    for nome, classe in paginas_de_lista:
        assert not classe.formatos_exportacao or "pdf" in classe.formatos_exportacao, nome


def test_every_list_page_answers_its_pdf_export(client_admin, comite):
    _registro("teste.pdf", comite)
    for nome, classe in _paginas_de_lista():
        if "pdf" not in classe.formatos_exportacao:
            continue
        resposta = client_admin.get(reverse(nome), {"exportar": "pdf"})
        assert resposta.status_code == 200, nome
        assert resposta["Content-Type"] == "application/pdf", nome
        assert resposta["Content-Disposition"].endswith('.pdf"'), nome
        corpo = resposta.getvalue()
        assert corpo.startswith(b"%PDF-") and corpo.rstrip().endswith(b"%%EOF"), nome


def test_pdf_has_title_filters_generation_time_columns_rows_and_page_numbers(client_admin, admin, comite):
    for i in range(130):
        _registro(f"teste.pdf{i:03d}", comite)
    _registro("outra.coisa", comite)

    resposta = client_admin.get(reverse("portal:auditoria"), {"exportar": "pdf", "acao": "teste.pdf",
                                                                "desde": "01/01/2020"})

    assert resposta["Content-Disposition"].startswith('attachment; filename="auditoria-')
    corpo = resposta.getvalue()
    folhas = paginas(corpo)
    assert len(folhas) >= 2
    primeira = folhas[0]
    assert primeira[0] == "Auditoria"
    assert primeira[1].startswith("Gerado em ") and "(horário de Brasília) por Ana Administradora" in primeira[1]
    assert primeira[2] == "Filtros: Data inicial: 01/01/2020; Ação: teste.pdf"
    assert primeira[3:10] == ["Data/hora", "Usuário", "Perfil", "Ação", "Objeto", "IP", "Requisição"]
    for numero, folha in enumerate(folhas, 1):
        assert folha[0] == "Auditoria"  # the title on every page
        assert "Data/hora" in folha  # and the columns' header
        rodape = "".join(folha[-3:])
        assert f"Página {numero} de {len(folhas)}" in rodape
    tudo = texto(corpo)
    assert all(f"teste.pdf{i:03d}" in tudo for i in range(130))
    assert "outra.coisa" not in tudo


def test_pdf_dates_are_local_and_readable(client_admin):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from portal.models import RegistroDeAuditoria

    registro = _registro("teste.data")
    RegistroDeAuditoria.objects.filter(pk=registro.pk).update(
        momento=datetime(2026, 3, 10, 2, 30, tzinfo=ZoneInfo("UTC")))

    tudo = texto(client_admin.get(reverse("portal:auditoria"), {"exportar": "pdf"}).getvalue())

    assert "09/03/2026 23:30:00" in tudo  # 02:30 UTC is the evening before in Brasília


def test_pdf_without_rows_says_so(client_admin):
    tudo = texto(client_admin.get(reverse("portal:auditoria"), {"exportar": "pdf", "acao": "nada.disso"}).getvalue())

    assert "Nenhum registro encontrado." in tudo


def test_export_follows_the_page_sort_order(client_admin):
    for acao in ("teste.b", "teste.c", "teste.a"):
        _registro(acao)

    crescente = _csv(client_admin.get(reverse("portal:auditoria"), {"exportar": "csv", "acao": "teste.",
                                                                      "sort": "acao"}))
    decrescente = _csv(client_admin.get(reverse("portal:auditoria"), {"exportar": "csv", "acao": "teste.",
                                                                        "sort": "-acao"}))
    ignorado = client_admin.get(reverse("portal:auditoria"), {"exportar": "csv", "sort": "detalhes,senha"})

    assert [linha[3] for linha in crescente[1:]] == ["teste.a", "teste.b", "teste.c"]
    assert [linha[3] for linha in decrescente[1:]] == ["teste.c", "teste.b", "teste.a"]
    assert ignorado.status_code == 200


@pytest.mark.parametrize("formato", ["doc", "PDF", "", "pdf ", "../../etc/passwd", "csv;xlsx", "ｐｄｆ"])
def test_unknown_format_goes_back_to_the_page_with_a_clear_message(client_admin, formato):
    resposta = client_admin.get(reverse("portal:auditoria"), {"exportar": formato, "acao": "teste"})

    assert resposta.status_code == 302
    assert resposta["Location"] == reverse("portal:auditoria") + "?acao=teste"
    mensagens = [str(m) for m in get_messages(resposta.wsgi_request)]
    assert mensagens == ["Formato de exportação inválido. Escolha CSV ou PDF."]
    assert not ExportacaoAgendada.objects.exists()


def test_nul_in_the_format_is_refused_with_the_nul_message(client_admin):
    resposta = client_admin.get(reverse("portal:auditoria") + "?exportar=pdf%00")

    assert resposta.status_code == 400 and "caractere nulo" in resposta.content.decode()
    assert not ExportacaoAgendada.objects.exists()


def test_format_the_page_does_not_offer_is_refused_like_an_unknown_one(client_admin):
    resposta = client_admin.get(reverse("portal:auditoria"), {"exportar": "xlsx"}, follow=True)

    assert resposta.status_code == 200
    assert "Formato de exportação inválido. Escolha CSV ou PDF." in resposta.content.decode()


def test_page_without_exports_says_it_cannot_be_exported(client):
    resposta = client.get(reverse("estrutura:consultar_unidades"), {"exportar": "csv"}, follow=True)

    assert resposta.status_code == 200
    assert "Esta lista não pode ser exportada." in resposta.content.decode()


def test_writer_and_scheduler_refuse_unknown_formats(admin):
    with pytest.raises(exportacao.FormatoDesconhecido, match="Escolha CSV, XLSX ou PDF"):
        exportacao.escrever("docx", iter([["a"]]), exportacao.Relatorio("x"), io.BytesIO())
    with pytest.raises(exportacao.FormatoDesconhecido):
        exportacoes.agendar(admin, titulo="Auditoria", formato="exe", caminho=reverse("portal:auditoria"),
                            consulta="")
    assert not ExportacaoAgendada.objects.exists()


def test_csv_neutralises_formulas_and_drops_nul_but_keeps_numbers(client_admin):
    for valor in [*HOSTIS, "-12", "+55", "-1.234,56"]:
        _registro(valor)

    acoes = {linha[3] for linha in _csv(client_admin.get(reverse("portal:auditoria"), {"exportar": "csv"}))[1:]}

    assert NEUTRALIZADOS <= acoes
    assert {"-12", "+55", "-1.234,56"} <= acoes
    assert not [a for a in acoes if a[:1] in "=+@" and a not in {"+55"}]


def test_xlsx_neutralises_formulas_and_drops_nul(client_admin):
    from tests.factories.comites import SolicitacaoFactory

    for valor in HOSTIS:
        SolicitacaoFactory(executivo_federal=False, unidade=None, repositorio=None, orgao_nome=valor,
                           orgao_sigla="")

    resposta = client_admin.get(reverse("comites:solicitacao_lista"), {"exportar": "xlsx"})

    celulas = {str(c) for linha in load_workbook(io.BytesIO(resposta.getvalue())).active.iter_rows(values_only=True)
               for c in linha if c is not None}
    assert {v.replace("\r", "\n") for v in NEUTRALIZADOS} <= celulas  # XML turns CR into LF
    assert not [c for c in celulas if c[:1] in ("=", "+", "-", "@")]


def test_pdf_survives_control_characters_and_text_beyond_latin1(client_admin):
    _registro("sino\x07 – “aspas” 😀 Ωmega ação ﬁm")

    resposta = client_admin.get(reverse("portal:auditoria"), {"exportar": "pdf"})

    assert resposta.status_code == 200
    assert "sino - \"aspas\" ? ?mega ação fim" in texto(resposta.getvalue())


@pytest.mark.parametrize("formato", ["csv", "xlsx", "pdf"])
def test_nul_bytes_in_values_never_reach_the_file(formato):
    """PostgreSQL cannot store NUL, but values may come from elsewhere (SQLite, JSON, computed columns)."""
    destino = io.BytesIO()

    exportacao.escrever(formato, iter([["Nome"], ["antes\x00depois"], ["=\x00SOMA(1)"]]),
                        exportacao.Relatorio("Teste"), destino)

    conteudo = destino.getvalue()
    if formato == "xlsx":
        celulas = [c for linha in load_workbook(io.BytesIO(conteudo)).active.iter_rows(values_only=True)
                   for c in linha]
        assert celulas == ["Nome", "antesdepois", "'=SOMA(1)"]
    elif formato == "csv":
        assert conteudo.decode("utf-8-sig").splitlines() == ["Nome", "antesdepois", "'=SOMA(1)"]
    else:
        assert "antesdepois" in texto(conteudo) and "\x00" not in texto(conteudo)


def test_long_cells_wrap_and_are_cut_with_an_ellipsis():
    longo = " ".join(["Coordenação-Geral de Documentação"] * 60)
    destino = io.BytesIO()

    exportacao.escrever("pdf", iter([["Nome", "Sigla"], [longo, "CGD"]]), exportacao.Relatorio("Unidades"), destino)

    linhas = paginas(destino.getvalue())[0]
    pedacos = [t for t in linhas if t.startswith("Coordenação") or t.startswith("Documentação")]
    assert 1 < len(pedacos) <= 4
    assert pedacos[-1].endswith("...")


def test_gestor_exports_only_their_organs_records_in_every_format(client_gestor, comite, outro_comite):
    _registro("teste.meu", comite)
    _registro("teste.alheio", outro_comite)

    csv_ = client_gestor.get(reverse("portal:auditoria"), {"exportar": "csv"}).getvalue().decode("utf-8-sig")
    pdf = texto(client_gestor.get(reverse("portal:auditoria"), {"exportar": "pdf"}).getvalue())

    for conteudo in (csv_, pdf):
        assert "teste.meu" in conteudo and "teste.alheio" not in conteudo


def test_large_pdf_export_runs_as_a_job_with_the_same_header_and_emails_the_link(
        client_admin, admin, django_capture_on_commit_callbacks, settings, tmp_path):
    from django.core import mail

    settings.MEDIA_ROOT = tmp_path / "privado"
    Parametro.objects.filter(chave="exportacao_limite_sincrono").update(valor="5")
    for i in range(8):
        _registro(f"teste.lote{i}")

    with django_capture_on_commit_callbacks(execute=True):
        resposta = client_admin.get(reverse("portal:auditoria"), {"exportar": "pdf", "acao": "teste.lote"})

    assert resposta.status_code == 302
    agendada = ExportacaoAgendada.objects.get()
    assert (agendada.formato, agendada.situacao, agendada.linhas) == ("pdf", "pronta", 8)
    link = reverse("portal:exportacao_baixar", args=[agendada.pk])
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body
    baixado = client_admin.get(link)
    assert baixado["Content-Disposition"].endswith('.pdf"')
    folha = paginas(b"".join(baixado.streaming_content))[0]
    assert folha[0] == "Auditoria" and "por Ana Administradora" in folha[1]
    assert folha[2] == "Filtros: Ação: teste.lote"
    assert sum(1 for t in folha if t.startswith("teste.lote")) == 8


def test_page_lists_its_background_exports_with_the_download_link(client_admin, django_capture_on_commit_callbacks,
                                                                  settings, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.MEDIA_ROOT = tmp_path / "privado"
    Parametro.objects.filter(chave="exportacao_limite_sincrono").update(valor="2")
    for i in range(3):
        _registro(f"teste.lote{i}")
    with CaptureQueriesContext(connection) as antes:
        client_admin.get(reverse("portal:auditoria"))
    assert not [q for q in antes.captured_queries if ExportacaoAgendada._meta.db_table in q["sql"]]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        resposta = client_admin.get(reverse("portal:auditoria"), {"exportar": "csv"})
    na_fila = client_admin.get(resposta["Location"]).content.decode()
    assert "também aparecerá nesta página" in na_fila
    assert "Exportações em segundo plano desta página" in na_fila and "na fila" in na_fila
    for callback in callbacks:
        callback()

    html = client_admin.get(resposta["Location"]).content.decode()
    agendada = ExportacaoAgendada.objects.get()
    assert "Exportações em segundo plano desta página" in html
    assert f'href="{reverse("portal:exportacao_baixar", args=[agendada.pk])}"' in html
    assert "Exportações em segundo plano" not in client_admin.get(reverse("portal:perfis")).content.decode()

    agendada.delete()
    assert "Exportações em segundo plano" not in client_admin.get(reverse("portal:auditoria")).content.decode()


def test_every_list_page_exports_the_same_cells_as_django_tables2(client_admin, comite, monkeypatch):
    """``portal.exportacao.valores`` (the fast path) against ``Table.as_values`` on every list page."""
    from portal.views import generic
    from tests.factories.comites import SolicitacaoFactory
    from tests.factories.hipoteses import EspecieDocumentalFactory

    _registro("teste.igual", comite)
    SolicitacaoFactory(executivo_federal=False, unidade=None, repositorio=None, orgao_nome="Prefeitura X")
    EspecieDocumentalFactory(nome="Espécie de teste das exportações")
    comparadas = 0
    for nome, classe in _paginas_de_lista():
        if "csv" not in classe.formatos_exportacao:
            continue
        rapido = client_admin.get(reverse(nome), {"exportar": "csv"}).getvalue()
        with monkeypatch.context() as m:
            m.setattr(generic, "valores", lambda table, excluir: table.as_values(exclude_columns=excluir))
            lento = client_admin.get(reverse(nome), {"exportar": "csv"}).getvalue()
        assert rapido == lento, nome
        comparadas += rapido.count(b"\n") > 1
    assert comparadas >= 5
