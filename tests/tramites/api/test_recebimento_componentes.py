"""POST tramites/{IDT}/protocolos/componentes-digitais[/partes/{inicio}-{fim}] (#18, #19): base64 streamed,
ranges tracked per component, 3→4 once every component was downloaded whole; only the receiver."""

import base64
from urllib.parse import urlencode

import pytest

from tests.factories.tramites import hash_de
from tramites import state_machine as sm
from tramites.models import ComponenteDigital, HistoricoDeStatus

from .conftest import API, nup_novo

S = sm.Status
pytestmark = pytest.mark.django_db
PRIMEIRO, SEGUNDO = b"primeiro componente " * 50, b"segundo"  # 1000 and 7 bytes


def _url(tramite, parte=None):
    caminho = f"{API}tramites/{tramite.idt}/protocolos/componentes-digitais"
    return caminho + (f"/partes/{parte}" if parte else "")


def _baixar(cliente, tramite, conteudo, parte=None, **extra):
    corpo = {"hashDoComponenteDigital": hash_de(conteudo), "protocolo": tramite.protocolo}
    return cliente.post(_url(tramite, parte), corpo, content_type="application/json", HTTP_ACCEPT="*/*", **extra)


def _texto(resposta) -> bytes:
    return b"".join(resposta.streaming_content)


def test_whole_download_answers_base64_text_and_the_last_component_moves_3_to_4(
        cliente_b, tramite_com_componentes):
    tramite = tramite_com_componentes(S.METADADOS_RECEBIDO_DESTINATARIO)
    resposta = _baixar(cliente_b, tramite, PRIMEIRO)
    assert resposta.status_code == 200 and resposta["Content-Type"].startswith("text/plain")
    texto = _texto(resposta)
    assert base64.b64decode(texto) == PRIMEIRO and int(resposta["Content-Length"]) == len(texto)
    tramite.refresh_from_db()
    assert tramite.status == S.METADADOS_RECEBIDO_DESTINATARIO  # one component still missing
    assert base64.b64decode(_texto(_baixar(cliente_b, tramite, SEGUNDO))) == SEGUNDO
    tramite.refresh_from_db()
    assert tramite.status == S.COMPONENTES_RECEBIDOS_DESTINATARIO
    assert tramite.historico.filter(evento=sm.Evento.COMPONENTES_BAIXADOS).count() == 1


def test_parts_cover_the_component_at_their_boundaries_in_any_order(cliente_b, tramite_com_componentes):
    tramite = tramite_com_componentes(S.METADADOS_RECEBIDO_DESTINATARIO)
    _texto(_baixar(cliente_b, tramite, SEGUNDO))
    pedacos = {}
    for parte in ("600-1000", "0-1", "1-600"):  # half-open: fim exclusive, the last ends at the size
        resposta = _baixar(cliente_b, tramite, PRIMEIRO, parte)
        assert resposta.status_code == 200
        inicio, fim = map(int, parte.split("-"))
        pedacos[inicio] = base64.b64decode(_texto(resposta))
        assert pedacos[inicio] == PRIMEIRO[inicio:fim]
        tramite.refresh_from_db()
        if parte != "1-600":
            assert tramite.status == S.METADADOS_RECEBIDO_DESTINATARIO
    assert b"".join(pedacos[k] for k in sorted(pedacos)) == PRIMEIRO
    assert tramite.status == S.COMPONENTES_RECEBIDOS_DESTINATARIO
    componente = ComponenteDigital.objects.get(tramite=tramite, hash=hash_de(PRIMEIRO))
    assert componente.baixado and componente.intervalos_baixados == [[0, 1000]]


def test_a_part_past_the_size_is_refused_with_0060(cliente_b, tramite_com_componentes):
    tramite = tramite_com_componentes(S.METADADOS_RECEBIDO_DESTINATARIO)
    resposta = _baixar(cliente_b, tramite, PRIMEIRO, "999-1001")
    assert resposta.status_code == 400 and resposta.json()["codigoErro"] == "0060"
    for parte in ("5-5", "9-3", "a-3", "٣-5"):
        assert _baixar(cliente_b, tramite, PRIMEIRO, parte).json()["codigoErro"] == "0001", parte
    assert not ComponenteDigital.objects.filter(tramite=tramite).exclude(intervalos_baixados=[]).exists()


def test_repeated_downloads_after_3_to_4_record_no_second_transition(cliente_b, tramite_com_componentes):
    tramite = tramite_com_componentes(S.METADADOS_RECEBIDO_DESTINATARIO)
    for conteudo in (PRIMEIRO, SEGUNDO, PRIMEIRO):
        assert base64.b64decode(_texto(_baixar(cliente_b, tramite, conteudo))) == conteudo
    tramite.refresh_from_db()
    assert tramite.status == S.COMPONENTES_RECEBIDOS_DESTINATARIO
    assert HistoricoDeStatus.objects.filter(tramite=tramite, evento=sm.Evento.COMPONENTES_BAIXADOS).count() == 1


def test_hash_and_protocolo_also_come_as_query_parameters(cliente_b, tramite_com_componentes):
    tramite = tramite_com_componentes(S.METADADOS_RECEBIDO_DESTINATARIO)
    consulta = "?" + urlencode({"hashDoComponenteDigital": hash_de(SEGUNDO), "protocolo": tramite.protocolo})
    resposta = cliente_b.post(_url(tramite) + "/" + consulta)
    assert resposta.status_code == 200 and base64.b64decode(_texto(resposta)) == SEGUNDO


def test_a_download_that_is_not_read_to_the_end_records_nothing(cliente_b, tramite_com_componentes):
    grande = b"a" * (3 * 1024 * 1024)  # three blocks of the store
    tramite = tramite_com_componentes(S.METADADOS_RECEBIDO_DESTINATARIO, conteudos=(grande,))
    resposta = _baixar(cliente_b, tramite, grande)
    bloco = next(iter(resposta.streaming_content))  # the first block went out…
    assert bloco and len(bloco) < int(resposta["Content-Length"])
    # …but the client went away: the server closes the answer's iterator (the test client's closing wrapper,
    # which closes the response without closing the test's database connection).
    resposta._iterator.close()
    componente = ComponenteDigital.objects.get(tramite=tramite)
    assert componente.intervalos_baixados == [] and not componente.baixado


def test_only_the_receiver_downloads_others_get_404(cliente_a, cliente_c, tramite_com_componentes):
    tramite = tramite_com_componentes(S.METADADOS_RECEBIDO_DESTINATARIO)
    for cliente in (cliente_a, cliente_c):
        resposta = _baixar(cliente, tramite, PRIMEIRO)
        assert resposta.status_code == 404 and resposta.json()["codigoErro"] == "0004"


@pytest.mark.parametrize("status", [S.COMPONENTES_ENVIADOS_REMETENTE, S.RECIBO_ENVIADO_DESTINATARIO])
def test_downloads_outside_3_and_4_are_refused_with_0065(cliente_b, tramite_com_componentes, status):
    tramite = tramite_com_componentes(status)
    resposta = _baixar(cliente_b, tramite, PRIMEIRO)
    assert resposta.status_code == 409 and resposta.json()["codigoErro"] == "0065"
    tramite.refresh_from_db()
    assert tramite.status == status


def test_a_component_of_another_tramite_or_protocolo_is_404(cliente_b, tramite_com_componentes):
    tramite = tramite_com_componentes(S.METADADOS_RECEBIDO_DESTINATARIO)
    resposta = _baixar(cliente_b, tramite, b"nao faz parte")
    assert resposta.status_code == 404 and resposta.json()["codigoErro"] == "0004"
    corpo = {"hashDoComponenteDigital": hash_de(PRIMEIRO), "protocolo": nup_novo()}
    resposta = cliente_b.post(_url(tramite), corpo, content_type="application/json")
    assert resposta.status_code == 404 and resposta.json()["codigoErro"] == "0004"
