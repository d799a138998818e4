"""GET pendencias (#16): the long poll answers at once when something is pending, on a new pendência
published while it waits (without a database query while waiting), or {encontrou: false} on timeout; each
IDT-status pair reaches a system once; other systems are not told."""

from __future__ import annotations

import asyncio
import time

import pytest
from asgiref.sync import async_to_sync

from tests.factories.tramites import enviar, levar_a
from tests.integration.redis_privado import redis_privado  # noqa: F401 (fixture)
from tramites import state_machine as sm
from tramites.pendencias_ao_vivo import central

from .conftest import API
from .long_poll import URL, ClienteAsgi, aguardar_esperas, cliente_async

S = sm.Status
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("conexao_do_teste_preservada")]


def test_answers_at_once_when_a_pendencia_is_already_waiting(prazo, proxy_confiavel, orgao_a, orgao_b):
    prazo(30)
    tramite = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    inicio = time.monotonic()
    resposta = async_to_sync(cliente_async(orgao_b).get)(URL, {"idTramiteDaPendenciaRecebida": "0"})
    assert resposta.status_code == 200, resposta.content
    assert resposta.json() == {"encontrou": True, "IDT": tramite.idt, "status": 2}
    assert time.monotonic() - inicio < 5


def test_answers_a_pendencia_published_while_waiting_with_no_query_while_idle(
        prazo, proxy_confiavel, orgao_a, orgao_b, contador, transitar):
    prazo(10)
    tramite = enviar(orgao_a, orgao_b)  # status 1: the sender's pendência, nothing for B yet
    cliente_b = cliente_async(orgao_b)

    async def cenario():
        espera = asyncio.create_task(cliente_b.get(URL, {"idTramiteDaPendenciaRecebida": "1"}))
        await aguardar_esperas(1)
        antes = contador.total
        await asyncio.sleep(0.5)
        parado = contador.total - antes
        inicio = time.monotonic()
        await transitar(tramite, S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
        resposta = await espera
        return parado, resposta, time.monotonic() - inicio

    parado, resposta, demora = async_to_sync(cenario)()
    assert parado == 0
    assert resposta.json() == {"encontrou": True, "IDT": tramite.idt, "status": 2}
    assert demora < 5  # woken by the message, not by the 10 s timeout


def test_answers_encontrou_false_when_nothing_comes_before_the_timeout(prazo, proxy_confiavel, orgao_a, orgao_b):
    prazo(0.5)
    enviar(orgao_a, orgao_b)  # A's pendência, not B's
    inicio = time.monotonic()
    resposta = async_to_sync(cliente_async(orgao_b).get)(URL)
    assert resposta.status_code == 200 and resposta.json() == {"encontrou": False}
    assert time.monotonic() - inicio >= 0.5
    assert central.aguardando() == 0  # the waiter left the waiting room


def test_the_same_idt_status_pair_is_never_delivered_twice(prazo, proxy_confiavel, orgao_a, orgao_b, cliente_b):
    prazo(0.3)
    primeiro = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    segundo = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    b = cliente_async(orgao_b)
    assert async_to_sync(b.get)(URL).json() == {"encontrou": True, "IDT": primeiro.idt, "status": 2}
    assert async_to_sync(b.get)(URL, {"idTramiteDaPendenciaRecebida": primeiro.idt}).json() == {
        "encontrou": True, "IDT": segundo.idt, "status": 2}
    assert async_to_sync(b.get)(URL, {"idTramiteDaPendenciaRecebida": segundo.idt}).json() == {"encontrou": False}
    assert cliente_b.get(API + "tramites/pendentes", {"todas": "false"}).json() == []  # the listing agrees
    cliente_b.get(f"{API}tramites/{primeiro.idt}")  # 2→3: a new pair
    assert async_to_sync(b.get)(URL).json() == {"encontrou": True, "IDT": primeiro.idt, "status": 3}


def test_a_pendencia_listed_by_tramites_pendentes_is_not_delivered_again(prazo, proxy_confiavel, orgao_a, orgao_b,
                                                                          cliente_b):
    prazo(0.3)
    levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    assert len(cliente_b.get(API + "tramites/pendentes").json()) == 1
    assert async_to_sync(cliente_async(orgao_b).get)(URL).json() == {"encontrou": False}


def test_other_systems_are_not_told(prazo, proxy_confiavel, orgao_a, orgao_b, orgao_c, transitar):
    prazo(1)
    tramite = enviar(orgao_a, orgao_b)  # status 1: A's pendência
    a, c = cliente_async(orgao_a), cliente_async(orgao_c)

    async def cenario():
        pedidos = [asyncio.create_task(x.get(URL)) for x in (a, c)]
        primeira_de_a = await pedidos[0]  # A's own pendência (1) answers at once
        outra_de_a = asyncio.create_task(a.get(URL))
        await aguardar_esperas(2)
        await transitar(tramite, S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)  # B's pendência
        return primeira_de_a, await outra_de_a, await pedidos[1]

    primeira_de_a, outra_de_a, de_c = async_to_sync(cenario)()
    assert primeira_de_a.json() == {"encontrou": True, "IDT": tramite.idt, "status": 1}
    assert outra_de_a.json() == {"encontrou": False}
    assert de_c.json() == {"encontrou": False}


def test_without_a_certificate_the_answer_is_401_0002(prazo, proxy_confiavel):
    resposta = async_to_sync(ClienteAsgi().get)(URL)
    assert resposta.status_code == 401
    assert resposta.json()["codigoErro"] == "0002"
    assert resposta["WWW-Authenticate"].startswith("ClientCertificate")


def test_a_bad_offset_is_0001_and_another_method_0010(prazo, proxy_confiavel, orgao_b):
    b = cliente_async(orgao_b)
    resposta = async_to_sync(b.get)(URL, {"idTramiteDaPendenciaRecebida": "um"})
    assert resposta.status_code == 400 and resposta.json()["codigoErro"] == "0001"
    resposta = async_to_sync(b.post)(URL)
    assert resposta.status_code == 405 and resposta.json()["codigoErro"] == "0010"


def test_with_or_without_the_trailing_slash(prazo, proxy_confiavel, orgao_a, orgao_b):
    levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    resposta = async_to_sync(cliente_async(orgao_b).get)(URL + "/")
    assert resposta.json()["encontrou"] is True


@pytest.mark.integration
def test_through_redis_pub_sub_a_waiter_is_woken(settings, prazo, proxy_confiavel, orgao_a, orgao_b, contador,
                                                  transitar):
    settings.PENDENCIAS_REDIS_URL = "redis://127.0.0.1:6379/4"
    prazo(10)
    tramite = enviar(orgao_a, orgao_b)
    b = cliente_async(orgao_b)

    async def cenario():
        espera = asyncio.create_task(b.get(URL))
        await aguardar_esperas(1)
        antes = contador.total
        await asyncio.sleep(0.3)
        parado = contador.total - antes
        inicio = time.monotonic()
        await transitar(tramite, S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
        return parado, await espera, time.monotonic() - inicio

    parado, resposta, demora = async_to_sync(cenario)()
    assert parado == 0
    assert resposta.json() == {"encontrou": True, "IDT": tramite.idt, "status": 2}
    assert demora < 5


@pytest.mark.integration
def test_a_pendencia_created_while_redis_was_down_reaches_its_waiter_once_redis_is_back(
        settings, prazo, proxy_confiavel, orgao_a, orgao_b, transitar, redis_privado):  # noqa: F811 (fixture)
    """Redis restarted while the trâmite moves: the publication made during the outage is lost, so the
    reader, once subscribed again, wakes its waiters to look again (not 300 s later, at their timeout)."""
    settings.PENDENCIAS_REDIS_URL = redis_privado.url(0)
    prazo(20)
    tramite = enviar(orgao_a, orgao_b)
    b = cliente_async(orgao_b)

    async def cenario():
        espera = asyncio.create_task(b.get(URL))
        await aguardar_esperas(1)
        await asyncio.to_thread(redis_privado.parar)
        await transitar(tramite, S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)  # published into the void
        await asyncio.sleep(0.5)
        inicio = time.monotonic()
        await asyncio.to_thread(redis_privado.iniciar)
        return await espera, time.monotonic() - inicio

    resposta, demora = async_to_sync(cenario)()
    assert resposta.json() == {"encontrou": True, "IDT": tramite.idt, "status": 2}
    assert demora < 5


def test_the_full_stack_serves_the_same_view_under_runserver_and_wsgi(prazo, orgao_a, orgao_b, cliente_b):
    """``make run`` (runserver) and gunicorn reach the view through the URLconf and every middleware."""
    tramite = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    assert cliente_b.get(URL, {"idTramiteDaPendenciaRecebida": "0"}).json() == {
        "encontrou": True, "IDT": tramite.idt, "status": 2}
