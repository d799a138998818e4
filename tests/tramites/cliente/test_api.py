"""The client's plumbing: what it prints, when it raises, how it waits for a pendência — against canned
answers — and the auto-cancel scenario against the real views with the deadline run from a later moment."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from tramites.cliente import Cenario, Cliente, RespostaInesperada, cenarios
from tramites.cliente.transporte import Resposta, TempoEsgotado
from tramites.models import HistoricoDeStatus
from tramites.state_machine import Status as S
from tramites.tarefas.autocancelamento import cancelar_vencidos

URL = "https://api.teste/interoperabilidade/rest/v3/"


class Roteiro:
    """Answers in order; records what was asked."""

    def __init__(self, *respostas):
        self.respostas = list(respostas)
        self.pedidos: list[tuple[str, str]] = []

    def requisitar(self, metodo, url, corpo=None, cabecalhos=None, tempo_limite=300.0):
        self.pedidos.append((metodo, url))
        resposta = self.respostas.pop(0)
        if isinstance(resposta, Exception):
            raise resposta
        status, corpo_ = resposta
        return Resposta(status, json.dumps(corpo_).encode(), {}, 12.4)


class Fixo:
    """The same answer every time; ``None``: nothing pending (an empty listing, an empty long poll)."""

    def __init__(self, resposta: Resposta | None):
        self.resposta = resposta

    def requisitar(self, metodo, url, corpo=None, cabecalhos=None, tempo_limite=300.0):
        if self.resposta is not None:
            return self.resposta
        return Resposta(200, b'{"encontrou": false}' if "pendencias" in url.rsplit("/", 1)[-1] else b"[]")


def _cliente(*respostas) -> tuple[Cliente, list[str]]:
    linhas: list[str] = []
    return Cliente(URL, transporte=Roteiro(*respostas), papel="remetente", relatar=linhas.append), linhas


def test_each_call_prints_one_line_with_status_and_elapsed_ms():
    cliente, linhas = _cliente((200, {"status": "ok"}))
    assert cliente.healthcheck() == {"status": "ok"}
    assert linhas == ["[remetente] GET healthcheck → 200 (12 ms)"]


def test_an_unexpected_status_raises_with_the_api_s_code_and_message():
    cliente, linhas = _cliente((409, {"codigoErro": "0065", "mensagem": "A situação não permite."}))
    with pytest.raises(RespostaInesperada) as erro:
        cliente.cancelar(5)
    assert (erro.value.status, erro.value.codigo, erro.value.mensagem) == (409, "0065", "A situação não permite.")
    assert linhas == ["[remetente] DELETE tramites/5 → 409 (12 ms) 0065: A situação não permite."]


def test_a_body_that_is_not_json_is_an_unexpected_answer():
    cliente = Cliente(URL, relatar=None, transporte=Fixo(Resposta(200, b"<html>")))
    with pytest.raises(RespostaInesperada, match="não é JSON"):
        cliente.healthcheck()


def test_a_download_whose_hash_differs_from_the_metadata_is_refused():
    import base64

    cliente = Cliente(URL, relatar=None, transporte=Fixo(Resposta(200, base64.b64encode(b"outro conteudo"))))
    with pytest.raises(RespostaInesperada, match="diferente do informado"):
        cliente.receber(1, {"hash": "x" * 43 + "=", "protocolo": "P", "tamanho": 14})


def test_waiting_uses_the_listing_then_the_long_poll_skipping_other_pendencias():
    cliente, _ = _cliente((200, [{"IDT": 3, "status": 2}]), (200, {"encontrou": True, "IDT": 4, "status": 2}),
                          (200, {"encontrou": True, "IDT": 7, "status": 5}))
    cenarios.aguardar_pendencia(cliente, 7, S.RECIBO_ENVIADO_DESTINATARIO, espera=5)
    assert [u.removeprefix(URL) for _, u in cliente.transporte.pedidos] == [
        "tramites/pendentes?todas=true", "pendencias", "pendencias?idTramiteDaPendenciaRecebida=4"]


def test_a_long_poll_that_ends_empty_or_times_out_is_followed_by_a_new_listing():
    cliente, _ = _cliente((200, []), (200, {"encontrou": False}), (200, []), TempoEsgotado("sem resposta"),
                          (200, [{"IDT": 7, "status": 5}]))
    cenarios.aguardar_pendencia(cliente, 7, S.RECIBO_ENVIADO_DESTINATARIO, espera=5)
    assert len(cliente.transporte.pedidos) == 5


def test_a_pendencia_that_never_comes_fails_after_the_wait():
    cliente = Cliente(URL, relatar=None, transporte=Fixo(None), papel="remetente")
    with pytest.raises(RespostaInesperada, match="não chegou ao remetente"):
        cenarios.aguardar_pendencia(cliente, 7, S.RECIBO_ENVIADO_DESTINATARIO, espera=0.05)


def test_an_api_error_the_scenario_expects_is_accepted_and_any_other_is_not():
    cliente, _ = _cliente((409, {"codigoErro": "0065", "mensagem": "m"}),
                          (404, {"codigoErro": "0004", "mensagem": "m"}), (200, {"status": "ok"}))
    assert cenarios.esperar_recusa("x", lambda: cliente.metadados(1), {"0065"}).codigo == "0065"
    with pytest.raises(RespostaInesperada):
        cenarios.esperar_recusa("x", lambda: cliente.metadados(1), {"0065"})
    with pytest.raises(RespostaInesperada, match="mas a API aceitou"):
        cenarios.esperar_recusa("x", cliente.healthcheck, {"0065"})


@pytest.mark.django_db(transaction=True)
def test_auto_cancel_reaches_the_sender_as_a_pendencia_once_the_deadline_has_passed(
        remetente, destinatario, orgao_a, orgao_b, especie, linhas):
    def relatar(linha):
        linhas.append(linha)
        if linha.startswith("== aguardando o cancelamento automático"):  # the server's hourly run, a deadline later
            agora = (timezone.now() + datetime.timedelta(days=8, minutes=1)).isoformat()
            assert cancelar_vencidos.apply(kwargs={"agora": agora}).get()["cancelados"] == 1

    cenario = Cenario(remetente, destinatario, (orgao_a.protocolo.repositorio_id, orgao_a.protocolo.pk),
                      (orgao_b.protocolo.repositorio_id, orgao_b.protocolo.pk), espera=5, relatar=relatar)
    resultado = cenarios.autocancelamento(cenario)
    assert resultado.status == S.CANCELADO_AUTOMATICAMENTE
    assert list(HistoricoDeStatus.objects.filter(tramite_id=resultado.idt).order_by("pk").values_list(
        "para", flat=True)) == [S.INICIADO, S.COMPONENTES_ENVIADOS_REMETENTE, S.CANCELADO_AUTOMATICAMENTE]
