"""Whose gestores to call, per status: the side the "o que pode ser feito" text names."""

import pytest

from tramites import state_machine as sm
from tramites.state_machine import Ator, Status


@pytest.mark.parametrize(("status", "lado"), [
    (1, Ator.REMETENTE), (2, Ator.DESTINATARIO), (3, Ator.DESTINATARIO), (4, Ator.DESTINATARIO),
    (5, Ator.REMETENTE), (8, Ator.REMETENTE), (9, Ator.DESTINATARIO), (6, None), (7, None), (10, None),
])
def test_lado_a_contatar_follows_the_issue_and_the_seed_texts(status, lado):
    assert sm.lado_a_contatar(status) is lado


@pytest.mark.parametrize("status", list(Status))
def test_the_side_to_contact_is_the_one_the_guidance_text_names(status):
    lado = sm.lado_a_contatar(status)
    texto = status.o_que_fazer
    if "gestores de protocolo do órgão de destino" in texto:
        assert lado is Ator.DESTINATARIO
    elif "gestores de protocolo do órgão de origem" in texto:
        assert lado is Ator.REMETENTE


def test_an_unknown_status_is_refused_not_guessed():
    with pytest.raises(sm.TransicaoInvalida):
        sm.lado_a_contatar(11)
