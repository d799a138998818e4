"""A broken e-mail template stored in Parâmetros never turns the public access request into a 500."""

import pytest
from django.core import mail

from comites.models import SolicitacaoDeAcesso
from portal.models import Parametro
from tests.comites.test_views_publicas import _post

pytestmark = pytest.mark.django_db


def test_solicitacao_publica_e_gravada_e_avisada_com_modelo_padrao(client, ministerio, catalogos,
                                                                    django_capture_on_commit_callbacks):
    Parametro.objects.filter(chave="email_solicitacao_recebida_corpo").update(
        valor="Olá {% include 'nao-existe.txt' %}")

    with django_capture_on_commit_callbacks(execute=True):
        resposta = _post(client, catalogos, ministerio)

    assert resposta.status_code == 302
    solicitacao = SolicitacaoDeAcesso.objects.get()
    recebida = next(m for m in mail.outbox if m.to == ["maria@orgao.gov.br"])
    assert solicitacao.protocolo in recebida.body
