"""Issue 11, 3a: a cancellation made in the portal (7) or by the deadline (10) is the sender's pendência —
in ``tramites/pendentes`` and the long poll — until the sender reads the trâmite (``GET tramites/{IDT}``)."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from portal.models import PerfilAtribuido
from tests.factories.portal import PerfilAtribuidoFactory, PessoaFactory
from tests.factories.tramites import enviar, levar_a
from tests.tramites.tarefas.conftest import envelhecer
from tramites import services
from tramites import state_machine as sm
from tramites.models import Tramite
from tramites.services import Agente, autocancelamento

from .conftest import API
from .long_poll import URL, aguardar_esperas, cliente_async

S, E, A = sm.Status, sm.Evento, sm.Ator
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("conexao_do_teste_preservada")]
PENDENTES = API + "tramites/pendentes"


def _pendentes(cliente, **consulta):
    resposta = cliente.get(PENDENTES, consulta)
    assert resposta.status_code == 200, resposta.content
    return resposta.json()


def _cancelar_no_portal(tramite):
    admin = PessoaFactory()
    PerfilAtribuidoFactory(pessoa=admin, perfil=PerfilAtribuido.Perfil.ADMINISTRADOR)
    return services.aplicar(tramite, E.CANCELAMENTO, Agente.administrador(admin), motivo="Enviado por engano.")


def test_a_portal_cancellation_is_the_senders_pendencia_until_it_reads_the_tramite(
        cliente_a, cliente_b, orgao_a, orgao_b):
    tramite = _cancelar_no_portal(levar_a(enviar(orgao_a, orgao_b), S.METADADOS_RECEBIDO_DESTINATARIO,
                                          orgao_a, orgao_b))
    assert _pendentes(cliente_a, todas="false") == [{"IDT": tramite.idt, "status": 7}]
    assert _pendentes(cliente_a, todas="false") == []  # delivered once
    assert _pendentes(cliente_a) == [{"IDT": tramite.idt, "status": 7}]  # listed until read
    assert _pendentes(cliente_b) == []  # the receiver is not told
    assert cliente_a.get(f"{API}tramites/{tramite.idt}").status_code == 200  # the sender reads it
    assert _pendentes(cliente_a) == []
    lido_em = Tramite.objects.get(pk=tramite.pk).cancelamento_lido_em
    assert lido_em is not None
    cliente_a.get(f"{API}tramites/{tramite.idt}")  # a repeat records nothing new
    assert Tramite.objects.get(pk=tramite.pk).cancelamento_lido_em == lido_em


def test_the_long_poll_delivers_a_portal_cancellation_once(prazo, orgao_a, orgao_b, proxy_confiavel):
    prazo(0.3)
    tramite = _cancelar_no_portal(enviar(orgao_a, orgao_b))
    a = cliente_async(orgao_a)
    assert async_to_sync(a.get)(URL).json() == {"encontrou": True, "IDT": tramite.idt, "status": 7}
    assert async_to_sync(a.get)(URL).json() == {"encontrou": False}
    assert async_to_sync(cliente_async(orgao_b).get)(URL).json() == {"encontrou": False}


def test_a_cancellation_by_the_senders_own_system_is_no_pendencia(cliente_a, orgao_a, orgao_b):
    tramite = enviar(orgao_a, orgao_b)
    services.aplicar(tramite, E.CANCELAMENTO, orgao_a.agente(A.REMETENTE))
    assert _pendentes(cliente_a) == []


def test_the_auto_cancel_batch_wakes_the_waiting_sender_with_status_10(
        prazo, orgao_a, orgao_b, proxy_confiavel, cliente_a, django_capture_on_commit_callbacks):
    prazo(10)
    tramite = levar_a(enviar(orgao_a, orgao_b), S.COMPONENTES_ENVIADOS_REMETENTE, orgao_a, orgao_b)
    envelhecer(tramite, 30)
    a = cliente_async(orgao_a)

    def cancelar():
        with django_capture_on_commit_callbacks(execute=True):
            return autocancelamento.cancelar_vencidos().cancelados

    async def cenario():
        espera = asyncio.create_task(a.get(URL))
        await aguardar_esperas(1)
        cancelados = await sync_to_async(cancelar)()
        return cancelados, await asyncio.wait_for(espera, 5)

    cancelados, resposta = async_to_sync(cenario)()
    assert cancelados == 1
    assert resposta.json() == {"encontrou": True, "IDT": tramite.idt, "status": 10}
    assert _pendentes(cliente_a) == [{"IDT": tramite.idt, "status": 10}]  # listed until read
    assert _pendentes(cliente_a, todas="false") == []  # but delivered already by the long poll
