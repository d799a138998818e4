"""A verification whose transaction failed after the component was stored (found by the reference client on
the mtls leg: SQLite's "database is locked" on the worker's first attempt) is completed by its retry."""

import pytest

from tests.tramites.api.envio.apoio import enviar, processo, subir
from tests.tramites.api.envio.conftest import hash_de
from tramites import state_machine as sm
from tramites.armazenamento import Armazem
from tramites.models import ComponenteDigital, Tramite
from tramites.services.componentes import chave_do_envio
from tramites.tarefas.componentes import verificar_componentes

CONTEUDO = bytes(range(256)) * 40


@pytest.fixture
def enviado(api_a, lado_a, lado_b, especie, django_capture_on_commit_callbacks):
    corpo = processo(lado_a.protocolo, lado_b.protocolo, [CONTEUDO])
    with django_capture_on_commit_callbacks(execute=True):
        dados = enviar(api_a, corpo).json()
    ticket, protocolo = dados["ticketParaEnvioDeComponentesDigitais"], corpo["processo"]["protocolo"]
    subir(api_a, ticket, CONTEUDO, protocolo)  # complete; its task not run yet (callbacks not executed)
    return ticket, dados["IDT"]


def _sistema(lado):
    return {"pk": lado.sistema.pk, "nome": lado.sistema.nome, "comite_ids": [lado.comite.pk]}


def test_the_retry_of_a_run_that_stored_the_component_and_lost_its_transaction_verifies_it(enviado, lado_a):
    ticket, idt = enviado
    # The first run: parts assembled, checked, stored under the hash and discarded; then its UPDATE failed.
    Armazem().concluir(chave_do_envio(ticket, hash_de(CONTEUDO)), len(CONTEUDO), hash_de(CONTEUDO))

    verificar_componentes.run(ticket, hash_de(CONTEUDO), _sistema(lado_a))

    componente = ComponenteDigital.objects.get(tramite_id=idt)
    assert componente.verificado and componente.falha_de_verificacao == ""
    assert Tramite.objects.get(pk=idt).status == sm.Status.COMPONENTES_ENVIADOS_REMETENTE


def test_missing_parts_without_the_stored_component_still_fail_the_verification(enviado, lado_a):
    ticket, idt = enviado
    Armazem().descartar_envio(chave_do_envio(ticket, hash_de(CONTEUDO)))  # the parts lost, nothing stored

    verificar_componentes.run(ticket, hash_de(CONTEUDO), _sistema(lado_a))

    componente = ComponenteDigital.objects.get(tramite_id=idt)
    assert not componente.verificado and "faltam partes" in componente.falha_de_verificacao
    assert Tramite.objects.get(pk=idt).status == sm.Status.INICIADO
