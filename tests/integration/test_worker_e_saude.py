"""A real worker on Redis runs the portal's tasks against PostgreSQL; /saude/ sees every service."""

import pytest
from django.db import transaction

from portal.models import Batimento, Parametro, RegistroDeAuditoria
from portal.services import batimento, parametros
from portal.tasks import beat_tick
from tests.integration.conftest import esperar

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_real_worker_runs_the_beat_tick_task_and_health_is_ok(worker_celery, client):
    assert batimento.ultimo() is None
    beat_tick.delay()
    esperar(lambda: Batimento.objects.filter(nome=batimento.NOME_BEAT).exists())

    resposta = client.get("/saude/")
    corpo = resposta.json()
    assert resposta.status_code == 200, corpo
    assert corpo["verificacoes"]["banco"]["motor"] == "postgresql"
    assert corpo["verificacoes"]["broker"]["transporte"] == "redis"
    assert corpo["verificacoes"]["beat"]["ok"] is True


def test_health_reports_a_dead_broker_without_hiding_the_other_checks(worker_celery, client, settings):
    batimento.registrar()
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    resposta = client.get("/saude/")
    corpo = resposta.json()
    assert resposta.status_code == 503
    assert corpo["verificacoes"]["broker"]["ok"] is False
    assert corpo["verificacoes"]["banco"]["ok"] is True
    assert corpo["verificacoes"]["cache"]["ok"] is True
    assert corpo["verificacoes"]["beat"]["ok"] is True


def test_parameter_change_and_its_audit_record_roll_back_together_on_postgresql(worker_celery):
    parametro = Parametro.objects.get(chave="dias_cancelamento_automatico")
    with pytest.raises(RuntimeError), transaction.atomic():
        parametros.alterar(parametro, "15")
        raise RuntimeError("falha depois da alteração")
    parametro.refresh_from_db()
    assert parametro.valor == "8"
    assert not RegistroDeAuditoria.objects.filter(acao="parametro.alterado").exists()

    parametros.alterar(parametro, "15")
    assert parametros.inteiro("dias_cancelamento_automatico") == 15
    assert RegistroDeAuditoria.objects.filter(acao="parametro.alterado").count() == 1
