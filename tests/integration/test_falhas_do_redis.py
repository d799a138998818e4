"""Redis (the broker) restarted while trâmites move (issue 11, item 5), on a private ``redis-server``.

The restart loses every key (no persistence: the harshest case). Components completed before, during and
after the outage all reach status 2 exactly once: the worker and the web process reconnect by themselves,
the uploads made while Redis was down still answer (their tasks are logged as not enqueued), and the
``retomar_verificacoes`` sweep does the work of the tasks that were lost.
"""

from __future__ import annotations

import logging

import pytest

from portal.permissions import SistemaAutenticado
from tests.factories.tramites import enviar
from tests.integration.conftest import esperar
from tramites import state_machine as sm
from tramites.models import ComponenteDigital, HistoricoDeStatus, Tramite
from tramites.services import aplicar, componentes
from tramites.services.envio import novo_ticket
from tramites.tarefas.componentes import retomar_verificacoes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
S, E = sm.Status, sm.Evento
CONTEUDO = "conteúdo 1".encode()  # the factories' first component


@pytest.fixture
def broker_privado(redis_privado, settings):
    """This process's Celery app publishes to the private Redis (tasks and pendências) for the test."""
    from portal.celery import app

    anteriores = app.conf.broker_read_url, app.conf.broker_write_url

    def apontar(leitura, escrita):  # (the CELERY_BROKER_URL environment variable outranks ``broker_url``)
        app.conf.broker_read_url, app.conf.broker_write_url = leitura, escrita
        app._pool = None
        app.amqp._producer_pool = None

    apontar(redis_privado.url(0), redis_privado.url(0))
    settings.PENDENCIAS_REDIS_URL = redis_privado.url(1)
    yield redis_privado
    apontar(*anteriores)


def _principal(orgao) -> SistemaAutenticado:
    return SistemaAutenticado(nome=orgao.sistema.nome, comite_ids=frozenset({orgao.comite.pk}), pk=orgao.sistema.pk)


def _enviar_componentes(orgao_a, orgao_b, quantos: int) -> list[int]:
    """``quantos`` trâmites whose component the sender uploads whole (the API's service, after-commit enqueue)."""
    idts = []
    for _ in range(quantos):
        tramite = enviar(orgao_a, orgao_b)
        Tramite.objects.filter(pk=tramite.pk).update(ticket=novo_ticket())
        tramite.refresh_from_db()
        componente = ComponenteDigital.objects.select_related("documento").get(tramite=tramite)
        resposta = componentes.receber_componente(_principal(orgao_a), tramite.ticket, {
            "hashDoComponenteDigital": componente.hash, "protocolo": componente.documento.protocolo}, CONTEUDO)
        assert resposta["situacao"] == "em verificação"
        idts.append(tramite.pk)
    return idts


def _em_2(idts) -> bool:
    return Tramite.objects.filter(pk__in=idts, status=S.COMPONENTES_ENVIADOS_REMETENTE).count() == len(idts)


def test_redis_restarted_while_components_are_verified_every_tramite_moves_once(
        orgao_a, orgao_b, pasta_de_componentes, trabalhadores, broker_privado, caplog):
    trabalhador = trabalhadores("celery", broker=broker_privado.url(0), componentes=pasta_de_componentes)

    antes = _enviar_componentes(orgao_a, orgao_b, 4)
    esperar(lambda: _em_2(antes))
    em_voo = _enviar_componentes(orgao_a, orgao_b, 4)  # queued (or running) when Redis goes away
    broker_privado.parar()

    with caplog.at_level(logging.ERROR, logger="tramites.tarefas"):
        durante = _enviar_componentes(orgao_a, orgao_b, 3)  # answered; their tasks not enqueued
    assert caplog.text.count("resultado=nao_enfileirada") == 3
    for idt in antes[:2]:  # the receiver goes on too (its pendência publication is lost, logged)
        aplicar(Tramite.objects.get(pk=idt), E.METADADOS_OBTIDOS, orgao_b.agente(sm.Ator.DESTINATARIO))

    broker_privado.iniciar()  # empty: whatever was queued is gone
    depois = _enviar_componentes(orgao_a, orgao_b, 3)
    esperar(lambda: _em_2(depois), segundos=40)  # the worker and this process reconnected by themselves

    trabalhador.enviar(retomar_verificacoes)
    todos = antes + em_voo + durante + depois
    esperar(lambda: _em_2(em_voo + durante))
    assert Tramite.objects.filter(pk__in=todos, status=S.INICIADO).count() == 0
    for idt in todos:
        assert list(HistoricoDeStatus.objects.filter(tramite_id=idt, de=S.INICIADO).values_list("para", flat=True)) \
            == [S.COMPONENTES_ENVIADOS_REMETENTE]
    assert ComponenteDigital.objects.filter(tramite_id__in=todos, verificado=True).count() == len(todos)
    assert HistoricoDeStatus.objects.filter(tramite_id__in=antes[:2], evento=E.METADADOS_OBTIDOS).count() == 2
