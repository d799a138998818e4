"""What the portal answers when a backing service (the cache, the database) is down: a 503 that says so.

Decision for the cache: values that are only *cached* (Parâmetros da Solução) fall back to the
database, so pages keep working. Rate limits (login, password reset, the public access request)
**fail closed**: their counters live in the cache, and letting every attempt through while it is down
would switch brute-force protection off exactly when an attacker may have caused the outage. Those
actions answer a styled 503 (JSON ``{codigoErro, mensagem}`` under the API) that says what is wrong,
never a 500. Viewing pages that do not count attempts keeps working.
"""

import logging

from portal.respostas_de_erro import resposta_de_erro

log = logging.getLogger(__name__)

CODIGO_API_INDISPONIVEL = "0009"

try:  # the Redis client is only installed where a Redis cache/broker is used
    from redis.exceptions import ConnectionError as _RedisConexao
    from redis.exceptions import TimeoutError as _RedisTempo

    ERROS_DE_CACHE: tuple[type[BaseException], ...] = (_RedisConexao, _RedisTempo)
except ImportError:  # pragma: no cover
    ERROS_DE_CACHE = ()

MENSAGEM_CACHE = ("O serviço de cache do portal, que controla o número de tentativas de entrada, de "
                  "recuperação de senha e de solicitações de acesso, está indisponível no momento. Por "
                  "segurança, esta operação não pode ser feita agora. Tente novamente em alguns minutos.")


def eh_erro_de_cache(erro: BaseException) -> bool:
    return bool(ERROS_DE_CACHE) and isinstance(erro, ERROS_DE_CACHE)


def resposta_indisponivel(request, erro: BaseException):
    """The 503 for ``erro`` when it means a backing service is down; None for any other error."""
    if eh_erro_de_cache(erro):
        log.error("Cache indisponível em %s: %s", request.path, erro)
        return resposta_de_erro(request, 503, "Serviço temporariamente indisponível", MENSAGEM_CACHE,
                                CODIGO_API_INDISPONIVEL)
    return None


class ServicoIndisponivelMiddleware:
    """Turns a cache connection error raised by a view into the 503 above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return resposta_indisponivel(request, exception)
