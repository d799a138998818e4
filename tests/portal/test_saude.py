"""``/saude/``: independent checks of database, cache, broker and beat; 503 when any of them fails."""

from datetime import timedelta

import pytest
from django.urls import reverse

from portal.models import Batimento
from portal.services import batimento
from portal.views import saude

pytestmark = pytest.mark.django_db

VERIFICACOES = {"banco", "cache", "broker", "beat"}


def _saude(client):
    resposta = client.get(reverse("saude"))
    assert resposta["Content-Type"].startswith("application/json")
    return resposta, resposta.json()


def _formato_valido(corpo):
    assert set(corpo) >= {"status", "verificacoes"}
    assert set(corpo["verificacoes"]) == VERIFICACOES
    for nome, estado in corpo["verificacoes"].items():
        assert isinstance(estado["ok"], bool), nome
        assert isinstance(estado["ms"], int | float) and estado["ms"] >= 0, nome


@pytest.fixture
def com_agendador(settings, monkeypatch):
    """As in production: tasks go to a broker and beat must tick. No broker runs in unit tests."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(saude, "_broker", lambda: {"transporte": "simulado"})


def test_all_checks_ok_with_eager_tasks(client):
    resposta, corpo = _saude(client)

    assert resposta.status_code == 200
    _formato_valido(corpo)
    assert corpo["status"] == "ok"
    assert all(estado["ok"] for estado in corpo["verificacoes"].values())


def test_needs_no_login_and_is_free_of_the_mfa_redirect(client):
    from tests.conftest import entrar
    from tests.factories.portal import PerfilAtribuidoFactory

    entrar(client, PerfilAtribuidoFactory().pessoa)  # an administrator without TOTP yet

    resposta, corpo = _saude(client)

    assert resposta.status_code == 200
    assert corpo["status"] == "ok"


def test_database_failure_gives_503_and_the_other_checks_still_report(client, monkeypatch):
    def _banco_fora():
        raise RuntimeError("conexão recusada")

    monkeypatch.setattr(saude, "_banco", _banco_fora)

    resposta, corpo = _saude(client)

    assert resposta.status_code == 503
    _formato_valido(corpo)
    assert corpo["status"] == "falha"
    banco = corpo["verificacoes"]["banco"]
    assert banco["ok"] is False
    assert "conexão recusada" in banco["erro"]
    assert corpo["verificacoes"]["cache"]["ok"] is True
    assert corpo["verificacoes"]["broker"]["ok"] is True
    assert corpo["verificacoes"]["beat"]["ok"] is True


def test_cache_failure_is_reported_on_its_own(client, monkeypatch):
    def _cache_fora():
        raise ConnectionError("redis indisponível")

    monkeypatch.setattr(saude, "_cache", _cache_fora)

    resposta, corpo = _saude(client)

    assert resposta.status_code == 503
    assert corpo["verificacoes"]["cache"]["ok"] is False
    assert corpo["verificacoes"]["banco"]["ok"] is True


def test_missing_beat_tick_gives_503_in_portuguese(client, com_agendador):
    assert not Batimento.objects.exists()

    resposta, corpo = _saude(client)

    assert resposta.status_code == 503
    _formato_valido(corpo)
    beat = corpo["verificacoes"]["beat"]
    assert beat["ok"] is False
    assert "ainda não registrou nenhum batimento" in beat["erro"]
    assert corpo["verificacoes"]["broker"]["ok"] is True
    assert corpo["verificacoes"]["banco"]["ok"] is True


def test_old_beat_tick_gives_503(client, com_agendador):
    batimento.registrar()
    antigo = Batimento.objects.get(nome=batimento.NOME_BEAT)
    antigo.momento -= timedelta(seconds=saude.BEAT_MAX_ATRASO_SEGUNDOS + 60)
    antigo.save(update_fields=["momento"])

    resposta, corpo = _saude(client)

    assert resposta.status_code == 503
    assert corpo["verificacoes"]["beat"]["ok"] is False
    assert "último batimento há" in corpo["verificacoes"]["beat"]["erro"]


def test_fresh_beat_tick_is_ok(client, com_agendador):
    batimento.registrar()

    resposta, corpo = _saude(client)

    assert resposta.status_code == 200
    assert corpo["status"] == "ok"
    beat = corpo["verificacoes"]["beat"]
    assert beat["ok"] is True
    assert beat["atraso_s"] <= 5
    assert "ultimo_batimento" in beat


def test_broker_failure_without_eager_tasks_gives_503(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    batimento.registrar()

    def _broker_fora():
        raise ConnectionRefusedError("broker fora do ar")

    monkeypatch.setattr(saude, "_broker", _broker_fora)

    resposta, corpo = _saude(client)

    assert resposta.status_code == 503
    assert corpo["verificacoes"]["broker"]["ok"] is False
    assert corpo["verificacoes"]["beat"]["ok"] is True



def _derrubar_banco(monkeypatch):
    """Every new cursor on the default database fails as when PostgreSQL is unreachable."""
    from django.db import OperationalError, connections

    def cursor_indisponivel(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", cursor_indisponivel)


def test_banco_fora_responde_503_json(client, monkeypatch):
    _derrubar_banco(monkeypatch)

    resposta, corpo = _saude(client)

    assert resposta.status_code == 503
    assert corpo["verificacoes"]["banco"]["ok"] is False


def test_banco_fora_com_cookie_de_sessao_responde_503_json(client, admin, monkeypatch):
    from tests.conftest import entrar

    entrar(client, admin)
    _derrubar_banco(monkeypatch)

    resposta, corpo = _saude(client)

    assert resposta.status_code == 503
    assert corpo["status"] == "falha" and corpo["verificacoes"]["banco"]["ok"] is False
    assert corpo["verificacoes"]["cache"]["ok"] is True
