"""The sweep that resumes component verifications a broker outage lost (``retomar_verificacoes``).

A component whose upload completed while the broker was down is marked received, but its verification task
was never enqueued (logged and dropped after the commit): without the sweep the trâmite stayed in 1 until
the deadline cancelled it, and the sender's repeated termination call only answered "em verificação".
"""

import kombu.exceptions
import pytest
from django.core.files.storage import storages

from portal.permissions import SistemaAutenticado
from tests.factories.tramites import enviar
from tramites import state_machine as sm
from tramites.armazenamento import Armazem
from tramites.models import ComponenteDigital, HistoricoDeStatus, Tramite
from tramites.services import componentes
from tramites.services.envio import novo_ticket
from tramites.tarefas.componentes import retomar_verificacoes, verificar_componentes

pytestmark = pytest.mark.django_db(transaction=True)
S, E = sm.Status, sm.Evento
CONTEUDO = "conteúdo 1".encode()  # the factories' first component


@pytest.fixture(autouse=True)
def armazem(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "componentes": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "c")}}}
    return Armazem(storages["componentes"])


@pytest.fixture
def broker_fora_do_ar(monkeypatch):
    def recusar(*_args, **_kwargs):
        raise kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(verificar_componentes, "apply_async", recusar)


def _principal(orgao) -> SistemaAutenticado:
    return SistemaAutenticado(nome=orgao.sistema.nome, comite_ids=frozenset({orgao.comite.pk}), pk=orgao.sistema.pk)


def _com_ticket(tramite):
    """As the envio API does (``services.envio``): the trâmite's components are uploaded with its ticket."""
    tramite.ticket = novo_ticket()
    Tramite.objects.filter(pk=tramite.pk).update(ticket=tramite.ticket)
    return tramite


def _enviar_componente(orgao_a, tramite, conteudo=CONTEUDO) -> dict:
    componente = ComponenteDigital.objects.select_related("documento").get(tramite=tramite)
    dados = {"hashDoComponenteDigital": componente.hash, "protocolo": componente.documento.protocolo}
    return componentes.receber_componente(_principal(orgao_a), tramite.ticket, dados, conteudo)


def _saidas_de_1(tramite) -> int:
    return HistoricoDeStatus.objects.filter(tramite=tramite, de=S.INICIADO).count()


def test_a_component_received_while_the_broker_was_down_is_verified_by_the_sweep(
        orgao_a, orgao_b, broker_fora_do_ar, monkeypatch):
    tramite = _com_ticket(enviar(orgao_a, orgao_b))
    resposta = _enviar_componente(orgao_a, tramite)
    assert resposta["situacao"] == "em verificação"  # the sender's answer does not depend on the broker
    assert Tramite.objects.get(pk=tramite.pk).status == S.INICIADO
    assert ComponenteDigital.objects.filter(tramite=tramite, recebido=True, verificado=False).count() == 1

    monkeypatch.undo()
    assert retomar_verificacoes.delay().get() == {"tramites": 1, "movidos": 1}
    assert Tramite.objects.get(pk=tramite.pk).status == S.COMPONENTES_ENVIADOS_REMETENTE
    assert ComponenteDigital.objects.get(tramite=tramite).verificado
    assert _saidas_de_1(tramite) == 1
    assert retomar_verificacoes.delay().get() == {"tramites": 0, "movidos": 0}
    assert _saidas_de_1(tramite) == 1


def test_a_tramite_with_every_component_verified_but_left_in_1_is_moved(orgao_a, orgao_b, armazem):
    """The worker died between the verification's commit and the transition, and its task was lost."""
    tramite = enviar(orgao_a, orgao_b)
    componente = ComponenteDigital.objects.get(tramite=tramite)
    armazem.gravar_parte("x", 0, len(CONTEUDO), CONTEUDO, len(CONTEUDO))
    caminho = armazem.concluir("x", len(CONTEUDO), componente.hash)
    ComponenteDigital.objects.filter(pk=componente.pk).update(recebido=True, verificado=True, caminho=caminho)

    assert retomar_verificacoes.delay().get() == {"tramites": 1, "movidos": 1}
    assert Tramite.objects.get(pk=tramite.pk).status == S.COMPONENTES_ENVIADOS_REMETENTE
    assert _saidas_de_1(tramite) == 1


def test_the_sweep_leaves_uploads_in_progress_and_other_statuses_alone(orgao_a, orgao_b, armazem):
    nada_enviado = enviar(orgao_a, orgao_b)
    em_partes = _com_ticket(enviar(orgao_a, orgao_b))
    componente = ComponenteDigital.objects.select_related("documento").get(tramite=em_partes)
    componentes.receber_parte(_principal(orgao_a), em_partes.ticket, {
        "hashDoComponenteDigital": componente.hash, "protocolo": componente.documento.protocolo},
        0, 5, CONTEUDO[:5])
    cancelado = enviar(orgao_a, orgao_b)
    ComponenteDigital.objects.filter(tramite=cancelado).update(recebido=True)
    from tests.factories.tramites import levar_a
    levar_a(cancelado, S.CANCELADO, orgao_a, orgao_b)

    assert retomar_verificacoes.delay().get() == {"tramites": 0, "movidos": 0}
    assert set(Tramite.objects.filter(pk__in=[nada_enviado.pk, em_partes.pk]).values_list("status", flat=True)) == {
        S.INICIADO}
    assert Tramite.objects.get(pk=cancelado.pk).status == S.CANCELADO


def test_a_wrong_component_found_by_the_sweep_is_refused_as_by_the_task(orgao_a, orgao_b, broker_fora_do_ar,
                                                                         monkeypatch):
    tramite = _com_ticket(enviar(orgao_a, orgao_b))
    _enviar_componente(orgao_a, tramite, "conteúdo X".encode())  # same size, other bytes
    monkeypatch.undo()
    assert retomar_verificacoes.delay().get() == {"tramites": 1, "movidos": 0}
    componente = ComponenteDigital.objects.get(tramite=tramite)
    assert not componente.recebido and "não confere" in componente.falha_de_verificacao
    assert Tramite.objects.get(pk=tramite.pk).status == S.INICIADO
