"""Whose órgão must act in each status (the diagnosis and the digest read it)."""

import pytest

from tramites import state_machine as sm

S, A = sm.Status, sm.Ator


@pytest.mark.parametrize(("status", "lado"), [
    (S.INICIADO, A.REMETENTE), (S.COMPONENTES_ENVIADOS_REMETENTE, A.DESTINATARIO),
    (S.METADADOS_RECEBIDO_DESTINATARIO, A.DESTINATARIO), (S.COMPONENTES_RECEBIDOS_DESTINATARIO, A.DESTINATARIO),
    (S.RECIBO_ENVIADO_DESTINATARIO, A.REMETENTE), (S.RECUSADO, A.REMETENTE),
    (S.RECIBO_RECEBIDO_REMETENTE, None), (S.CANCELADO, None), (S.CIENCIA_RECUSA, None),
    (S.CANCELADO_AUTOMATICAMENTE, None),
])
def test_lado_que_deve_agir(status, lado):
    assert sm.lado_que_deve_agir(status) is lado
    assert sm.lado_que_deve_agir(status.value) is lado


def test_status_em_que_age_partitions_the_non_terminal_statuses():
    remetente, destinatario = sm.status_em_que_age(A.REMETENTE), sm.status_em_que_age(A.DESTINATARIO)
    assert not remetente & destinatario
    assert remetente | destinatario == sm.ABERTOS
    assert sm.status_em_que_age(A.BARRAMENTO) == frozenset()


def test_only_status_8_may_be_blocked_by_the_origin_unit():
    assert [s for s in S if sm.bloqueio_possivel_por_unidade_de_origem(s)] == [S.RECUSADO]


def test_unknown_status_is_refused_not_guessed():
    with pytest.raises(sm.TransicaoInvalida):
        sm.lado_que_deve_agir(42)


def test_who_acts_is_whose_pendência_the_status_is():
    assert sm.status_em_que_age(A.REMETENTE) == sm.pendencias_do_remetente()
    assert sm.status_em_que_age(A.DESTINATARIO) == sm.pendencias_do_destinatario()
