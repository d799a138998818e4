"""List pages and exports at scale: one COUNT per page, exports streamed row by row with the same content."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from portal.context import atuando_como
from portal.filtersets.auditoria import RegistroDeAuditoriaFilterSet
from portal.models import RegistroDeAuditoria
from portal.services import auditoria
from portal.tables.auditoria import RegistroDeAuditoriaTable
from portal.views import generic

pytestmark = pytest.mark.django_db


def _registros(quantidade, alvo=None):
    with atuando_como(origem="tarefa"):
        for i in range(quantidade):
            auditoria.registrar(f"teste.acao{i % 7}", alvo, detalhes=f"linha {i}; com ; e \"aspas\"")


def _exportacao_antiga():
    """What the export wrote before streaming: the whole table in memory, then one CSV string."""
    table = RegistroDeAuditoriaTable(RegistroDeAuditoria.objects.all())
    saida = io.StringIO()
    saida.write("\ufeff")
    escritor = csv.writer(saida, delimiter=";")
    for linha in table.as_values():
        escritor.writerow(["" if v is None else v for v in linha])
    return saida.getvalue().encode()


def test_csv_export_is_streamed_and_equals_the_in_memory_export(client_admin, comite, monkeypatch):
    monkeypatch.setattr(generic, "LOTE_EXPORTACAO", 7)  # many chunks even with few rows
    _registros(1203, comite)

    resposta = client_admin.get(reverse("portal:auditoria"), {"exportar": "csv"})

    assert resposta.streaming
    assert resposta["Content-Disposition"].startswith('attachment; filename="auditoria-')
    corpo = resposta.getvalue()
    assert corpo == _exportacao_antiga()
    assert len(list(csv.reader(io.StringIO(corpo.decode("utf-8-sig")), delimiter=";"))) == 1 + 1203 + 1


def test_csv_export_reads_no_row_before_the_response_is_consumed(client_admin, comite):
    _registros(30, comite)

    with CaptureQueriesContext(connection) as antes:
        resposta = client_admin.get(reverse("portal:auditoria"), {"exportar": "csv"})
    with CaptureQueriesContext(connection) as durante:
        corpo = resposta.getvalue()

    tabela = RegistroDeAuditoria._meta.db_table

    def leituras(consultas):  # row reads, not the bounded COUNT that decides between now and a job
        return [q for q in consultas.captured_queries if f'FROM "{tabela}"' in q["sql"] and "COUNT(" not in q["sql"]]

    assert not leituras(antes)
    assert leituras(durante)
    assert corpo.count(b"teste.acao") >= 30


def test_csv_and_xlsx_exports_have_every_row_with_the_formula_guard(client_admin):
    with atuando_como(origem="tarefa"):
        auditoria.registrar("=HYPERLINK(1)", None)
        auditoria.registrar("teste.simples", None)

    resposta = client_admin.get(reverse("portal:auditoria"), {"exportar": "csv"})
    assert b"'=HYPERLINK(1)" in resposta.getvalue()  # CSV neutralises the formula too

    table = RegistroDeAuditoriaTable(RegistroDeAuditoria.objects.all())
    destino = io.BytesIO()
    generic.escrever_xlsx(generic.linhas_exportadas(table), "Auditoria", destino)
    linhas = list(load_workbook(io.BytesIO(destino.getvalue())).active.iter_rows(values_only=True))
    esperado = list(RegistroDeAuditoriaTable(RegistroDeAuditoria.objects.all()).as_values())
    assert len(linhas) == len(esperado) == 1 + RegistroDeAuditoria.objects.count()
    assert [linha[3] for linha in linhas[1:]] == [generic._celula(linha[3]) for linha in esperado[1:]]
    assert "'=HYPERLINK(1)" in [linha[3] for linha in linhas]


def test_list_page_counts_its_rows_once(client_admin, comite):
    _registros(120, comite)

    with CaptureQueriesContext(connection) as consultas:
        resposta = client_admin.get(reverse("portal:auditoria"), {"acao": "teste"})

    assert resposta.status_code == 200
    contagens = [q["sql"] for q in consultas.captured_queries
                 if "COUNT(" in q["sql"].upper() and RegistroDeAuditoria._meta.db_table in q["sql"]]
    assert len(contagens) == 1, contagens
    assert "120 registro(s)" in resposta.content.decode()
    assert "Página 1 de 3" in resposta.content.decode()


def test_audit_page_offers_every_model_as_target_type_without_scanning_the_table(client_admin):
    with CaptureQueriesContext(connection) as consultas:
        resposta = client_admin.get(reverse("portal:auditoria"))

    assert not [q for q in consultas.captured_queries if "DISTINCT" in q["sql"].upper()]
    escolhas = RegistroDeAuditoriaFilterSet().filters["alvo_tipo"].extra["choices"]
    tipos = [valor for valor, _ in escolhas]
    assert {"comites.Comite", "estrutura.Unidade", "portal.Pessoa", "portal.Parametro"} <= set(tipos)
    assert [rotulo for _, rotulo in escolhas] == sorted(rotulo for _, rotulo in escolhas)
    assert 'value="comites.Comite"' in resposta.content.decode()


def test_audit_page_stops_counting_past_the_limit(client_admin, comite, monkeypatch):
    from portal.paginacao import ContagemLimitada

    monkeypatch.setattr(ContagemLimitada, "limite", 60)
    _registros(75, comite)

    with CaptureQueriesContext(connection) as consultas:
        html = client_admin.get(reverse("portal:auditoria")).content.decode()

    assert "mais de 60 registro(s)" in html
    contagem = next(q["sql"] for q in consultas.captured_queries if "COUNT(" in q["sql"].upper())
    assert "LIMIT 61" in contagem and "ORDER BY" not in contagem
    assert "teste.acao" in client_admin.get(reverse("portal:auditoria"), {"page": 2}).content.decode()


def test_audit_page_counts_exactly_below_the_limit(client_admin, comite):
    _registros(12, comite)

    assert "12 registro(s)" in client_admin.get(reverse("portal:auditoria"), {"acao": "teste"}).content.decode()


def test_audit_date_filters_cover_whole_local_days(client_admin):
    import datetime

    from django.utils import timezone

    _registros(3)
    limite = timezone.make_aware(datetime.datetime(2026, 3, 10, 0, 0))
    momentos = [limite - datetime.timedelta(seconds=1), limite, limite + datetime.timedelta(days=1, seconds=-1),
                limite + datetime.timedelta(days=1)]
    registros = list(RegistroDeAuditoria.objects.order_by("pk"))
    RegistroDeAuditoria.objects.filter(pk=registros[0].pk).update(momento=momentos[0], acao="antes.do.dia")
    RegistroDeAuditoria.objects.filter(pk=registros[1].pk).update(momento=momentos[1], acao="inicio.do.dia")
    RegistroDeAuditoria.objects.filter(pk=registros[2].pk).update(momento=momentos[2], acao="fim.do.dia")

    html = client_admin.get(reverse("portal:auditoria"), {"desde": "10/03/2026", "ate": "10/03/2026"}).content.decode()

    assert "inicio.do.dia" in html and "fim.do.dia" in html and "antes.do.dia" not in html
