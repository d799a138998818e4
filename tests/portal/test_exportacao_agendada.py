"""Exports above the Parâmetro "exportacao_limite_sincrono" run as a Celery job (eager in tests)."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.context import atuando_como
from portal.models import ExportacaoAgendada, Parametro, RegistroDeAuditoria
from portal.services import auditoria, exportacoes
from tests.conftest import entrar

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_privada(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "privado"


@pytest.fixture
def limite_baixo():
    Parametro.objects.filter(chave="exportacao_limite_sincrono").update(valor="5")


def _registros(quantidade, alvo=None):
    with atuando_como(origem="tarefa"):
        for i in range(quantidade):
            auditoria.registrar(f"teste.lote{i}", alvo)


def test_export_below_the_limit_is_answered_in_the_request(client_admin, limite_baixo):
    _registros(3)

    resposta = client_admin.get(reverse("portal:auditoria"), {"exportar": "csv", "acao": "teste.lote"})

    assert resposta.streaming and resposta["Content-Type"].startswith("text/csv")
    assert not ExportacaoAgendada.objects.exists()


def test_export_above_the_limit_creates_the_job_emails_the_link_and_lists_it(client_admin, admin, limite_baixo,
                                                                              django_capture_on_commit_callbacks):
    _registros(8)

    with django_capture_on_commit_callbacks(execute=True):
        resposta = client_admin.get(reverse("portal:auditoria"), {"exportar": "csv", "acao": "teste.lote"})

    assert resposta.status_code == 302 and resposta["Location"] == reverse("portal:auditoria") + "?acao=teste.lote"
    exportacao = ExportacaoAgendada.objects.get()
    assert (exportacao.usuario, exportacao.situacao, exportacao.linhas) == (admin, "pronta", 8)
    assert exportacao.consulta == "acao=teste.lote"
    link = reverse("portal:exportacao_baixar", args=[exportacao.pk])
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [admin.email] and link in mail.outbox[0].body
    assert RegistroDeAuditoria.objects.filter(acao="exportacao.agendada", alvo_id=str(exportacao.pk)).exists()
    seguinte = client_admin.get(resposta["Location"]).content.decode()
    assert "será gerada em segundo plano" in seguinte
    assert link in client_admin.get(reverse("portal:exportacoes")).content.decode()

    baixado = client_admin.get(link)
    assert baixado.status_code == 200 and "attachment" in baixado["Content-Disposition"]
    linhas = list(csv.reader(io.StringIO(baixado.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert linhas[0][:4] == ["Data/hora", "Usuário", "Perfil", "Ação"]
    assert sorted(linha[3] for linha in linhas[1:]) == sorted(f"teste.lote{i}" for i in range(8))


def test_scheduled_file_equals_the_file_the_request_would_have_streamed(client_admin, admin, limite_baixo,
                                                                        django_capture_on_commit_callbacks):
    _registros(9)
    Parametro.objects.filter(chave="exportacao_limite_sincrono").update(valor="1000")
    from django.core.cache import cache

    cache.clear()
    imediato = client_admin.get(reverse("portal:auditoria"), {"exportar": "csv", "acao": "teste.lote"}).getvalue()
    Parametro.objects.filter(chave="exportacao_limite_sincrono").update(valor="5")
    cache.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client_admin.get(reverse("portal:auditoria"), {"exportar": "csv", "acao": "teste.lote"})

    exportacao = ExportacaoAgendada.objects.get()
    with exportacao.arquivo.open("rb") as arquivo:
        assert arquivo.read() == imediato


def test_only_the_owner_downloads(client, admin, limite_baixo, django_capture_on_commit_callbacks):
    from tests.conftest import ativar_mfa
    from tests.factories.portal import PerfilAtribuidoFactory, PessoaFactory

    _registros(8)
    entrar(client, admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("portal:auditoria"), {"exportar": "csv"})
    exportacao = ExportacaoAgendada.objects.get()
    link = reverse("portal:exportacao_baixar", args=[exportacao.pk])
    outro_admin = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=outro_admin, perfil="administrador")
    ativar_mfa(outro_admin)

    client.logout()
    assert client.get(link).status_code == 302  # anonymous: to the login page
    entrar(client, outro_admin)
    assert client.get(link).status_code == 404
    assert reverse("portal:exportacao_baixar", args=[exportacao.pk]) not in client.get(
        reverse("portal:exportacoes")).content.decode()


def test_job_refuses_when_the_owner_lost_the_profile(admin):
    from portal.models import PerfilAtribuido

    _registros(3)
    exportacao = ExportacaoAgendada.objects.create(usuario=admin, titulo="Auditoria", formato="csv",
                                                   caminho=reverse("portal:auditoria"), consulta="")
    PerfilAtribuido.objects.filter(pessoa=admin).delete()

    exportacoes.gerar(exportacao.pk)

    exportacao.refresh_from_db()
    assert exportacao.situacao == "erro" and not exportacao.arquivo
    assert "não permite" in exportacao.mensagem


def test_old_exports_are_purged_with_their_files(admin, limite_baixo, django_capture_on_commit_callbacks):
    _registros(3)
    with django_capture_on_commit_callbacks(execute=True):
        with atuando_como(usuario=admin, origem="web"):
            nova = exportacoes.agendar(admin, titulo="Auditoria", formato="xlsx",
                                       caminho=reverse("portal:auditoria"), consulta="")
            velha = exportacoes.agendar(admin, titulo="Auditoria", formato="csv",
                                        caminho=reverse("portal:auditoria"), consulta="")
    velha.refresh_from_db()
    caminho_velho = velha.arquivo.path
    ExportacaoAgendada.objects.filter(pk=velha.pk).update(criada_em=timezone.now() - timedelta(days=8))

    assert exportacoes.expurgar() == 1

    assert list(ExportacaoAgendada.objects.all()) == [nova]
    import os

    assert not os.path.exists(caminho_velho)
    nova.refresh_from_db()
    assert nova.situacao == "pronta" and nova.arquivo.name.endswith(".xlsx")


def test_broker_outage_marks_the_export_failed_instead_of_failing_the_page(client_admin, limite_baixo, monkeypatch,
                                                                           django_capture_on_commit_callbacks):
    from portal import tasks

    def fora_do_ar(*args, **kwargs):
        raise ConnectionError("broker fora do ar")

    monkeypatch.setattr(tasks.gerar_exportacao, "delay", fora_do_ar)
    _registros(8)

    with django_capture_on_commit_callbacks(execute=True):
        resposta = client_admin.get(reverse("portal:auditoria"), {"exportar": "csv"})

    assert resposta.status_code == 302
    exportacao = ExportacaoAgendada.objects.get()
    assert exportacao.situacao == "erro" and "tente novamente" in exportacao.mensagem
