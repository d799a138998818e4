"""Publishing pendências: the channels of the side(s) the state machine names, and a Redis outage that
costs nothing but the wake-up."""

import logging

import pytest

from tramites import state_machine as sm
from tramites.pendencias_ao_vivo import canais, publicacao

S = sm.Status
LADOS = {"sistema_remetente_id": 1, "comite_remetente_id": 10, "sistema_destinatario_id": None,
         "comite_destinatario_id": 20}


@pytest.mark.parametrize("status, esperados", [
    (S.INICIADO, ["tramita:pendencias:sistema:1"]),
    (S.COMPONENTES_ENVIADOS_REMETENTE, ["tramita:pendencias:comite:20"]),  # no SPE recorded: the órgão's
    (S.CANCELADO_AUTOMATICAMENTE, ["tramita:pendencias:sistema:1"]),  # the sender, until it reads it
    (S.RECIBO_RECEBIDO_REMETENTE, []),
    (S.CIENCIA_RECUSA, []),
])
def test_the_channels_are_those_of_the_side_whose_pendencia_the_status_is(status, esperados):
    assert canais.a_avisar(status, **LADOS) == esperados


def test_a_redis_outage_is_logged_and_the_caller_goes_on(settings, caplog):
    settings.PENDENCIAS_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    with caplog.at_level(logging.WARNING, logger="tramites.pendencias_ao_vivo.publicacao"):
        publicacao.publicar([("tramita:pendencias:sistema:1", {"IDT": 1, "status": 2})])
    assert "publicação no Redis falhou" in caplog.text
