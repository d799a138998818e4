"""Lost workers and a lost broker never leave an import "Na fila"/"Em execução" forever."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from estrutura import tasks
from estrutura.models import ExecucaoDeImportacao
from estrutura.services import siorg
from estrutura.services.execucoes_perdidas import marcar_execucoes_perdidas
from portal.models import RegistroDeAuditoria
from tests.factories.estrutura import RepositorioSiorgFactory, estrutura_basica, json_siorg

pytestmark = pytest.mark.django_db

Situacao = ExecucaoDeImportacao.Situacao


def execucao_enviada(tmp_path, *, situacao, ha_minutos):
    pasta = tmp_path / "siorg" / "abc"
    pasta.mkdir(parents=True)
    arquivo = pasta / "00-siorg.json"
    arquivo.write_bytes(b"{}")
    execucao = siorg.nova_execucao(ExecucaoDeImportacao.Origem.UPLOAD, situacao=situacao,
                                   arquivos="siorg.json", arquivo_salvo=str(arquivo))
    momento = timezone.now() - timedelta(minutes=ha_minutos)
    ExecucaoDeImportacao.objects.filter(pk=execucao.pk).update(
        criada_em=momento, iniciada_em=momento if situacao == Situacao.EM_EXECUCAO else None)
    return execucao, arquivo


@pytest.mark.parametrize("situacao", [Situacao.EM_EXECUCAO, Situacao.NA_FILA])
def test_varredura_marca_como_falha_execucao_perdida_e_remove_o_arquivo(settings, tmp_path, situacao,
                                                                       django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    settings.ESTRUTURA_EXECUCAO_TEMPO_MAXIMO_MINUTOS = 30
    execucao, arquivo = execucao_enviada(tmp_path, situacao=situacao, ha_minutos=31)

    with django_capture_on_commit_callbacks(execute=True):
        tasks.marcar_execucoes_perdidas.delay()

    execucao.refresh_from_db()
    assert execucao.situacao == Situacao.ERRO
    assert "não terminou em 30 minutos" in execucao.mensagem
    assert not arquivo.exists() and not arquivo.parent.exists()
    assert RegistroDeAuditoria.objects.filter(acao="estrutura.importacao.interrompida").count() == 1


def test_varredura_nao_toca_execucao_dentro_do_prazo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ESTRUTURA_EXECUCAO_TEMPO_MAXIMO_MINUTOS = 30
    execucao, arquivo = execucao_enviada(tmp_path, situacao=Situacao.EM_EXECUCAO, ha_minutos=29)

    assert marcar_execucoes_perdidas() == 0

    execucao.refresh_from_db()
    assert execucao.situacao == Situacao.EM_EXECUCAO and arquivo.exists()


def test_varredura_esta_no_agendador(settings):
    tarefas = {entrada["task"] for entrada in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "estrutura.tasks.marcar_execucoes_perdidas" in tarefas


def test_envio_siorg_com_broker_fora_responde_503_e_nao_deixa_execucao_na_fila(client_admin, settings, tmp_path,
                                                                              monkeypatch):
    settings.MEDIA_ROOT = tmp_path

    def broker_fora(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.importar_arquivos_siorg, "delay", broker_fora)
    arquivo = SimpleUploadedFile("siorg.json", json_siorg(estrutura_basica()), content_type="application/json")

    resposta = client_admin.post(reverse("estrutura:importar_siorg"),
                                 {"arquivos": [arquivo], "repositorio": RepositorioSiorgFactory().pk})

    assert resposta.status_code == 503
    assert "fila de tarefas" in resposta.content.decode()
    execucao = ExecucaoDeImportacao.objects.get()
    assert execucao.situacao == Situacao.ERRO
    assert not list((tmp_path / "siorg").rglob("*.json"))
