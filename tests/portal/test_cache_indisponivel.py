"""With the cache down, pages that count attempts answer a styled 503 (fail closed), never a 500."""

import json

import pytest
from django.test import override_settings

from portal.services import parametros

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every cache call raises a Redis connection error.
CACHE_FORA = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": "redis://127.0.0.1:1/11"}}


@pytest.mark.parametrize(("url", "dados"), [
    ("/contas/login/", {"login": "ana@orgao.gov.br", "password": "senha-errada-123"}),
    ("/contas/password/reset/", {"email": "ana@orgao.gov.br"}),
    ("/solicitar-acesso/", {"nome": "Ana"}),
])
def test_com_cache_fora_acao_com_limite_de_tentativas_responde_503_explicando(client, url, dados):
    with override_settings(CACHES=CACHE_FORA):
        assert client.get(url).status_code == 200
        resposta = client.post(url, dados)

    assert resposta.status_code == 503
    html = resposta.content.decode()
    assert "cache" in html and "indisponível" in html
    assert 'class="portal-erro"' in html


def test_com_cache_fora_parametros_sao_lidos_do_banco():
    with override_settings(CACHES=CACHE_FORA):
        assert parametros.inteiro("dias_cancelamento_automatico") == 8


def test_erro_de_cache_na_api_vira_503_json_com_codigo_e_mensagem(rf):
    from redis.exceptions import ConnectionError as RedisConnectionError

    from portal.servicos_indisponiveis import resposta_indisponivel

    resposta = resposta_indisponivel(rf.get("/interoperabilidade/rest/v3/hipoteses"), RedisConnectionError("down"))

    assert resposta.status_code == 503
    assert resposta["Content-Type"].startswith("application/json")
    assert set(json.loads(resposta.content)) == {"codigoErro", "mensagem"}


def test_outros_erros_nao_viram_503(rf):
    from portal.servicos_indisponiveis import resposta_indisponivel

    assert resposta_indisponivel(rf.get("/"), ValueError("x")) is None
