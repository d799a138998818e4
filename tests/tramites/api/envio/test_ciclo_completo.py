"""A whole trâmite through the systems' API only, as two real systems would drive it: the sender's calls
(envio's views) and the receiver's calls (recebimento's views) meet on the same rows, and the history
holds exactly the path 1→2→3→4→5→6. A refusal (→8→9) and a cancel (→7) take the same road."""

import base64

import pytest

from tests.factories.certificados import _chave as chave_dos_certificados_de_teste
from tests.tramites.api.envio.apoio import BASE, enviar, postar, processo, subir, terminar
from tests.tramites.api.envio.conftest import hash_de
from tramites import recibos
from tramites import state_machine as sm
from tramites.models import HistoricoDeStatus, Tramite

S = sm.Status
# Real commits: the hash check is enqueued after commit (eager in tests), as in production.
pytestmark = pytest.mark.django_db(transaction=True)

CONTEUDOS = (b"%PDF-1.4 primeiro documento " * 300, b"segundo componente")


def _caminho(tramite_id: int) -> list[int]:
    return list(HistoricoDeStatus.objects.filter(tramite_id=tramite_id).order_by("pk").values_list("para", flat=True))


def _enviado_e_armazenado(api_a, orgao_a, orgao_b, especie):
    """The sender's part up to status 2: envio, every requested component uploaded (the second in two
    byte ranges, out of order) and the termination call; the hash check runs as the eager task."""
    corpo = processo(orgao_a.protocolo, orgao_b.protocolo, CONTEUDOS)
    resposta = enviar(api_a, corpo)
    assert resposta.status_code == 200, resposta.content
    envio = resposta.json()
    protocolo = corpo["processo"]["protocolo"]
    [solicitados] = envio["processosComComponentesDigitaisSolicitados"]
    assert sorted(solicitados["hashes"]) == sorted(hash_de(c) for c in CONTEUDOS)

    ticket = envio["ticketParaEnvioDeComponentesDigitais"]
    assert subir(api_a, ticket, CONTEUDOS[0], protocolo).status_code == 200
    grande = CONTEUDOS[1]
    meio = len(grande) // 2
    assert subir(api_a, ticket, grande[meio:], protocolo, hash_=hash_de(grande),
                 intervalo=f"{meio}-{len(grande)}").status_code == 200
    assert subir(api_a, ticket, grande[:meio], protocolo, hash_=hash_de(grande),
                 intervalo=f"0-{meio}").status_code == 200
    assert terminar(api_a, ticket, hash_de(grande), protocolo).status_code == 200
    return envio["IDT"], envio["NRE"], protocolo


def _baixar(api_b, idt, protocolo, conteudo):
    resposta = api_b.post(f"{BASE}tramites/{idt}/protocolos/componentes-digitais",
                          {"hashDoComponenteDigital": hash_de(conteudo), "protocolo": protocolo},
                          content_type="application/json", HTTP_ACCEPT="*/*")
    assert resposta.status_code == 200
    return base64.b64decode(b"".join(resposta.streaming_content))


def _pendencias(cliente) -> list[dict]:
    resposta = cliente.get(f"{BASE}tramites/pendentes?todas=true", HTTP_ACCEPT="*/*")
    assert resposta.status_code == 200
    return resposta.json()


def test_a_process_goes_from_1_to_6_through_the_api_alone(api_a, api_b, orgao_a, orgao_b, especie):
    idt, nre, protocolo = _enviado_e_armazenado(api_a, orgao_a, orgao_b, especie)
    assert Tramite.objects.get(pk=idt).status == S.COMPONENTES_ENVIADOS_REMETENTE
    assert api_a.get(f"{BASE}tramites/{idt}/recibo-de-envio").status_code == 200

    assert {"IDT": idt, "status": int(S.COMPONENTES_ENVIADOS_REMETENTE)} in _pendencias(api_b)
    metadados = api_b.get(f"{BASE}tramites/{idt}?IDT={idt}", HTTP_ACCEPT="*/*")
    assert metadados.status_code == 200
    assert metadados.json()["nre"] == nre and metadados.json()["processo"]["protocolo"] == protocolo

    for conteudo in CONTEUDOS:
        assert _baixar(api_b, idt, protocolo, conteudo) == conteudo
    assert Tramite.objects.get(pk=idt).status == S.COMPONENTES_RECEBIDOS_DESTINATARIO

    data = "2026-12-01T03:04:05.000Z"
    texto = recibos.texto_do_recibo_de_conclusao(idt, nre, data, sorted(hash_de(c) for c in CONTEUDOS))
    assinatura = recibos.assinar(texto, chave_dos_certificados_de_teste())
    resposta = postar(api_b, f"tramites/{idt}/recibo", {"dataDeRecebimento": data, "hashDaAssinatura": assinatura})
    assert resposta.status_code == 200, resposta.content

    assert {"IDT": idt, "status": int(S.RECIBO_ENVIADO_DESTINATARIO)} in _pendencias(api_a)
    recibo = api_a.get(f"{BASE}tramites/{idt}/recibo", HTTP_ACCEPT="*/*")
    assert recibo.status_code == 200 and recibo.json()["hashDaAssinatura"] == assinatura

    assert _caminho(idt) == [S.INICIADO, S.COMPONENTES_ENVIADOS_REMETENTE, S.METADADOS_RECEBIDO_DESTINATARIO,
                             S.COMPONENTES_RECEBIDOS_DESTINATARIO, S.RECIBO_ENVIADO_DESTINATARIO,
                             S.RECIBO_RECEBIDO_REMETENTE]
    consulta = api_a.get(f"{BASE}tramites?IDT={idt}", HTTP_ACCEPT="*/*").json()
    assert consulta["tramites"][0]["situacaoAtual"] == S.RECIBO_RECEBIDO_REMETENTE


def test_a_refused_process_ends_in_9_after_the_sender_s_ciencia(api_a, api_b, orgao_a, orgao_b, especie):
    idt, _nre, _protocolo = _enviado_e_armazenado(api_a, orgao_a, orgao_b, especie)
    assert api_b.get(f"{BASE}tramites/{idt}").status_code == 200  # 2→3
    recusa = postar(api_b, f"tramites/{idt}/recusa", {"motivo": "04", "justificativa": "Espécie não mapeada."})
    assert recusa.status_code == 200, recusa.content
    assert {"IDT": idt, "status": int(S.RECUSADO)} in _pendencias(api_a)
    assert api_a.get(f"{BASE}tramites/{idt}/ciencia").status_code == 200
    assert _caminho(idt)[-3:] == [S.METADADOS_RECEBIDO_DESTINATARIO, S.RECUSADO, S.CIENCIA_RECUSA]


def test_the_sender_cancels_before_delivery_and_the_receiver_can_no_longer_download(api_a, api_b, orgao_a, orgao_b,
                                                                                      especie):
    idt, _nre, protocolo = _enviado_e_armazenado(api_a, orgao_a, orgao_b, especie)
    assert api_a.delete(f"{BASE}tramites/{idt}").status_code == 200
    assert Tramite.objects.get(pk=idt).status == S.CANCELADO
    resposta = api_b.post(f"{BASE}tramites/{idt}/protocolos/componentes-digitais",
                          {"hashDoComponenteDigital": hash_de(CONTEUDOS[0]), "protocolo": protocolo},
                          content_type="application/json")
    assert resposta.status_code in (404, 409) and "codigoErro" in resposta.json()
    assert _caminho(idt) == [S.INICIADO, S.COMPONENTES_ENVIADOS_REMETENTE, S.CANCELADO]
