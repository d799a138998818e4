"""The scheduled SIORG sync: interval from Parâmetros, timeout, retries; the network is always mocked."""

import io
import urllib.error
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from estrutura import tasks
from estrutura.formatos import ErroDeLeitura
from estrutura.models import ExecucaoDeImportacao, RepositorioDeEstruturas, Unidade
from estrutura.services import siorg
from portal.models import Parametro
from tests.factories.estrutura import RepositorioSiorgFactory, estrutura_basica, json_siorg, servico

pytestmark = pytest.mark.django_db


def resposta_siorg(*args, **kwargs):
    return io.BytesIO(json_siorg(estrutura_basica()))


@pytest.fixture
def repo_siorg():
    return RepositorioSiorgFactory()


def agendadas():
    return ExecucaoDeImportacao.objects.filter(origem=ExecucaoDeImportacao.Origem.AGENDADA)


def test_beat_entry_is_hourly_and_points_at_the_task():
    entrada = settings.CELERY_BEAT_SCHEDULE["estrutura-sincronizar-siorg"]
    assert entrada == tasks.AGENDA_SIORG
    assert entrada["task"] == tasks.sincronizar_siorg_agendado.name


def test_without_siorg_repository_nothing_runs():
    RepositorioDeEstruturas.objects.filter(is_siorg=True).delete()  # an administrator removed it
    with mock.patch.object(siorg, "baixar") as baixar:
        assert tasks.sincronizar_siorg_agendado() == "sem repositório SIORG"
    baixar.assert_not_called()


def test_first_tick_downloads_and_imports_then_waits_for_the_interval(repo_siorg):
    with mock.patch.object(siorg, "baixar", side_effect=resposta_siorg) as baixar:
        tasks.sincronizar_siorg_agendado()
        assert baixar.call_count == 1
        execucao = agendadas().get()
        assert execucao.situacao == "sucesso" and execucao.completa and execucao.incluidas == 5
        assert tasks.sincronizar_siorg_agendado() == "ainda não"
        assert baixar.call_count == 1
    assert Unidade.objects.filter(repositorio=repo_siorg).count() == 5


def test_interval_comes_from_parametros(repo_siorg):
    Parametro.objects.update_or_create(chave="siorg_intervalo_horas", defaults={"valor": "2", "tipo": "inteiro"})
    with mock.patch.object(siorg, "baixar", side_effect=resposta_siorg) as baixar:
        tasks.sincronizar_siorg_agendado()
        agendadas().update(concluida_em=timezone.now() - timedelta(minutes=90))
        assert tasks.sincronizar_siorg_agendado() == "ainda não"
        agendadas().update(concluida_em=timezone.now() - timedelta(hours=2, minutes=1))
        tasks.sincronizar_siorg_agendado()
        assert baixar.call_count == 2
    assert agendadas().count() == 2


def test_failed_run_does_not_count_as_last_success(repo_siorg):
    with mock.patch.object(siorg, "baixar", return_value=io.BytesIO(json_siorg([], servico_=servico(1, "Erro")))):
        tasks.sincronizar_siorg_agendado()
    assert agendadas().get().situacao == "erro"
    assert tasks.sincronizacao_devida()


def test_network_failures_are_retried_then_recorded(repo_siorg, monkeypatch):
    from portal.celery import app

    # eager retries run nested; let each level return instead of raising Retry, like a worker would
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    execucao = siorg.nova_execucao(ExecucaoDeImportacao.Origem.AGENDADA, repositorio=repo_siorg)
    with mock.patch.object(siorg, "baixar", side_effect=siorg.FalhaDeRede("timed out")) as baixar:
        tasks.baixar_e_importar_siorg.apply(args=[execucao.pk], throw=False)
    assert baixar.call_count == tasks.TENTATIVAS + 1
    execucao.refresh_from_db()
    assert execucao.situacao == "erro" and "4 tentativas" in execucao.mensagem
    assert not Unidade.objects.exists()


def test_retry_succeeds_after_a_temporary_failure(repo_siorg):
    execucao = siorg.nova_execucao(ExecucaoDeImportacao.Origem.AGENDADA, repositorio=repo_siorg)
    falhas = [siorg.FalhaDeRede("502"), resposta_siorg()]
    with mock.patch.object(siorg, "baixar", side_effect=falhas):
        tasks.baixar_e_importar_siorg.apply(args=[execucao.pk], throw=False)
    execucao.refresh_from_db()
    assert execucao.situacao == "sucesso" and execucao.incluidas == 5


# --- the download itself ------------------------------------------------------------------------------------


class RespostaFalsa(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def test_download_uses_base_url_and_timeout_from_settings(settings):
    settings.SIORG_BASE_URL = "https://siorg.exemplo/doc/"
    settings.SIORG_TIMEOUT_SECONDS = 17
    with mock.patch("urllib.request.urlopen", return_value=RespostaFalsa(b'{"x": 1}')) as urlopen:
        arquivo = siorg.baixar()
    pedido = urlopen.call_args.args[0]
    assert pedido.full_url == "https://siorg.exemplo/doc/estrutura-organizacional/resumida.json?codigoPoder=1&codigoEsfera=1"
    assert urlopen.call_args.kwargs["timeout"] == 17
    assert arquivo.read() == b'{"x": 1}'


@pytest.mark.parametrize("erro", [
    urllib.error.URLError("connection refused"),
    TimeoutError("timed out"),
    urllib.error.HTTPError("https://x", 502, "Bad Gateway", {}, None),
])
def test_temporary_network_errors_become_retryable(erro):
    with mock.patch("urllib.request.urlopen", side_effect=erro), pytest.raises(siorg.FalhaDeRede):
        siorg.baixar()


def test_client_errors_are_not_retried():
    erro = urllib.error.HTTPError("https://x", 404, "Not Found", {}, None)
    with mock.patch("urllib.request.urlopen", side_effect=erro), pytest.raises(ErroDeLeitura):
        siorg.baixar()
